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
		return nil, storage.ErrNoActor
	}
	out := []DueMeeting{}
	leads := s.leadCache()
	for _, f := range []RelationFilter{{Mentee: viewer}, {Mentor: viewer}} {
		f.Statuses = []RelationStatus{StatusActive}
		p, err := s.store.Relations(ctx, f, all)
		if err != nil {
			return nil, fmt.Errorf("mentorship: overdue: %w", err)
		}
		for _, r := range p.Items {
			stale, err := staleDefault(ctx, &r, leads)
			if err != nil {
				return nil, fmt.Errorf("mentorship: overdue: %w", err)
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
		return nil, fmt.Errorf("mentorship: sweep: %w", err)
	}
	for _, r := range open.Items {
		if !r.ExpiredAt(asOf) {
			continue
		}
		_, err := s.store.UpdateRelation(ctx, r.ID, 0, func(r *Relation) error {
			if !r.ExpiredAt(asOf) {
				return errUnchanged
			}
			at := *r.ExpiresAt
			r.Status, r.DecidedAt = StatusExpired, &at
			return nil
		})
		if errors.Is(err, errUnchanged) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("mentorship: sweep: %w", err)
		}
		report.Expired = append(report.Expired, r.ID)
		s.emit(ctx, Event{Type: EventRequestExpired, At: *r.ExpiresAt, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID})
	}
	active, err := s.store.Relations(ctx, RelationFilter{Statuses: []RelationStatus{StatusActive}}, all)
	if err != nil {
		return report, fmt.Errorf("mentorship: sweep: %w", err)
	}
	leads := s.leadCache()
	for _, r := range active.Items {
		stale, err := staleDefault(ctx, &r, leads)
		if err != nil {
			return report, fmt.Errorf("mentorship: sweep: %w", err)
		}
		if stale {
			ended, err := s.endStaleDefault(ctx, &r, now)
			if err != nil {
				return report, fmt.Errorf("mentorship: sweep: %w", err)
			}
			if ended != nil {
				report.Switched = append(report.Switched, r.ID)
				s.emit(ctx, Event{Type: EventRelationEnded, At: now, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Reason: EndSwitched})
			}
			continue
		}
		due := r.NextMeetingDue()
		if !r.OverdueAt(asOf) || r.OverdueNotified != nil && r.OverdueNotified.Equal(due) {
			continue
		}
		_, err = s.store.UpdateRelation(ctx, r.ID, 0, func(r *Relation) error {
			due = r.NextMeetingDue()
			if !r.OverdueAt(asOf) || r.OverdueNotified != nil && r.OverdueNotified.Equal(due) {
				return errUnchanged
			}
			d := due
			r.OverdueNotified = &d
			return nil
		})
		if errors.Is(err, errUnchanged) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("mentorship: sweep: %w", err)
		}
		report.Overdue = append(report.Overdue, r.ID)
		s.emit(ctx, Event{Type: EventMeetingOverdue, At: asOf, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Due: due})
	}
	return report, nil
}

// endStaleDefault stores the end, as switched, of a default relation whose
// mentor is no longer the mentee's team lead: with the mentee record
// locked first (the lock order of every change of a mentee's relation),
// it forgets the relation there and ends it. It returns nil when the
// relation was no longer active.
func (s *Service) endStaleDefault(ctx context.Context, r *Relation, now time.Time) (*Relation, error) {
	var ended *Relation
	err := s.store.Atomic(ctx, func(ctx context.Context) error {
		_, err := s.store.UpdateMentee(ctx, r.Mentee, 0, func(m *Mentee) error {
			if m.RelationID != r.ID {
				return errUnchanged
			}
			m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = "", "", "", now
			return nil
		})
		if err != nil && !errors.Is(err, errUnchanged) && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		ended, err = s.endSwitched(ctx, r.ID, now)
		return err
	})
	return ended, err
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
		return nil, storage.ErrNoActor
	}
	if s.insights == nil {
		return nil, ErrInsightsDenied
	}
	ok, err := s.insights(ctx, viewer)
	if err != nil {
		return nil, fmt.Errorf("mentorship: insights: %w", err)
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
		return nil, fmt.Errorf("mentorship: insights: %w", err)
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
			return nil, fmt.Errorf("mentorship: insights: seniority of %s: %w", p, err)
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
		return nil, storage.ErrNoActor
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
			return nil, fmt.Errorf("mentorship: suggest mentors: interests of %s: %w", actor, err)
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
		return nil, fmt.Errorf("mentorship: suggest mentors: %w", err)
	}
	now := s.clock()
	for _, r := range open.Items {
		if !r.ExpiredAt(now) {
			skip[r.Mentor] = true
		}
	}
	profiles, err := s.store.Profiles(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("mentorship: suggest mentors: %w", err)
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
