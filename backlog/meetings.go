package backlog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// CapacityInput sets what a sprint can take. MaxTopics defaults to
// DefaultMaxTopics; without a Budget, effort is not limited.
type CapacityInput struct {
	MaxTopics *int     `json:"maxTopics" validate:"omitnil,gte=1,lte=100"`
	Budget    *float64 `json:"budget" validate:"omitnil,gt=0,lte=1000000000"`
}

// MeetingInput opens a prioritisation meeting.
type MeetingInput struct {
	// Quarter is the quarter the meeting prioritises, as "2026-Q3".
	Quarter string `json:"quarter" validate:"required"`
	Title   string `json:"title" validate:"max=200"`
	// Participants may submit estimates and ballots; at least one.
	Participants []string `json:"participants" validate:"min=1,max=500,dive,max=200"`
	// Facilitators names co-facilitators beside the person opening the
	// meeting; each must be a facilitator.
	Facilitators []string `json:"facilitators" validate:"max=20,dive,max=200"`
	// Policy ranks the items at the close; Impact when nil.
	Policy   *PolicySpec   `json:"policy"`
	Capacity CapacityInput `json:"capacity"`
	// Aggregation combines the participants' estimates; Median when empty.
	Aggregation Aggregation `json:"aggregation" validate:"omitempty,oneof=median mean"`
}

// MeetingChanges lists changes to an open meeting; nil fields stay as they
// are. The policy is fixed once the meeting is open, since estimates are
// checked against what it requires. A participant who is removed loses
// their submission.
type MeetingChanges struct {
	Title        *string        `json:"title" validate:"omitnil,max=200"`
	Participants *[]string      `json:"participants" validate:"omitnil,min=1,max=500,dive,max=200"`
	Capacity     *CapacityInput `json:"capacity"`
	// RemoveBudget lifts the effort budget.
	RemoveBudget bool `json:"removeBudget"`
}

// EstimatesInput is what a participant submits to an open meeting: any
// number of estimates, one per item at most, and optionally a ballot.
// Estimates replace the participant's earlier estimates of the same items;
// a ballot replaces their earlier ballot.
type EstimatesInput struct {
	Estimates []Estimate `json:"estimates" validate:"max=1000,dive"`
	// Ballot ranks open items, best first (used by the Borda policy).
	Ballot *[]string `json:"ballot" validate:"omitnil,max=1000"`
}

// Preview is a ranking computed without changing anything: the inputs as
// they would be recorded if the meeting closed now, and the decision.
type Preview struct {
	Snapshot Snapshot `json:"snapshot"`
	Result   Result   `json:"result"`
}

