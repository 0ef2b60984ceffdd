// Package storage owns Backupchecks' single Badger data directory: key layout,
// value encoding, indexes, ID sequences, migrations, the secrets key file,
// online backup/restore and value-log GC. Domain packages under app/ define the
// records; this package decides how they are laid out on disk.
//
// # Key layout
//
// Keys are byte strings with a short type prefix ending in '/'. Numbers inside
// keys are fixed-width big-endian so a prefix scan returns them in numeric
// (and, for timestamps, time) order. <id> is 8 bytes, <ts> is 8 bytes of
// Unix nanoseconds, <sha> is 32 bytes of SHA-256.
//
//	meta/schema                      uint32 schema version (see migrations.go)
//	meta/created                     RFC 3339 time the data directory was created
//	meta/appliance-id                8 hex digits naming this data directory in Autotask ticket markers
//	meta/gc                          last value-log GC run (JSON)
//	meta/has_users                   present once a user exists (guards first-admin setup)
//	seq/<kind>                       Badger sequence lease for IDs of <kind>
//	user/<id>                        accounts.User
//	ix/user/name/<lower username>    → <id>; unique, case-insensitive usernames
//	sess/<sha>                       sessions.Session under SHA-256 of its token; TTL = absolute expiry
//	set/<section>                    one settings section (e.g. set/general)
//	audit/<ts><id>                   audit.Event, oldest first
//	ix/audit/user/<lower name>\x00<ts><id>   → empty; audit by actor
//	ix/audit/action/<action>\x00<ts><id>     → empty; audit by action
//
// The domain records and their indexes are listed beside their tables:
// cust/ in customers.go, job/ in jobs.go, run/ in runs.go, ovr/ in
// overrides.go, rem/ in remarks.go, mail/ and mailraw/ in mails.go, rule/ in
// rules.go, cove/ in cove.go, atk/ (Autotask ticket links and health) in
// autotask_tickets.go, hook/, outbox/ and notify/ (webhooks, events on
// their way, deliveries by webhook and mail and their log) in notify.go,
// repsched/ (reports mailed on a schedule) in report_schedules.go. Some index entries
// carry a small value (a run's severity, job and time; a run's job, status
// and message start) so that Run Checks and Daily Jobs answer from one
// index range without reading records.
//
// Values start with one codec byte (1 = JSON) so a record's encoding can
// change without a flag day; index keys carry the primary key's tail as their
// value when a lookup needs it (unique indexes) and nothing otherwise.
// A record and its index entries are always written in one transaction.
package storage
