package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// Reminder kinds, the Kind of reminder items.
const (
	// KindCheckInDue: a key result of an active objective has had no
	// check-in for the check-in cadence. To the objective's owner.
	KindCheckInDue = "reminder.checkin_due"
	// KindMeetingDue: a mentoring meeting falls due within two days. To
	// the mentee and the mentor.
	KindMeetingDue = "reminder.meeting_due"
	// KindMeetingOverdue: a mentoring meeting is past due. To the mentee
	// and the mentor.
	KindMeetingOverdue = "reminder.meeting_overdue"
	// KindRequestWaiting: a mentoring request has waited three days for its
	// answer. To the mentor.
	KindRequestWaiting = "reminder.request_waiting"
	// KindRequestExpiring: a mentoring request expires within a day. To
	// the mentor.
	KindRequestExpiring = "reminder.request_expiring"
	// KindSuggestionPending: a suggested objective has waited three days
	// for its owner's decision. To the owner.
	KindSuggestionPending = "reminder.suggestion_pending"
	// KindSessionTomorrow: a mentoring session the pair planned starts
	// within a day. To the mentee and the mentor.
	KindSessionTomorrow = "reminder.session_tomorrow"
	// KindActivityTomorrow: an activity someone is enrolled in starts
	// within a day. To each person enrolled.
	KindActivityTomorrow = "reminder.activity_tomorrow"
	// KindActionOpen: a retrospective action is still open a week after
	// it was agreed, and each further week. To its owner.
	KindActionOpen = "reminder.action_open"
	// KindPrioritisationDue: a prioritisation meeting is still open within
	// a week of the start of the quarter it prioritises. To its
	// facilitators.
	KindPrioritisationDue = "reminder.prioritisation_due"
)

const (
	day          = 24 * time.Hour
	week         = 7 * day
	meetingAhead = 2 * day
	waitLong     = 3 * day
	expiryAhead  = day
)

// OKRReads are the reads of an okr.Store that reminders need: every
// objective and every suggestion. An okr.Store has them.
type OKRReads interface {
	Objectives(ctx context.Context, f okr.ObjectiveFilter, page storage.PageRequest) (storage.Page[okr.Objective], error)
	Suggestions(ctx context.Context, f okr.SuggestionFilter, page storage.PageRequest) (storage.Page[okr.Suggestion], error)
}

// MentorshipReads are the reads of a mentorship.Store that reminders
// need. A mentorship.Store has them.
type MentorshipReads interface {
	Relations(ctx context.Context, f mentorship.RelationFilter, page storage.PageRequest) (storage.Page[mentorship.Relation], error)
}

// SprintReads are the reads of a sprint.Store that reminders need. A
// sprint.Store has them.
type SprintReads interface {
	Sprints(ctx context.Context, f sprint.SprintFilter, page storage.PageRequest) (storage.Page[sprint.Sprint], error)
	Activities(ctx context.Context, f sprint.ActivityFilter, page storage.PageRequest) (storage.Page[sprint.Activity], error)
	Enrolments(ctx context.Context, f sprint.EnrolmentFilter, page storage.PageRequest) (storage.Page[sprint.ActivityEnrolment], error)
}

// BacklogReads are the reads of a backlog.Store that reminders need. A
// backlog.Store has them.
type BacklogReads interface {
	PrioritisationMeetings(ctx context.Context, f backlog.MeetingFilter, page storage.PageRequest) (storage.Page[backlog.Meeting], error)
}

type reminderSources struct {
	okr        OKRReads
	mentorship MentorshipReads
	sprint     SprintReads
	backlog    BacklogReads
}

// WithOKR lets Remind remind of check-ins due and pending suggestions,
// reading objectives and suggestions from r (an okr.Store).
func WithOKR(r OKRReads) Option { return func(s *Service) { s.sources.okr = r } }

// WithMentorship lets Remind remind of mentoring meetings and requests,
// reading relations from r (a mentorship.Store).
func WithMentorship(r MentorshipReads) Option {
	return func(s *Service) { s.sources.mentorship = r }
}

// WithSprint lets Remind remind of activities people are enrolled in and
// of open retrospective actions, reading sprints and activities from r
// (a sprint.Store).
func WithSprint(r SprintReads) Option { return func(s *Service) { s.sources.sprint = r } }

// WithBacklog lets Remind remind facilitators of prioritisation meetings
// still open as their quarter approaches, reading meetings from r (a
// backlog.Store).
func WithBacklog(r BacklogReads) Option { return func(s *Service) { s.sources.backlog = r } }

var all = storage.PageRequest{Limit: storage.NoLimit}

