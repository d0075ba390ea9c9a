package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestEvents(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Events(t, func(t *testing.T) storage.EventStore { return sqltest.Open(t, d) })
		})
	}
}
