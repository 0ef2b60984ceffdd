package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// codecJSON marks a value encoded as JSON. A future compact codec gets its own byte.
const codecJSON byte = 1

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append([]byte{codecJSON}, b...), nil
}

func decode(b []byte, v any) error {
	if len(b) == 0 || b[0] != codecJSON {
		return fmt.Errorf("unknown value encoding %x", b[:min(len(b), 1)])
	}
	return json.Unmarshal(b[1:], v)
}

// getJSON reads key into v, returning ErrNotFound when absent.
func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return decode(b, v) })
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

// key concatenates key parts; strings and byte slices are copied as is,
// integers become fixed-width big-endian.
func key(parts ...any) []byte {
	var k []byte
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			k = append(k, v...)
		case []byte:
			k = append(k, v...)
		case uint64:
			k = binary.BigEndian.AppendUint64(k, v)
		case int64:
			k = binary.BigEndian.AppendUint64(k, uint64(v))
		case byte:
			k = append(k, v)
		default:
			panic(fmt.Sprintf("storage: unsupported key part %T", p))
		}
	}
	return k
}

func beUint64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
