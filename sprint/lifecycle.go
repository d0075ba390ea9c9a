package sprint

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// DefaultCapacity is the number of topics a sprint takes on unless told
// otherwise: "usually, we focus on two to three topics".
const DefaultCapacity = 3

// PlanInput describes a new sprint. Title defaults to "2026 Q3" and the
// like, Period to the fiscal quarter (see QuarterPeriod), Capacity to
// DefaultCapacity. With a MeetingID, the selected items of that closed
// backlog prioritisation meeting become the sprint's first topics.
type PlanInput struct {
	Year         int         `json:"year" validate:"gte=2000,lte=2999"`
	Quarter      int         `json:"quarter" validate:"gte=1,lte=4"`
	Title        string      `json:"title" validate:"max=200"`
	Period       *okr.Period `json:"period"`
	Facilitators []string    `json:"facilitators" validate:"max=20,dive,required,max=200"`
	Capacity     int         `json:"capacity" validate:"gte=0,lte=20"`
	MeetingID    string      `json:"meetingId"`
}

// TopicInput adds a topic: a backlog item by ItemID, or a topic of its own
// by Title (and Tags).
type TopicInput struct {
	ItemID string   `json:"itemId"`
	Title  string   `json:"title" validate:"max=200"`
	Tags   []string `json:"tags" validate:"max=20,dive,max=50"`
}

// Plan starts planning the sprint of a fiscal quarter. actor becomes one
// of its facilitators. The actions the previous closed sprint left open
// are carried into it. It returns ErrNotFacilitator unless actor is a
// company facilitator (see WithRoles), ErrQuarterTaken when the quarter
// already has a sprint that is not cancelled, and a
// *storage.ValidationError for invalid input, including a meeting that is
// not closed or selected more topics than the capacity.
func (s *Service) Plan(ctx context.Context, actor string, in PlanInput) (*Sprint, error) {
	if actor == "" {
		return nil, errNoActor
	}
	if ok, err := s.isFacilitator(ctx, actor); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotFacilitator
	}
	in.Title = strings.TrimSpace(in.Title)
	var extra []storage.FieldError
	if in.Period != nil {
		p := okr.Period{Start: okr.Date(in.Period.Start), End: okr.Date(in.Period.End)}
		if in.Period.Start.IsZero() || in.Period.End.IsZero() || p.End.Before(p.Start) ||
			p.Start.Year() < okr.MinYear || p.End.Year() > okr.MaxYear {
			extra = append(extra, storage.FieldError{Field: "period", Message: fmt.Sprintf("must have a start and an end not before it, in the years %d to %d", okr.MinYear, okr.MaxYear)})
		}
		in.Period = &p
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, prefixed(err, "plan")
	}
	now := s.now().UTC()
	sp := &Sprint{
		ID: s.newID(), Year: in.Year, Quarter: in.Quarter, Title: in.Title,
		Facilitators: uniqueKeepCase(append([]string{actor}, in.Facilitators...)),
		Capacity:     in.Capacity, MeetingID: in.MeetingID, State: Planning,
		Topics: []Topic{}, Carried: []CarriedAction{}, History: []Transition{},
		Retrospective: Retrospective{Notes: []Note{}, Actions: []Action{}},
		CreatedAt:     now, UpdatedAt: now, Version: 1,
	}
	if sp.Title == "" {
		sp.Title = fmt.Sprintf("%d Q%d", in.Year, in.Quarter)
	}
	if in.Period != nil {
		sp.Period = *in.Period
	} else {
		sp.Period = QuarterPeriod(s.fiscalStart, in.Year, in.Quarter)
	}
	if sp.Capacity == 0 {
		sp.Capacity = DefaultCapacity
	}
	sp, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Sprint, error) {
		return s.plan(ctx, record, actor, sp, in.MeetingID, now)
	})
	if err != nil {
		return nil, prefixed(err, "plan")
	}
	return sp, nil
}

