package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestWebhooks(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Webhooks(t, func(t *testing.T) webhook.Store { return sqltest.Open(t, d) })
		})
	}
}
