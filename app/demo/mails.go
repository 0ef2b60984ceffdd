package demo

import (
	"fmt"
	"html"
	"math/rand/v2"
	"mime/quotedprintable"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// ReportMail is the report mail the job's product sends about a run that
// started at start, in the layout that product's parser reads: what the
// bench imports to measure ingest, and what the generator keeps as the
// stored mail of a share of runs. ok is false for a job whose product
// sends no mail (Cove) or is not one of the demo's products.
func ReportMail(cu customers.Customer, j jobs.Job, status runs.Status, start time.Time, messageID string, rng *rand.Rand) (raw []byte, ok bool) {
	p, ok := productOf(j)
	if !ok || p.cove {
		return nil, false
	}
	_, message, objects := p.report(status, rng)
	end := start.Add(time.Duration(10+rng.IntN(80)) * time.Minute).Add(time.Duration(rng.IntN(60)) * time.Second)
	nas := strings.ToUpper(slug(cu.Name))
	var subject, contentType, body string
	switch p.software {
	case "Veeam Backup & Replication":
		subject, body = veeamMail(p, j.Name, status, message, objects, start, end)
		contentType = "text/html"
	case "NAKIVO Backup & Replication":
		subject, body = nakivoMail(j.Name, status, message, objects, start, end)
		contentType = "text/html"
	case "Synology Hyper Backup":
		subject, body = hyperBackupMail(j.Name, nas, status, message, start, end)
		contentType = "text/plain"
	case "Synology Active Backup for Business":
		subject, body = activeBackupMail(j.Name, nas, status, objects, start, end)
		contentType = "text/html"
	default:
		return nil, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: reports@msp.example\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		p.software, senderOf(cu), subject, end.Add(15*time.Second).Format(time.RFC1123Z), messageID)
	fmt.Fprintf(&b, "MIME-Version: 1.0\r\nContent-Type: %s; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", contentType)
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(body)) // a strings.Builder does not fail
	_ = qp.Close()
	return []byte(b.String()), true
}

// productOf finds the demo product a job was made from.
func productOf(j jobs.Job) (product, bool) {
	for _, p := range products {
		if p.software == j.Software && p.typ == j.Type {
			return p, true
		}
	}
	return product{}, false
}

func slug(name string) string { return strings.ToLower(strings.ReplaceAll(name, " ", "-")) }

// senderOf is the address a customer's backup products send from.
func senderOf(cu customers.Customer) string { return "backup@" + slug(cu.Name) + ".example" }

func word(s runs.Status, success, warning, failed string) string {
	switch s {
	case runs.Failed:
		return failed
	case runs.Warning:
		return warning
	}
	return success
}

func veeamMail(p product, name string, status runs.Status, message string, objects []runs.Object, start, end time.Time) (subject, body string) {
	label := "Backup job"
	if p.typ == "Backup Copy Job" {
		label = "Backup Copy job"
	}
	st := word(status, "Success", "Warning", "Failed")
	count := map[runs.Status]int{}
	for _, o := range objects {
		count[o.Status]++
	}
	subject = fmt.Sprintf("[%s] %s (%d VMs)", st, name, len(objects))
	if status != runs.Success {
		subject += fmt.Sprintf(" 1 %s", strings.ToLower(word(status, "", "warning", "failed")))
	}
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, `<html><body><table><tr><td><table><tr><td>%s: %s<div class="jobDescription">Created by EXAMPLE\admin.</div></td>`, label, e(name))
	fmt.Fprintf(&b, `<td>%s<div class="jobDescription">%d of %d VMs processed</div></td></tr>`, st, len(objects), len(objects))
	fmt.Fprintf(&b, `<tr><td colspan="2"><table class="inner"><tr><td colspan="7" class="sessionDetails"><span>%s</span></td></tr>`, start.Format("2 January 2006 15:04:05"))
	fmt.Fprintf(&b, `<tr><td><b>Success</b></td><td>%d</td><td><b>Start time</b></td><td>%s</td><td><b>Total size</b></td><td>%d GB</td><td rowspan="3"><span class="small_label">%s</span></td></tr>`,
		count[runs.Success], start.Format("15:04:05"), 10*len(objects), e(message))
	fmt.Fprintf(&b, `<tr><td><b>Warning</b></td><td>%d</td><td><b>End time</b></td><td>%s</td><td><b>Data read</b></td><td>%d GB</td></tr>`, count[runs.Warning], end.Format("15:04:05"), 2*len(objects))
	fmt.Fprintf(&b, `<tr><td><b>Error</b></td><td>%d</td><td><b>Duration</b></td><td>%s</td><td><b>Transferred</b></td><td>%d GB</td></tr>`, count[runs.Failed], clock(end.Sub(start)), len(objects))
	b.WriteString(`<tr><td colspan="7">Details</td></tr><tr class="processObjectsHeader"><td><b>Name</b></td><td><b>Status</b></td><td><b>Start time</b></td><td><b>End time</b></td><td><b>Size</b></td><td><b>Duration</b></td><td><b>Details</b></td></tr>`)
	for _, o := range objects {
		fmt.Fprintf(&b, `<tr><td nowrap="">%s</td><td nowrap=""><span>%s</span></td><td nowrap="">%s</td><td nowrap="">%s</td><td nowrap="">10 GB</td><td nowrap="">%s</td><td><span class="small_label">%s</span></td></tr>`,
			e(o.Name), word(o.Status, "Success", "Warning", "Failed"), start.Format("15:04:05"), end.Format("15:04:05"), clock(end.Sub(start)), e(o.Message))
	}
	b.WriteString(`</table></td></tr></table></td></tr><tr><td>&nbsp;</td></tr><tr><td>Veeam Backup &amp; Replication 12.2.0.334</td></tr></table></body></html>`)
	return subject, b.String()
}