// plan is the work of Plan, inside its change: it books the quarter for
// new sprint sp, carries the open actions of the previous closed sprint
// into it, takes the topics of meetingID (when not empty) and stores it.
func (s *Service) plan(ctx context.Context, record func(...Event), actor string, sp *Sprint, meetingID string, now time.Time) (*Sprint, error) {
	key := QuarterKey(sp.Year, sp.Quarter)
	if _, err := s.store.UpdateSchedule(ctx, 0, func(sc *Schedule) error {
		if sc.Quarters[key] != "" {
			return ErrQuarterTaken
		}
		if sc.Quarters == nil {
			sc.Quarters = map[string]string{}
		}
		sc.Quarters[key] = sp.ID
		return nil
	}); err != nil {
		return nil, err
	}
	all, err := s.store.Sprints(ctx, SprintFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, err
	}
	var carried []Action
	if prev := previousClosed(all.Items, sp); prev != nil {
		carried = outgoing(prev)
		sp.PreviousID = prev.ID
		for _, a := range carried {
			sp.Carried = append(sp.Carried, CarriedAction{Action: a})
		}
	}
	if meetingID != "" {
		topics, err := s.topicsFromMeeting(ctx, sp, meetingID)
		if err != nil {
			return nil, err
		}
		sp.Topics = topics
	}
	if err := s.store.CreateSprint(ctx, sp); err != nil {
		return nil, err
	}
	for _, a := range carried {
		record(Event{Type: EventActionCarried, At: now, Actor: actor, Sprint: sp.PreviousID, Action: a.ID, Target: sp.ID})
	}
	return sp, nil
}

// previousClosed returns the sprint whose open actions a new sprint
// carries: the latest closed sprint before it, provided no sprint that is
// neither closed nor cancelled lies between them (that one carries them,
// or will when it closes). It returns nil when there is none.
func previousClosed(all []Sprint, sp *Sprint) *Sprint {
	var prev *Sprint
	for i := range all {
		o := &all[i]
		if o.State == Closed && before(o, sp) && (prev == nil || before(prev, o)) {
			prev = o
		}
	}
	if prev == nil {
		return nil
	}
	for i := range all {
		o := &all[i]
		if o.State != Closed && o.State != Cancelled && before(prev, o) && before(o, sp) {
			return nil
		}
	}
	return prev
}

// uniqueKeepCase drops empty and repeated IDs, keeping order; person IDs
// are opaque, so their case is kept.
func uniqueKeepCase(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// before reports whether a's quarter comes before b's.
func before(a, b *Sprint) bool {
	return a.FiscalQuarter().Index() < b.FiscalQuarter().Index()
}

// Sprint returns a sprint; anyone signed in may read it.
func (s *Service) Sprint(ctx context.Context, viewer, id string) (*Sprint, error) {
	return s.sprintFor(ctx, viewer, id)
}

// Sprints lists sprints, optionally of one year or in one state, ordered
// by ID. Anyone signed in may read them.
func (s *Service) Sprints(ctx context.Context, viewer string, f SprintFilter, page storage.PageRequest) (storage.Page[Sprint], error) {
	if viewer == "" {
		return storage.Page[Sprint]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Sprint]{}, prefixed(err, "list sprints")
	}
	p, err := s.store.Sprints(ctx, f, page)
	if err != nil {
		return storage.Page[Sprint]{}, prefixed(err, "list sprints")
	}
	return p, nil
}

// AddTopic adds a topic to a sprint in planning: a backlog item (open, or
// selected by the sprint's meeting), which becomes selected for the
// sprint, or a topic of its own. It returns ErrNotFacilitator to anyone
// but a facilitator, ErrScopeFrozen once committed, ErrOverCapacity when
// the sprint is full, and a *storage.ValidationError for invalid input.
func (s *Service) AddTopic(ctx context.Context, actor, sprintID string, version int64, in TopicInput) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Tags = okr.NormalizeTags(in.Tags)
	var extra []storage.FieldError
	if (in.ItemID == "") == (in.Title == "") {
		extra = append(extra, storage.FieldError{Field: "itemId", Message: "give either a backlog item or a title"})
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, prefixed(err, "add topic")
	}
	return s.changeSprint(ctx, sprintID, version, func(ctx context.Context, sp *Sprint) error {
		if sp.State != Planning {
			return ErrScopeFrozen
		}
		if len(sp.Topics) >= sp.Capacity {
			return ErrOverCapacity
		}
		t := Topic{ID: s.newID(), Title: in.Title, Tags: in.Tags, Goals: []LearningGoal{}}
		if in.ItemID != "" {
			if slices.ContainsFunc(sp.Topics, func(t Topic) bool { return t.ItemID == in.ItemID }) {
				return storage.Invalid("itemId", "is already a topic of the sprint")
			}
			item, err := s.takeItem(ctx, sp, in.ItemID)
			if err != nil {
				return err
			}
			t.ItemID, t.Title, t.Tags = item.id, item.title, okr.NormalizeTags(append(item.tags, in.Tags...))
		}
		sp.Topics = append(sp.Topics, t)
		return nil
	})
}

