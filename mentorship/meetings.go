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

// MeetingInput records a meeting. At is required; it may not lie in the
// future, nor more than a year before the relation was requested (or its
// default relation's log opened), which also keeps out zero and
// placeholder dates.
type MeetingInput struct {
	At              time.Time       `json:"at" validate:"required"`
	DurationMinutes int             `json:"durationMinutes" validate:"gte=0,lte=1440"`
	Notes           string          `json:"notes" validate:"max=10000"`
	Progress        ProgressInput   `json:"progress"`
	Feedback        string          `json:"feedback" validate:"max=4000"`
	Ideas           string          `json:"ideas" validate:"max=4000"`
	NextSteps       []NextStepInput `json:"nextSteps" validate:"max=30,dive"`
}

// ProgressInput is the progress assessment of a meeting; GoalIDs and
// ObjectiveIDs name the mentee's okr goals and objectives it refers to.
type ProgressInput struct {
	Text         string   `json:"text" validate:"max=4000"`
	GoalIDs      []string `json:"goalIds" validate:"max=20,dive,min=1,max=100"`
	ObjectiveIDs []string `json:"objectiveIds" validate:"max=50,dive,min=1,max=100"`
}

// NextStepInput is an action item agreed at a meeting. Owner is the
// mentee or the mentor; the mentee when empty. Due, when given, must fall
// on or after the day of the meeting (UTC) and at most MaxStepHorizon
// after it.
type NextStepInput struct {
	Text  string     `json:"text" validate:"required,max=500"`
	Owner string     `json:"owner"`
	Due   *time.Time `json:"due"`
}

// MeetingChanges lists changes to a meeting log; nil fields stay as they
// are, and AddSteps appends next steps. A meeting's date does not change:
// record the meeting again instead.
type MeetingChanges struct {
	DurationMinutes *int            `json:"durationMinutes" validate:"omitnil,gte=0,lte=1440"`
	Notes           *string         `json:"notes" validate:"omitnil,max=10000"`
	Progress        *ProgressInput  `json:"progress"`
	Feedback        *string         `json:"feedback" validate:"omitnil,max=4000"`
	Ideas           *string         `json:"ideas" validate:"omitnil,max=4000"`
	AddSteps        []NextStepInput `json:"addSteps" validate:"max=30,dive"`
}

// Limits of meeting dates.
const (
	// MaxBackdate is how long before a relation was requested a meeting
	// recorded on it may have taken place.
	MaxBackdate = 365 * 24 * time.Hour
	// MaxStepHorizon is how long after its meeting a next step may be due.
	MaxStepHorizon = 5 * 365 * 24 * time.Hour
)

// OpenStep is a next step not yet done, with the meeting it came from.
type OpenStep struct {
	MeetingID string    `json:"meetingId"`
	MeetingAt time.Time `json:"meetingAt"`
	NextStep
}

// RecordMeeting records a meeting of an active relation. Either
// participant may. It returns ErrRelationNotActive when the relation is
// not active (a default relation whose mentor is no longer the mentee's
// team lead is not), a *storage.ValidationError for invalid input (a date
// in the future or long before the relation, a next step owned by
// someone else or due before the meeting), and an error wrapping
// storage.ErrNotFound to anyone but the two participants. Observers hear
// EventMeetingRecorded.
func (s *Service) RecordMeeting(ctx context.Context, actor, relationID string, in MeetingInput) (*Meeting, error) {
	r, err := s.Relation(ctx, actor, relationID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	in.At = in.At.UTC().Truncate(time.Microsecond)
	var extra []storage.FieldError
	switch {
	case in.At.IsZero(): // reported by the required rule
	case in.At.After(now):
		extra = append(extra, storage.FieldError{Field: "at", Message: "must not be in the future"})
	case in.At.Before(r.RequestedAt.Add(-MaxBackdate)):
		extra = append(extra, storage.FieldError{Field: "at", Message: "must not be more than a year before the relation began"})
	}
	in.NextSteps = cleanSteps(in.NextSteps)
	steps, stepErrs := nextSteps(r.Mentee, r.Mentor, in.At, in.NextSteps, "nextSteps")
	extra = append(extra, stepErrs...)
	in.Progress = cleanProgress(in.Progress)
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "record meeting")
	}
	if r.Status != StatusActive {
		return nil, ErrRelationNotActive
	}
	s.stepIDs(steps)
	m := &Meeting{
		ID: s.newID(), RelationID: r.ID, Mentee: r.Mentee, Mentor: r.Mentor, At: in.At,
		DurationMinutes: in.DurationMinutes, Notes: strings.TrimSpace(in.Notes),
		Progress: Progress(in.Progress), Feedback: strings.TrimSpace(in.Feedback), Ideas: strings.TrimSpace(in.Ideas),
		NextSteps: steps, RecordedBy: actor, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	m, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Meeting, error) {
		return s.recordMeeting(ctx, record, actor, m)
	})
	if err != nil {
		return nil, wrapOp("record meeting", err)
	}
	return m, nil
}

