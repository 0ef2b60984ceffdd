package appliance

import (
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/integrations/imapmail"
)

// imapMailbox lets the mail import use case drive an IMAP connection.
type imapMailbox struct{ *imapmail.Conn }

// OpenMailbox connects and signs in to the IMAP server cfg names.
func OpenMailbox(cfg imapmail.Config) (mailimport.Mailbox, func() error, error) {
	c, err := imapmail.Dial(cfg)
	if err != nil {
		return nil, nil, err
	}
	return imapMailbox{c}, c.Close, nil
}

func (m imapMailbox) After(after uint32, maxSize int64, limit int) ([]mailimport.Fetched, error) {
	msgs, err := m.Conn.After(after, maxSize, limit)
	out := make([]mailimport.Fetched, len(msgs))
	for i, x := range msgs {
		out[i] = mailimport.Fetched{UID: x.UID, Size: x.Size, Received: x.Received, Raw: x.Raw, Partial: x.Partial}
	}
	return out, err
}
