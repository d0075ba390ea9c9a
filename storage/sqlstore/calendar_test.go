package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestCalendar(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Calendar(t, func(t *testing.T) storetest.CalendarStore { return sqltest.Open(t, d) })
		})
	}
}
