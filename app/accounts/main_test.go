package accounts_test

import (
	"os"
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// oldSum is argon2id("an old password", "somesaltsomesalt", t=3, m=8192, p=2).
const oldSum = "6RwtRHQSon7/+TcDxo5En+054+qNm2yTMmCaigDLTC0"

// What package loading did before any test: it must not hash (issue 26
// row 18, the dummy hash once cost every command 1.2 s and 64 MiB).
var (
	hashesAtStart int64
	dummyAtStart  bool
)

func TestMain(m *testing.M) {
	_, _, hashesAtStart = accounts.HashStats()
	dummyAtStart = accounts.DummyHashMade()
	os.Exit(m.Run())
}
