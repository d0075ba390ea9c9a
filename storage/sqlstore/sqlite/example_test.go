package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "footprint-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "footprint.db")) // created and migrated
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	svc := okr.NewService(store)
	goal, err := svc.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become an agile coach"})
	if err != nil {
		fmt.Println(err)
		return
	}
	stored, err := store.Goal(ctx, goal.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(stored.Owner, stored.Title, stored.Version)
	// Output: ana Become an agile coach 1
}
