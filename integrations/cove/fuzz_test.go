package cove_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

func FuzzDecodeReply(f *testing.F) {
	for _, seed := range []string{
		`{"id":"jsonrpc","jsonrpc":"2.0","result":{"result":[{"AccountId":1,"PartnerId":2,"Flags":null,"Settings":[{"I1":"a"},{"D09F00":"5"}]}],"totalStatistics":null},"visa":"v"}`,
		`{"result":{"result":[{"AccountId":"1","Settings":[{"a":1.5e3},{"b":null},{"c":[1,{"d":"\u00e9"}]},{"e":"x\"y"},null,7]}]}}`,
		`{"result":{"result":[{"Settings":{"k":"v","l":true}}]}}`,
		`{"error":{"code":-32603,"data":"1701","message":"Visa is inconsistent/corrupted"},"result":5}`,
		`{"result":{"result":[{"AccountId":1,"Settings":[{"I1":"a"}`,
		`{"result":{"result":{"Id":1}}}`,
		`[]`, `null`, ``, `{"result":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		accounts, err := cove.DecodeReply(body)
		if err != nil && accounts != nil {
			t.Fatal("accounts and an error")
		}
		for _, a := range accounts {
			if a.Settings == nil {
				t.Fatal("nil Settings")
			}
		}
	})
}