// RemoveTopic removes a topic from a sprint in planning, with its learning
// goals; a backlog item goes back to the backlog as open. Activities of the
// topic must be removed first. It returns the errors of AddTopic and
// ErrNotEditable when the topic still has activities.
func (s *Service) RemoveTopic(ctx context.Context, actor, sprintID, topicID string, version int64) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	return s.changeSprint(ctx, sprintID, version, func(ctx context.Context, sp *Sprint) error {
		if sp.State != Planning {
			return ErrScopeFrozen
		}
		t := findTopic(sp, topicID)
		if t == nil {
			return fmt.Errorf("topic %s: %w", topicID, storage.ErrNotFound)
		}
		// With the sprint locked, no activity can be added to the
		// topic meanwhile (AddActivity locks it too).
		acts, err := s.store.Activities(ctx, ActivityFilter{SprintID: sprintID, TopicID: topicID}, storage.PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(acts.Items) > 0 {
			return fmt.Errorf("%w: the topic has activities", ErrNotEditable)
		}
		if t.ItemID != "" {
			if err := s.releaseItem(ctx, t.ItemID); err != nil {
				return err
			}
		}
		sp.Topics = slices.DeleteFunc(sp.Topics, func(t Topic) bool { return t.ID == topicID })
		return nil
	})
}

// Transition moves a sprint to another state. Allowed are planning →
// committed → active → review → closed, and planning or committed →
// cancelled; anything else returns a *TransitionError naming both states
// and changes nothing.
//
//   - committed requires at least one topic, each with at least one
//     learning goal; the scope is then frozen.
//   - closed requires every learning goal assessed and the retrospective
//     recorded. In one atomic step, closing marks the backlog items of
//     topics whose goals were all achieved as done, returns the others to
//     the backlog as open (their carry-over count grows by one), and
//     carries the open actions into the next sprint when it is already
//     planned (otherwise planning it carries them).
//   - cancelled returns the sprint's backlog items to the backlog as open.
//
// It returns ErrNotFacilitator to anyone but a facilitator and
// storage.ErrConflict for a stale non-zero version. Observers hear
// EventStateChanged, and EventActionCarried for each carried action.
func (s *Service) Transition(ctx context.Context, actor, sprintID string, version int64, to State) (*Sprint, error) {
	cur, err := s.facilitated(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	switch to {
	case Planning, Committed, Active, Review, Closed, Cancelled:
	default:
		return nil, fmt.Errorf("sprint: transition: %w", storage.Invalid("to", "must be one of: committed, active, review, closed, cancelled"))
	}
	now := s.now().UTC()
	out, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Sprint, error) {
		return s.transition(ctx, record, actor, cur, version, to, now)
	})
	if err != nil {
		return nil, prefixed(err, "sprint %s", sprintID)
	}
	return out, nil
}

// transition is the work of Transition, inside its change: it moves
// sprint cur to state to (see move), carries a closed sprint's open
// actions forward, and records the events.
func (s *Service) transition(ctx context.Context, record func(...Event), actor string, cur *Sprint, version int64, to State, now time.Time) (*Sprint, error) {
	if to == Closed || to == Cancelled {
		if err := s.queueBehindPlans(ctx, cur, to); err != nil {
			return nil, err
		}
	}
	out, err := s.updateSprint(ctx, cur.ID, version, func(sp *Sprint) error { return s.move(ctx, sp, actor, to, now) })
	if err != nil {
		return nil, err
	}
	from := out.History[len(out.History)-1].From
	record(Event{Type: EventStateChanged, At: now, Actor: actor, Sprint: cur.ID, From: from, To: to})
	if to != Closed {
		return out, nil
	}
	carried := outgoing(out)
	target, err := s.carryForward(ctx, out, carried)
	if err != nil {
		return nil, err
	}
	if target != nil {
		for _, a := range carried {
			record(Event{Type: EventActionCarried, At: now, Actor: actor, Sprint: out.ID, Action: a.ID, Target: target.ID})
		}
	}
	return out, nil
}

// queueBehindPlans takes the schedule for a sprint about to close or be
// cancelled: closing and cancelling change what other sprints carry and
// which quarters are free, so they queue behind plans. Cancelling frees
// the sprint's quarter.
func (s *Service) queueBehindPlans(ctx context.Context, sp *Sprint, to State) error {
	key := QuarterKey(sp.Year, sp.Quarter)
	_, err := s.store.UpdateSchedule(ctx, 0, func(sc *Schedule) error {
		if to == Cancelled && sc.Quarters[key] == sp.ID {
			delete(sc.Quarters, key)
		}
		return nil
	})
	return err
}

