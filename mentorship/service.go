package mentorship

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Defaults of a Service.
const (
	// DefaultRequestTTL is how long a request waits for an answer before
	// it expires.
	DefaultRequestTTL = 14 * 24 * time.Hour
	// DefaultCadenceDays is how often a new relation means to meet.
	DefaultCadenceDays = 28
	// MaxCapacity is the largest capacity a profile may state.
	MaxCapacity = 50
)

// Directory answers what only the host knows about people. It is as small
// as the package needs; a Directory may also implement Seniority.
type Directory interface {
	// TeamLead returns the ID of person's team lead, or "" when they have
	// none. The team lead is the person's mentor whenever they have chosen
	// nobody else.
	TeamLead(ctx context.Context, person string) (string, error)
}

// Seniority is an optional extension of a Directory: when the Directory
// also implements it, Insights lists juniors still on their default
// mentor.
type Seniority interface {
	// Junior reports whether person is a junior.
	Junior(ctx context.Context, person string) (bool, error)
}

// Interests tells the topics a person works on, to suggest mentors whose
// expertise matches. *okr.Service satisfies it with the tags of a
// person's active goals and objectives.
type Interests interface {
	// ActiveTags returns the tags of the topics person works on now, in
	// any case and order; the Service normalises them.
	ActiveTags(ctx context.Context, person string) ([]string, error)
}

// DirectoryFunc adapts a function to the Directory interface.
type DirectoryFunc func(ctx context.Context, person string) (string, error)

// TeamLead calls f.
func (f DirectoryFunc) TeamLead(ctx context.Context, person string) (string, error) {
	return f(ctx, person)
}

// InterestsFunc adapts a function to the Interests interface.
type InterestsFunc func(ctx context.Context, person string) ([]string, error)

// ActiveTags calls f.
func (f InterestsFunc) ActiveTags(ctx context.Context, person string) ([]string, error) {
	return f(ctx, person)
}

// Service applies the rules of volunteer mentorship on top of a Store. It
// is safe for concurrent use.
type Service struct {
	store      Store
	now        func() time.Time
	newID      func() string
	observer   Observer
	directory  Directory
	interests  Interests
	insights   func(ctx context.Context, actor string) (bool, error)
	requestTTL time.Duration
	cadence    int
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the source of the current time (time.Now by default).
// Times are stored in UTC, truncated to whole microseconds.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of new IDs (ULIDs from storage.NewIDSource by
// default). IDs must be unique; lists are ordered by ID.
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// WithObserver sets the observer told of the changes listed with the
// EventType constants, after they are committed. Other changes — a
// profile created or updated, a cadence set, a meeting log edited, a next
// step ticked off, a default relation's log opened — are not announced.
func WithObserver(o Observer) Option { return func(s *Service) { s.observer = o } }

// WithDirectory sets who answers "who is this person's team lead". Without
// it nobody has a team lead, so people with no chosen mentor have none.
func WithDirectory(d Directory) Option { return func(s *Service) { s.directory = d } }

// WithInterests sets where SuggestMentors finds a mentee's topics. Without
// it suggestions rank mentors by seats left only.
func WithInterests(i Interests) Option { return func(s *Service) { s.interests = i } }

// WithRequestTTL sets how long a request waits for an answer
// (DefaultRequestTTL by default). Values ≤ 0 are ignored.
func WithRequestTTL(d time.Duration) Option {
	return func(s *Service) {
		if d > 0 {
			s.requestTTL = d
		}
	}
}

// WithCadence sets how many days apart new relations mean to meet
// (DefaultCadenceDays by default). Values ≤ 0 are ignored.
func WithCadence(days int) Option {
	return func(s *Service) {
		if days > 0 {
			s.cadence = days
		}
	}
}

// WithInsightsAccess sets who may read Insights. Insights name the people
// who have not chosen a mentor, which the package otherwise tells only the
// person and their current mentor, so by default nobody may read them:
// the host opens them, for instance to HR, with a rule; a false answer
// (or no rule) returns ErrInsightsDenied.
func WithInsightsAccess(allow func(ctx context.Context, actor string) (bool, error)) Option {
	return func(s *Service) { s.insights = allow }
}

// NewService returns a Service that keeps its data in store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(),
		requestTTL: DefaultRequestTTL, cadence: DefaultCadenceDays}
	for _, o := range opts {
		o(s)
	}
	return s
}

// EventType names a kind of change.
type EventType string

