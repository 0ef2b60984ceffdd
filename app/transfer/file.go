// Package transfer moves an appliance's customers and jobs out and in: a
// JSON file that loses nothing and can be imported again without changing
// anything, and CSV for spreadsheets. An import is planned first (what
// would be created, changed and left alone) and written all at once.
package transfer

import (
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
)

// Format and Version name the JSON file.
const (
	Format  = "backupchecks-export"
	Version = 1
)

// File is the JSON export.
type File struct {
	Format    string     `json:"format"`
	Version   int        `json:"version"`
	Exported  time.Time  `json:"exported"`
	Customers []Customer `json:"customers"`
	Jobs      []Job      `json:"jobs"`
	Overrides []Override `json:"overrides,omitempty"`
	// Partial is a file read from CSV: what it cannot carry (aliases,
	// schedules, an Autotask mapping it leaves empty) is kept as it is.
	Partial bool `json:"-"`
}

// Customer is a customer as exported: found again by its name.
type Customer struct {
	Name   string `json:"name"`
	Active bool   `json:"active"`
	// AutotaskCompanyID is the mapped Autotask company, if any.
	AutotaskCompanyID *int64 `json:"autotask_company_id,omitempty"`
	AutotaskCompany   string `json:"autotask_company,omitempty"`
	// keep: named only because a jobs CSV refers to it; an existing
	// customer of that name is left exactly as it is.
	keep bool
}

// Job is a job as exported: found again by its match key.
type Job struct {
	Customer string      `json:"customer"` // the customer's name
	Source   jobs.Source `json:"source"`
	Software string      `json:"software,omitempty"`
	Type     string      `json:"type,omitempty"`
	Name     string      `json:"name"`
	MatchKey string      `json:"match_key"`
	Aliases  []string    `json:"aliases,omitempty"`
	Archived bool        `json:"archived,omitempty"`
	// Schedule is the one an operator set; nil: the inferred one applies.
	Schedule *schedule.Schedule `json:"schedule,omitempty"`
	// Silence is the silence bound an operator set; nil: inferred.
	Silence *silence.Setting `json:"silence,omitempty"`
	// Inferred is the schedule learnt from the runs, for reading only:
	// an import leaves the scheduler's own state alone.
	Inferred *schedule.Schedule `json:"inferred,omitempty"`
}

// Override is an override as exported: its job by match key.
type Override struct {
	Job      string          `json:"job,omitempty"` // the job's match key; empty for a software and type
	Software string          `json:"software,omitempty"`
	Type     string          `json:"type,omitempty"`
	Statuses []runs.Status   `json:"statuses"`
	Object   overrides.Match `json:"object"`
	Message  overrides.Match `json:"message"`
	From     time.Time       `json:"from"`
	Until    time.Time       `json:"until,omitzero"`
	Reason   string          `json:"reason"`
	By       string          `json:"by,omitempty"`
}
