package digest

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Text is the digest's plain body.
func (d Digest) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", d.Subject())
	fmt.Fprintf(&b, "Failed and missed runs of %s. Waiting for review: what Run Checks holds now.\n", d.covers())
	if d.Link != "" {
		fmt.Fprintf(&b, "Run Checks: %s\n", d.Link)
	}
	if len(d.Customers) == 0 {
		b.WriteString("\nNothing failed or was missed, and nothing waits for review.\n")
	}
	for _, c := range d.Customers {
		fmt.Fprintf(&b, "\n%s — %d failed, %d missed, %d waiting for review\n", c.Name, c.Failed, c.Missed, c.Waiting)
		if c.Link != "" {
			fmt.Fprintf(&b, "  %s\n", c.Link)
		}
		for _, p := range c.Problems {
			fmt.Fprintf(&b, "  - %s %s at %s", p.Job, p.Status, d.when(p.Time))
			if p.Message != "" {
				fmt.Fprintf(&b, ": %s", oneLine(p.Message))
			}
			b.WriteString("\n")
			if p.Link != "" {
				fmt.Fprintf(&b, "    %s\n", p.Link)
			}
		}
		if c.MoreProblems > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", c.MoreProblems)
		}
	}
	b.WriteString("\n-- \nSent by Backupchecks. Change or stop the digest in Settings → Notifications.\n")
	return b.String()
}

// HTML is the digest's HTML body: inline styles only, as mail readers
// drop style sheets.
func (d Digest) HTML() (string, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return "", fmt.Errorf("render the digest: %w", err)
	}
	return b.String(), nil
}

func (d Digest) covers() string {
	if d.From == d.To {
		return d.From.Weekday().String() + " " + d.From.String()
	}
	return fmt.Sprintf("%s %s to %s %s", d.From.Weekday(), d.From, d.To.Weekday(), d.To)
}

func (d Digest) when(t time.Time) string {
	loc := d.Zone
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 15:04")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

var page = template.Must(template.New("digest").Funcs(template.FuncMap{"oneLine": oneLine}).Parse(`<!doctype html>
<html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2933;font-size:14px">
<h2 style="margin:0 0 4px">{{.Subject}}</h2>
<p style="color:#52606d;margin:0 0 16px">{{if .MSP}}{{.MSP}} · {{end}}Failed and missed runs of {{.Covers}}; waiting for review: what Run Checks holds now.{{if .Link}} <a href="{{.Link}}">Open Run Checks</a>{{end}}</p>
{{if not .Customers}}<p>Nothing failed or was missed, and nothing waits for review.</p>{{end}}
{{range .Customers}}{{$c := .}}
<table style="border-collapse:collapse;width:100%;margin:0 0 16px" cellpadding="4">
<tr><th colspan="3" style="text-align:left;border-bottom:2px solid #cbd2d9">{{if .Link}}<a href="{{.Link}}" style="color:#1f2933">{{.Name}}</a>{{else}}{{.Name}}{{end}}
<span style="font-weight:normal;color:#52606d"> — {{.Failed}} failed, {{.Missed}} missed, {{.Waiting}} waiting for review</span></th></tr>
{{range .Problems}}<tr>
<td style="border-bottom:1px solid #e4e7eb;white-space:nowrap">{{if .Link}}<a href="{{.Link}}">{{.Job}}</a>{{else}}{{.Job}}{{end}}</td>
<td style="border-bottom:1px solid #e4e7eb;white-space:nowrap"><span style="color:#fff;background:{{if eq .Status "failed"}}#c62828{{else}}#6b4fbb{{end}};padding:1px 6px;border-radius:3px">{{.Status}}</span> {{$.When .Time}}</td>
<td style="border-bottom:1px solid #e4e7eb;color:#52606d">{{oneLine .Message}}</td></tr>
{{end}}{{if .MoreProblems}}<tr><td colspan="3" style="color:#52606d">… and {{.MoreProblems}} more</td></tr>{{end}}
</table>{{end}}
<p style="color:#7b8794;font-size:12px">Sent by Backupchecks. Change or stop the digest in Settings → Notifications.</p>
</body></html>`))

// Covers and When are for the template.
func (d Digest) Covers() string          { return d.covers() }
func (d Digest) When(t time.Time) string { return d.when(t) }