// Event types: the complete list of what an Observer is told. Mentee and
// Mentor are those of the relation concerned.
const (
	// EventRequestReceived: Mentee asked Mentor to mentor them.
	EventRequestReceived EventType = "mentorship.request.received"
	// EventRequestAccepted: Mentor accepted; the relation is active.
	EventRequestAccepted EventType = "mentorship.request.accepted"
	// EventRequestDeclined: Mentor declined; the mentee keeps their
	// current mentor.
	EventRequestDeclined EventType = "mentorship.request.declined"
	// EventRequestWithdrawn: Mentee withdrew the request.
	EventRequestWithdrawn EventType = "mentorship.request.withdrawn"
	// EventRequestExpired: Sweep found the request unanswered past its
	// expiry.
	EventRequestExpired EventType = "mentorship.request.expired"
	// EventRequestSuperseded: another request of Mentee was accepted.
	EventRequestSuperseded EventType = "mentorship.request.superseded"
	// EventRelationEnded: an active relation ended for Reason: by End,
	// as switched on an accept, or as switched when the mentee's team
	// lead changed (stored by Service.DefaultRelation or Sweep).
	EventRelationEnded EventType = "mentorship.relation.ended"
	// EventMeetingRecorded: Actor recorded Meeting of the relation.
	EventMeetingRecorded EventType = "mentorship.meeting.recorded"
	// EventMeetingOverdue: Sweep found the relation's next meeting, due
	// at Due, not held.
	EventMeetingOverdue EventType = "mentorship.meeting.overdue"
)

