package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestSprint(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Sprint(t, func(t *testing.T) sprint.Store { return sqltest.Open(t, d) })
		})
	}
}