// OpenMeeting opens a prioritisation meeting run by actor, who must be a
// facilitator, as must every co-facilitator named. A quarter has at most
// one meeting that is not cancelled, so that the items its close selects
// belong to one decision: the store enforces this, also for concurrent
// calls (see Store.CreatePrioritisationMeeting). It returns
// ErrNotFacilitator when actor is not one, ErrQuarterTaken when the
// quarter has an open or closed meeting, and a *storage.ValidationError
// for invalid input: a malformed quarter, no participants, a co-facilitator
// who is not one ("facilitators[1]"), an unknown policy or parameter
// ("policy.name", "policy.params.rate"), a host's policy that breaks the
// contract of WithPolicy ("policy.name", "policy"), a capacity below 1
// topic or a budget not above 0. Observers hear EventMeetingOpened.
func (s *Service) OpenMeeting(ctx context.Context, actor string, in MeetingInput) (*Meeting, error) {
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Participants = normalizePeople(in.Participants)
	in.Facilitators = trimAll(in.Facilitators)
	var extra []storage.FieldError
	q, err := ParseQuarter(in.Quarter)
	if in.Quarter != "" && err != nil {
		extra = append(extra, storage.FieldError{Field: "quarter", Message: "must look like 2026-Q3"})
	}
	facilitators := []string{actor}
	for i, f := range in.Facilitators {
		ok, err := s.isFacilitator(ctx, f)
		if err != nil {
			return nil, err
		}
		if !ok {
			extra = append(extra, storage.FieldError{Field: fmt.Sprintf("facilitators[%d]", i), Message: "is not a facilitator"})
		}
		if !slices.Contains(facilitators, f) {
			facilitators = append(facilitators, f)
		}
	}
	spec := PolicySpec{Name: PolicyImpact}
	if in.Policy != nil {
		spec = *in.Policy
	}
	p, err := s.meetingPolicy(spec)
	if err != nil {
		var verr *storage.ValidationError
		if !errors.As(err, &verr) {
			return nil, prefixed(err, "open meeting")
		}
		extra = append(extra, verr.Fields...)
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, prefixed(err, "open meeting")
	}
	now := s.now().UTC()
	m := &Meeting{
		ID:           s.newID(),
		Quarter:      q,
		Title:        in.Title,
		Facilitators: facilitators,
		Participants: in.Participants,
		Policy:       p.Spec(),
		Capacity:     Capacity{MaxTopics: DefaultMaxTopics},
		Aggregation:  in.Aggregation,
		Status:       MeetingOpen,
		Submissions:  []Submission{},
		OpenedBy:     actor,
		CreatedAt:    now,
		UpdatedAt:    now,
		Version:      1,
	}
	applyCapacity(&m.Capacity, in.Capacity)
	if m.Aggregation == "" {
		m.Aggregation = Median
	}
	m, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		if err := s.store.CreatePrioritisationMeeting(ctx, m); err != nil {
			return nil, err
		}
		record(Event{Type: EventMeetingOpened, At: now, Actor: actor, MeetingID: m.ID})
		return m, nil
	})
	if errors.Is(err, storage.ErrAlreadyExists) {
		// Asked after the failed change, not inside it: a SQL
		// transaction may not run another statement after a failed one.
		if taken, terr := s.quarterTaken(ctx, q); terr == nil && taken {
			err = ErrQuarterTaken
		}
	}
	if err != nil {
		return nil, prefixed(err, "open meeting for %s", q)
	}
	return m, nil
}

// quarterTaken reports whether q has a meeting that is not cancelled: what
// makes the store refuse another.
func (s *Service) quarterTaken(ctx context.Context, q Quarter) (bool, error) {
	p, err := s.store.PrioritisationMeetings(ctx, MeetingFilter{Quarter: q}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(p.Items, func(m Meeting) bool { return m.Status != MeetingCancelled }), nil
}

// Meeting returns a meeting; anyone signed in may read every meeting. It
// returns an error wrapping storage.ErrNotFound for an unknown ID.
func (s *Service) Meeting(ctx context.Context, viewer, id string) (*Meeting, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	m, err := s.store.PrioritisationMeeting(ctx, id)
	if err != nil {
		return nil, prefixed(err, "meeting %s", id)
	}
	return m, nil
}

// Meetings lists the meetings matching f, ordered by ID. It returns a
// *storage.ValidationError for an unknown status or a bad page request.
func (s *Service) Meetings(ctx context.Context, viewer string, f MeetingFilter, page storage.PageRequest) (storage.Page[Meeting], error) {
	if viewer == "" {
		return storage.Page[Meeting]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Meeting]{}, prefixed(err, "list meetings")
	}
	switch f.Status {
	case "", MeetingOpen, MeetingClosed, MeetingCancelled:
	default:
		return storage.Page[Meeting]{}, fmt.Errorf("backlog: list meetings: %w",
			storage.Invalid("status", "must be one of: open, closed, cancelled"))
	}
	p, err := s.store.PrioritisationMeetings(ctx, f, page)
	if err != nil {
		return storage.Page[Meeting]{}, prefixed(err, "list meetings")
	}
	return p, nil
}

