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

// DueMeeting is an active relation whose next meeting is overdue.
type DueMeeting struct {
	Relation Relation `json:"relation"`
	// Due is when the next meeting was due (Relation.NextMeetingDue).
	Due time.Time `json:"due"`
}

// SweepReport lists what Sweep changed or reported.
type SweepReport struct {
	// Expired are the requests Sweep marked expired.
	Expired []string `json:"expired"`
	// Overdue are the active relations whose meeting-overdue event Sweep
	// sent now; a relation is reported once per missed due date.
	Overdue []string `json:"overdue"`
	// Switched are the default relations Sweep ended as switched because
	// the mentee's team lead is no longer their mentor.
	Switched []string `json:"switched"`
}

// Load is a mentor's load: chosen mentees against capacity.
type Load struct {
	Mentor    string `json:"mentor"`
	Capacity  int    `json:"capacity"`
	Active    int    `json:"active"`
	SeatsLeft int    `json:"seatsLeft"`
}

// Insights is an overview of the mentoring programme.
type Insights struct {
	// Loads holds every mentor profile, ordered by mentor.
	Loads []Load `json:"loads"`
	// OnDefault are the people asked about who have no chosen mentor
	// (their team lead mentors them by default), sorted.
	OnDefault []string `json:"onDefault"`
	// SeniorityKnown is true when the Directory implements Seniority;
	// only then is JuniorsOnDefault filled.
	SeniorityKnown bool `json:"seniorityKnown"`
	// JuniorsOnDefault are the juniors among OnDefault: the people who
	// most need a mentor of their choosing.
	JuniorsOnDefault []string `json:"juniorsOnDefault"`
}

// MaxInsightPeople is the most people one Insights call looks at.
const MaxInsightPeople = 10000

// Overdue lists viewer's active relations, as mentee or mentor, whose next
// meeting is overdue as of asOf (see Relation.OverdueAt), the longest
// overdue first, then by relation ID. A default relation whose mentor is
// no longer the mentee's team lead is not active (see Relation), so it is
// left out.
func (s *Service) Overdue(ctx context.Context, viewer string, asOf time.Time) ([]DueMeeting, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	out := []DueMeeting{}
	leads := s.leadCache()
	for _, f := range []RelationFilter{{Mentee: viewer}, {Mentor: viewer}} {
		f.Statuses = []RelationStatus{StatusActive}
		p, err := s.store.Relations(ctx, f, all)
		if err != nil {
			return nil, wrap(err, "overdue")
		}
		for _, r := range p.Items {
			stale, err := staleDefault(ctx, &r, leads)
			if err != nil {
				return nil, wrap(err, "overdue")
			}
			if !stale && r.OverdueAt(asOf) {
				out = append(out, DueMeeting{Relation: r, Due: r.NextMeetingDue()})
			}
		}
	}
	sortDue(out)
	return out, nil
}

func sortDue(ds []DueMeeting) {
	slices.SortFunc(ds, func(a, b DueMeeting) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.Relation.ID, b.Relation.ID)
	})
}