// Remind adds, as of the Service's clock, one item for each reminder
// occurrence that is due, and returns how many items it added. Each
// occurrence has its own key, so running Remind again, or on two instances
// at once, adds nothing twice. Reminders of a domain whose reads were not
// given (WithOKR, WithMentorship, WithSprint, WithBacklog) are not
// computed.
func (s *Service) Remind(ctx context.Context) (int, error) {
	now := s.clock()
	var items []Item
	if s.sources.okr != nil {
		got, err := s.okrReminders(ctx, now)
		if err != nil {
			return 0, err
		}
		items = append(items, got...)
	}
	for _, source := range []struct {
		given bool
		items func(context.Context, time.Time) ([]Item, error)
	}{
		{s.sources.mentorship != nil, s.mentorshipReminders},
		{s.sources.sprint != nil, s.sprintReminders},
		{s.sources.backlog != nil, s.backlogReminders},
	} {
		if !source.given {
			continue
		}
		got, err := source.items(ctx, now)
		if err != nil {
			return 0, err
		}
		items = append(items, got...)
	}
	added := 0
	for start := 0; start < len(items); start += 100 {
		n, err := s.store.AddInboxItems(ctx, items[start:min(start+100, len(items))])
		if err != nil {
			return added, fmt.Errorf("inbox: remind: %w", err)
		}
		added += n
	}
	return added, nil
}

