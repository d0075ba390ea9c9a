package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestCalendar(t *testing.T) {
	storetest.Calendar(t, func(*testing.T) storetest.CalendarStore { return memory.New() })
}