// ChangeMeeting changes an open meeting's title, participants or capacity.
// Only the meeting's facilitators may (see Meeting.Facilitators): it
// returns ErrNotFacilitator unless actor is a facilitator,
// ErrNotMeetingFacilitator unless they are one of the meeting's,
// ErrMeetingNotOpen once the meeting is closed or cancelled,
// storage.ErrConflict for a stale non-zero version, and a
// *storage.ValidationError for invalid changes. Observers hear
// EventMeetingChanged.
func (s *Service) ChangeMeeting(ctx context.Context, actor, id string, version int64, ch MeetingChanges) (*Meeting, error) {
	if _, err := s.requireMeetingFacilitator(ctx, actor, id); err != nil {
		return nil, err
	}
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		ch.Title = &t
	}
	if ch.Participants != nil {
		p := normalizePeople(*ch.Participants)
		ch.Participants = &p
	}
	var extra []storage.FieldError
	if ch.RemoveBudget && ch.Capacity != nil && ch.Capacity.Budget != nil {
		extra = append(extra, storage.FieldError{Field: "removeBudget", Message: "must not be set together with capacity.budget"})
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, prefixed(err, "change meeting")
	}
	now := s.now().UTC()
	m, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		m, err := s.store.UpdatePrioritisationMeeting(ctx, id, version, func(m *Meeting) error { return ch.apply(m, now) })
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventMeetingChanged, At: now, Actor: actor, MeetingID: id})
		return m, nil
	})
	if err != nil {
		return nil, prefixed(err, "change meeting %s", id)
	}
	return m, nil
}

// apply applies ch to open meeting m, changed at now.
func (ch *MeetingChanges) apply(m *Meeting, now time.Time) error {
	if m.Status != MeetingOpen {
		return ErrMeetingNotOpen
	}
	setIf(&m.Title, ch.Title)
	if ch.Participants != nil {
		m.Participants = *ch.Participants
		m.Submissions = slices.DeleteFunc(m.Submissions, func(sub Submission) bool {
			return !slices.Contains(m.Participants, sub.Participant)
		})
	}
	if ch.Capacity != nil {
		applyCapacity(&m.Capacity, *ch.Capacity)
	}
	if ch.RemoveBudget {
		m.Capacity.Budget = nil
	}
	m.UpdatedAt = now
	return nil
}

// SubmitEstimates records a participant's estimates and ballot for an
// open meeting. It returns ErrNotParticipant unless actor is a participant,
// ErrMeetingNotOpen once the meeting is closed or cancelled, and a
// *storage.ValidationError naming every bad field, by the position of the
// estimate, with the item's ID in the message: "estimates[2].impact"
// (missing or outside 1–10),
// "estimates[2].effort" (not above 0, or missing while the meeting's
// policy requires it, as WSJF and RICE do), "estimates[2].itemId" (not an
// open item, or repeated), "ballot[1]" (not an open item, or repeated), or
// "estimates" when both estimates and ballot are empty. Zero or negative
// effort is refused here, at submission, so a policy never divides by it.
// Observers hear EventEstimatesSubmitted.
func (s *Service) SubmitEstimates(ctx context.Context, actor, meetingID string, in EstimatesInput) (*Meeting, error) {
	if actor == "" {
		return nil, errNoActor
	}
	now := s.now().UTC()
	m, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		in := in // checkSubmission trims the caller's copy; each try starts from it
		m, err := s.store.PrioritisationMeeting(ctx, meetingID)
		if err != nil {
			return nil, err
		}
		if err := s.checkSubmission(ctx, m, actor, &in); err != nil {
			return nil, err
		}
		// Submissions of different participants touch different entries, so
		// the update takes the meeting as it is now (version 0) rather than
		// failing on a concurrent submitter's write; the row lock serialises
		// them, and what must still hold is checked again under it.
		m, err = s.store.UpdatePrioritisationMeeting(ctx, meetingID, 0, func(m *Meeting) error {
			if m.Status != MeetingOpen {
				return ErrMeetingNotOpen
			}
			if !slices.Contains(m.Participants, actor) {
				return ErrNotParticipant
			}
			submit(m, actor, in, now)
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventEstimatesSubmitted, At: now, Actor: actor, MeetingID: meetingID})
		return m, nil
	})
	if err != nil {
		return nil, prefixed(err, "submit estimates to %s", meetingID)
	}
	return m, nil
}

