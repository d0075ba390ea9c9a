package sprint

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Roles tells whether a person is a facilitator of the company's learning
// sprints: only facilitators plan sprints. The host implements it; the
// backlog package asks the same question in the same words.
type Roles interface {
	IsFacilitator(ctx context.Context, person string) (bool, error)
}

// Interests tells which topics a person works on now. okr's Service
// satisfies it with ActiveTags: the tags of the person's active objectives
// and their goals.
type Interests interface {
	ActiveTags(ctx context.Context, person string) ([]string, error)
}

// Service runs quarterly learning sprints on top of a Store. It is safe
// for concurrent use.
type Service struct {
	store       Store
	now         func() time.Time
	newID       func() string
	observer    Observer
	roles       Roles
	interests   Interests
	fiscalStart time.Month
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the source of the current time (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of new IDs (ULIDs from storage.NewIDSource by
// default).
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// WithObserver sets the observer told of every committed change.
func WithObserver(o Observer) Option { return func(s *Service) { s.observer = o } }

// WithRoles sets who is a facilitator. Without it nobody may plan a
// sprint; the facilitators named on a sprint run it either way.
func WithRoles(r Roles) Option { return func(s *Service) { s.roles = r } }

// WithInterests sets where a person's current topics come from, for
// ForPerson. Without it ForPerson matches no activities.
func WithInterests(i Interests) Option { return func(s *Service) { s.interests = i } }

// WithFiscalYearStart sets the month fiscal years start in (January by
// default); see QuarterPeriod. It panics when m is not a month.
func WithFiscalYearStart(m time.Month) Option {
	if m < time.January || m > time.December {
		panic(fmt.Sprintf("sprint: WithFiscalYearStart(%d): not a month", int(m)))
	}
	return func(s *Service) { s.fiscalStart = m }
}

// NewService returns a Service that keeps its data in store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(), fiscalStart: time.January}
	for _, o := range opts {
		o(s)
	}
	return s
}

// EventType names a kind of change.
type EventType string

// Event types.
const (
	// EventStateChanged: Sprint moved From one state To another.
	EventStateChanged EventType = "sprint.state.changed"
	// EventEnrolled: Person enrolled in Activity.
	EventEnrolled EventType = "sprint.enrolment.created"
	// EventEnrolmentCancelled: Person cancelled their enrolment in
	// Activity.
	EventEnrolmentCancelled EventType = "sprint.enrolment.cancelled"
	// EventActionCarried: Action of the retrospective of Sprint was
	// carried into sprint Target.
	EventActionCarried EventType = "sprint.action.carried"
	// EventGoalAssessed: a learning Goal of Sprint was assessed.
	EventGoalAssessed EventType = "sprint.goal.assessed"
)

// Event describes a committed change. Fields that do not apply to its Type
// are empty.
type Event struct {
	Type     EventType `json:"type"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor,omitempty"`
	Sprint   string    `json:"sprint,omitempty"`
	From     State     `json:"from,omitempty"`
	To       State     `json:"to,omitempty"`
	Activity string    `json:"activity,omitempty"`
	Person   string    `json:"person,omitempty"`
	Goal     string    `json:"goal,omitempty"`
	Action   string    `json:"action,omitempty"`
	Target   string    `json:"target,omitempty"`
}

// Observer is told of each committed change. It hears it from the
// store's event log, not from the call that made the change: a consumer of
// the log (events.Consumer) hands each event to Deliver, which decodes it
// and calls the observer, at least once and in log order, after a crash
// too. An observer should hand slow work off; a panic in it is recovered.
type Observer func(ctx context.Context, e Event)

// change is the one seam every change of the Service commits through. It
// runs work as one atomic unit of the store (storage.Change): work makes
// its store calls with the context it is given and records the events of
// the change with record; the events are appended to the store's event
// log in the same transaction (logEntry), so they commit with the change
// or not at all. Observers hear of them from the log (Deliver). When work
// fails nothing is stored and change returns work's error unchanged.
func change[T any](ctx context.Context, s *Service, work func(ctx context.Context, record func(...Event)) (T, error)) (T, error) {
	v, _, err := storage.Change(ctx, s.store, s.logEntry, work)
	return v, err
}

// emit tells the observer of one committed event, recovering from a
// panic in it. Only change calls it.
func (s *Service) emit(ctx context.Context, e Event) {
	if s.observer == nil {
		return
	}
	defer func() { _ = recover() }()
	s.observer(ctx, e)
}

// errNoActor is storage.ErrNoActor with the package prefix.
var errNoActor = fmt.Errorf("sprint: %w", storage.ErrNoActor)

// prefixed gives err the package prefix exactly once: an error whose
// message already carries "sprint: " (a sentinel or typed error of this
// package, or one wrapping it) is returned as it is; any other, such as a
// store's, a backlog error or a validation error, is wrapped as
// "sprint: <what>: <err>", what being format with args.
func prefixed(err error, format string, args ...any) error {
	if err == nil || strings.Contains(err.Error(), "sprint: ") {
		return err
	}
	return fmt.Errorf("sprint: %s: %w", fmt.Sprintf(format, args...), err)
}

// isFacilitator reports whether person is a company facilitator.
func (s *Service) isFacilitator(ctx context.Context, person string) (bool, error) {
	if s.roles == nil {
		return false, nil
	}
	ok, err := s.roles.IsFacilitator(ctx, person)
	if err != nil {
		return false, fmt.Errorf("sprint: facilitator check for %s: %w", person, err)
	}
	return ok, nil
}

// facilitates reports whether actor runs sp: named on it, or a company
// facilitator.
func (s *Service) facilitates(ctx context.Context, actor string, sp *Sprint) (bool, error) {
	if slices.Contains(sp.Facilitators, actor) {
		return true, nil
	}
	return s.isFacilitator(ctx, actor)
}

// sprintFor returns the sprint for a signed-in actor.
func (s *Service) sprintFor(ctx context.Context, actor, id string) (*Sprint, error) {
	if actor == "" {
		return nil, errNoActor
	}
	sp, err := s.store.Sprint(ctx, id)
	if err != nil {
		return nil, prefixed(err, "sprint %s", id)
	}
	return sp, nil
}

// facilitated returns the sprint if actor runs it, ErrNotFacilitator
// otherwise.
func (s *Service) facilitated(ctx context.Context, actor, id string) (*Sprint, error) {
	sp, err := s.sprintFor(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.facilitates(ctx, actor, sp)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFacilitator
	}
	return sp, nil
}

// updateSprint updates a sprint with fn, stamping UpdatedAt, inside the
// caller's change. It returns the store's and fn's errors as they are.
func (s *Service) updateSprint(ctx context.Context, id string, version int64, fn func(*Sprint) error) (*Sprint, error) {
	return s.store.UpdateSprint(ctx, id, version, func(sp *Sprint) error {
		if err := fn(sp); err != nil {
			return err
		}
		sp.UpdatedAt = s.now().UTC()
		return nil
	})
}

// changeSprint commits a change that updates sprint id with fn and records
// no event. fn makes its store calls with the context it is given.
func (s *Service) changeSprint(ctx context.Context, id string, version int64, fn func(ctx context.Context, sp *Sprint) error) (*Sprint, error) {
	sp, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Sprint, error) {
		return s.updateSprint(ctx, id, version, func(sp *Sprint) error { return fn(ctx, sp) })
	})
	if err != nil {
		return nil, prefixed(err, "sprint %s", id)
	}
	return sp, nil
}

// requireState returns ErrNotEditable unless sp is in one of states.
func requireState(sp *Sprint, states ...State) error {
	if slices.Contains(states, sp.State) {
		return nil
	}
	return fmt.Errorf("%w (state %s)", ErrNotEditable, sp.State)
}
