package memory_test

import (
	"testing"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestWebhooks(t *testing.T) {
	storetest.Webhooks(t, func(*testing.T) webhook.Store { return memory.New() })
}
