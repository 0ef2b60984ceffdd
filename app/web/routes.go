package web

import "github.com/gofiber/fiber/v2"

// routes is the one place every URL is listed, with who may use it.
func (s *Server) routes(app *fiber.App) {
	r := router{app: app, s: s}

	r.get("/healthz", public, s.healthz)
	r.get("/metrics", scrape, s.metrics)
	r.get("/assets/*", public, s.asset)

	r.get("/setup", anonymous, s.setupForm)
	r.post("/setup", anonymous, s.setupSubmit)
	r.get("/login", anonymous, s.loginForm)
	r.post("/login", anonymous, s.loginSubmit)
	r.post("/logout", self, s.logout)

	r.get("/", viewer, s.dashboard)
	r.get("/account", viewer, s.accountPage)
	r.post("/account/password", self, s.passwordChange)

	r.get("/daily", viewer, s.dailyPage)
	r.get("/review", viewer, s.reviewPage)
	r.get("/review/queue", viewer, s.reviewQueue)
	r.post("/review/successes", operator, s.reviewSuccesses)
	r.get("/runs/:id", viewer, s.runPage)
	r.get("/runs/:id/mail", viewer, s.runMail)
	r.post("/runs/review", operator, s.runsReviewSelected)
	r.post("/runs/:id/review", operator, s.runReview)
	r.post("/runs/:id/unreview", operator, s.runUnreview)
	r.post("/jobs/:id/review-all", operator, s.jobReviewAll)

	r.get("/overrides", viewer, s.overridesList)
	r.get("/overrides/new", operator, s.overrideNew)
	r.post("/overrides", operator, s.overrideCreate)
	r.get("/overrides/:id", operator, s.overrideEdit)
	r.post("/overrides/:id", operator, s.overrideUpdate)
	r.post("/overrides/:id/expire", operator, s.overrideExpire)

	r.get("/remarks", viewer, s.remarksList)
	r.post("/remarks", operator, s.remarkAdd)
	r.post("/remarks/:id/resolve", operator, s.remarkResolve)
	r.post("/remarks/:id/reopen", operator, s.remarkReopen)

	r.get("/inbox", viewer, s.inboxList)
	r.get("/inbox/:id", viewer, s.inboxMail)
	r.get("/inbox/:id/body", viewer, s.inboxMailBody)
	r.get("/inbox/:id/eml", viewer, s.inboxMailEML)
	r.post("/inbox/:id/approve", operator, s.inboxApprove)
	r.post("/inbox/:id/ignore", operator, s.inboxIgnore)
	r.post("/inbox/:id/unignore", operator, s.inboxUnignore)
	r.post("/inbox/:id/reparse", operator, s.inboxReparse)
	r.post("/inbox/reparse", operator, s.inboxReparseAll)
	r.post("/inbox/:id/delete", admin, s.inboxDelete)

	r.get("/customers", viewer, s.customersList)
	r.post("/customers", operator, s.customerCreate)
	r.post("/customers/:id/rename", operator, s.customerRename)
	r.post("/customers/:id/active", operator, s.customerActive)
	r.get("/jobs", viewer, s.jobsList)
	r.get("/jobs/:id", viewer, s.jobPage)
	r.get("/jobs/:id/runs", viewer, s.jobRuns)
	r.post("/jobs/:id/rename", operator, s.jobRename)
	r.post("/jobs/:id/move", operator, s.jobMove)
	r.post("/jobs/:id/archived", operator, s.jobArchived)
	r.post("/jobs/:id/schedule", operator, s.jobSchedule)
	r.post("/jobs/:id/merge", operator, s.jobMerge)
	r.post("/jobs/:id/delete", admin, s.jobDelete)

	r.get("/settings", admin, s.generalForm)
	r.post("/settings", admin, s.generalSave)
	r.get("/settings/mail", admin, s.mailForm)
	r.post("/settings/mail", admin, s.mailSave)
	r.post("/settings/mail/test", admin, s.mailTest)
	r.post("/settings/mail/poll", admin, s.mailPollNow)
	r.get("/settings/users", admin, s.usersList)
	r.post("/settings/users", admin, s.userCreate)
	r.post("/settings/users/:id/role", admin, s.userRole)
	r.post("/settings/users/:id/disabled", admin, s.userDisabled)
	r.post("/settings/users/:id/password", admin, s.userPassword)
	r.post("/settings/users/:id/delete", admin, s.userDelete)
	r.get("/settings/audit", admin, s.auditList)
	r.get("/settings/maintenance", admin, s.maintenancePage)
	r.post("/settings/maintenance/backup", admin, s.backupDownload)
	r.post("/settings/maintenance/gc", admin, s.gcRun)
}
