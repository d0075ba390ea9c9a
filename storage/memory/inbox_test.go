package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestInbox(t *testing.T) {
	storetest.Inbox(t, func(*testing.T) inbox.Store { return memory.New() })
}
