package web

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// compressResponses compresses pages, styles, scripts and JSON with brotli
// or gzip, whichever the browser accepts (brotli first): the Run Checks
// and Cove pages are hundreds of kilobytes of repetitive HTML. fasthttp's
// compressor (what fiber's middleware/compress calls) does the work; this
// wrapper decides what may be compressed, because it would also compress
// every application/* type, and streamed bodies (a backup download) must
// stay untouched byte streams.
func compressResponses() fiber.Handler {
	compress := fasthttp.CompressHandlerBrotliLevel(func(*fasthttp.RequestCtx) {},
		fasthttp.CompressBrotliDefaultCompression, fasthttp.CompressDefaultCompression)
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			return err
		}
		res := &c.Context().Response
		if res.IsBodyStream() || !compressible(res.Header.ContentType()) {
			return nil
		}
		// Caches must key on the encoding asked for, compressed or not.
		c.Vary(fiber.HeaderAcceptEncoding)
		if c.Method() != fiber.MethodHead {
			compress(c.Context())
		}
		return nil
	}
}

var compressibleTypes = [][]byte{
	[]byte("text/html"), []byte("text/css"), []byte("text/javascript"), []byte("application/javascript"),
	[]byte("application/json"), []byte("application/problem+json"), []byte("text/csv"), []byte("text/plain"),
	[]byte("image/svg+xml"),
}

// compressible reports whether a Content-Type is text worth compressing.
func compressible(ct []byte) bool {
	for _, t := range compressibleTypes {
		if bytes.HasPrefix(ct, t) {
			return true
		}
	}
	return false
}
