package storage

import (
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/notify"
)

// Notifications: webhooks, and events on their way to them.
//
//	hook/<id>                           a webhook
//	outbox/<ts><event ID>               an event, written with what caused it
//	notify/dlv/<hook><event ID>         one event still to send to one webhook
//	notify/log/<ts><seq>                an attempt, the newest notify.LogSize kept
//	notify/conditions                   the watch conditions last notified
//	notify/once/<event ID>              an event QueueOnce queued (a day's digest)
var hookTable = table[notify.Webhook]{
	prefix: "hook/",
	id:     func(w *notify.Webhook) uint64 { return w.ID },
}

var keyConditions = []byte("notify/conditions")

// putEvent adds ev to the outbox inside txn: the caller's write and its
// notification commit together or not at all.
func putEvent(txn *badger.Txn, ev notify.Event) error {
	if ev.At.IsZero() {
		ev.At = time.Now().UTC()
	}
	return setJSON(txn, key("outbox/", timeKey(ev.At), ev.ID), ev)
}

// Webhooks implements notify.Store.
func (s *Store) Webhooks() ([]notify.Webhook, error) {
	var list []notify.Webhook
	err := s.view(func(txn *badger.Txn) (err error) { list, err = hookTable.all(txn); return err })
	return list, err
}

// Webhook implements notify.Store.
func (s *Store) Webhook(id uint64) (notify.Webhook, error) {
	var w notify.Webhook
	err := s.view(func(txn *badger.Txn) (err error) { w, err = hookTable.get(txn, id); return err })
	return w, err
}

// CreateWebhook implements notify.Store.
func (s *Store) CreateWebhook(w notify.Webhook, ev audit.Event) (notify.Webhook, error) {
	id, err := s.nextID("hook")
	if err != nil {
		return w, err
	}
	w.ID = id
	return w, s.putAudited(ev, func(txn *badger.Txn) error { return hookTable.put(txn, &w) })
}

// SaveWebhook implements notify.Store.
func (s *Store) SaveWebhook(w notify.Webhook, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error { return hookTable.replace(txn, &w) })
}

// DeleteWebhook implements notify.Store: the webhook and what it had still
// to receive.
func (s *Store) DeleteWebhook(id uint64, ev audit.Event) error {
	var pending [][]byte
	err := s.view(func(txn *badger.Txn) error {
		return eachKey(txn, key("notify/dlv/", id), func(k []byte) error { pending = append(pending, k); return nil })
	})
	if err != nil {
		return err
	}
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := hookTable.get(txn, id); err != nil {
			return err
		}
		for _, k := range pending {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return hookTable.delete(txn, id)
	})
}

// AddEvent implements notify.Store.
func (s *Store) AddEvent(ev notify.Event) error {
	return s.update(func(txn *badger.Txn) error { return putEvent(txn, ev) })
}