// Event describes a committed change. Fields that do not apply to its Type
// are empty.
type Event struct {
	Type EventType `json:"type"`
	At   time.Time `json:"at"`
	// Actor made the change; empty for changes made by Sweep or by the
	// Service itself (a relation ended as switched).
	Actor      string    `json:"actor,omitempty"`
	Mentee     string    `json:"mentee,omitempty"`
	Mentor     string    `json:"mentor,omitempty"`
	RelationID string    `json:"relationId,omitempty"`
	MeetingID  string    `json:"meetingId,omitempty"`
	Reason     EndReason `json:"reason,omitempty"`
	Due        time.Time `json:"due,omitzero"`
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
// Calls to the host (the Directory, Interests) belong before it: a store
// holding a lock for the change must not wait on a host that calls back
// into it.
func change[T any](ctx context.Context, s *Service, work func(ctx context.Context, record func(...Event)) (T, error)) (T, error) {
	v, _, err := storage.Change(ctx, s.store, s.logEntry, work)
	return v, err
}

// emit tells the observer of committed events; a panic in the observer is
// recovered. Only change calls it.
func (s *Service) emit(ctx context.Context, events ...Event) {
	if s.observer == nil {
		return
	}
	for _, e := range events {
		func() {
			defer func() { _ = recover() }()
			s.observer(ctx, e)
		}()
	}
}

// clock returns the current time as stored: UTC, whole microseconds.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// teamLead asks the Directory for person's team lead; "" when there is no
// Directory, no lead, or the person leads themselves.
func (s *Service) teamLead(ctx context.Context, person string) (string, error) {
	if s.directory == nil {
		return "", nil
	}
	lead, err := s.directory.TeamLead(ctx, person)
	if err != nil {
		return "", wrap(err, "team lead of %s", person)
	}
	if lead == person {
		return "", nil
	}
	return lead, nil
}

// leadCache asks the Directory for each person's team lead at most once
// during one call.
type leadCache struct {
	s     *Service
	known map[string]string
}

func (s *Service) leadCache() *leadCache { return &leadCache{s: s, known: map[string]string{}} }

func (c *leadCache) of(ctx context.Context, person string) (string, error) {
	if lead, ok := c.known[person]; ok {
		return lead, nil
	}
	lead, err := c.s.teamLead(ctx, person)
	if err != nil {
		return "", err
	}
	c.known[person] = lead
	return lead, nil
}

// staleDefault reports whether r is an active default relation whose
// mentor is no longer the mentee's team lead.
func staleDefault(ctx context.Context, r *Relation, leads *leadCache) (bool, error) {
	if r.Kind != KindDefault || r.Status != StatusActive {
		return false, nil
	}
	lead, err := leads.of(ctx, r.Mentee)
	if err != nil {
		return false, err
	}
	return lead != r.Mentor, nil
}

// view shows a stored relation as it is at now: a request past its expiry
// reads as expired, and a default relation whose mentor is no longer the
// mentee's team lead reads as ended, switched (with EndedAt nil until the
// end is stored). Both are stored later by Sweep or by the next change of
// the mentee's mentor; reading writes nothing.
func view(ctx context.Context, r *Relation, now time.Time, leads *leadCache) error {
	if r.ExpiredAt(now) {
		at := *r.ExpiresAt
		r.Status, r.DecidedAt = StatusExpired, &at
		return nil
	}
	stale, err := staleDefault(ctx, r, leads)
	if err != nil {
		return err
	}
	if stale {
		r.Status, r.EndReason = StatusEnded, EndSwitched
	}
	return nil
}

// mentee returns person's record, or an empty one when none is stored.
func (s *Service) mentee(ctx context.Context, person string) (*Mentee, error) {
	m, err := s.store.Mentee(ctx, person)
	if errors.Is(err, storage.ErrNotFound) {
		return &Mentee{Person: person}, nil
	}
	if err != nil {
		return nil, wrap(err, "mentee %s", person)
	}
	return m, nil
}

// ensureMentee stores an empty record for person unless one exists, so
// that a change can lock it. It runs before the change, outside any
// transaction, so that a lost race to create the record
// (storage.ErrAlreadyExists) aborts nothing; an empty record means the
// same as none. When no record is stored yet, check, when not nil, first
// decides against an empty one whether the change can go ahead, so that a
// refused change stores nothing, not even the record; when one is stored,
// the change's own checks, under its lock, decide alone.
func (s *Service) ensureMentee(ctx context.Context, person string, check func(*Mentee) error) error {
	if _, err := s.store.Mentee(ctx, person); err == nil {
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return wrap(err, "mentee %s", person)
	}
	if check != nil {
		if err := check(&Mentee{Person: person}); err != nil {
			return err
		}
	}
	err := s.store.CreateMentee(ctx, &Mentee{Person: person, UpdatedAt: s.clock(), Version: 1})
	if err != nil && !errors.Is(err, storage.ErrAlreadyExists) {
		return wrap(err, "mentee %s", person)
	}
	return nil
}

// lockMentee applies fn to person's stored mentee record inside a change,
// which locks it until the change ends, and returns the record as it was
// before fn. errUnchanged from fn leaves the record as it is and is
// returned.
func (s *Service) lockMentee(ctx context.Context, person string, fn func(*Mentee) error) (Mentee, error) {
	var before Mentee
	_, err := s.store.UpdateMentee(ctx, person, 0, func(m *Mentee) error {
		before = *m
		return fn(m)
	})
	return before, err
}

// normalizeTags trims tags, puts them in lower case and drops empty and
// repeated ones, keeping the first occurrence's position (the same form
// okr stores).
func normalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// filterPage reads pages from list until it has gathered a full page of
// values that pass keep. The returned cursor continues after the last
// value examined.
func filterPage[T any](req storage.PageRequest, list func(storage.PageRequest) (storage.Page[T], error), keep func(*T) (bool, error), id func(*T) string) (storage.Page[T], error) {
	want := req.Size()
	out := storage.Page[T]{Items: []T{}}
	for {
		p, err := list(req)
		if err != nil {
			return storage.Page[T]{}, err
		}
		for i := range p.Items {
			v := &p.Items[i]
			ok, err := keep(v)
			if err != nil {
				return storage.Page[T]{}, err
			}
			if !ok {
				continue
			}
			out.Items = append(out.Items, *v)
			if want > 0 && len(out.Items) == want {
				if i < len(p.Items)-1 || p.Next != "" {
					out.Next = storage.CursorAfter(id(v))
				}
				return out, nil
			}
		}
		if p.Next == "" {
			return out, nil
		}
		req.Cursor = p.Next
	}
}

// all is the page request for internal reads of every value.
var all = storage.PageRequest{Limit: storage.NoLimit}

// wrapOp adds the package prefix to a store error, leaving the package's
// own rule errors as they are so that they read well.
func wrapOp(op string, err error) error {
	if r, ok := err.(*storage.RuleError); ok && strings.HasPrefix(r.Code, "mentorship.") {
		return err
	}
	return wrap(err, "%s", op)
}

// errNoActor is storage.ErrNoActor with the package prefix.
var errNoActor = fmt.Errorf("mentorship: %w", storage.ErrNoActor)

// wrap adds what failed to err, so that the error carries the package
// prefix exactly once: errors that carry it already (the sentinels, or
// errors wrapped once) get the context after it, others get the prefix
// and the context before them.
func wrap(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if strings.Contains(err.Error(), "mentorship:") {
		return fmt.Errorf("%w: %s", err, what)
	}
	return fmt.Errorf("mentorship: %s: %w", what, err)
}
