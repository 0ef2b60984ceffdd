package summary

import (
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// Schedule mails one customer's report as a PDF, monthly or weekly.
type Schedule struct {
	ID         uint64 `json:"id"`
	CustomerID uint64 `json:"customer_id"`
	// Every is "month" (Day is the date, 1 to 28, and the report is the
	// previous calendar month's) or "week" (Day is the weekday, 1 Monday
	// to 7 Sunday, and the report is the seven days before).
	Every      string    `json:"every"`
	Day        int       `json:"day"`
	Recipients []string  `json:"recipients"`
	Created    time.Time `json:"created"`
}

// ScheduleStore keeps report schedules.
type ScheduleStore interface {
	ReportSchedules() ([]Schedule, error)
	ReportSchedule(id uint64) (Schedule, error)
	CreateReportSchedule(s Schedule, ev audit.Event) (Schedule, error)
	DeleteReportSchedule(id uint64, ev audit.Event) error
}

// ScheduleError is a schedule field the admin must correct.
type ScheduleError struct{ Field, Reason string }

func (e *ScheduleError) Error() string { return e.Reason }

// IsScheduleInvalid reports whether err is a ScheduleError.
func IsScheduleInvalid(err error) bool {
	var se *ScheduleError
	return errors.As(err, &se)
}

// Validate checks a schedule being saved.
func (s *Schedule) Validate() error {
	switch {
	case s.CustomerID == 0:
		return &ScheduleError{"customer", "Choose the customer whose report is sent."}
	case s.Every == "month" && (s.Day < 1 || s.Day > 28):
		return &ScheduleError{"day", "Choose a date from 1 to 28: every month has it."}
	case s.Every == "week" && (s.Day < 1 || s.Day > 7):
		return &ScheduleError{"day", "Choose a weekday."}
	case s.Every != "month" && s.Every != "week":
		return &ScheduleError{"every", "Choose monthly or weekly."}
	case len(s.Recipients) == 0:
		return &ScheduleError{"recipients", "Enter who receives the report, such as the customer's contact."}
	case len(s.Recipients) > 20:
		return &ScheduleError{"recipients", "Send a report to at most 20 addresses."}
	}
	return nil
}

// Describe says when the schedule sends, for people.
func (s Schedule) Describe() string {
	if s.Every == "week" {
		return fmt.Sprintf("every %s, the week before", isoWeekday(s.Day))
	}
	return fmt.Sprintf("on the %s of each month, the month before", ordinal(s.Day))
}

// Due says whether the schedule sends on day, and the period it reports.
func (s Schedule) Due(day schedule.Day) (Period, bool) {
	switch {
	case s.Every == "month" && day.Date == s.Day:
		last := schedule.Day{Year: day.Year, Month: day.Month, Date: 1}.Add(-1)
		return Period{Name: "month", From: schedule.Day{Year: last.Year, Month: last.Month, Date: 1}, To: last}, true
	case s.Every == "week" && day.Weekday() == isoWeekday(s.Day):
		return Period{Name: "custom", From: day.Add(-7), To: day.Add(-1)}, true
	}
	return Period{}, false
}

// Last is the period the schedule reported most recently before or on
// day, for "Send now".
func (s Schedule) Last(day schedule.Day) Period {
	for d := day; ; d = d.Add(-1) {
		if p, ok := s.Due(d); ok {
			return p
		}
	}
}

func isoWeekday(n int) time.Weekday { return time.Weekday(n % 7) }

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprint(n) + suffix
}

// Schedules lists the report schedules.
func (s *Service) Schedules() ([]Schedule, error) { return s.ScheduleStore.ReportSchedules() }

// CreateSchedule validates and stores a schedule, audited.
func (s *Service) CreateSchedule(sch Schedule, by audit.Actor) (Schedule, error) {
	if err := sch.Validate(); err != nil {
		return sch, err
	}
	c, err := s.Customers.Get(sch.CustomerID)
	if err != nil {
		return sch, &ScheduleError{"customer", "That customer no longer exists."}
	}
	sch.Created = s.Now().UTC()
	return s.ScheduleStore.CreateReportSchedule(sch, audit.New(by, audit.SettingsNotify, "report schedule for "+c.Name, sch.Describe()))
}

// DeleteSchedule removes a schedule, audited.
func (s *Service) DeleteSchedule(id uint64, by audit.Actor) error {
	sch, err := s.ScheduleStore.ReportSchedule(id)
	if err != nil {
		return err
	}
	name := fmt.Sprint(sch.CustomerID)
	if c, err := s.Customers.Get(sch.CustomerID); err == nil {
		name = c.Name
	}
	return s.ScheduleStore.DeleteReportSchedule(id, audit.New(by, audit.SettingsNotify, "report schedule for "+name, "deleted"))
}