// QueueOnce implements notify.Store.
func (s *Store) QueueOnce(ev notify.Event) (bool, error) {
	queued := false
	err := s.update(func(txn *badger.Txn) error {
		marker := key("notify/once/", ev.ID)
		_, err := txn.Get(marker)
		if err == nil {
			queued = false
			return nil
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		queued = true
		if err := txn.Set(marker, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
			return err
		}
		return putEvent(txn, ev)
	})
	return queued, err
}

// FanOut implements notify.Store.
func (s *Store) FanOut(limit int, at time.Time) (int, error) {
	n := 0
	err := s.update(func(txn *badger.Txn) error {
		n = 0
		hooks, err := hookTable.all(txn)
		if err != nil {
			return err
		}
		prefix := []byte("outbox/")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		var taken [][]byte
		for it.Rewind(); it.ValidForPrefix(prefix) && n < limit; it.Next() {
			var ev notify.Event
			if err := it.Item().Value(func(v []byte) error { return decode(v, &ev) }); err != nil {
				return err
			}
			if ev.Kind.ByMail() {
				d := notify.Delivery{Event: ev, HookID: notify.MailTarget, NextAt: at}
				if err := setJSON(txn, key("notify/dlv/", notify.MailTarget, ev.ID), d); err != nil {
					return err
				}
			}
			for _, h := range hooks {
				if !ev.Kind.ByMail() && h.Wants(ev) {
					d := notify.Delivery{Event: ev, HookID: h.ID, NextAt: at}
					if err := setJSON(txn, key("notify/dlv/", h.ID, ev.ID), d); err != nil {
						return err
					}
				}
			}
			taken = append(taken, it.Item().KeyCopy(nil))
			n++
		}
		for _, k := range taken {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// Due implements notify.Store.
func (s *Store) Due(now time.Time, limit int) ([]notify.Delivery, error) {
	var out []notify.Delivery
	err := s.view(func(txn *badger.Txn) error {
		prefix := []byte("notify/dlv/")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.ValidForPrefix(prefix); it.Next() {
			var d notify.Delivery
			if err := it.Item().Value(func(v []byte) error { return decode(v, &d) }); err != nil {
				return err
			}
			if !d.NextAt.After(now) {
				out = append(out, d)
			}
		}
		return nil
	})
	// Oldest event first, so a webhook receives them in order.
	sortDeliveries(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// Delivered implements notify.Store.
func (s *Store) Delivered(d notify.Delivery, entry notify.LogEntry) error {
	return s.update(func(txn *badger.Txn) error {
		if err := txn.Delete(key("notify/dlv/", d.HookID, d.Event.ID)); err != nil {
			return err
		}
		return s.logAttempt(txn, entry)
	})
}

// Retry implements notify.Store.
func (s *Store) Retry(d notify.Delivery, entry notify.LogEntry) error {
	return s.update(func(txn *badger.Txn) error {
		k := key("notify/dlv/", d.HookID, d.Event.ID)
		if _, err := txn.Get(k); errors.Is(err, badger.ErrKeyNotFound) {
			return s.logAttempt(txn, entry) // the webhook went meanwhile
		}
		if err := setJSON(txn, k, d); err != nil {
			return err
		}
		return s.logAttempt(txn, entry)
	})
}

// logAttempt appends to the delivery log and drops entries past its size.
func (s *Store) logAttempt(txn *badger.Txn, entry notify.LogEntry) error {
	seq, err := s.nextID("notifylog")
	if err != nil {
		return err
	}
	if err := setJSON(txn, key("notify/log/", timeKey(entry.At), seq), entry); err != nil {
		return err
	}
	var keys [][]byte
	if err := eachKey(txn, []byte("notify/log/"), func(k []byte) error { keys = append(keys, k); return nil }); err != nil {
		return err
	}
	for len(keys) > notify.LogSize {
		if err := txn.Delete(keys[0]); err != nil {
			return err
		}
		keys = keys[1:]
	}
	return nil
}

// DeliveryLog implements notify.Store.
func (s *Store) DeliveryLog() ([]notify.LogEntry, error) {
	var out []notify.LogEntry
	err := s.view(func(txn *badger.Txn) error {
		prefix := []byte("notify/log/")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, Reverse: true})
		defer it.Close()
		for it.Seek(append(append([]byte{}, prefix...), 0xff)); it.ValidForPrefix(prefix); it.Next() {
			var e notify.LogEntry
			if err := it.Item().Value(func(v []byte) error { return decode(v, &e) }); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Conditions implements notify.Store.
func (s *Store) Conditions() (map[string]string, error) {
	m := map[string]string{}
	err := s.readSingle(keyConditions, &m)
	return m, err
}

// SaveConditions implements notify.Store.
func (s *Store) SaveConditions(keys map[string]string, events []notify.Event) error {
	return s.update(func(txn *badger.Txn) error {
		for _, ev := range events {
			if err := putEvent(txn, ev); err != nil {
				return err
			}
		}
		return setJSON(txn, keyConditions, keys)
	})
}

// subscribePerCondition is the migration for webhooks saved when one
// subscription, "appliance.unwell", stood for every condition: they now
// subscribe to each condition, and keep hearing what they heard.
func subscribePerCondition(txn *badger.Txn) error {
	hooks, err := hookTable.all(txn)
	if err != nil {
		return err
	}
	for i := range hooks {
		h := &hooks[i]
		if !slices.Contains(h.Events, notify.ConditionRaised) {
			continue
		}
		events := slices.DeleteFunc(slices.Clone(h.Events), func(k notify.Kind) bool { return k == notify.ConditionRaised })
		h.Events = append(events, notify.ConditionKinds()...)
		if err := hookTable.replace(txn, h); err != nil {
			return err
		}
	}
	return nil
}

// eachKey visits the keys under prefix in order, without their values.
func eachKey(txn *badger.Txn, prefix []byte, visit func(k []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.ValidForPrefix(prefix); it.Next() {
		if err := visit(it.Item().KeyCopy(nil)); err != nil {
			return err
		}
	}
	return nil
}

func sortDeliveries(ds []notify.Delivery) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Event.At.Before(ds[j].Event.At) })
}