// checkSubmission returns an error unless actor may submit in to meeting
// m as it is: ErrNotParticipant, ErrMeetingNotOpen, or a
// *storage.ValidationError for invalid estimates or ballot. It trims in.
func (s *Service) checkSubmission(ctx context.Context, m *Meeting, actor string, in *EstimatesInput) error {
	if !slices.Contains(m.Participants, actor) {
		return ErrNotParticipant
	}
	if m.Status != MeetingOpen {
		return ErrMeetingNotOpen
	}
	p, err := s.BuildPolicy(m.Policy)
	if err != nil {
		return fmt.Errorf("meeting policy %s: %w", m.Policy, err)
	}
	extra, err := s.checkEstimates(ctx, p, in)
	if err != nil {
		return err
	}
	if err := storage.Validate(*in, extra...); err != nil {
		nameItems(err, in.Estimates)
		return err
	}
	return nil
}

// submit records participant's estimates and ballot in meeting m at now.
func submit(m *Meeting, participant string, in EstimatesInput, now time.Time) {
	i, found := slices.BinarySearchFunc(m.Submissions, participant, func(sub Submission, p string) int { return strings.Compare(sub.Participant, p) })
	if !found {
		m.Submissions = slices.Insert(m.Submissions, i, Submission{Participant: participant, Estimates: []Estimate{}, Ballot: []string{}})
	}
	sub := &m.Submissions[i]
	for _, e := range in.Estimates {
		j, found := slices.BinarySearchFunc(sub.Estimates, e.ItemID, func(x Estimate, id string) int { return strings.Compare(x.ItemID, id) })
		if found {
			sub.Estimates[j] = e
		} else {
			sub.Estimates = slices.Insert(sub.Estimates, j, e)
		}
	}
	if in.Ballot != nil {
		sub.Ballot = slices.Clone(*in.Ballot)
	}
	sub.At = now
	m.UpdatedAt = now
}

// nameItems appends the item ID to the message of each field error of an
// estimate ("estimates[2].effort: is required by policy wsjf (item
// 01J…)"), so the participant sees which item it is about.
func nameItems(err error, ests []Estimate) {
	var verr *storage.ValidationError
	if !errors.As(err, &verr) {
		return
	}
	for i := range verr.Fields {
		f := &verr.Fields[i]
		rest, ok := strings.CutPrefix(f.Field, "estimates[")
		if !ok {
			continue
		}
		num, _, ok := strings.Cut(rest, "]")
		n, err := strconv.Atoi(num)
		if ok && err == nil && n >= 0 && n < len(ests) && ests[n].ItemID != "" {
			f.Message += " (item " + ests[n].ItemID + ")"
		}
	}
}