// move checks that sp may move to state to and moves it, as actor at now:
// closing settles its backlog items and marks carried actions still
// unresolved as carried again; cancelling releases its backlog items.
func (s *Service) move(ctx context.Context, sp *Sprint, actor string, to State, now time.Time) error {
	if !CanMove(sp.State, to) {
		return &TransitionError{From: sp.State, To: to, Reason: "not a step of the lifecycle"}
	}
	if reason := missing(sp, to); reason != "" {
		return &TransitionError{From: sp.State, To: to, Reason: reason}
	}
	switch to {
	case Closed:
		if err := s.settleItems(ctx, sp); err != nil {
			return err
		}
		for i := range sp.Carried {
			if sp.Carried[i].Resolution == Unresolved {
				sp.Carried[i].Resolution = CarriedAgain
			}
		}
	case Cancelled:
		if err := s.releaseItems(ctx, sp); err != nil {
			return err
		}
	}
	sp.History = append(sp.History, Transition{From: sp.State, To: to, By: actor, At: now})
	sp.State = to
	return nil
}

// releaseItems returns the backlog items of sp's topics to the backlog.
func (s *Service) releaseItems(ctx context.Context, sp *Sprint) error {
	for _, t := range sp.Topics {
		if t.ItemID != "" {
			if err := s.releaseItem(ctx, t.ItemID); err != nil {
				return err
			}
		}
	}
	return nil
}

// missing says what a sprint lacks to move to a state, or "" when nothing.
func missing(sp *Sprint, to State) string {
	switch to {
	case Committed:
		if len(sp.Topics) == 0 {
			return "the sprint has no topic"
		}
		if len(sp.Topics) > sp.Capacity {
			return fmt.Sprintf("the sprint has %d topics for a capacity of %d", len(sp.Topics), sp.Capacity)
		}
		for _, t := range sp.Topics {
			if len(t.Goals) == 0 {
				return fmt.Sprintf("topic %q has no learning goal", t.Title)
			}
		}
	case Closed:
		for _, t := range sp.Topics {
			for _, g := range t.Goals {
				if g.Assessment == nil {
					return fmt.Sprintf("learning goal %q is not assessed", g.Statement)
				}
			}
		}
		if sp.Retrospective.RecordedAt == nil {
			return "the retrospective is not recorded"
		}
	}
	return ""
}

// carryForward hands a closed sprint's outgoing actions to the next sprint
// when one is already planned (the earliest later sprint that is neither
// closed nor cancelled). They replace what that sprint carried from before
// — actions the closed sprint resolved are no longer carried — and an
// action the next sprint already resolved keeps its resolution. It returns
// that sprint, or nil when there is none yet.
func (s *Service) carryForward(ctx context.Context, closed *Sprint, actions []Action) (*Sprint, error) {
	all, err := s.store.Sprints(ctx, SprintFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, err
	}
	var next *Sprint
	for i := range all.Items {
		o := &all.Items[i]
		if o.State != Closed && o.State != Cancelled && before(closed, o) && (next == nil || before(o, next)) {
			next = o
		}
	}
	if next == nil {
		return nil, nil
	}
	return s.updateSprint(ctx, next.ID, 0, func(n *Sprint) error {
		had := make(map[string]CarriedAction, len(n.Carried))
		for _, c := range n.Carried {
			had[c.ID] = c
		}
		n.PreviousID = closed.ID
		n.Carried = make([]CarriedAction, 0, len(actions))
		for _, a := range actions {
			c := had[a.ID]
			c.Action = a
			n.Carried = append(n.Carried, c)
		}
		return nil
	})
}

// settleItems marks the backlog item of each topic whose learning goals
// were all achieved as done, and returns the others to the backlog.
func (s *Service) settleItems(ctx context.Context, sp *Sprint) error {
	for _, t := range sp.Topics {
		if t.ItemID == "" {
			continue
		}
		achieved := true
		for _, g := range t.Goals {
			achieved = achieved && g.Assessment != nil && g.Assessment.Outcome == Achieved
		}
		if err := s.finishItem(ctx, t.ItemID, achieved); err != nil {
			return err
		}
	}
	return nil
}
