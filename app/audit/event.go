// Package audit records who changed what: every sign-in, user and settings
// change, integration action and backup download becomes an Event.
package audit

import "time"

// Action names what happened; the dotted prefix groups actions in filters.
type Action string

const (
	LoginSuccess       Action = "login.success"
	LoginFailure       Action = "login.failure"
	Logout             Action = "logout"
	SetupAdmin         Action = "setup.admin"
	UserCreate         Action = "user.create"
	UserRole           Action = "user.role"
	UserDisable        Action = "user.disable"
	UserEnable         Action = "user.enable"
	UserDelete         Action = "user.delete"
	UserPassword       Action = "user.password_reset"
	PasswordChange     Action = "user.password_change"
	SettingsGeneral    Action = "settings.general"
	BackupDownload     Action = "backup.download"
	CustomerCreate     Action = "customer.create"
	CustomerRename     Action = "customer.rename"
	CustomerDeactivate Action = "customer.deactivate"
	CustomerActivate   Action = "customer.activate"
	JobCreate          Action = "job.create"
	JobRename          Action = "job.rename"
	JobMove            Action = "job.move"
	JobArchive         Action = "job.archive"
	JobUnarchive       Action = "job.unarchive"
	JobSchedule        Action = "job.schedule"
	JobSilence         Action = "job.silence"
	JobMerge           Action = "job.merge"
	JobDelete          Action = "job.delete"
	OverrideCreate     Action = "override.create"
	OverrideUpdate     Action = "override.update"
	OverrideExpire     Action = "override.expire"
	RemarkAdd          Action = "remark.add"
	RemarkResolve      Action = "remark.resolve"
	RemarkReopen       Action = "remark.reopen"
	MailApprove        Action = "mail.approve"
	MailIgnore         Action = "mail.ignore"
	MailUnignore       Action = "mail.unignore"
	MailDelete         Action = "mail.delete"
	SettingsMail       Action = "settings.mail"
	MailPoll           Action = "mail.poll"
	RunReview          Action = "run.review"
	RunUnreview        Action = "run.unreview"
	BackupCLI          Action = "backup.cli"
	RuleCreate         Action = "rule.create"
	RuleUpdate         Action = "rule.update"
	RuleDelete         Action = "rule.delete"
	RuleMove           Action = "rule.move"
	RuleImport         Action = "rule.import"
	SettingsCove       Action = "settings.cove"
	CovePoll           Action = "cove.poll"
	CoveApprove        Action = "cove.approve"
	CoveIgnore         Action = "cove.ignore"
	CoveUnignore       Action = "cove.unignore"
	SettingsAutotask   Action = "settings.autotask"
	AutotaskReference  Action = "autotask.reference"
	AutotaskMap        Action = "autotask.map"
	AutotaskUnmap      Action = "autotask.unmap"
	AutotaskSync       Action = "autotask.sync"
	TicketCreate       Action = "ticket.create"
	TicketLink         Action = "ticket.link"
	TicketResolve      Action = "ticket.resolve"
	TicketDeleted      Action = "ticket.deleted"
	SettingsRetention  Action = "settings.retention"
	MailPrune          Action = "mail.prune"
	SettingsNotify     Action = "settings.notifications"
	TokenCreate        Action = "token.create"
	TokenRevoke        Action = "token.revoke"
	TOTPEnable         Action = "user.totp.enable"
	TOTPDisable        Action = "user.totp.disable"
	DataImport         Action = "data.import"
	SettingsSignIn     Action = "settings.signin"
)

// Actions lists every action, for the audit log's filter.
var Actions = []Action{
	LoginSuccess, LoginFailure, Logout, SetupAdmin, UserCreate, UserRole, UserDisable,
	UserEnable, UserDelete, UserPassword, PasswordChange, SettingsGeneral, BackupDownload, BackupCLI,
	CustomerCreate, CustomerRename, CustomerDeactivate, CustomerActivate,
	JobCreate, JobRename, JobMove, JobArchive, JobUnarchive, JobSchedule, JobSilence, JobMerge, JobDelete, RunReview, RunUnreview,
	OverrideCreate, OverrideUpdate, OverrideExpire, RemarkAdd, RemarkResolve, RemarkReopen,
	MailApprove, MailIgnore, MailUnignore, MailDelete, SettingsMail, MailPoll,
	RuleCreate, RuleUpdate, RuleDelete, RuleMove, RuleImport,
	SettingsCove, CovePoll, CoveApprove, CoveIgnore, CoveUnignore,
	SettingsAutotask, AutotaskReference, AutotaskMap, AutotaskUnmap, AutotaskSync,
	TicketCreate, TicketLink, TicketResolve, TicketDeleted, SettingsRetention, MailPrune, SettingsNotify,
	TokenCreate, TokenRevoke, TOTPEnable, TOTPDisable, DataImport, SettingsSignIn,
}

// Event is one audit record.
type Event struct {
	ID      uint64    `json:"id"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`         // username, or "" for the system itself
	Via     string    `json:"via,omitempty"` // the API token's name when the actor used one
	IP      string    `json:"ip"`            // client address, or "cli" for the command line
	Action  Action    `json:"action"`
	Target  string    `json:"target"`  // what was acted on, e.g. a username or settings section
	Details string    `json:"details"` // human-readable, never a secret
}

// Filter selects a page of the audit log, newest first.
type Filter struct {
	Actor  string // exact username (case-insensitive), "" for all
	Action Action // "" for all
	Before string // cursor from a previous Page.Next, "" for the newest
	Limit  int
}

// Page is one page of events and the cursor of the next (older) page.
type Page struct {
	Events []Event
	Next   string // "" when there are no older events
}

// Log stores and lists events.
type Log interface {
	Record(ev Event) error
	List(f Filter) (Page, error)
	// CountSince counts the events of action ("" = any) newer than t.
	CountSince(action Action, t time.Time) (int, error)
}

// Actor is who does something, as the audit log records it.
type Actor struct {
	Name string // username; "" for the system
	IP   string
	Via  string // the API token's name, when acting through one
}

// New builds an event by actor; the store stamps ID and time.
func New(by Actor, action Action, target, details string) Event {
	return Event{Actor: by.Name, Via: by.Via, IP: by.IP, Action: action, Target: target, Details: details}
}