// checkEstimates returns the field errors the validator's tags cannot
// find: repeated or not open items, and fields the policy requires.
func (s *Service) checkEstimates(ctx context.Context, p Policy, in *EstimatesInput) ([]storage.FieldError, error) {
	var errs []storage.FieldError
	if len(in.Estimates) == 0 && (in.Ballot == nil || len(*in.Ballot) == 0) {
		errs = append(errs, storage.FieldError{Field: "estimates", Message: "must have at least 1 element, or a ballot must be given"})
	}
	open := map[string]bool{}
	isOpen := func(id string) (bool, error) {
		if ok, seen := open[id]; seen {
			return ok, nil
		}
		it, err := s.store.Item(ctx, id)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			open[id] = false
		case err != nil:
			return false, err
		default:
			open[id] = it.Status == StatusOpen
		}
		return open[id], nil
	}
	var required []EstimateField
	if r, ok := p.(Requirer); ok {
		required = r.Requires()
	}
	seen := map[string]bool{}
	for i := range in.Estimates {
		e := &in.Estimates[i]
		e.ItemID = strings.TrimSpace(e.ItemID)
		at := fmt.Sprintf("estimates[%d].", i)
		if e.ItemID != "" {
			switch ok, err := isOpen(e.ItemID); {
			case err != nil:
				return nil, err
			case !ok:
				errs = append(errs, storage.FieldError{Field: at + "itemId", Message: "must name an open item"})
			case seen[e.ItemID]:
				errs = append(errs, storage.FieldError{Field: at + "itemId", Message: "must not repeat an item"})
			}
			seen[e.ItemID] = true
		}
		for _, f := range required {
			if e.field(f) == nil {
				errs = append(errs, storage.FieldError{Field: at + string(f), Message: "is required by policy " + p.Spec().Name})
			}
		}
	}
	if in.Ballot != nil {
		ballot := trimAll(*in.Ballot)
		in.Ballot = &ballot
		seen := map[string]bool{}
		for i, id := range ballot {
			at := fmt.Sprintf("ballot[%d]", i)
			switch ok, err := isOpen(id); {
			case err != nil:
				return nil, err
			case id == "" || !ok:
				errs = append(errs, storage.FieldError{Field: at, Message: "must name an open item"})
			case seen[id]:
				errs = append(errs, storage.FieldError{Field: at, Message: "must not repeat an item"})
			}
			seen[id] = true
		}
	}
	return errs, nil
}

// field returns the optional field f of e.
func (e *Estimate) field(f EstimateField) *float64 {
	switch f {
	case FieldTimeCriticality:
		return e.TimeCriticality
	case FieldRiskReduction:
		return e.RiskReduction
	case FieldReach:
		return e.Reach
	case FieldConfidence:
		return e.Confidence
	case FieldEffort:
		return e.Effort
	}
	return nil
}

// Preview ranks the items open now for an open meeting, with the given
// policy or, when spec is nil, the meeting's own, and selects as closing
// would — without changing anything. It is what a policy switcher shows.
// It returns ErrMeetingNotOpen for a closed or cancelled meeting, a
// *storage.ValidationError for a spec that does not build ("policy.name")
// or a host's policy that breaks the contract of WithPolicy
// ("policy.name", "policy"), and the errors of Decide.
func (s *Service) Preview(ctx context.Context, viewer, meetingID string, spec *PolicySpec) (*Preview, error) {
	m, err := s.Meeting(ctx, viewer, meetingID)
	if err != nil {
		return nil, err
	}
	if m.Status != MeetingOpen {
		return nil, ErrMeetingNotOpen
	}
	if spec == nil {
		spec = &m.Policy
	}
	p, err := s.meetingPolicy(*spec)
	if err != nil {
		return nil, prefixed(err, "preview")
	}
	items, err := s.openItems(ctx)
	if err != nil {
		return nil, err
	}
	snap := snapshot(m, items, p, s.fiscalStart)
	res, err := Decide(p, snap)
	if err != nil {
		return nil, prefixed(err, "preview %s", meetingID)
	}
	return &Preview{Snapshot: snap, Result: *res}, nil
}

// CloseMeeting closes an open meeting: it ranks every open item with the
// meeting's policy, selects what fits the capacity (see Decide), and — in
// one atomic step — records the snapshot and result in the meeting and
// marks each selected item selected for it. A closed meeting never changes
// again. Only the meeting's facilitators may close it: it returns
// ErrNotFacilitator unless actor is a facilitator,
// ErrNotMeetingFacilitator unless they are one of the meeting's,
// ErrMeetingNotOpen when the meeting is already closed or cancelled,
// storage.ErrConflict for a stale non-zero version or when the meeting or
// a selected item changed while closing (retry), and the errors of Decide.
// Observers hear EventMeetingClosed and EventItemStatusChanged for each
// selected item.
func (s *Service) CloseMeeting(ctx context.Context, actor, id string, version int64) (*Meeting, error) {
	if _, err := s.requireMeetingFacilitator(ctx, actor, id); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	m, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		return s.closeMeeting(ctx, record, actor, id, version, now)
	})
	if err != nil {
		return nil, prefixed(err, "close meeting %s", id)
	}
	return m, nil
}

