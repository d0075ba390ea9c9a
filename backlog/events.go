package backlog

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// logEntry turns e into its entry of the event log. The learning backlog and its
// meetings are the company's: the event is open to everyone and concerns
// the actor.
func (s *Service) logEntry(_ context.Context, e Event) (*storage.Event, error) {
	entry, err := storage.NewEvent(string(e.Type), e.At, e.Actor, e)
	if err != nil {
		return nil, fmt.Errorf("backlog: log event: %w", err)
	}
	entry.Subjects = []string{e.Actor}
	entry.Audience.Everyone = true
	return entry, nil
}

// Deliver hands one entry of the event log to the Service's observer, if
// it is an event of this package and an observer is set (WithObserver). It
// is the handler for an events.Consumer; entries of other packages are
// ignored.
func (s *Service) Deliver(ctx context.Context, entry storage.Event) error {
	if s.observer == nil || !strings.HasPrefix(entry.Type, "backlog.") {
		return nil
	}
	var e Event
	if err := entry.Decode(&e); err != nil {
		return fmt.Errorf("backlog: deliver: %w", err)
	}
	s.emit(ctx, e)
	return nil
}
