package autotask_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

func FuzzDecodeAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"item":{"id":9001,"ticketNumber":"T20260102.0042","status":"5","dueDateTime":"2026-01-02T17:00:00.000Z","completedDate":null}}`,
		`{"item":null}`,
		`{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null}}`,
		`{"fields":[{"name":"status","isPickList":true,"picklistValues":[{"value":"1","label":"New","parentValue":null,"isActive":"true"}]}]}`,
		`{"errors":["dueDateTime is required.; on record number [0]."]}`,
		`{"errors":[{"message":"x"},7,null]}`, `{"errors":"one"}`, `{"Message":"The requested resource does not support http method 'GET'."}`,
		`{"zoneName":"AE02","url":"https://webservices14.autotask.net/ATServicesRest/","webUrl":"https://ww14.autotask.net/","ci":1}`,
		`{"item":{"id":1e30,"createDate":"yesterday"}}`, `{"item":{"id":`, `[]`, `null`, ``, `<html>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = autotask.DecodeAnswer(body)
	})
}
