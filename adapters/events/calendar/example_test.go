package calendar_test

import (
	"context"
	"fmt"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/storage/memory"
)

// A person subscribes their calendar app to a secret address; rotating it
// ends the old one.
func ExampleService() {
	ctx := context.Background()
	key := []byte("a host secret of 32 bytes or more") // keep it across restarts
	cals, err := calendar.NewService(memory.New(), key)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, token, _ := cals.Subscribe(ctx, "ana")
	feed, err := cals.Resolve(ctx, token)
	fmt.Println(feed.Person, err)

	_, _, _ = cals.Subscribe(ctx, "ana") // rotate
	_, err = cals.Resolve(ctx, token)
	fmt.Println(err)
	// Output:
	// ana <nil>
	// calendar: no such calendar feed: not found
}
