package sqlstore_test

import (
	"testing"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestMentorship(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.Mentorship(t, func(t *testing.T) mentorship.Store { return sqltest.Open(t, d) })
		})
	}
}
