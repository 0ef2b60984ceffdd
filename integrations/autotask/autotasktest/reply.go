package autotasktest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// answer is a response the fake has decided on, written after the lock
// is released and any delay has passed.
type answer struct {
	status      int
	contentType string
	body        []byte
	allow       string // Allow header of a 405
}

func jsonAnswer(status int, v any) answer {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("autotasktest: encoding an answer: %v", err))
	}
	return answer{status: status, contentType: "application/json; charset=utf-8", body: b}
}

func ok(v any) answer { return jsonAnswer(http.StatusOK, v) }

// refused is Autotask's way of saying no to nearly everything: 500 with
// {"errors":[...]}, strings only.
func refused(msgs ...string) answer {
	return jsonAnswer(http.StatusInternalServerError, map[string][]string{"errors": msgs})
}

// onRecord words a write's validation message as Autotask does.
func onRecord(msg string) string { return msg + "; on record number [0]." }

// unauthorized: Autotask's 401 has no body.
func unauthorized() answer { return answer{status: http.StatusUnauthorized} }

// notFound is IIS's page for a route that does not exist: HTML, not JSON.
func notFound() answer {
	return answer{status: http.StatusNotFound, contentType: "text/html",
		body: []byte("<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head>" +
			"<body><h2>404 - File or directory not found.</h2><p>The resource you are looking for might have been removed, " +
			"had its name changed, or is temporarily unavailable.</p></body></html>")}
}

// notAllowed is ASP.NET's 405 for a wrong verb on an existing route.
func notAllowed(method string, allow string) answer {
	a := jsonAnswer(http.StatusMethodNotAllowed, map[string]string{
		"Message": fmt.Sprintf("The requested resource does not support http method '%s'.", method)})
	a.allow = allow
	return a
}

func (a answer) write(w http.ResponseWriter) {
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	}
	if a.allow != "" {
		w.Header().Set("Allow", a.allow)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}
