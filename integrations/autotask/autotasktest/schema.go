package autotasktest

import "strings"

// kind is a field's data type, as entityInformation/fields names it.
type kind int

const (
	kInt kind = iota
	kString
	kDate
	kBool
	kFloat
)

var kindNames = map[kind]string{kInt: "integer", kString: "string", kDate: "datetime", kBool: "boolean", kFloat: "double"}

// fieldDef is one field of an entity: its type and the rules Autotask
// enforces on it.
type fieldDef struct {
	name     string // canonical camelCase with the ID suffix, as Autotask answers
	kind     kind
	length   int // string limit in characters; 0 = none
	required bool
	readOnly bool
	noQuery  bool   // Autotask refuses a filter on it
	picklist bool   // values come from the tenant's picklist
	ref      string // referenced entity type, e.g. "Company"
	parent   string // picklistParentValueField
}

// entity is one REST root the fake serves.
type entity struct {
	name    string // "Tickets"
	single  string // "Ticket", for entityInformation
	udfs    bool   // answers carry userDefinedFields
	fields  []fieldDef
	byLower map[string]*fieldDef
}

func (e *entity) field(name string) *fieldDef { return e.byLower[strings.ToLower(name)] }

func newEntity(name, single string, udfs bool, fields ...fieldDef) *entity {
	e := &entity{name: name, single: single, udfs: udfs, fields: fields, byLower: map[string]*fieldDef{}}
	for i := range e.fields {
		e.byLower[strings.ToLower(e.fields[i].name)] = &e.fields[i]
	}
	return e
}

// The entities, with the fields of the REST models in the reference
// (Tickets §6, TicketNotes §8, TimeEntries §9, Companies §10).
var (
	tickets = newEntity("Tickets", "Ticket", true,
		fieldDef{name: "id", kind: kInt, readOnly: true},
		fieldDef{name: "ticketNumber", kind: kString, length: 50, readOnly: true},
		fieldDef{name: "title", kind: kString, length: 255, required: true},
		fieldDef{name: "description", kind: kString, length: 8000},
		fieldDef{name: "companyID", kind: kInt, required: true, ref: "Company"},
		fieldDef{name: "status", kind: kInt, required: true, picklist: true},
		fieldDef{name: "priority", kind: kInt, required: true, picklist: true},
		fieldDef{name: "queueID", kind: kInt, picklist: true},
		fieldDef{name: "source", kind: kInt, picklist: true},
		fieldDef{name: "issueType", kind: kInt, picklist: true},
		fieldDef{name: "subIssueType", kind: kInt, picklist: true, parent: "issueType"},
		fieldDef{name: "ticketType", kind: kInt, picklist: true},
		fieldDef{name: "externalID", kind: kString, length: 50},
		fieldDef{name: "dueDateTime", kind: kDate, required: true},
		fieldDef{name: "resolution", kind: kString, length: 32000},
		fieldDef{name: "assignedResourceID", kind: kInt, ref: "Resource"},
		fieldDef{name: "createDate", kind: kDate, readOnly: true},
		fieldDef{name: "completedDate", kind: kDate, readOnly: true},
		fieldDef{name: "lastActivityDate", kind: kDate, readOnly: true},
		fieldDef{name: "creatorResourceID", kind: kInt, readOnly: true, ref: "Resource"},
		fieldDef{name: "creatorType", kind: kInt, readOnly: true, noQuery: true},
		fieldDef{name: "lastActivityPersonType", kind: kInt, readOnly: true, noQuery: true},
	)
	ticketNotes = newEntity("TicketNotes", "TicketNote", false,
		fieldDef{name: "id", kind: kInt, readOnly: true},
		fieldDef{name: "ticketID", kind: kInt, required: true, ref: "Ticket"},
		fieldDef{name: "title", kind: kString, length: 250, required: true},
		fieldDef{name: "description", kind: kString, length: 32000, required: true},
		fieldDef{name: "noteType", kind: kInt, required: true, picklist: true},
		fieldDef{name: "publish", kind: kInt, required: true, picklist: true},
		fieldDef{name: "createDateTime", kind: kDate, readOnly: true},
		fieldDef{name: "lastActivityDate", kind: kDate, readOnly: true},
		fieldDef{name: "creatorResourceID", kind: kInt, readOnly: true, ref: "Resource"},
		fieldDef{name: "createdByContactID", kind: kInt, readOnly: true},
	)
	timeEntries = newEntity("TimeEntries", "TimeEntry", true,
		fieldDef{name: "id", kind: kInt, readOnly: true},
		fieldDef{name: "ticketID", kind: kInt, ref: "Ticket"},
		fieldDef{name: "resourceID", kind: kInt, required: true, ref: "Resource"},
		fieldDef{name: "dateWorked", kind: kDate, required: true},
		fieldDef{name: "hoursWorked", kind: kFloat},
		fieldDef{name: "summaryNotes", kind: kString, length: 8000},
		fieldDef{name: "createDateTime", kind: kDate, readOnly: true},
	)
	companies = newEntity("Companies", "Company", true,
		fieldDef{name: "id", kind: kInt, readOnly: true},
		fieldDef{name: "companyName", kind: kString, length: 100, required: true},
		fieldDef{name: "companyNumber", kind: kString, length: 50},
		fieldDef{name: "companyType", kind: kInt, required: true},
		fieldDef{name: "isActive", kind: kBool},
		fieldDef{name: "phone", kind: kString, length: 25},
		fieldDef{name: "ownerResourceID", kind: kInt, ref: "Resource"},
		fieldDef{name: "parentCompanyID", kind: kInt, ref: "Company"},
		fieldDef{name: "createDate", kind: kDate, readOnly: true},
		fieldDef{name: "lastActivityDate", kind: kDate, readOnly: true},
	)
	resources = newEntity("Resources", "Resource", true,
		fieldDef{name: "id", kind: kInt, readOnly: true},
		fieldDef{name: "userName", kind: kString, length: 50},
		fieldDef{name: "firstName", kind: kString, length: 50},
		fieldDef{name: "lastName", kind: kString, length: 50},
		fieldDef{name: "email", kind: kString, length: 254},
		fieldDef{name: "isActive", kind: kBool},
		fieldDef{name: "resourceType", kind: kString, length: 50},
	)
)

// entities are the served roots by lower-case name.
var entities = map[string]*entity{
	"tickets": tickets, "ticketnotes": ticketNotes, "timeentries": timeEntries,
	"companies": companies, "resources": resources,
}
