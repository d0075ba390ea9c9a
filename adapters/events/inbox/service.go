package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/storage"
)

// ConsumerName is the name of the inbox's events.Consumer, under which its
// cursor is stored.
const ConsumerName = "inbox"

// Service fills and reads inboxes.
type Service struct {
	store   Store
	now     func() time.Time
	newID   func() string
	names   func(ctx context.Context, person string) string
	scope   func(ctx context.Context, person, scope string) (bool, error)
	sources reminderSources
	cadence time.Duration
	holder  string
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock the Service reads; time.Now by default.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of item IDs; storage.NewIDSource by default. IDs
// must grow with time: inboxes list the highest first.
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// WithNames sets how titles name people; the person's ID by default.
func WithNames(names func(ctx context.Context, person string) string) Option {
	return func(s *Service) { s.names = names }
}

// WithScope sets the check of an event's Audience.Scope (see
// storage.Event.Visible), such as okr.Service.SeesScope. Without it, an
// event with a scope reaches only the people it names.
func WithScope(scope func(ctx context.Context, person, scope string) (bool, error)) Option {
	return func(s *Service) { s.scope = scope }
}

// WithCheckInCadence sets how long a key result may go without a check-in
// before its owner is reminded, for objectives without a cadence of their
// own (okr.Objective.CheckInDays); 14 days by default.
func WithCheckInCadence(d time.Duration) Option { return func(s *Service) { s.cadence = d } }

// NewService returns a Service on store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(), cadence: 14 * 24 * time.Hour}
	for _, o := range opts {
		o(s)
	}
	if s.names == nil {
		s.names = func(_ context.Context, p string) string { return p }
	}
	s.holder = s.newID()
	return s
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

var errNoPerson = storage.Invalid("person", "is required")

// Items returns a page of person's inbox, newest first; with unread, only
// the items not yet read. It returns a *storage.ValidationError for an
// empty person or a bad page request.
func (s *Service) Items(ctx context.Context, person string, unread bool, page storage.PageRequest) (storage.Page[Item], error) {
	if person == "" {
		return storage.Page[Item]{}, errNoPerson
	}
	if err := page.Check(); err != nil {
		return storage.Page[Item]{}, err
	}
	p, err := s.store.InboxItems(ctx, person, Filter{Unread: unread}, page)
	if err != nil {
		return storage.Page[Item]{}, fmt.Errorf("inbox: items of %s: %w", person, err)
	}
	return p, nil
}

// UnreadCount returns how many of person's items are unread.
func (s *Service) UnreadCount(ctx context.Context, person string) (int, error) {
	if person == "" {
		return 0, errNoPerson
	}
	n, err := s.store.InboxUnread(ctx, person)
	if err != nil {
		return 0, fmt.Errorf("inbox: unread of %s: %w", person, err)
	}
	return n, nil
}

// MarkRead marks the items ids of person's inbox read, or with all every
// item (up to upTo, an item ID, when not empty), and returns how many were
// unread. IDs of other people's items are ignored.
func (s *Service) MarkRead(ctx context.Context, person string, ids []string, all bool, upTo string) (int, error) {
	if person == "" {
		return 0, errNoPerson
	}
	n, err := s.store.MarkInboxRead(ctx, person, Mark{IDs: ids, All: all, UpTo: upTo, At: s.clock()})
	if err != nil {
		return 0, fmt.Errorf("inbox: mark read for %s: %w", person, err)
	}
	return n, nil
}

// Consumer returns the events.Consumer, named "inbox", that adds an item
// for each event to every person it concerns (its Subjects and
// Audience.People) who may see it, except the actor. The host drains or
// runs it, on every instance: one holds its lease at a time. The
// consumers a Service returns share its holder.
func (s *Service) Consumer() *events.Consumer {
	return &events.Consumer{Log: s.store, Name: ConsumerName, Holder: s.holder, Handle: s.Handle, Now: s.now}
}

// Handle adds the items of one event (see Consumer). It is idempotent.
func (s *Service) Handle(ctx context.Context, e storage.Event) error {
	var items []Item
	seen := map[string]bool{}
	link := linkOf(e)
	for _, group := range [][]string{e.Subjects, e.Audience.People} {
		for _, p := range group {
			if p == "" || p == e.Actor || seen[p] {
				continue
			}
			seen[p] = true
			ok, err := e.Visible(ctx, p, s.scope)
			if err != nil {
				return fmt.Errorf("inbox: event %s: %w", e.ID, err)
			}
			if !ok {
				continue
			}
			items = append(items, Item{
				ID: s.newID(), Person: p, Key: "event:" + e.ID, Kind: e.Type,
				Title: s.eventTitle(ctx, e), Link: link, EventSeq: e.Seq, At: e.At,
			})
		}
	}
	if len(items) == 0 {
		return nil
	}
	if _, err := s.store.AddInboxItems(ctx, items); err != nil {
		return fmt.Errorf("inbox: event %s: %w", e.ID, err)
	}
	return nil
}

// linkFields are the payload fields that name an event's object, the most
// specific first, with the object kind each names.
var linkFields = []struct{ field, kind string }{
	{"suggestionId", "suggestion"}, {"commentId", "objective"}, {"meetingId", "meeting"},
	{"objectiveId", "objective"}, {"relationId", "relation"}, {"itemId", "item"},
	{"activity", "activity"}, {"goal", "goal"}, {"action", "action"}, {"sprint", "sprint"}, {"goalId", "goal"},
}

func linkOf(e storage.Event) Link {
	var payload map[string]any
	_ = json.Unmarshal(e.Payload, &payload)
	pkg, _, _ := strings.Cut(e.Type, ".")
	for _, f := range linkFields {
		id, _ := payload[f.field].(string)
		if id == "" {
			continue
		}
		if f.field == "commentId" {
			// A comment is read on its objective.
			if id, _ = payload["objectiveId"].(string); id == "" {
				continue
			}
		}
		return Link{Kind: pkg + "." + f.kind, ID: id}
	}
	return Link{Kind: "event", ID: e.ID}
}

// eventTitles are the sentences of event items; %s is the actor's name.
var eventTitles = map[string]string{
	"okr.checkin.recorded":          "%s checked in on a key result",
	"okr.grade.changed":             "%s changed a grade",
	"okr.suggestion.received":       "%s suggested an objective to you",
	"okr.suggestion.accepted":       "%s accepted your suggestion",
	"okr.suggestion.declined":       "%s declined your suggestion",
	"okr.suggestion.withdrawn":      "%s withdrew a suggestion",
	"okr.objective.closed":          "%s closed an objective",
	"okr.comment.added":             "%s commented on your objective",
	"mentorship.request.received":   "%s asked you to mentor them",
	"mentorship.request.accepted":   "%s accepted your mentoring request",
	"mentorship.request.declined":   "%s declined your mentoring request",
	"mentorship.request.withdrawn":  "%s withdrew a mentoring request",
	"mentorship.request.expired":    "A mentoring request expired",
	"mentorship.request.superseded": "A mentoring request was superseded",
	"mentorship.relation.ended":     "%s ended a mentoring relation",
	"mentorship.meeting.recorded":   "%s recorded a mentoring meeting",
	"mentorship.meeting.overdue":    "A mentoring meeting is overdue",
	"mentorship.session.planned":    "%s planned your next mentoring session",
	"mentorship.session.cancelled":  "%s cancelled your planned mentoring session",
	"sprint.enrolment.created":      "%s enrolled you in an activity",
	"sprint.enrolment.cancelled":    "%s cancelled an enrolment",
	"sprint.action.carried":         "%s carried a retrospective action",
	"sprint.goal.assessed":          "%s assessed a learning goal",
	"sprint.state.changed":          "%s moved a sprint on",
}

func (s *Service) eventTitle(ctx context.Context, e storage.Event) string {
	actor := "Someone"
	if e.Actor != "" {
		actor = s.names(ctx, e.Actor)
	}
	if t, ok := eventTitles[e.Type]; ok {
		if strings.Contains(t, "%s") {
			return fmt.Sprintf(t, actor)
		}
		return t
	}
	return fmt.Sprintf("%s: %s", actor, e.Type)
}
