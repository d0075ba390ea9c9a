package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestInbox(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Inbox(t, func(t *testing.T) inbox.Store { return sqltest.Open(t, d) })
		})
	}
}
