package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestOKR(t *testing.T) {
	storetest.OKR(t, func(*testing.T) okr.Store { return memory.New() })
}
