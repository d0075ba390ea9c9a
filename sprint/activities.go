package sprint

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// ActivityInput describes a learning activity for a topic of a sprint. A
// scheduled activity has a Start and a duration in Minutes; a self-paced
// one has neither. Seats 0 means no limit.
type ActivityInput struct {
	TopicID     string       `json:"topicId" validate:"required"`
	Kind        ActivityKind `json:"kind" validate:"required,oneof=keynote virtual_classroom coaching self_study"`
	Title       string       `json:"title" validate:"required,max=200"`
	Description string       `json:"description" validate:"max=4000"`
	Host        string       `json:"host" validate:"max=200"`
	External    bool         `json:"external"`
	Start       *time.Time   `json:"start"`
	Minutes     int          `json:"minutes" validate:"gte=0,lte=1440"`
	Link        string       `json:"link" validate:"omitempty,max=2000,http_url"`
	Seats       int          `json:"seats" validate:"gte=0,lte=100000"`
	Tags        []string     `json:"tags" validate:"max=20,dive,max=50"`
}

// ActivityChanges lists changes to an activity; nil fields stay as they
// are. SelfPaced true removes the schedule.
type ActivityChanges struct {
	Title       *string    `json:"title" validate:"omitnil,min=1,max=200"`
	Description *string    `json:"description" validate:"omitnil,max=4000"`
	Host        *string    `json:"host" validate:"omitnil,max=200"`
	External    *bool      `json:"external"`
	Start       *time.Time `json:"start"`
	Minutes     *int       `json:"minutes" validate:"omitnil,gte=0,lte=1440"`
	SelfPaced   bool       `json:"selfPaced"`
	Link        *string    `json:"link" validate:"omitnil,max=2000"`
	Seats       *int       `json:"seats" validate:"omitnil,gte=0,lte=100000"`
}

// RatingInput rates an activity from 1 to 5, with an optional comment.
type RatingInput struct {
	Rating  int    `json:"rating" validate:"gte=1,lte=5"`
	Comment string `json:"comment" validate:"max=2000"`
}

// AttendanceInput marks a person's attendance (status attended) or
// completion (status completed) of an activity.
type AttendanceInput struct {
	Person string          `json:"person" validate:"required"`
	Status EnrolmentStatus `json:"status" validate:"required,oneof=attended completed enrolled"`
}

func checkSchedule(start *time.Time, minutes int) []storage.FieldError {
	if start != nil {
		if y := start.UTC().Year(); y < okr.MinYear || y > okr.MaxYear {
			return []storage.FieldError{{Field: "start", Message: fmt.Sprintf("must lie in the years %d to %d", okr.MinYear, okr.MaxYear)}}
		}
	}
	switch {
	case start == nil && minutes != 0:
		return []storage.FieldError{{Field: "minutes", Message: "must be omitted for a self-paced activity"}}
	case start != nil && minutes == 0:
		return []storage.FieldError{{Field: "minutes", Message: "is required for a scheduled activity"}}
	}
	return nil
}

// AddActivity offers an activity for a topic of a sprint that has not yet
// gone to review. It returns ErrNotFacilitator to anyone but a
// facilitator, ErrNotEditable in review or later, and a
// *storage.ValidationError for invalid input (including an unknown topic).
func (s *Service) AddActivity(ctx context.Context, actor, sprintID string, in ActivityInput) (*Activity, error) {
	sp, err := s.facilitated(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Tags = okr.NormalizeTags(in.Tags)
	extra := checkSchedule(in.Start, in.Minutes)
	if in.TopicID != "" && findTopic(sp, in.TopicID) == nil {
		extra = append(extra, storage.FieldError{Field: "topicId", Message: "must name a topic of the sprint"})
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, prefixed(err, "add activity")
	}
	now := s.now().UTC()
	id := s.newID()
	a, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Activity, error) {
		// Lock the sprint, so its topic cannot be removed and its state
		// cannot move on while the activity is added.
		sp, err := s.updateSprint(ctx, sprintID, 0, func(sp *Sprint) error {
			if err := requireState(sp, Planning, Committed, Active); err != nil {
				return err
			}
			if findTopic(sp, in.TopicID) == nil {
				return storage.Invalid("topicId", "must name a topic of the sprint")
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		t := findTopic(sp, in.TopicID)
		a := &Activity{
			ID: id, SprintID: sp.ID, TopicID: t.ID, Kind: in.Kind, Title: in.Title, Description: in.Description,
			Host: strings.TrimSpace(in.Host), External: in.External, Start: utcPtr(in.Start), Minutes: in.Minutes,
			Link: in.Link, Seats: in.Seats, Tags: okr.NormalizeTags(append(append([]string{}, t.Tags...), in.Tags...)),
			CreatedAt: now, UpdatedAt: now, Version: 1,
		}
		if err := s.store.CreateActivity(ctx, a); err != nil {
			return nil, err
		}
		return a, nil
	})
	if err != nil {
		return nil, prefixed(err, "add activity to %s", sprintID)
	}
	a.Enrolments = []Enrolment{}
	return a, nil
}

// webLink reports whether s is an absolute http or https URL with a host.
func webLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Second)
	return &u
}

