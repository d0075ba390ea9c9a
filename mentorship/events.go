package mentorship

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// logEntry turns e into its entry of the event log. A mentor relation and its
// meetings are the mentee's and the mentor's only: the event concerns
// both and is open to them (and to the actor) alone.
func (s *Service) logEntry(_ context.Context, e Event) (*storage.Event, error) {
	entry, err := storage.NewEvent(string(e.Type), e.At, e.Actor, e)
	if err != nil {
		return nil, fmt.Errorf("mentorship: log event: %w", err)
	}
	entry.Subjects = []string{e.Mentee, e.Mentor}
	entry.Audience.People = []string{e.Mentee, e.Mentor, e.Actor}
	return entry, nil
}

// Deliver hands one entry of the event log to the Service's observer, if
// it is an event of this package and an observer is set (WithObserver). It
// is the handler for an events.Consumer; entries of other packages are
// ignored.
func (s *Service) Deliver(ctx context.Context, entry storage.Event) error {
	if s.observer == nil || !strings.HasPrefix(entry.Type, "mentorship.") {
		return nil
	}
	var e Event
	if err := entry.Decode(&e); err != nil {
		return fmt.Errorf("mentorship: deliver: %w", err)
	}
	s.emit(ctx, e)
	return nil
}
