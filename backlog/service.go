package backlog

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Roles tells which people are facilitators: they run prioritisation
// meetings and change items' status. The host supplies it (its HR system
// or a configured list).
type Roles interface {
	// IsFacilitator reports whether person is a facilitator.
	IsFacilitator(ctx context.Context, person string) (bool, error)
}

// RolesFunc adapts a function to the Roles interface.
type RolesFunc func(ctx context.Context, person string) (bool, error)

// IsFacilitator calls f.
func (f RolesFunc) IsFacilitator(ctx context.Context, person string) (bool, error) {
	return f(ctx, person)
}

// Facilitators returns Roles under which exactly the given people are
// facilitators.
func Facilitators(people ...string) Roles {
	set := make(map[string]bool, len(people))
	for _, p := range people {
		set[p] = true
	}
	return RolesFunc(func(_ context.Context, person string) (bool, error) { return set[person], nil })
}

// Service applies the rules of the learning backlog and prioritisation
// meetings on top of a Store. It is safe for concurrent use.
type Service struct {
	store    Store
	now      func() time.Time
	newID    func() string
	observer Observer
	roles    Roles
	policies map[string]PolicyBuilder
	// fiscalStart is the month fiscal years start in.
	fiscalStart time.Month
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the source of the current time (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of new IDs (ULIDs from storage.NewIDSource by
// default). IDs must be unique; lists and rank ties are ordered by ID.
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// WithObserver sets the observer told of every committed change.
func WithObserver(o Observer) Option { return func(s *Service) { s.observer = o } }

// WithRoles sets who is a facilitator. Without it nobody is, and every
// facilitator-only action returns ErrNotFacilitator.
func WithRoles(r Roles) Option { return func(s *Service) { s.roles = r } }

// WithFiscalYearStart sets the month fiscal years start in (January by
// default, when fiscal and calendar years agree), as sprint's option of
// the same name does; give both services the same month. Meeting quarters
// are fiscal quarters, and every date the service turns into a quarter —
// the quarter an item was suggested in, for its Age — is taken in them
// (see FiscalQuarterOf). It panics when m is not a month from January to
// December: a mistake in the program, not in its input.
func WithFiscalYearStart(m time.Month) Option {
	checkMonth(m)
	return func(s *Service) { s.fiscalStart = m }
}

// WithPolicy makes a host's own policy available under name, beside the
// built-in ones: meetings may open with it, previews may use it, and closed
// meetings that used it replay with it. build receives the meeting's
// PolicySpec; the Policy it returns must report the same name in its Spec,
// and its Spec must build the same policy again. BuildPolicy enforces the
// name (also for the base of a decorator, such as Aging's), and
// OpenMeeting and Preview refuse a policy that breaks either rule with a
// *storage.ValidationError on "policy.name" or "policy".
//
// name must be in lower case without surrounding spaces (names in specs
// are looked up in lower case) and must not be a built-in policy's name:
// a meeting records only the name, so overriding a built-in would make a
// service without the override replay it differently. WithPolicy panics
// when name is empty, not in that form or a built-in name, or build is
// nil: a mistake in the program, not in its input.
func WithPolicy(name string, build PolicyBuilder) Option {
	switch {
	case name == "" || name != strings.ToLower(strings.TrimSpace(name)):
		panic(fmt.Sprintf("backlog: WithPolicy(%q): the name must be non-empty, in lower case, without surrounding spaces", name))
	case builtins[name] != nil:
		panic(fmt.Sprintf("backlog: WithPolicy(%q): cannot replace a built-in policy; choose another name", name))
	case build == nil:
		panic(fmt.Sprintf("backlog: WithPolicy(%q): nil builder", name))
	}
	return func(s *Service) {
		if s.policies == nil {
			s.policies = map[string]PolicyBuilder{}
		}
		s.policies[name] = build
	}
}

// NewService returns a Service that keeps its data in store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(), fiscalStart: time.January}
	for _, o := range opts {
		o(s)
	}
	return s
}

// BuildPolicy builds a policy from its spec, looking the name up among the
// policies given with WithPolicy and the built-ins. It returns the errors
// of the package function BuildPolicy, and a *storage.ValidationError on
// "name" ("base.name" for a base) when a host's builder returns no policy
// or one that reports another name in its Spec.
func (s *Service) BuildPolicy(spec PolicySpec) (Policy, error) {
	p, err := buildWith(spec, s.policies)
	if err != nil {
		return nil, prefixed(err, "build policy %s", spec.Name)
	}
	return p, nil
}

// PolicyNames lists the names of the policies the service knows, built-in
// and added, sorted: what a policy switcher offers.
func (s *Service) PolicyNames() []string {
	names := append(PolicyNames(), slices.Collect(maps.Keys(s.policies))...)
	slices.Sort(names)
	return names
}

// meetingPolicy builds the policy a meeting is to record from spec and
// checks that the spec it reports builds the same policy again, as
// closing and replaying the meeting will. It returns the errors of
// BuildPolicy with field paths under "policy.", and a
// *storage.ValidationError on "policy" for a policy whose spec does not
// build again.
func (s *Service) meetingPolicy(spec PolicySpec) (Policy, error) {
	p, err := buildWith(spec, s.policies)
	if err == nil {
		var again Policy
		again, err = buildWith(p.Spec(), s.policies)
		if err == nil && !sameSpec(again.Spec(), p.Spec()) {
			err = fmt.Errorf("spec %s builds a policy with spec %s", p.Spec(), again.Spec())
		}
		if err != nil {
			return nil, &storage.ValidationError{Fields: []storage.FieldError{{Field: "policy",
				Message: fmt.Sprintf("the policy's spec does not build it again (%v); check its builder", err)}}}
		}
		return p, nil
	}
	if fields, ok := fieldsOf(err, "policy."); ok {
		return nil, &storage.ValidationError{Fields: fields}
	}
	return nil, err
}

// sameSpec reports whether a and b name the same policy, parameters and
// base; nil and empty parameters are the same.
func sameSpec(a, b PolicySpec) bool {
	if a.Name != b.Name || !maps.Equal(a.Params, b.Params) || (a.Base == nil) != (b.Base == nil) {
		return false
	}
	return a.Base == nil || sameSpec(*a.Base, *b.Base)
}

// EventType names a kind of change.
type EventType string

// Event types.
const (
	// EventItemAdded: Actor added Item.
	EventItemAdded EventType = "backlog.item.added"
	// EventItemEdited: the author edited Item.
	EventItemEdited EventType = "backlog.item.edited"
	// EventItemSupported: Actor supported Item (or changed their reason).
	EventItemSupported EventType = "backlog.item.supported"
	// EventItemUnsupported: Actor withdrew their support of Item.
	EventItemUnsupported EventType = "backlog.item.unsupported"
	// EventItemStatusChanged: Item went From one status To another: a
	// facilitator rejected, marked as duplicate or archived it, a closing
	// meeting (MeetingID) selected it, or a facilitator released it
	// (selected to open; MeetingID is the meeting that had selected it).
	EventItemStatusChanged EventType = "backlog.item.status_changed"
	// EventMeetingOpened: Actor opened Meeting.
	EventMeetingOpened EventType = "backlog.meeting.opened"
	// EventMeetingChanged: Actor changed Meeting's participants or
	// capacity.
	EventMeetingChanged EventType = "backlog.meeting.changed"
	// EventEstimatesSubmitted: participant Actor submitted estimates or a
	// ballot to Meeting.
	EventEstimatesSubmitted EventType = "backlog.estimates.submitted"
	// EventMeetingClosed: Actor closed Meeting, selecting Selected.
	EventMeetingClosed EventType = "backlog.meeting.closed"
	// EventMeetingCancelled: Actor cancelled Meeting.
	EventMeetingCancelled EventType = "backlog.meeting.cancelled"
)

// Event describes a committed change. Fields that do not apply to its Type
// are empty.
type Event struct {
	Type      EventType  `json:"type"`
	At        time.Time  `json:"at"`
	Actor     string     `json:"actor,omitempty"`
	ItemID    string     `json:"itemId,omitempty"`
	MeetingID string     `json:"meetingId,omitempty"`
	From      ItemStatus `json:"from,omitempty"`
	To        ItemStatus `json:"to,omitempty"`
	// Selected are the items a closed meeting selected, best first.
	Selected []string `json:"selected,omitempty"`
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
var errNoActor = fmt.Errorf("backlog: %w", storage.ErrNoActor)

// prefixed gives err the package prefix exactly once: an error whose
// message already carries "backlog: " (a sentinel or typed error of this
// package, or one wrapping it) is returned as it is; any other, such as a
// store's or a validation error, is wrapped as "backlog: <what>: <err>",
// what being format with args.
func prefixed(err error, format string, args ...any) error {
	if err == nil || strings.Contains(err.Error(), "backlog: ") {
		return err
	}
	return fmt.Errorf("backlog: %s: %w", fmt.Sprintf(format, args...), err)
}

// isFacilitator asks the Roles.
func (s *Service) isFacilitator(ctx context.Context, person string) (bool, error) {
	if s.roles == nil {
		return false, nil
	}
	ok, err := s.roles.IsFacilitator(ctx, person)
	if err != nil {
		return false, fmt.Errorf("backlog: is %s a facilitator: %w", person, err)
	}
	return ok, nil
}

// requireFacilitator returns ErrNotFacilitator unless actor is one.
func (s *Service) requireFacilitator(ctx context.Context, actor string) error {
	if actor == "" {
		return errNoActor
	}
	ok, err := s.isFacilitator(ctx, actor)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFacilitator
	}
	return nil
}

// requireMeetingFacilitator returns an error unless actor may run meeting
// id: actor must be a company facilitator (ErrNotFacilitator) named among
// the meeting's Facilitators (ErrNotMeetingFacilitator) — unless none of
// those is a company facilitator any more, when any company facilitator
// may take the meeting over, so that no meeting is left without anyone to
// close or cancel it. A meeting's facilitators never change, so the check
// holds for the update that follows. It returns the meeting as read.
func (s *Service) requireMeetingFacilitator(ctx context.Context, actor, id string) (*Meeting, error) {
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	m, err := s.store.PrioritisationMeeting(ctx, id)
	if err != nil {
		return nil, prefixed(err, "meeting %s", id)
	}
	if slices.Contains(m.Facilitators, actor) {
		return m, nil
	}
	for _, f := range m.Facilitators {
		ok, err := s.isFacilitator(ctx, f)
		if err != nil {
			return nil, err
		}
		if ok {
			return nil, ErrNotMeetingFacilitator
		}
	}
	return m, nil
}