// recordMeeting is the change of RecordMeeting: the meeting counts on its
// relation, which must still be active, and is stored.
func (s *Service) recordMeeting(ctx context.Context, record func(...Event), actor string, m *Meeting) (*Meeting, error) {
	_, err := s.store.UpdateRelation(ctx, m.RelationID, 0, func(r *Relation) error {
		if r.Status != StatusActive {
			return ErrRelationNotActive
		}
		r.Meetings++
		if r.LastMeetingAt == nil || m.At.After(*r.LastMeetingAt) {
			at := m.At
			r.LastMeetingAt = &at
			// The record of the planned session is written after it:
			// the plan is done.
			if r.Planned != nil && !r.Planned.At.After(m.CreatedAt) {
				r.Planned = nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateMeeting(ctx, m); err != nil {
		return nil, err
	}
	record(Event{Type: EventMeetingRecorded, At: m.CreatedAt, Actor: actor, Mentee: m.Mentee, Mentor: m.Mentor, RelationID: m.RelationID, MeetingID: m.ID})
	return m, nil
}

// cleanSteps returns a trimmed copy of next step inputs, leaving the
// caller's slice as it was.
func cleanSteps(in []NextStepInput) []NextStepInput {
	out := slices.Clone(in)
	for i := range out {
		out[i].Text = strings.TrimSpace(out[i].Text)
		out[i].Owner = strings.TrimSpace(out[i].Owner)
	}
	return out
}

// nextSteps turns cleaned inputs into next steps, without IDs, of a
// meeting held at at between mentee and mentor, with an error for each
// owner who is not one of them and each due date outside the meeting's
// window.
func nextSteps(mentee, mentor string, at time.Time, in []NextStepInput, field string) ([]NextStep, []storage.FieldError) {
	steps := make([]NextStep, 0, len(in))
	var errs []storage.FieldError
	for i, si := range in {
		st := NextStep{Text: si.Text, Owner: si.Owner}
		if st.Owner == "" {
			st.Owner = mentee
		}
		if st.Owner != mentee && st.Owner != mentor {
			errs = append(errs, storage.FieldError{Field: fmt.Sprintf("%s[%d].owner", field, i), Message: "must be the mentee or the mentor"})
		}
		if si.Due != nil {
			d := si.Due.UTC().Truncate(time.Microsecond)
			st.Due = &d
			switch {
			case d.Before(at.Truncate(24 * time.Hour)):
				errs = append(errs, storage.FieldError{Field: fmt.Sprintf("%s[%d].due", field, i), Message: "must not be before the day of the meeting"})
			case d.After(at.Add(MaxStepHorizon)):
				errs = append(errs, storage.FieldError{Field: fmt.Sprintf("%s[%d].due", field, i), Message: "must be at most five years after the meeting"})
			}
		}
		steps = append(steps, st)
	}
	return steps, errs
}

// stepIDs gives new next steps their IDs, once their input is known to be
// valid.
func (s *Service) stepIDs(steps []NextStep) {
	for i := range steps {
		steps[i].ID = s.newID()
	}
}

func cleanProgress(p ProgressInput) ProgressInput {
	p.Text = strings.TrimSpace(p.Text)
	p.GoalIDs = slices.Clone(p.GoalIDs)
	p.ObjectiveIDs = slices.Clone(p.ObjectiveIDs)
	return p
}

// Meeting returns a meeting log to one of the relation's two
// participants; to anyone else it returns an error wrapping
// storage.ErrNotFound.
func (s *Service) Meeting(ctx context.Context, viewer, id string) (*Meeting, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	m, err := s.store.Meeting(ctx, id)
	if err != nil {
		return nil, wrap(err, "meeting %s", id)
	}
	if viewer != m.Mentee && viewer != m.Mentor {
		return nil, fmt.Errorf("mentorship: meeting %s: %w", id, storage.ErrNotFound)
	}
	return m, nil
}

// Meetings lists the meetings of a relation, ordered by ID, to one of its
// participants; to anyone else it returns an error wrapping
// storage.ErrNotFound.
func (s *Service) Meetings(ctx context.Context, viewer, relationID string, page storage.PageRequest) (storage.Page[Meeting], error) {
	if err := page.Check(); err != nil {
		return storage.Page[Meeting]{}, wrap(err, "list meetings")
	}
	return s.meetings(ctx, viewer, relationID, page)
}

func (s *Service) meetings(ctx context.Context, viewer, relationID string, page storage.PageRequest) (storage.Page[Meeting], error) {
	if _, err := s.Relation(ctx, viewer, relationID); err != nil {
		return storage.Page[Meeting]{}, err
	}
	p, err := s.store.Meetings(ctx, MeetingFilter{RelationID: relationID}, page)
	if err != nil {
		return storage.Page[Meeting]{}, wrap(err, "list meetings")
	}
	return p, nil
}

// UpdateMeeting changes a meeting log; either participant may, also after
// the relation ended. A non-zero version must match the stored one, or
// storage.ErrConflict is returned. It returns a *storage.ValidationError
// for invalid changes (see NextStepInput for due dates) and an error
// wrapping storage.ErrNotFound to anyone but the two participants.
func (s *Service) UpdateMeeting(ctx context.Context, actor, id string, version int64, ch MeetingChanges) (*Meeting, error) {
	m, err := s.Meeting(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	ch.AddSteps = cleanSteps(ch.AddSteps)
	steps, extra := nextSteps(m.Mentee, m.Mentor, m.At, ch.AddSteps, "addSteps")
	if ch.Progress != nil {
		p := cleanProgress(*ch.Progress)
		ch.Progress = &p
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, wrap(err, "update meeting")
	}
	s.stepIDs(steps)
	trim := func(p *string) *string {
		if p == nil {
			return nil
		}
		t := strings.TrimSpace(*p)
		return &t
	}
	ch.Notes, ch.Feedback, ch.Ideas = trim(ch.Notes), trim(ch.Feedback), trim(ch.Ideas)
	m, err = change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Meeting, error) {
		return s.store.UpdateMeeting(ctx, id, version, func(m *Meeting) error {
			setIf(&m.DurationMinutes, ch.DurationMinutes)
			setIf(&m.Notes, ch.Notes)
			setIf(&m.Feedback, ch.Feedback)
			setIf(&m.Ideas, ch.Ideas)
			if ch.Progress != nil {
				m.Progress = Progress(*ch.Progress)
			}
			m.NextSteps = append(m.NextSteps, steps...)
			m.UpdatedAt = s.clock()
			return nil
		})
	})
	if err != nil {
		return nil, wrapOp("update meeting "+id, err)
	}
	return m, nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// SetStepDone marks a next step of a meeting done (or not done again).
// Either participant may. A step already in the state asked for is left
// as it is — a done step keeps the time it was first marked done — and the
// meeting is returned unchanged. A non-zero version must match the
// meeting's, or storage.ErrConflict is returned. It returns
// ErrStepNotFound for an unknown step and an error wrapping
// storage.ErrNotFound to anyone but the two participants.
func (s *Service) SetStepDone(ctx context.Context, actor, meetingID, stepID string, version int64, done bool) (*Meeting, error) {
	if _, err := s.Meeting(ctx, actor, meetingID); err != nil {
		return nil, err
	}
	m, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Meeting, error) {
		return s.setStepDone(ctx, meetingID, stepID, version, done)
	})
	if err != nil {
		return nil, wrapOp("set step done", err)
	}
	return m, nil
}

// setStepDone is the change of SetStepDone. A step already in the state
// asked for leaves the meeting as it is, and the meeting is returned.
func (s *Service) setStepDone(ctx context.Context, meetingID, stepID string, version int64, done bool) (*Meeting, error) {
	now := s.clock()
	var same *Meeting
	m, err := s.store.UpdateMeeting(ctx, meetingID, version, func(m *Meeting) error {
		i := slices.IndexFunc(m.NextSteps, func(st NextStep) bool { return st.ID == stepID })
		if i < 0 {
			return ErrStepNotFound
		}
		st := &m.NextSteps[i]
		if st.Done == done {
			same = m
			return errUnchanged
		}
		st.Done, st.DoneAt = done, nil
		if done {
			st.DoneAt = &now
		}
		m.UpdatedAt = now
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return same, nil
	}
	return m, err
}

// OpenSteps lists the next steps of a relation's meetings that are not
// done, ordered by meeting date, then as agreed. Only the participants
// may ask; to anyone else it returns an error wrapping storage.ErrNotFound.
func (s *Service) OpenSteps(ctx context.Context, viewer, relationID string) ([]OpenStep, error) {
	p, err := s.meetings(ctx, viewer, relationID, all)
	if err != nil {
		return nil, err
	}
	ms := p.Items
	slices.SortStableFunc(ms, func(a, b Meeting) int { return a.At.Compare(b.At) })
	out := []OpenStep{}
	for _, m := range ms {
		for _, st := range m.NextSteps {
			if !st.Done {
				out = append(out, OpenStep{MeetingID: m.ID, MeetingAt: m.At, NextStep: st})
			}
		}
	}
	return out, nil
}