// Sweep is the maintenance the host calls from time to time (say hourly);
// the library runs nothing in the background. As of asOf — the current
// time of the Service's clock when zero, and never later than it, since
// what Sweep stores must already be true — it
//
//   - stores every unanswered request past its expiry as expired, telling
//     observers EventRequestExpired;
//   - ends as switched every stored default relation whose mentor is no
//     longer the mentee's team lead, telling EventRelationEnded;
//   - tells EventMeetingOverdue once for each other active relation whose
//     next meeting is overdue, remembering the due date reported so that
//     the next Sweep does not repeat it.
//
// Each change is its own atomic update, so a failed Sweep can simply run
// again. It returns a *storage.ValidationError when asOf is later than the
// Service's clock.
func (s *Service) Sweep(ctx context.Context, asOf time.Time) (*SweepReport, error) {
	now := s.clock()
	if asOf.IsZero() {
		asOf = now
	}
	asOf = asOf.UTC().Truncate(time.Microsecond)
	if asOf.After(now) {
		return nil, fmt.Errorf("mentorship: sweep: %w", storage.Invalid("asOf", "must not be later than the current time"))
	}
	report := &SweepReport{Expired: []string{}, Overdue: []string{}, Switched: []string{}}
	open, err := s.store.Relations(ctx, RelationFilter{Statuses: openStatuses}, all)
	if err != nil {
		return nil, wrap(err, "sweep")
	}
	for _, r := range open.Items {
		if !r.ExpiredAt(asOf) {
			continue
		}
		expired, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (bool, error) {
			return s.expire(ctx, record, r.ID, asOf)
		})
		if err != nil {
			return report, wrap(err, "sweep")
		}
		if expired {
			report.Expired = append(report.Expired, r.ID)
		}
	}
	active, err := s.store.Relations(ctx, RelationFilter{Statuses: []RelationStatus{StatusActive}}, all)
	if err != nil {
		return report, wrap(err, "sweep")
	}
	leads := s.leadCache()
	for _, r := range active.Items {
		// The Directory is asked before the change, never during it.
		stale, err := staleDefault(ctx, &r, leads)
		if err != nil {
			return report, wrap(err, "sweep")
		}
		if stale {
			ended, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (bool, error) {
				return s.endStaleDefault(ctx, record, &r, now)
			})
			if err != nil {
				return report, wrap(err, "sweep")
			}
			if ended {
				report.Switched = append(report.Switched, r.ID)
			}
			continue
		}
		if due := r.NextMeetingDue(); !r.OverdueAt(asOf) || r.OverdueNotified != nil && r.OverdueNotified.Equal(due) {
			continue
		}
		told, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (bool, error) {
			return s.tellOverdue(ctx, record, r.ID, asOf)
		})
		if err != nil {
			return report, wrap(err, "sweep")
		}
		if told {
			report.Overdue = append(report.Overdue, r.ID)
		}
	}
	return report, nil
}

// expire stores an unanswered request past its expiry at asOf as expired,
// inside a change, and records EventRequestExpired. It reports false when
// the request no longer needed it.
func (s *Service) expire(ctx context.Context, record func(...Event), id string, asOf time.Time) (bool, error) {
	r, err := s.updateRelationIf(ctx, id, func(r *Relation) bool {
		if !r.ExpiredAt(asOf) {
			return false
		}
		at := *r.ExpiresAt
		r.Status, r.DecidedAt = StatusExpired, &at
		return true
	})
	if r == nil || err != nil {
		return false, err
	}
	record(Event{Type: EventRequestExpired, At: *r.ExpiresAt, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID})
	return true, nil
}

// tellOverdue remembers, inside a change, that the overdue meeting of an
// active relation has been reported, and records EventMeetingOverdue. It
// reports false when the meeting is not overdue at asOf or was reported.
func (s *Service) tellOverdue(ctx context.Context, record func(...Event), id string, asOf time.Time) (bool, error) {
	r, err := s.updateRelationIf(ctx, id, func(r *Relation) bool {
		due := r.NextMeetingDue()
		if !r.OverdueAt(asOf) || r.OverdueNotified != nil && r.OverdueNotified.Equal(due) {
			return false
		}
		r.OverdueNotified = &due
		return true
	})
	if r == nil || err != nil {
		return false, err
	}
	record(Event{Type: EventMeetingOverdue, At: asOf, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Due: *r.OverdueNotified})
	return true, nil
}

