package sprint

import (
	"context"
	"fmt"
	"slices"
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
	EventStateChanged EventType = "sprint.state_changed"
	// EventEnrolled: Person enrolled in Activity.
	EventEnrolled EventType = "sprint.enrolled"
	// EventEnrolmentCancelled: Person cancelled their enrolment in
	// Activity.
	EventEnrolmentCancelled EventType = "sprint.enrolment_cancelled"
	// EventActionCarried: Action of the retrospective of Sprint was
	// carried into sprint Target.
	EventActionCarried EventType = "sprint.action_carried"
	// EventGoalAssessed: a learning Goal of Sprint was assessed.
	EventGoalAssessed EventType = "sprint.goal_assessed"
)

// Event describes a committed change. Fields that do not apply to its Type
// are empty.
type Event struct {
	Type     EventType
	At       time.Time
	Actor    string
	Sprint   string
	From, To State
	Activity string
	Person   string
	Goal     string
	Action   string
	Target   string
}

// Observer is told of each change after it has been committed, on the
// goroutine that made it; it should hand slow work off. A panic in an
// observer is recovered: the change stays committed and the call that made
// it succeeds.
type Observer func(ctx context.Context, e Event)

func (s *Service) emit(ctx context.Context, e Event) {
	if s.observer == nil {
		return
	}
	defer func() { _ = recover() }()
	s.observer(ctx, e)
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
		return nil, storage.ErrNoActor
	}
	sp, err := s.store.Sprint(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("sprint: sprint %s: %w", id, err)
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

// change updates a sprint, stamping UpdatedAt, and wraps errors.
func (s *Service) change(ctx context.Context, id string, version int64, fn func(*Sprint) error) (*Sprint, error) {
	sp, err := s.store.UpdateSprint(ctx, id, version, func(sp *Sprint) error {
		if err := fn(sp); err != nil {
			return err
		}
		sp.UpdatedAt = s.now().UTC()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sprint: sprint %s: %w", id, err)
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
