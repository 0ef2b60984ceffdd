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
	Batch     int       // messages fetched per round trip; 0: 100
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
		batch = 100
	}
	todo, err := s.fetch(mb, st.LastUID, batch)
	if err != nil {
		return fail(err)
	}
	ready := s.parseBatch(todo, cfg)
	for len(todo) > 0 {
		// The next batch is fetched before this one is moved (the mailbox
		// answers one call at a time) and parsed while this one is written.
		next, fetchErr := s.fetch(mb, todo[len(todo)-1].UID, batch)
		var nextReady batchParse
		parsedNext := make(chan struct{})
		go func() { nextReady = s.parseBatch(next, cfg); close(parsedNext) }()
		outcomes := s.storeBatch(ready)
		<-parsedNext
		for i, m := range todo {
			res.Fetched++
			o := outcomes[i]
			switch {
			case o.leftAlone:
				res.LeftAlone++
			case o.Err != nil:
				if err := ps.SavePollState(cfg.Folder, st); err != nil {
					return fail(fmt.Errorf("save poll state: %w", err))
				}
				return fail(fmt.Errorf("import message %d: %w", m.UID, o.Err))
			default:
				s.finish(mb, cfg, m, o.Result, canMove, &res)
			}
			st.LastUID = m.UID
		}
		if err := ps.SavePollState(cfg.Folder, st); err != nil {
			return fail(fmt.Errorf("save poll state: %w", err))
		}
		if fetchErr != nil {
			return fail(fetchErr)
		}
		todo, ready = next, nextReady
	}
	return res, nil
}

// fetch is the next batch after the UID after.
func (s *Service) fetch(mb Mailbox, after uint32, batch int) ([]Fetched, error) {
	msgs, err := mb.After(after, int64(s.MaxSize()), batch)
	if err != nil {
		return nil, err
	}
	var todo []Fetched
	for _, m := range msgs {
		if m.UID > after { // a server that answers "*" with an old UID
			todo = append(todo, m)
		}
	}
	return todo, nil
}

// outcome is what importing one fetched message came to.
type outcome struct {
	ItemResult
	leftAlone bool // received before the cutoff: not imported
}

// batchParse is a fetched batch parsed: the messages to import, and which
// of the batch they are.
type batchParse struct {
	n      int
	at     []int
	parsed parsed
}

// parseBatch parses msgs for import, leaving alone those received before
// the cutoff.
func (s *Service) parseBatch(msgs []Fetched, cfg PollConfig) batchParse {
	b := batchParse{n: len(msgs)}
	var items []Item
	for i, m := range msgs {
		if !cfg.Cutoff.IsZero() && !m.Received.IsZero() && m.Received.Before(cfg.Cutoff) {
			continue
		}
		items = append(items, Item{Raw: m.Raw, Source: Source{Folder: cfg.Folder, UID: m.UID, Received: m.Received, Partial: m.Partial, Size: int(m.Size)}})
		b.at = append(b.at, i)
	}
	b.parsed = s.parseAll(items)
	return b
}

// storeBatch writes a parsed batch and returns each message's outcome.
func (s *Service) storeBatch(b batchParse) []outcome {
	out := make([]outcome, b.n)
	for i := range out {
		out[i].leftAlone = true // until it is one of the imported
	}
	for k, r := range s.storeParsed(b.parsed) {
		out[b.at[k]] = outcome{ItemResult: r}
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
