package okr

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// goalScope is the Audience.Scope prefix of events about a goal.
const goalScope = "okr.goal:"

// logEntry turns e into its entry of the event log. It concerns the owner
// and the actor, who always see it. An event about a goal is open to
// whoever may see the goal when the event is read: it is scoped to the
// goal (SeesScope decides), so a goal made private hides its events from
// everyone else at once, and a change of mentor applies at once too.
func (s *Service) logEntry(_ context.Context, e Event) (*storage.Event, error) {
	entry, err := storage.NewEvent(string(e.Type), e.At, e.Actor, e)
	if err != nil {
		return nil, wrap(err, "log event")
	}
	entry.Subjects = []string{e.Owner, e.Actor}
	entry.Audience.People = []string{e.Owner, e.Actor}
	if e.GoalID != "" {
		entry.Audience.Everyone = true
		entry.Audience.Scope = goalScope + e.GoalID
	}
	return entry, nil
}

// SeesScope reports whether person may see the object an event of this
// package is scoped to (storage.Audience): for "okr.goal:ID", whether they
// may see the goal now. An empty person is anyone signed in, who sees goals
// shared with the company. A scope of another package, or a goal that no
// longer exists, is seen by nobody. It is the scope check a reader of the
// log passes to storage.Event.Visible.
func (s *Service) SeesScope(ctx context.Context, person, scope string) (bool, error) {
	id, ok := strings.CutPrefix(scope, goalScope)
	if !ok {
		return false, nil
	}
	g, err := s.store.Goal(ctx, id)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return false, nil
		}
		return false, wrap(err, "goal %s", id)
	}
	if person == g.Owner || g.Visibility == VisibilityCompany {
		return true, nil
	}
	if person == "" || g.Visibility != VisibilityMentor {
		return false, nil
	}
	a, err := s.access(ctx, person, g.Owner)
	if err != nil {
		return false, err
	}
	return a.sees(g), nil
}

// Deliver hands one entry of the event log to the Service's observer, if
// it is an event of this package and an observer is set (WithObserver). It
// is the handler for an events.Consumer; entries of other packages are
// ignored.
func (s *Service) Deliver(ctx context.Context, entry storage.Event) error {
	if s.observer == nil || !strings.HasPrefix(entry.Type, "okr.") {
		return nil
	}
	var e Event
	if err := entry.Decode(&e); err != nil {
		return fmt.Errorf("okr: deliver: %w", err)
	}
	s.emit(ctx, e)
	return nil
}