// RunReminders calls Remind every interval until ctx ends, reporting
// failures to onError when it is not nil. It returns ctx's error.
func (s *Service) RunReminders(ctx context.Context, every time.Duration, onError func(error)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Remind(ctx); err != nil && onError != nil && ctx.Err() == nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (s *Service) reminder(person, kind, objectID, occurrence, title string, link Link, at time.Time) Item {
	return Item{ID: s.newID(), Person: person, Key: kind + ":" + objectID + ":" + occurrence, Kind: kind,
		Title: title, Link: link, At: at.UTC()}
}

func date(t time.Time) string { return t.UTC().Format("2006-01-02") }

func (s *Service) okrReminders(ctx context.Context, now time.Time) ([]Item, error) {
	var out []Item
	objs, err := s.sources.okr.Objectives(ctx, okr.ObjectiveFilter{}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: objectives: %w", err)
	}
	for _, o := range objs.Items {
		if o.Status != okr.ObjectiveActive {
			continue
		}
		for _, kr := range o.KeyResults {
			from := o.CreatedAt
			if o.Period.Start.After(from) {
				from = o.Period.Start
			}
			if kr.LastCheckInAt != nil {
				from = *kr.LastCheckInAt
			}
			cadence := s.cadence
			if o.CheckInDays > 0 {
				cadence = time.Duration(o.CheckInDays) * day
			}
			due := from.Add(cadence)
			if now.Before(due) || !o.Period.End.IsZero() && due.After(o.Period.End.Add(day)) {
				continue
			}
			out = append(out, s.reminder(o.Owner, KindCheckInDue, kr.ID, date(due),
				fmt.Sprintf("Time to check in on %q", kr.Title), Link{Kind: "okr.objective", ID: o.ID}, due))
		}
	}
	sgs, err := s.sources.okr.Suggestions(ctx, okr.SuggestionFilter{Status: okr.SuggestionPending}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: suggestions: %w", err)
	}
	for _, sg := range sgs.Items {
		due := sg.CreatedAt.Add(waitLong)
		if sg.Status != okr.SuggestionPending || now.Before(due) {
			continue
		}
		out = append(out, s.reminder(sg.To, KindSuggestionPending, sg.ID, "waiting",
			fmt.Sprintf("%s's suggestion %q is waiting for your answer", s.names(ctx, sg.From), sg.Objective.Title),
			Link{Kind: "okr.suggestion", ID: sg.ID}, due))
	}
	return out, nil
}

func (s *Service) mentorshipReminders(ctx context.Context, now time.Time) ([]Item, error) {
	var out []Item
	rels, err := s.sources.mentorship.Relations(ctx, mentorship.RelationFilter{
		Statuses: []mentorship.RelationStatus{mentorship.StatusActive, mentorship.StatusProposed}}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: relations: %w", err)
	}
	for _, r := range rels.Items {
		link := Link{Kind: "mentorship.relation", ID: r.ID}
		switch r.Status {
		case mentorship.StatusActive:
			if p := r.Planned; p != nil && p.At.After(now) && !p.At.After(now.Add(day)) {
				when := p.At.UTC().Format("Mon 2 Jan at 15:04 UTC")
				occurrence := p.At.UTC().Format(time.RFC3339)
				out = append(out,
					s.reminder(r.Mentee, KindSessionTomorrow, r.ID, occurrence,
						fmt.Sprintf("Mentoring session with %s on %s", s.names(ctx, r.Mentor), when), link, p.At.Add(-day)),
					s.reminder(r.Mentor, KindSessionTomorrow, r.ID, occurrence,
						fmt.Sprintf("Mentoring session with %s on %s", s.names(ctx, r.Mentee), when), link, p.At.Add(-day)))
			}
			due := r.NextMeetingDue()
			if due.IsZero() || now.Before(due.Add(-meetingAhead)) {
				continue
			}
			kind, title := KindMeetingDue, "Your next mentoring meeting with %s is due on %s"
			if r.OverdueAt(now) {
				kind, title = KindMeetingOverdue, "Your mentoring meeting with %s is overdue since %s"
			}
			out = append(out,
				s.reminder(r.Mentee, kind, r.ID, date(due), fmt.Sprintf(title, s.names(ctx, r.Mentor), date(due)), link, due),
				s.reminder(r.Mentor, kind, r.ID, date(due), fmt.Sprintf(title, s.names(ctx, r.Mentee), date(due)), link, due))
		case mentorship.StatusProposed:
			if r.ExpiresAt != nil && !now.Before(*r.ExpiresAt) {
				continue // Sweep expires it.
			}
			if waited := r.RequestedAt.Add(waitLong); !now.Before(waited) {
				out = append(out, s.reminder(r.Mentor, KindRequestWaiting, r.ID, "waiting",
					fmt.Sprintf("%s's mentoring request is waiting for your answer", s.names(ctx, r.Mentee)), link, waited))
			}
			if r.ExpiresAt != nil && !now.Before(r.ExpiresAt.Add(-expiryAhead)) {
				out = append(out, s.reminder(r.Mentor, KindRequestExpiring, r.ID, date(*r.ExpiresAt),
					fmt.Sprintf("%s's mentoring request expires tomorrow", s.names(ctx, r.Mentee)), link, r.ExpiresAt.Add(-expiryAhead)))
			}
		}
	}
	return out, nil
}

func (s *Service) sprintReminders(ctx context.Context, now time.Time) ([]Item, error) {
	var out []Item
	acts, err := s.sources.sprint.Activities(ctx, sprint.ActivityFilter{}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: activities: %w", err)
	}
	for _, a := range acts.Items {
		if a.Start == nil || !a.Start.After(now) || a.Start.After(now.Add(day)) {
			continue
		}
		enrolments, err := s.sources.sprint.Enrolments(ctx, sprint.EnrolmentFilter{ActivityID: a.ID}, all)
		if err != nil {
			return nil, fmt.Errorf("inbox: remind: enrolments in %s: %w", a.ID, err)
		}
		for _, e := range enrolments.Items {
			if e.Status != sprint.EnrolmentEnrolled {
				continue
			}
			out = append(out, s.reminder(e.Person, KindActivityTomorrow, a.ID, date(*a.Start),
				fmt.Sprintf("%q starts on %s", a.Title, a.Start.UTC().Format("Mon 2 Jan at 15:04 UTC")),
				Link{Kind: "sprint.activity", ID: a.ID}, a.Start.Add(-day)))
		}
	}
	sprints, err := s.sources.sprint.Sprints(ctx, sprint.SprintFilter{}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: sprints: %w", err)
	}
	for _, sp := range sprints.Items {
		for _, a := range sp.Retrospective.Actions {
			if a.Status != sprint.ActionOpen || now.Before(a.CreatedAt.Add(week)) {
				continue
			}
			weeks := int(now.Sub(a.CreatedAt) / week) // 1 for the first reminder
			out = append(out, s.reminder(a.Owner, KindActionOpen, a.ID, fmt.Sprintf("week-%d", weeks),
				fmt.Sprintf("The retrospective action %q is still open", a.Text),
				Link{Kind: "sprint.sprint", ID: sp.ID}, a.CreatedAt.Add(time.Duration(weeks)*week)))
		}
	}
	return out, nil
}

func (s *Service) backlogReminders(ctx context.Context, now time.Time) ([]Item, error) {
	var out []Item
	ms, err := s.sources.backlog.PrioritisationMeetings(ctx, backlog.MeetingFilter{Status: backlog.MeetingOpen}, all)
	if err != nil {
		return nil, fmt.Errorf("inbox: remind: prioritisation meetings: %w", err)
	}
	for _, m := range ms.Items {
		start := m.Quarter.Start()
		if m.Status != backlog.MeetingOpen || now.Before(start.Add(-week)) || !now.Before(start) {
			continue
		}
		title := fmt.Sprintf("The prioritisation meeting for %s is still open; the quarter starts on %s", m.Quarter, date(start))
		for _, f := range m.Facilitators {
			out = append(out, s.reminder(f, KindPrioritisationDue, m.ID, m.Quarter.String(), title,
				Link{Kind: "backlog.meeting", ID: m.ID}, start.Add(-week)))
		}
	}
	return out, nil
}
