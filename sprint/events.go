package sprint

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// logEntry turns e into its entry of the event log. A sprint is the company's: its
// events are open to everyone, but for a person's enrolment, which is
// open to that person alone.
func (s *Service) logEntry(_ context.Context, e Event) (*storage.Event, error) {
	entry, err := storage.NewEvent(string(e.Type), e.At, e.Actor, e)
	if err != nil {
		return nil, fmt.Errorf("sprint: log event: %w", err)
	}
	switch e.Type {
	case EventEnrolled, EventEnrolmentCancelled:
		entry.Subjects = []string{e.Person}
		entry.Audience.People = []string{e.Person, e.Actor}
	default:
		entry.Subjects = []string{e.Actor}
		entry.Audience.Everyone = true
	}
	return entry, nil
}

// Deliver hands one entry of the event log to the Service's observer, if
// it is an event of this package and an observer is set (WithObserver). It
// is the handler for an events.Consumer; entries of other packages are
// ignored.
func (s *Service) Deliver(ctx context.Context, entry storage.Event) error {
	if s.observer == nil || !strings.HasPrefix(entry.Type, "sprint.") {
		return nil
	}
	var e Event
	if err := entry.Decode(&e); err != nil {
		return fmt.Errorf("sprint: deliver: %w", err)
	}
	s.emit(ctx, e)
	return nil
}
