package web

import "github.com/backupchecks/backupchecks/views"

// quiet fills the dashboard's cards of silent jobs and jobs without a
// recent success. Jobs are few next to runs, and each listed job costs
// one read of its newest run, only while it is silent and told.
func (s *Server) quiet(d *views.DashboardData) error {
	if s.Quiet == nil {
		return nil
	}
	var err error
	if d.Quiet.Silent, err = s.Quiet.Silent(); err != nil {
		return err
	}
	if d.Quiet.NoSuccess, err = s.Quiet.WithoutSuccess(); err != nil {
		return err
	}
	d.Quiet.Times = s.Quiet.Times()
	return nil
}
