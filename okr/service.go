package okr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// MentorFinder tells who a person's current mentor is. The mentorship
// package's Service satisfies it; hosts without mentorship may supply their
// own. okr asks it each time it decides whether a viewer may see a goal of
// visibility VisibilityMentor, so a change of mentor applies at once.
type MentorFinder interface {
	// MentorOf returns the ID of person's current mentor, or "" when they
	// have none.
	MentorOf(ctx context.Context, person string) (string, error)
}

// Service applies the rules of personal development planning on top of a
// Store. It is safe for concurrent use.
type Service struct {
	store    Store
	now      func() time.Time
	newID    func() string
	observer Observer
	mentors  MentorFinder
	pace     Pace
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the source of the current time (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of new IDs (ULIDs from storage.NewIDSource by
// default). IDs must be unique; lists are ordered by ID.
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// WithObserver sets the observer told of every committed change.
func WithObserver(o Observer) Option { return func(s *Service) { s.observer = o } }

// WithMentors sets who answers "who is this person's mentor". Without it,
// nobody counts as a mentor and VisibilityMentor shows a goal to its owner
// only.
func WithMentors(m MentorFinder) Option { return func(s *Service) { s.mentors = m } }

// WithPace sets the rules for pace status (DefaultPace by default).
func WithPace(p Pace) Option { return func(s *Service) { s.pace = p } }

// NewService returns a Service that keeps its data in store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(), pace: DefaultPace}
	for _, o := range opts {
		o(s)
	}
	return s
}

// EventType names a kind of change.
type EventType string

// Event types.
const (
	// EventSuggestionReceived: Suggestion was made to Owner by Actor.
	EventSuggestionReceived EventType = "okr.suggestion.received"
	// EventSuggestionAccepted: Owner accepted Suggestion, creating
	// Objective.
	EventSuggestionAccepted EventType = "okr.suggestion.accepted"
	// EventSuggestionDeclined: Owner declined Suggestion.
	EventSuggestionDeclined EventType = "okr.suggestion.declined"
	// EventSuggestionWithdrawn: the suggester withdrew Suggestion.
	EventSuggestionWithdrawn EventType = "okr.suggestion.withdrawn"
	// EventCheckIn: Owner checked in on KeyResult of Objective.
	EventCheckIn EventType = "okr.checkin.recorded"
	// EventGradeChanged: a check-in moved Objective's score from one
	// grade to another (From and To), for example from green to red.
	EventGradeChanged EventType = "okr.grade.changed"
	// EventObjectiveClosed: Owner closed Objective.
	EventObjectiveClosed EventType = "okr.objective.closed"
	// EventCommentAdded: Actor commented on Owner's Objective.
	EventCommentAdded EventType = "okr.comment.added"
)

// Event describes a committed change. Fields that do not apply to its Type
// are empty.
type Event struct {
	Type EventType `json:"type"`
	At   time.Time `json:"at"`
	// Actor made the change; Owner is the person whose plan it concerns.
	Actor        string `json:"actor,omitempty"`
	Owner        string `json:"owner,omitempty"`
	GoalID       string `json:"goalId,omitempty"`
	ObjectiveID  string `json:"objectiveId,omitempty"`
	KeyResultID  string `json:"keyResultId,omitempty"`
	SuggestionID string `json:"suggestionId,omitempty"`
	CommentID    string `json:"commentId,omitempty"`
	// CheckInID names the check-in of EventCheckIn.
	CheckInID string `json:"checkInId,omitempty"`
	From      Grade  `json:"from,omitempty"`
	To        Grade  `json:"to,omitempty"`
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

// emit tells the observer of one committed event; a panic in the observer
// is recovered. Only Deliver calls it.
func (s *Service) emit(ctx context.Context, e Event) {
	if s.observer == nil {
		return
	}
	defer func() { _ = recover() }()
	s.observer(ctx, e)
}

// errNoActor is storage.ErrNoActor with the package prefix.
var errNoActor = fmt.Errorf("okr: %w", storage.ErrNoActor)

// wrap adds what failed to err, so that the error carries the package
// prefix exactly once: errors of this package (the sentinels) keep theirs
// and get the context after it, others get the prefix and the context
// before them.
func wrap(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if strings.Contains(err.Error(), "okr:") {
		return fmt.Errorf("%w: %s", err, what)
	}
	return fmt.Errorf("okr: %s: %w", what, err)
}

// mentorOf returns person's current mentor, or "" when unknown.
func (s *Service) mentorOf(ctx context.Context, person string) (string, error) {
	if s.mentors == nil {
		return "", nil
	}
	m, err := s.mentors.MentorOf(ctx, person)
	if err != nil {
		return "", wrap(err, "find mentor of %s", person)
	}
	return m, nil
}

// viewerAccess decides what viewer may see of owner's plan. It asks the
// MentorFinder at most once.
type viewerAccess struct {
	viewer, owner string
	isMentor      bool
}

func (s *Service) access(ctx context.Context, viewer, owner string) (viewerAccess, error) {
	a := viewerAccess{viewer: viewer, owner: owner}
	if viewer == owner {
		return a, nil
	}
	m, err := s.mentorOf(ctx, owner)
	if err != nil {
		return a, err
	}
	a.isMentor = m != "" && m == viewer
	return a, nil
}

func (a viewerAccess) sees(g *Goal) bool {
	switch {
	case a.viewer == g.Owner:
		return true
	case g.Visibility == VisibilityCompany:
		return true
	case g.Visibility == VisibilityMentor:
		return a.isMentor
	default:
		return false
	}
}

// visibleGoal returns the goal if viewer may see it, and a not-found error
// otherwise, so that private goals do not reveal their existence.
func (s *Service) visibleGoal(ctx context.Context, viewer, id string) (*Goal, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	g, err := s.store.Goal(ctx, id)
	if err != nil {
		return nil, wrap(err, "goal %s", id)
	}
	a, err := s.access(ctx, viewer, g.Owner)
	if err != nil {
		return nil, err
	}
	if !a.sees(g) {
		return nil, fmt.Errorf("okr: goal %s: %w", id, storage.ErrNotFound)
	}
	return g, nil
}

// visibleObjective returns the objective and its goal if viewer may see
// them.
func (s *Service) visibleObjective(ctx context.Context, viewer, id string) (*Objective, *Goal, error) {
	if viewer == "" {
		return nil, nil, errNoActor
	}
	o, err := s.store.Objective(ctx, id)
	if err != nil {
		return nil, nil, wrap(err, "objective %s", id)
	}
	g, err := s.visibleGoal(ctx, viewer, o.GoalID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil, fmt.Errorf("okr: objective %s: %w", id, storage.ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	return o, g, nil
}

// ownObjective returns the objective if actor owns it: ErrNotOwner when
// actor may see it but does not own it, not found when they may not see it.
func (s *Service) ownObjective(ctx context.Context, actor, id string) (*Objective, error) {
	if actor == "" {
		return nil, errNoActor
	}
	o, err := s.store.Objective(ctx, id)
	if err != nil {
		return nil, wrap(err, "objective %s", id)
	}
	if o.Owner == actor {
		return o, nil // owners always see their own plan
	}
	return nil, s.notOwned(ctx, actor, id)
}

// notOwned returns the error for actor acting on someone else's objective:
// ErrNotOwner when actor may see it, not found when they may not.
func (s *Service) notOwned(ctx context.Context, actor, objectiveID string) error {
	if _, _, err := s.visibleObjective(ctx, actor, objectiveID); err != nil {
		return err
	}
	return ErrNotOwner
}

// MentorFinderFunc adapts a function to the MentorFinder interface.
type MentorFinderFunc func(ctx context.Context, person string) (string, error)

// MentorOf calls f.
func (f MentorFinderFunc) MentorOf(ctx context.Context, person string) (string, error) {
	return f(ctx, person)
}
