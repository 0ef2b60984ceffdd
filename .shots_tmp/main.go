package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base, pass := os.Args[1], os.Args[2]
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000), chromedp.Flag("disable-background-networking", true))
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	defer c1()
	ctx, c2 := chromedp.NewContext(actx)
	defer c2()
	ctx, c3 := context.WithTimeout(ctx, 60*time.Second)
	defer c3()
	must := func(err error) {
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
	}
	must(chromedp.Do(ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(`input[name=username]`, "demo"), chromedp.SendKeys(`input[name=password]`, pass),
		chromedp.Click(`[data-testid=login-form] button[type=submit]`), chromedp.WaitVisible(`[data-testid=health]`)))
	for _, p := range os.Args[3:] {
		must(chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.Sleep(300*time.Millisecond)))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(err)
		name := fmt.Sprintf("/tmp/shots/page%d.png", len(p))
		os.WriteFile(name, png, 0o644)
		fmt.Println(p, "->", name)
	}
}