// closeMeeting is the work of CloseMeeting, inside its change: it decides
// open meeting id on the items open now, records the decision in the
// meeting, selects the items chosen and records the events.
func (s *Service) closeMeeting(ctx context.Context, record func(...Event), actor, id string, version int64, now time.Time) (*Meeting, error) {
	m, err := s.store.PrioritisationMeeting(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := storage.CheckVersion(version, m.Version); err != nil {
		return nil, err
	}
	if m.Status != MeetingOpen {
		return nil, ErrMeetingNotOpen
	}
	p, err := s.BuildPolicy(m.Policy)
	if err != nil {
		return nil, fmt.Errorf("meeting policy %s: %w", m.Policy, err)
	}
	items, err := s.openItems(ctx)
	if err != nil {
		return nil, err
	}
	snap := snapshot(m, items, p, s.fiscalStart)
	res, err := Decide(p, snap)
	if err != nil {
		return nil, err
	}
	// The meeting row first: a concurrent close or submission conflicts
	// here rather than after items changed.
	closed, err := s.store.UpdatePrioritisationMeeting(ctx, id, m.Version, func(m *Meeting) error {
		if m.Status != MeetingOpen {
			return ErrMeetingNotOpen
		}
		m.Status, m.Snapshot, m.Result = MeetingClosed, &snap, res
		m.ClosedBy, m.ClosedAt, m.UpdatedAt = actor, &now, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.selectItems(ctx, items, res.Selected, id, now); err != nil {
		return nil, err
	}
	record(Event{Type: EventMeetingClosed, At: now, Actor: actor, MeetingID: id, Selected: res.Selected})
	for _, itemID := range res.Selected {
		record(Event{Type: EventItemStatusChanged, At: now, Actor: actor, ItemID: itemID, MeetingID: id, From: StatusOpen, To: StatusSelected})
	}
	return closed, nil
}

// selectItems marks the items selected by meetingID selected, each at the
// version it had in items (the open items the decision was made on), so
// that an item changed meanwhile returns storage.ErrConflict.
func (s *Service) selectItems(ctx context.Context, items []Item, selected []string, meetingID string, now time.Time) error {
	versions := make(map[string]int64, len(items))
	for _, it := range items {
		versions[it.ID] = it.Version
	}
	for _, itemID := range selected {
		if _, err := s.store.UpdateItem(ctx, itemID, versions[itemID], func(it *Item) error {
			return it.Select(meetingID, now)
		}); err != nil {
			return fmt.Errorf("select item %s: %w", itemID, err)
		}
	}
	return nil
}

// CancelMeeting ends an open meeting without a decision; nothing is
// selected, and the quarter is free for another meeting. Only the
// meeting's facilitators may cancel it: it returns ErrNotFacilitator
// unless actor is a facilitator, ErrNotMeetingFacilitator unless they are
// one of the meeting's, ErrMeetingNotOpen unless the meeting is open, and storage.ErrConflict
// for a stale non-zero version. Observers hear EventMeetingCancelled.
func (s *Service) CancelMeeting(ctx context.Context, actor, id string, version int64) (*Meeting, error) {
	if _, err := s.requireMeetingFacilitator(ctx, actor, id); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	m, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		m, err := s.store.UpdatePrioritisationMeeting(ctx, id, version, func(m *Meeting) error {
			if m.Status != MeetingOpen {
				return ErrMeetingNotOpen
			}
			m.Status, m.ClosedBy, m.ClosedAt, m.UpdatedAt = MeetingCancelled, actor, &now, now
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventMeetingCancelled, At: now, Actor: actor, MeetingID: id})
		return m, nil
	})
	if err != nil {
		return nil, prefixed(err, "cancel meeting %s", id)
	}
	return m, nil
}

// Replay decides a closed meeting again from its recorded snapshot, with
// the policy its snapshot names, and returns the result — equal to the
// recorded one, since policies are pure. It lets anyone check a decision.
// It returns ErrMeetingNotClosed unless the meeting is closed, and the
// errors of BuildPolicy and Decide.
func (s *Service) Replay(ctx context.Context, viewer, id string) (*Result, error) {
	m, err := s.Meeting(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if m.Status != MeetingClosed || m.Snapshot == nil {
		return nil, ErrMeetingNotClosed
	}
	p, err := s.BuildPolicy(m.Snapshot.Policy)
	if err != nil {
		return nil, prefixed(err, "replay %s", id)
	}
	res, err := Decide(p, *m.Snapshot)
	if err != nil {
		return nil, prefixed(err, "replay %s", id)
	}
	return res, nil
}

// openItems returns every open item, ordered by ID.
func (s *Service) openItems(ctx context.Context) ([]Item, error) {
	p, err := s.store.Items(ctx, ItemFilter{Status: StatusOpen}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, prefixed(err, "list open items")
	}
	return p.Items, nil
}

// snapshot builds the inputs of a decision: every open item as a
// candidate with its aggregated estimates and facts as of now, and the
// ballots limited to candidates. An item's age counts fiscal quarters of
// years starting in yearStart.
func snapshot(m *Meeting, items []Item, p Policy, yearStart time.Month) Snapshot {
	byItem := map[string][]Estimate{}
	for _, sub := range m.Submissions {
		for _, e := range sub.Estimates {
			byItem[e.ItemID] = append(byItem[e.ItemID], e)
		}
	}
	cands := make([]Candidate, 0, len(items))
	isCand := make(map[string]bool, len(items))
	for _, it := range items {
		ests := byItem[it.ID]
		agg := AggregateEstimates(ests, m.Aggregation)
		if agg.Effort == nil && it.Effort != nil {
			e := *it.Effort
			agg.Effort = &e
		}
		cands = append(cands, Candidate{
			ItemID: it.ID, Title: it.Title, Estimate: agg, Estimates: len(ests),
			Support: it.SupportCount(), Age: m.Quarter.Since(FiscalQuarterOf(it.CreatedAt, yearStart)), CarryOvers: it.CarryOvers,
		})
		isCand[it.ID] = true
	}
	slices.SortFunc(cands, func(a, b Candidate) int { return strings.Compare(a.ItemID, b.ItemID) })
	ballots := []Ballot{}
	for _, sub := range m.Submissions {
		var kept []string
		for _, id := range sub.Ballot {
			if isCand[id] {
				kept = append(kept, id)
			}
		}
		if kept != nil {
			ballots = append(ballots, Ballot{Participant: sub.Participant, Items: kept})
		}
	}
	return Snapshot{
		Quarter: m.Quarter, Policy: p.Spec(), Capacity: m.Capacity, Aggregation: m.Aggregation,
		Candidates: cands, Ballots: ballots,
	}
}

func applyCapacity(c *Capacity, in CapacityInput) {
	if in.MaxTopics != nil {
		c.MaxTopics = *in.MaxTopics
	}
	if in.Budget != nil {
		b := *in.Budget
		c.Budget = &b
	}
}

// normalizePeople trims IDs, drops empty and repeated ones and sorts them.
func normalizePeople(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fieldsOf returns the fields of a *storage.ValidationError inside err,
// prefixed.
func fieldsOf(err error, prefix string) ([]storage.FieldError, bool) {
	var verr *storage.ValidationError
	if !errors.As(err, &verr) {
		return nil, false
	}
	out := make([]storage.FieldError, len(verr.Fields))
	for i, f := range verr.Fields {
		out[i] = storage.FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return out, true
}
