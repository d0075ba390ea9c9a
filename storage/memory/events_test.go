package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestEvents(t *testing.T) {
	storetest.Events(t, func(*testing.T) storage.EventStore { return memory.New() })
}
