package storage

import (
	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/summary"
)

// Report schedules: a customer's PDF mailed monthly or weekly.
//
//	repsched/<id>   a schedule
var reportScheduleTable = table[summary.Schedule]{
	prefix: "repsched/",
	id:     func(s *summary.Schedule) uint64 { return s.ID },
}

// ReportSchedules implements summary.ScheduleStore.
func (s *Store) ReportSchedules() ([]summary.Schedule, error) {
	var list []summary.Schedule
	err := s.view(func(txn *badger.Txn) (err error) { list, err = reportScheduleTable.all(txn); return err })
	return list, err
}

// ReportSchedule implements summary.ScheduleStore.
func (s *Store) ReportSchedule(id uint64) (summary.Schedule, error) {
	var sch summary.Schedule
	err := s.view(func(txn *badger.Txn) (err error) { sch, err = reportScheduleTable.get(txn, id); return err })
	return sch, err
}

// CreateReportSchedule implements summary.ScheduleStore.
func (s *Store) CreateReportSchedule(sch summary.Schedule, ev audit.Event) (summary.Schedule, error) {
	id, err := s.nextID("repsched")
	if err != nil {
		return sch, err
	}
	sch.ID = id
	return sch, s.putAudited(ev, func(txn *badger.Txn) error { return reportScheduleTable.put(txn, &sch) })
}

// DeleteReportSchedule implements summary.ScheduleStore.
func (s *Store) DeleteReportSchedule(id uint64, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := reportScheduleTable.get(txn, id); err != nil {
			return err
		}
		return reportScheduleTable.delete(txn, id)
	})
}
