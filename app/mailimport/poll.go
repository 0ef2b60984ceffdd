package mailimport

import (
	"fmt"
	"time"
)

// Mailbox is a signed-in mail server connection, as a poll uses it. The
// IMAP integration provides one; tests may provide their own.
type Mailbox interface {
	Select(folder string) (validity, count uint32, err error)
	// After returns up to limit messages with a UID above after, oldest
	// first; over maxSize, only the header (Partial).
	After(after uint32, maxSize int64, limit int) ([]Fetched, error)
	EnsureFolder(name string) error
	Move(uid uint32, dst string) error
}

// Fetched is one message a Mailbox returned.
type Fetched struct {
	UID      uint32
	Size     int64
	Received time.Time
	Raw      []byte
	Partial  bool
}

// PollConfig is what a poll reads from the mail settings.
type PollConfig struct {
	Folder    string    // where reports arrive
	Processed string    // where they go once imported
	Cutoff    time.Time // mail received before it is left alone; zero: none
	Batch     int       // messages fetched per round trip; 0: 50
}

// PollState is what a poll remembers per folder: the folder's UIDVALIDITY
// and the last UID it has finished with.
type PollState struct {
	Validity uint32 `json:"validity"`
	LastUID  uint32 `json:"last_uid"`
}

// PollStore keeps the poll state.
type PollStore interface {
	PollState(folder string) (PollState, error)
	SavePollState(folder string, st PollState) error
}

// PollResult counts what a poll did.
type PollResult struct {
	Fetched, NewRuns, ToInbox, Duplicates, LeftAlone, Errors int
	Err                                                      string // the first error, for the settings page
}

// Poll imports every message that arrived in the folder since the last
// poll, a fetched batch at a time (ImportAll), so the batch shares its
// disk flushes and its parsing uses every CPU. Each message is stored and
// routed (committed) before it is moved to the processed folder, and the
// folder's last UID moves past a batch only after that, so a crash at any
// point re-fetches at most the batch in hand, whose committed messages the
// dedupe then recognises. A message that cannot be imported stops the
// poll there: the messages before it are moved and remembered, and the
// next poll starts again from it.
func (s *Service) Poll(mb Mailbox, ps PollStore, cfg PollConfig) (PollResult, error) {
	var res PollResult
	fail := func(err error) (PollResult, error) {
		res.Errors++
		if res.Err == "" {
			res.Err = err.Error()
		}
		return res, err
	}
	validity, _, err := mb.Select(cfg.Folder)
	if err != nil {
		return fail(err)
	}
	st, err := ps.PollState(cfg.Folder)
	if err != nil {
		return fail(fmt.Errorf("read poll state: %w", err))
	}
	if st.Validity != validity {
		// A new UIDVALIDITY makes every stored UID meaningless: read the
		// folder again from the start; Message-IDs keep it from importing twice.
		st = PollState{Validity: validity}
	}
	canMove := cfg.Processed != ""
	if canMove {
		if err := mb.EnsureFolder(cfg.Processed); err != nil {
			canMove = false // import anyway; the mail stays in place
			res.Errors++
			res.Err = fmt.Sprintf("%v; imported mail stays in %s", err, cfg.Folder)
		}
	}
	batch := cfg.Batch
	if batch <= 0 {
		batch = 50
	}
	for {
		msgs, err := mb.After(st.LastUID, int64(s.MaxSize()), batch)
		if err != nil {
			return fail(err)
		}
		if len(msgs) == 0 {
			return res, nil
		}
		var todo []Fetched
		for _, m := range msgs {
			if m.UID <= st.LastUID {
				continue // a server that answers "*" with an old UID
			}
			todo = append(todo, m)
		}
		if len(todo) == 0 {
			return res, nil
		}
		outcomes := s.importAll(todo, cfg)
		for i, m := range todo {
			res.Fetched++
			o := outcomes[i]
			switch {
			case o.leftAlone:
				res.LeftAlone++
			case o.err != nil:
				if err := ps.SavePollState(cfg.Folder, st); err != nil {
					return fail(fmt.Errorf("save poll state: %w", err))
				}
				return fail(fmt.Errorf("import message %d: %w", m.UID, o.err))
			default:
				s.finish(mb, cfg, m, o.result, canMove, &res)
			}
			st.LastUID = m.UID
		}
		if err := ps.SavePollState(cfg.Folder, st); err != nil {
			return fail(fmt.Errorf("save poll state: %w", err))
		}
	}
}

// outcome is what importing one fetched message came to.
type outcome struct {
	result    Result
	err       error
	leftAlone bool // received before the cutoff: not imported
}

// importAll imports msgs as one batch, leaving alone those received
// before the cutoff, and returns each message's outcome.
func (s *Service) importAll(msgs []Fetched, cfg PollConfig) []outcome {
	out := make([]outcome, len(msgs))
	var items []Item
	var at []int
	for i, m := range msgs {
		if !cfg.Cutoff.IsZero() && !m.Received.IsZero() && m.Received.Before(cfg.Cutoff) {
			out[i].leftAlone = true
			continue
		}
		items = append(items, Item{Raw: m.Raw, Source: Source{Folder: cfg.Folder, UID: m.UID, Received: m.Received, Partial: m.Partial, Size: int(m.Size)}})
		at = append(at, i)
	}
	for k, r := range s.ImportAll(items) {
		out[at[k]].result, out[at[k]].err = r.Result, r.Err
	}
	return out
}

// finish counts one imported message and moves it to the processed folder.
func (s *Service) finish(mb Mailbox, cfg PollConfig, m Fetched, r Result, canMove bool, res *PollResult) {
	switch {
	case r.Duplicate:
		res.Duplicates++
	case r.NewRun:
		res.NewRuns++
	case r.Mail.State == Pending:
		res.ToInbox++
	}
	if !canMove || m.Partial { // a mail too large stays where it is
		return
	}
	// A message that fails to move is imported all the same: it stays in
	// the folder, and the last UID moves past it so it is not read again.
	if err := mb.Move(m.UID, cfg.Processed); err != nil {
		res.Errors++
		if res.Err == "" {
			res.Err = err.Error()
		}
	}
}