// UpdateActivity changes an activity of a sprint that has not gone to
// review. Seats may not drop below the number of people enrolled. It
// returns the errors of AddActivity and storage.ErrConflict for a stale
// non-zero version.
func (s *Service) UpdateActivity(ctx context.Context, actor, activityID string, version int64, ch ActivityChanges) (*Activity, error) {
	_, sp, err := s.activityFor(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.facilitates(ctx, actor, sp); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotFacilitator
	}
	var extra []storage.FieldError
	if ch.Start != nil {
		extra = append(extra, checkSchedule(ch.Start, 1)...)
	}
	if ch.Link != nil && *ch.Link != "" && !webLink(*ch.Link) {
		extra = append(extra, storage.FieldError{Field: "link", Message: "must be an absolute http or https URL"})
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, prefixed(err, "update activity")
	}
	out, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Activity, error) {
		if err := s.inState(ctx, sp.ID, Planning, Committed, Active); err != nil {
			return nil, err
		}
		return s.store.UpdateActivity(ctx, activityID, version, func(a *Activity) error { return s.applyChanges(a, ch) })
	})
	if err != nil {
		return nil, prefixed(err, "update activity %s", activityID)
	}
	return out, s.present(ctx, actor, sp, out)
}

// applyChanges applies ch to activity a.
func (s *Service) applyChanges(a *Activity, ch ActivityChanges) error {
	if ch.Title != nil {
		a.Title = strings.TrimSpace(*ch.Title)
	}
	setIf(&a.Description, ch.Description)
	setIf(&a.Host, ch.Host)
	setIf(&a.External, ch.External)
	setIf(&a.Link, ch.Link)
	if ch.Start != nil {
		a.Start = utcPtr(ch.Start)
	}
	setIf(&a.Minutes, ch.Minutes)
	if ch.SelfPaced {
		a.Start, a.Minutes = nil, 0
	}
	if errs := checkSchedule(a.Start, a.Minutes); errs != nil {
		return &storage.ValidationError{Fields: errs}
	}
	if ch.Seats != nil {
		if *ch.Seats != 0 && *ch.Seats < a.Taken {
			return storage.Invalid("seats", fmt.Sprintf("must be at least the %d people enrolled", a.Taken))
		}
		a.Seats = *ch.Seats
	}
	a.UpdatedAt = s.now().UTC()
	return nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// present prepares activities of sp, as the store returns them, for
// viewer: it lists onto each its enrolments — everyone's when viewer runs
// sp, only viewer's own otherwise.
func (s *Service) present(ctx context.Context, viewer string, sp *Sprint, acts ...*Activity) error {
	if len(acts) == 0 {
		return nil
	}
	full, err := s.facilitates(ctx, viewer, sp)
	if err != nil {
		return err
	}
	if full {
		for _, a := range acts {
			if a.Enrolments, err = s.enrolmentsOf(ctx, a.ID); err != nil {
				return err
			}
		}
		return nil
	}
	f := EnrolmentFilter{SprintID: sp.ID, Person: viewer}
	if len(acts) == 1 {
		f = EnrolmentFilter{ActivityID: acts[0].ID, Person: viewer}
	}
	mine, err := s.enrolments(ctx, f)
	if err != nil {
		return err
	}
	for _, a := range acts {
		a.Enrolments = []Enrolment{}
		for _, e := range mine {
			if e.ActivityID == a.ID {
				a.Enrolments = append(a.Enrolments, e.Enrolment)
			}
		}
	}
	return nil
}

// presentChange prepares for actor activity a of sp, as a change of the
// enrolment e left it: a facilitator of sp sees everyone's enrolments,
// anyone else their own — e, when it is theirs — without another read.
func (s *Service) presentChange(ctx context.Context, actor string, sp *Sprint, a *Activity, e *Enrolment) error {
	full, err := s.facilitates(ctx, actor, sp)
	if err != nil {
		return err
	}
	if full {
		a.Enrolments, err = s.enrolmentsOf(ctx, a.ID)
		return err
	}
	a.Enrolments = []Enrolment{}
	if e.Person == actor {
		a.Enrolments = append(a.Enrolments, *e)
	}
	return nil
}

// enrolments returns every enrolment matching f.
func (s *Service) enrolments(ctx context.Context, f EnrolmentFilter) ([]ActivityEnrolment, error) {
	p, err := s.store.Enrolments(ctx, f, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, prefixed(err, "enrolments")
	}
	return p.Items, nil
}

// enrolmentsOf returns everyone's enrolments in activity id, by person.
func (s *Service) enrolmentsOf(ctx context.Context, id string) ([]Enrolment, error) {
	all, err := s.enrolments(ctx, EnrolmentFilter{ActivityID: id})
	if err != nil {
		return nil, err
	}
	out := make([]Enrolment, len(all))
	for i, e := range all {
		out[i] = e.Enrolment
	}
	return out, nil
}

// activityFor returns an activity and its sprint for a signed-in actor.
func (s *Service) activityFor(ctx context.Context, actor, activityID string) (*Activity, *Sprint, error) {
	if actor == "" {
		return nil, nil, errNoActor
	}
	a, err := s.store.Activity(ctx, activityID)
	if err != nil {
		return nil, nil, prefixed(err, "activity %s", activityID)
	}
	sp, err := s.store.Sprint(ctx, a.SprintID)
	if err != nil {
		return nil, nil, prefixed(err, "sprint of activity %s", activityID)
	}
	return a, sp, nil
}

// Activity returns an activity; anyone signed in may read it.
func (s *Service) Activity(ctx context.Context, viewer, id string) (*Activity, error) {
	a, sp, err := s.activityFor(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return a, s.present(ctx, viewer, sp, a)
}

// Activities lists a sprint's activities, those of one topic when topicID
// is not empty. Anyone signed in may read them.
func (s *Service) Activities(ctx context.Context, viewer, sprintID, topicID string, page storage.PageRequest) (storage.Page[Activity], error) {
	var none storage.Page[Activity]
	if err := page.Check(); err != nil {
		return none, prefixed(err, "list activities")
	}
	sp, err := s.sprintFor(ctx, viewer, sprintID)
	if err != nil {
		return none, err
	}
	p, err := s.store.Activities(ctx, ActivityFilter{SprintID: sprintID, TopicID: topicID}, page)
	if err != nil {
		return none, prefixed(err, "list activities")
	}
	acts := make([]*Activity, len(p.Items))
	for i := range p.Items {
		acts[i] = &p.Items[i]
	}
	if err := s.present(ctx, viewer, sp, acts...); err != nil {
		return none, err
	}
	return p, nil
}

// Enrol enrols actor in an activity of a committed or active sprint. The
// seat limit holds under concurrent enrolment: of two people racing for
// the last seat, exactly one gets it. A person who cancelled may enrol
// again. Its cost does not grow with the people already enrolled (only
// the answer to a facilitator of the sprint lists them all). It returns
// ErrNoSeats when the activity is full, ErrAlreadyEnrolled, and
// ErrNotEditable in other sprint states. Observers hear EventEnrolled.
func (s *Service) Enrol(ctx context.Context, actor, activityID string) (*Activity, error) {
	_, sp, err := s.activityFor(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	a, e, err := s.changeEnrolment(ctx, sp.ID, activityID, actor, []State{Committed, Active},
		&Event{Type: EventEnrolled, At: now, Actor: actor, Person: actor},
		func(a *Activity, e *Enrolment) error { return enrol(a, e, now) })
	if err != nil {
		return nil, prefixed(err, "enrol in %s", activityID)
	}
	return a, s.presentChange(ctx, actor, sp, a, e)
}

// enrol enrols the person of e, their enrolment in activity a, at now, if
// a seat is free.
func enrol(a *Activity, e *Enrolment, now time.Time) error {
	if e.HoldsSeat() {
		return ErrAlreadyEnrolled
	}
	if a.Seats > 0 && a.Taken >= a.Seats {
		return ErrNoSeats
	}
	e.Status, e.EnrolledAt = EnrolmentEnrolled, now
	a.UpdatedAt = now
	return nil
}

// CancelEnrolment cancels actor's enrolment in an activity of a committed
// or active sprint, freeing the seat. It returns ErrNotEnrolled unless
// actor is enrolled (and not yet marked attended), and ErrNotEditable in
// other sprint states. Observers hear EventEnrolmentCancelled.
func (s *Service) CancelEnrolment(ctx context.Context, actor, activityID string) (*Activity, error) {
	_, sp, err := s.activityFor(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	a, e, err := s.changeEnrolment(ctx, sp.ID, activityID, actor, []State{Committed, Active},
		&Event{Type: EventEnrolmentCancelled, At: now, Actor: actor, Person: actor},
		func(a *Activity, e *Enrolment) error {
			if e.Status != EnrolmentEnrolled {
				return ErrNotEnrolled
			}
			e.Status = EnrolmentCancelled
			a.UpdatedAt = now
			return nil
		})
	if err != nil {
		return nil, prefixed(err, "cancel enrolment in %s", activityID)
	}
	return a, s.presentChange(ctx, actor, sp, a, e)
}

// MarkAttendance marks an enrolled person as having attended or completed
// an activity (or resets them to enrolled) while the sprint is active or
// in review. It returns ErrNotFacilitator to anyone but a facilitator,
// ErrNotEnrolled for a person not enrolled, and ErrNotEditable in other
// sprint states.
func (s *Service) MarkAttendance(ctx context.Context, actor, activityID string, in AttendanceInput) (*Activity, error) {
	_, sp, err := s.activityFor(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.facilitates(ctx, actor, sp); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotFacilitator
	}
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "mark attendance")
	}
	a, e, err := s.changeEnrolment(ctx, sp.ID, activityID, in.Person, []State{Active, Review}, nil, func(a *Activity, e *Enrolment) error {
		if !e.HoldsSeat() {
			return ErrNotEnrolled
		}
		e.Status = in.Status
		a.UpdatedAt = s.now().UTC()
		return nil
	})
	if err != nil {
		return nil, prefixed(err, "mark attendance in %s", activityID)
	}
	return a, s.presentChange(ctx, actor, sp, a, e)
}

// Rate records actor's rating of an activity they are enrolled in, while
// the sprint is active or in review; rating again replaces the earlier
// rating. It returns ErrNotEnrolled for anyone not enrolled,
// ErrNotEditable in other sprint states and a *storage.ValidationError for
// a rating outside 1–5.
func (s *Service) Rate(ctx context.Context, actor, activityID string, in RatingInput) (*Activity, error) {
	_, sp, err := s.activityFor(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	in.Comment = strings.TrimSpace(in.Comment)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "rate activity")
	}
	a, e, err := s.changeEnrolment(ctx, sp.ID, activityID, actor, []State{Active, Review}, nil, func(a *Activity, e *Enrolment) error {
		if !e.HoldsSeat() {
			return ErrNotEnrolled
		}
		now := s.now().UTC()
		rating := in.Rating
		e.Rating, e.Comment, e.RatedAt = &rating, in.Comment, &now
		a.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, prefixed(err, "rate activity %s", activityID)
	}
	return a, s.presentChange(ctx, actor, sp, a, e)
}

// changeEnrolment commits a change that updates person's enrolment in
// activity id of sprint sprintID with fn (Store.UpdateEnrolment), while
// the sprint is in one of states, and records event, when not nil, for
// the activity once fn has succeeded.
func (s *Service) changeEnrolment(ctx context.Context, sprintID, id, person string, states []State, event *Event,
	fn func(*Activity, *Enrolment) error) (*Activity, *Enrolment, error) {
	var changed *Enrolment
	a, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Activity, error) {
		if err := s.inState(ctx, sprintID, states...); err != nil {
			return nil, err
		}
		a, e, err := s.store.UpdateEnrolment(ctx, id, person, fn)
		if err != nil {
			return nil, err
		}
		if event != nil {
			ev := *event
			ev.Sprint, ev.Activity = a.SprintID, a.ID
			record(ev)
		}
		changed = e
		return a, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return a, changed, nil
}

// inState returns ErrNotEditable unless sprint id is in one of states, as
// the store has it now: called inside a change, it decides the change.
func (s *Service) inState(ctx context.Context, id string, states ...State) error {
	sp, err := s.store.Sprint(ctx, id)
	if err != nil {
		return fmt.Errorf("sprint %s: %w", id, err)
	}
	return requireState(sp, states...)
}
