package mailimport

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// MemoryMailbox is a mail server folder tree held in memory: what
// `backupchecks bench` imports its synthesised mail from, so ingest is
// measured without a mail server, and what tests poll.
type MemoryMailbox struct {
	mu       sync.Mutex
	validity uint32
	next     uint32
	folders  map[string][]Fetched // by UID
	selected string
}

// NewMemoryMailbox is an empty mailbox with the folder INBOX.
func NewMemoryMailbox() *MemoryMailbox {
	return &MemoryMailbox{validity: 1, next: 1, folders: map[string][]Fetched{"INBOX": nil}}
}

// Append delivers raw to folder, received at received.
func (m *MemoryMailbox) Append(folder string, raw []byte, received time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.folders[folder] = append(m.folders[folder], Fetched{UID: m.next, Size: int64(len(raw)), Received: received, Raw: raw})
	m.next++
}

// Count is how many messages folder holds.
func (m *MemoryMailbox) Count(folder string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.folders[folder])
}

// Select implements Mailbox.
func (m *MemoryMailbox) Select(folder string) (validity, count uint32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	msgs, ok := m.folders[folder]
	if !ok {
		return 0, 0, fmt.Errorf("select %s: no such folder", folder)
	}
	m.selected = folder
	return m.validity, uint32(len(msgs)), nil
}

// After implements Mailbox.
func (m *MemoryMailbox) After(after uint32, maxSize int64, limit int) ([]Fetched, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Fetched
	for _, f := range m.folders[m.selected] {
		if f.UID <= after || len(out) == limit {
			continue
		}
		if maxSize > 0 && f.Size > maxSize {
			f.Raw, f.Partial = headerOf(f.Raw), true
		}
		out = append(out, f)
	}
	return out, nil
}

// EnsureFolder implements Mailbox.
func (m *MemoryMailbox) EnsureFolder(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.folders[name]; !ok {
		m.folders[name] = nil
	}
	return nil
}

// Move implements Mailbox.
func (m *MemoryMailbox) Move(uid uint32, dst string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	src := m.folders[m.selected]
	i := slices.IndexFunc(src, func(f Fetched) bool { return f.UID == uid })
	if i < 0 {
		return fmt.Errorf("move %d: no such message in %s", uid, m.selected)
	}
	m.folders[dst] = append(m.folders[dst], src[i])
	m.folders[m.selected] = slices.Delete(src, i, i+1)
	return nil
}