// endStaleDefault stores the end, as switched, of a default relation whose
// mentor is no longer the mentee's team lead, inside a change: with the
// mentee record locked first (the lock order of every change of a
// mentee's relation), it forgets the relation there and ends it, recording
// EventRelationEnded. It reports false when the relation was no longer
// active.
func (s *Service) endStaleDefault(ctx context.Context, record func(...Event), r *Relation, now time.Time) (bool, error) {
	_, err := s.lockMentee(ctx, r.Mentee, func(m *Mentee) error {
		if m.RelationID != r.ID {
			return errUnchanged
		}
		m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = "", "", "", now
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) && !errors.Is(err, storage.ErrNotFound) {
		return false, err
	}
	return s.endSwitched(ctx, record, r.ID, now)
}

// Insights returns every mentor's load and, among people (the population
// the host asks about, such as a department; IDs are trimmed), those still
// on their default mentor and, when the Directory implements Seniority,
// the juniors among them. As it tells who has not chosen a mentor, only
// viewers the host's WithInsightsAccess rule allows may ask; without a
// rule, or on its refusal, it returns ErrInsightsDenied. It returns a
// *storage.ValidationError for an empty person ID or more than
// MaxInsightPeople people.
func (s *Service) Insights(ctx context.Context, viewer string, people []string) (*Insights, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	if s.insights == nil {
		return nil, ErrInsightsDenied
	}
	ok, err := s.insights(ctx, viewer)
	if err != nil {
		return nil, wrap(err, "insights")
	}
	if !ok {
		return nil, ErrInsightsDenied
	}
	var bad []storage.FieldError
	if len(people) > MaxInsightPeople {
		bad = append(bad, storage.FieldError{Field: "people", Message: fmt.Sprintf("must have at most %d elements", MaxInsightPeople)})
	}
	trimmed := make([]string, len(people))
	for i, p := range people {
		trimmed[i] = strings.TrimSpace(p)
		if trimmed[i] == "" {
			bad = append(bad, storage.FieldError{Field: fmt.Sprintf("people[%d]", i), Message: "must not be empty"})
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("mentorship: insights: %w", &storage.ValidationError{Fields: bad})
	}
	profiles, err := s.store.Profiles(ctx, all)
	if err != nil {
		return nil, wrap(err, "insights")
	}
	in := &Insights{Loads: make([]Load, 0, len(profiles.Items)), OnDefault: []string{}, JuniorsOnDefault: []string{}}
	for _, p := range profiles.Items {
		in.Loads = append(in.Loads, Load{Mentor: p.Person, Capacity: p.Capacity, Active: p.Active, SeatsLeft: p.SeatsLeft()})
	}
	seniority, _ := s.directory.(Seniority)
	in.SeniorityKnown = seniority != nil
	slices.Sort(trimmed)
	for _, p := range slices.Compact(trimmed) {
		m, err := s.mentee(ctx, p)
		if err != nil {
			return nil, err
		}
		if m.RelationID != "" && m.Kind == KindChosen {
			continue
		}
		in.OnDefault = append(in.OnDefault, p)
		if seniority == nil {
			continue
		}
		junior, err := seniority.Junior(ctx, p)
		if err != nil {
			return nil, wrap(err, "insights: seniority of %s", p)
		}
		if junior {
			in.JuniorsOnDefault = append(in.JuniorsOnDefault, p)
		}
	}
	return in, nil
}

// SuggestMentors ranks mentors for actor (see Suggest), using the tags of
// actor's active goals and objectives from Interests, and leaving out
// actor's current mentor, their team lead (who mentors them by default,
// with no request), and the mentors actor has an open request to. limit
// caps the list (10 when 0, at most 100).
func (s *Service) SuggestMentors(ctx context.Context, actor string, limit int) ([]Candidate, error) {
	if actor == "" {
		return nil, errNoActor
	}
	if limit < 0 || limit > 100 {
		return nil, fmt.Errorf("mentorship: suggest mentors: %w", storage.Invalid("limit", "must be between 0 and 100"))
	}
	if limit == 0 {
		limit = 10
	}
	var tags []string
	if s.interests != nil {
		var err error
		if tags, err = s.interests.ActiveTags(ctx, actor); err != nil {
			return nil, wrap(err, "suggest mentors: interests of %s", actor)
		}
	}
	cur, err := s.current(ctx, actor)
	if err != nil {
		return nil, err
	}
	lead, err := s.teamLead(ctx, actor)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{cur.Mentor: true, lead: true}
	open, err := s.store.Relations(ctx, RelationFilter{Mentee: actor, Statuses: openStatuses}, all)
	if err != nil {
		return nil, wrap(err, "suggest mentors")
	}
	now := s.clock()
	for _, r := range open.Items {
		if !r.ExpiredAt(now) {
			skip[r.Mentor] = true
		}
	}
	profiles, err := s.store.Profiles(ctx, all)
	if err != nil {
		return nil, wrap(err, "suggest mentors")
	}
	cands := Suggest(actor, tags, profiles.Items)
	out := make([]Candidate, 0, min(limit, len(cands)))
	for _, c := range cands {
		if !skip[c.Mentor] && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}
