package autotask

import "time"

// Zone is where a user's Autotask database lives, from zoneInformation.
type Zone struct {
	Name   string // e.g. "AE02"
	URL    string // REST base, ends with "ATServicesRest/"
	WebURL string // the Autotask web UI, e.g. "https://ww14.autotask.net/"
	CI     int64  // the customer database's number
}

// Threshold is the tenant's hourly request budget (ThresholdInformation).
type Threshold struct {
	Limit            int // externalRequestThreshold, 10,000 on most tenants
	TimeframeMinutes int // requestThresholdTimeframe, 60
	Used             int // currentTimeframeRequestCount
}

// Resource is an Autotask resource (a user); the API user is one.
type Resource struct {
	ID        int64
	UserName  string
	FirstName string
	LastName  string
	Email     string
	Active    bool
}

// Name is "First Last", or the user name when both are empty.
func (r Resource) Name() string {
	switch {
	case r.FirstName != "" && r.LastName != "":
		return r.FirstName + " " + r.LastName
	case r.FirstName+r.LastName != "":
		return r.FirstName + r.LastName
	}
	return r.UserName
}

// PicklistValue is one choice of a picklist field. Value is a string on
// the wire even for integer fields.
type PicklistValue struct {
	Value       string
	Label       string
	IsDefault   bool
	IsActive    bool
	IsSystem    bool
	SortOrder   int
	ParentValue string
}

// Field is one entry of {Entity}/entityInformation/fields.
type Field struct {
	Name           string
	DataType       string
	Length         int
	IsRequired     bool
	IsReadOnly     bool
	IsQueryable    bool
	IsPickList     bool
	PicklistValues []PicklistValue
}

// Company is an Autotask company (the customer in the PSA).
type Company struct {
	ID     int64
	Name   string // companyName
	Number string // companyNumber, may be empty
	Active bool   // isActive
}

// Ticket is the part of an Autotask ticket Backupchecks reads.
type Ticket struct {
	ID            int64
	Number        string // ticketNumber, "T20260102.0042"
	Title         string
	Description   string
	CompanyID     int64
	Status        int // picklist value; 5 is the system status Complete
	Priority      int
	QueueID       int64
	Source        int
	ExternalID    string
	DueDateTime   time.Time
	CreateDate    time.Time
	CompletedDate time.Time // zero while not complete
}

// StatusComplete is the system status every tenant has for a closed ticket.
const StatusComplete = 5

// NewTicket is what CreateTicket sends; zero optional fields are omitted.
type NewTicket struct {
	CompanyID   int64  // required
	Title       string // required; truncated to 255 characters
	Description string // truncated to 8,000 characters
	Status      int    // required
	Priority    int    // required
	QueueID     int64  // optional
	Source      int    // optional
	DueDateTime time.Time
	ExternalID  string // ≤ 50 characters; Backupchecks' marker of the run
}

// NewNote is a ticket note, created through Tickets/{id}/Notes.
type NewNote struct {
	Title       string // ≤ 250
	Description string // ≤ 32,000
	NoteType    int
	Publish     int
}