func nakivoMail(name string, status runs.Status, message string, objects []runs.Object, start, end time.Time) (subject, body string) {
	st := word(status, "Successful", "Warning", "Failed")
	ok := 0
	for _, o := range objects {
		if o.Status == runs.Success {
			ok++
		}
	}
	const at = "2 Jan 2006 15:04:05"
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div class="banner">NAKIVO Backup &amp; Replication</div><h2>Job report: %s <span>%s</span></h2>`, e(name), st)
	fmt.Fprintf(&b, `<table class="job-summary"><tr><td class="label">Job name</td><td>%s</td></tr><tr><td class="label">Job type</td><td>Backup job for VMware vSphere</td></tr>`, e(name))
	fmt.Fprintf(&b, `<tr><td class="label">Status</td><td>%s</td></tr><tr><td class="label">Started</td><td>%s</td></tr><tr><td class="label">Finished</td><td>%s</td></tr>`, st, start.Format(at), end.Format(at))
	fmt.Fprintf(&b, `<tr><td class="label">VMs</td><td>%d of %d successful</td></tr><tr><td class="label">Message</td><td>%s</td></tr></table>`, ok, len(objects), e(message))
	b.WriteString(`<h3>VMs</h3><table class="vm-list" border="1"><tr><th>VM</th><th>Status</th><th>Started</th><th>Finished</th><th>Data transferred</th><th>Message</th></tr>`)
	for _, o := range objects {
		fmt.Fprintf(&b, `<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>4.2 GB</td><td>%s</td></tr>`,
			e(o.Name), word(o.Status, "Successful", "Warning", "Failed"), start.Format(at), end.Format(at), e(o.Message))
	}
	b.WriteString(`</table><p class="footer">This report was generated by NAKIVO Backup &amp; Replication 10.12.1.90001.</p></body></html>`)
	return fmt.Sprintf("NAKIVO Backup & Replication - Job %q %s", name, st), b.String()
}

func hyperBackupMail(name, nas string, status runs.Status, message string, start, end time.Time) (subject, body string) {
	outcome := word(status, "has completed", "was partially completed", "failed")
	sentence := fmt.Sprintf("Backup task %s on %s %s", name, nas, outcome)
	var b strings.Builder
	fmt.Fprintf(&b, "Dear user,\n\n%s.\n\nTask name: %s\nBackup destination: Synology C2 Storage\nStart time: %s\nDuration: %s\n",
		sentence, name, start.Format(time.DateTime), hms(end.Sub(start)))
	if status != runs.Success {
		fmt.Fprintf(&b, "Reason: %s\n", message)
	}
	fmt.Fprintf(&b, "\nSincerely,\nSynology DiskStation %s\n", nas)
	return fmt.Sprintf("[%s] Hyper Backup - %s", nas, sentence), b.String()
}

func activeBackupMail(name, nas string, status runs.Status, objects []runs.Object, start, end time.Time) (subject, body string) {
	outcome := word(status, "has completed", "was partially completed", "failed")
	sentence := fmt.Sprintf("Backup of [%s] on [%s] %s", name, nas, outcome)
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<html><body><div class="banner">Synology</div><div class="content"><p>Dear user,</p><p>%s.</p><table class="info">`, e(sentence))
	fmt.Fprintf(&b, `<tr><td class="k">Task name:</td><td class="v">%s</td></tr><tr><td class="k">Task type:</td><td class="v">PC</td></tr>`, e(name))
	fmt.Fprintf(&b, `<tr><td class="k">Start time:</td><td class="v">%s</td></tr><tr><td class="k">End time:</td><td class="v">%s</td></tr></table>`, start.Format(time.DateTime), end.Format(time.DateTime))
	b.WriteString(`<table class="devices" border="1"><thead><tr><th>Device</th><th>Status</th><th>Transferred</th><th>Details</th></tr></thead><tbody>`)
	for _, o := range objects {
		fmt.Fprintf(&b, `<tr><td>%s</td><td>%s</td><td>1.2 GB</td><td>%s</td></tr>`, e(o.Name), word(o.Status, "Completed", "Partially completed", "Failed"), e(o.Message))
	}
	fmt.Fprintf(&b, `</tbody></table><p>Sincerely,<br>Synology Active Backup for Business on %s</p></div></body></html>`, nas)
	return fmt.Sprintf("[%s] Active Backup - %s", nas, sentence), b.String()
}

func clock(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

func hms(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%d hour(s) %d minute(s) %d second(s)", s/3600, s/60%60, s%60)
}
