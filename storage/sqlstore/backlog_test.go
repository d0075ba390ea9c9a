package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestBacklog(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Backlog(t, func(t *testing.T) backlog.Store { return sqltest.Open(t, d) })
		})
	}
}
