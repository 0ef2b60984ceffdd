package web

import "github.com/backupchecks/backupchecks/views"

// quiet fills the dashboard's cards of silent jobs and jobs without a
// recent success: the first few of each in words, and how many there are.
func (s *Server) quiet(d *views.DashboardData) error {
	if s.Quiet == nil {
		return nil
	}
	silent, all, err := s.Quiet.SilentFirst(views.QuietShown)
	if err != nil {
		return err
	}
	d.Quiet.Silent, d.Quiet.SilentCount = silent, len(all)
	none, all, err := s.Quiet.WithoutSuccessFirst(views.QuietShown)
	if err != nil {
		return err
	}
	d.Quiet.NoSuccess, d.Quiet.NoSuccessCount = none, len(all)
	d.Quiet.Times = s.Quiet.Times()
	return nil
}
