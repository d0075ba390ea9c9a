package sqlstore_test

import (
	"os"
	"testing"

	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild()
		return
	}
	if os.Getenv(webhookChildEnv) != "" {
		webhookChild()
		return
	}
	code := sqltest.Run(m)
	removeBenchOrgs()
	os.Exit(code)
}
