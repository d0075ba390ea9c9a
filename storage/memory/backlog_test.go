package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestBacklog(t *testing.T) {
	storetest.Backlog(t, func(*testing.T) backlog.Store { return memory.New() })
}
