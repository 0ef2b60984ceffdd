package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// product is one kind of job the demo creates, with how its reports read.
type product struct {
	software, typ, jobName, objectKind string
	cove                               bool
	objects                            []string
	failures, warnings                 []string
}

var products = []product{
	{software: "Veeam Backup & Replication", typ: "Backup Job", jobName: "Daily VMs", objectKind: "VM",
		objects:  []string{"DC01", "FS01", "SQL01", "APP01", "RDS01", "EXCH01"},
		failures: []string{"Error: Failed to create VM snapshot: the operation timed out", "Error: Cannot connect to the host: connection refused", "Error: Insufficient free space on the backup repository"},
		warnings: []string{"Warning: Changed block tracking is disabled; full scan performed", "Warning: Snapshot consolidation needed after backup", "Warning: 1 file could not be read: access denied"}},
	{software: "Veeam Backup & Replication", typ: "Backup Copy Job", jobName: "Offsite copy", objectKind: "VM",
		objects:  []string{"DC01", "FS01", "SQL01"},
		failures: []string{"Error: Target repository is unavailable", "Error: Restore point is locked by another task"},
		warnings: []string{"Warning: Copy interval ended before all restore points were copied"}},
	{software: "Synology Hyper Backup", typ: "Backup Job", jobName: "NAS to cloud", objectKind: "Shared folder",
		objects:  []string{"homes", "office", "scans", "projects"},
		failures: []string{"Backup task failed: the destination is unreachable", "Backup task failed: insufficient quota on the destination"},
		warnings: []string{"Backup task partially completed: some files were skipped"}},
	{software: "Synology Active Backup for Business", typ: "Backup Job", jobName: "PC backup", objectKind: "Device",
		objects:  []string{"LAPTOP-ANNA", "LAPTOP-BRAM", "PC-RECEPTIE"},
		failures: []string{"Backup failed: the device was offline"},
		warnings: []string{"Backup completed with warnings: VSS writer reported an error"}},
	{software: "NAKIVO Backup & Replication", typ: "Backup Job", jobName: "VM backup", objectKind: "VM",
		objects:  []string{"web01", "db01", "mail01"},
		failures: []string{"The job failed: transporter is not available"},
		warnings: []string{"The job completed with warnings: app-aware mode failed, crash-consistent backup made"}},
	{software: "Cove Data Protection", typ: "Server", jobName: "SRV01", objectKind: "Data source", cove: true,
		objects:  []string{"Files and Folders", "System State", "MS SQL"},
		failures: []string{"Session failed: 12 errors"},
		warnings: []string{"Session completed with errors: 3 errors"}},
	{software: "Cove Data Protection", typ: "Microsoft 365", jobName: "M365 tenant", objectKind: "Data source", cove: true,
		objects:  []string{"M365 Exchange", "M365 OneDrive", "M365 SharePoint", "M365 Teams"},
		failures: []string{"Session failed: authorisation for the tenant expired"},
		warnings: []string{"Session completed with errors: 7 errors"}},
}

// pickProducts gives a customer 3–6 jobs, the way a small MSP's customers look.
func pickProducts(rng *rand.Rand) []product {
	n := 3 + rng.IntN(4)
	idx := rng.Perm(len(products))[:min(n, len(products))]
	out := make([]product, len(idx))
	for i, k := range idx {
		out[i] = products[k]
	}
	return out
}

// productsFor gives a customer n jobs of random products; a product that
// comes again gets a numbered job name ("Daily VMs 2").
func productsFor(rng *rand.Rand, n int) []product {
	out := make([]product, n)
	seen := map[string]int{}
	for i := range out {
		p := products[rng.IntN(len(products))]
		seen[p.jobName]++
		if k := seen[p.jobName]; k > 1 {
			p.jobName = fmt.Sprintf("%s %d", p.jobName, k)
		}
		out[i] = p
	}
	return out
}

func (p product) source() runs.Source {
	if p.cove {
		return runs.FromAPI
	}
	return runs.FromEmail
}

// job is the product's job for the customer: its k-th job of the
// customer at index ci (which keeps Cove device IDs unique).
func (p product) job(cu customers.Customer, ci, k int) jobs.NewJob {
	if p.cove {
		id := fmt.Sprint(1_000_000 + ci*1_000 + k)
		return jobs.NewJob{CustomerID: cu.ID, Source: jobs.Cove, Software: p.software, Type: p.typ, Name: p.jobName, MatchKey: jobs.CoveKey(id)}
	}
	sender := senderOf(cu)
	return jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Software: p.software, Type: p.typ, Name: p.jobName,
		MatchKey: jobs.EmailKey(sender, p.software, p.typ, p.jobName)}
}

// report makes what the product would have said about a run of that status.
func (p product) report(status runs.Status, rng *rand.Rand) (sourceStatus, message string, objects []runs.Object) {
	for _, name := range p.objects {
		objects = append(objects, runs.Object{Name: name, Kind: p.objectKind, Status: runs.Success})
	}
	switch status {
	case runs.Failed:
		i := rng.IntN(len(objects))
		objects[i].Status, objects[i].Message = runs.Failed, p.failures[rng.IntN(len(p.failures))]
		return "Failed", objects[i].Message, objects
	case runs.Warning:
		i := rng.IntN(len(objects))
		objects[i].Status, objects[i].Message = runs.Warning, p.warnings[rng.IntN(len(p.warnings))]
		word := "Warning"
		if p.cove {
			word = "CompletedWithErrors"
		}
		return word, objects[i].Message, objects
	}
	if p.cove {
		return "Completed", "", objects
	}
	return "Success", "", objects
}
