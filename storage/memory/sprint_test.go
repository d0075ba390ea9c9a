package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestSprint(t *testing.T) {
	storetest.Sprint(t, func(*testing.T) sprint.Store { return memory.New() })
}
