package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestMentorship(t *testing.T) {
	storetest.Mentorship(t, func(*testing.T) mentorship.Store { return memory.New() })
}
