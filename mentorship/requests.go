package mentorship

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// RequestInput asks a person to be actor's mentor.
type RequestInput struct {
	Mentor  string `json:"mentor" validate:"required,max=200"`
	Message string `json:"message" validate:"max=2000"`
}

// AnswerInput is the mentor's optional message when accepting or
// declining a request.
type AnswerInput struct {
	Message string `json:"message" validate:"max=2000"`
}

// errUnchanged makes an update callback leave a value as it is; callers
// treat it as success.
var errUnchanged = errors.New("mentorship: unchanged")

var openStatuses = []RelationStatus{StatusProposed}

// Request asks in.Mentor to mentor actor. The request stays open until the
// mentor accepts or declines it, actor withdraws it, another request of
// actor is accepted, or it expires (after the request TTL); actor keeps
// their current mentor meanwhile. It returns a *storage.ValidationError
// for invalid input (including a request to oneself), ErrNoProfile when
// the person has not volunteered, ErrNotAccepting or ErrMentorFull when
// they take nobody now, ErrAlreadyMentor when they mentor actor already
// (chosen, or as team lead by default), ErrTeamLeadIsDefault when they are
// actor's team lead while actor has a chosen mentor (End the chosen
// relation to go back to the lead, who never takes a seat), and
// ErrDuplicateRequest when actor has an open request to them. A refused
// request stores nothing. Observers hear EventRequestReceived.
func (s *Service) Request(ctx context.Context, actor string, in RequestInput) (*Relation, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Mentor = strings.TrimSpace(in.Mentor)
	in.Message = strings.TrimSpace(in.Message)
	var extra []storage.FieldError
	if in.Mentor != "" && in.Mentor == actor {
		extra = append(extra, storage.FieldError{Field: "mentor", Message: "must be another person: nobody mentors themselves"})
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "request")
	}
	lead, err := s.teamLead(ctx, actor)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	// A person's first request stores their mentee record, and only once
	// it can go ahead.
	mayRequest := func(m *Mentee) error { return s.mayRequest(ctx, m, lead, in.Mentor, now) }
	if err := s.ensureMentee(ctx, actor, mayRequest); err != nil {
		return nil, wrapOp("request", err)
	}
	expires := now.Add(s.requestTTL)
	r := &Relation{ID: s.newID(), Kind: KindChosen, Mentee: actor, Mentor: in.Mentor, Status: StatusProposed,
		Message: in.Message, RequestedAt: now, ExpiresAt: &expires, CadenceDays: s.cadence, Version: 1}
	r, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		return s.propose(ctx, record, r, lead)
	})
	if err != nil {
		return nil, wrapOp("request", err)
	}
	return r, nil
}

// propose is the change of Request: with the mentee record locked, so that
// the checks and the new request are not interleaved with an accept of
// another request or a second request to the same mentor, it checks that
// the request may go ahead (mayRequest) and stores it.
func (s *Service) propose(ctx context.Context, record func(...Event), r *Relation, lead string) (*Relation, error) {
	m, err := s.lockMentee(ctx, r.Mentee, func(m *Mentee) error {
		m.UpdatedAt = r.RequestedAt
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.mayRequest(ctx, &m, lead, r.Mentor, r.RequestedAt); err != nil {
		return nil, err
	}
	if err := s.store.CreateRelation(ctx, r); err != nil {
		return nil, err
	}
	record(Event{Type: EventRequestReceived, At: r.RequestedAt, Actor: r.Mentee, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID})
	return r, nil
}

// mayRequest says whether m.Person, whose team lead is lead, may ask
// mentor at now: mentor has volunteered and has a seat free, may become
// their chosen mentor (mentorAllowed), and has no open request from them.
func (s *Service) mayRequest(ctx context.Context, m *Mentee, lead, mentor string, now time.Time) error {
	if err := s.seatFree(ctx, mentor); err != nil {
		return err
	}
	if err := mentorAllowed(m, lead, mentor); err != nil {
		return err
	}
	return s.noOpenRequest(ctx, m.Person, mentor, now)
}

// seatFree returns ErrNoProfile when mentor has not volunteered, and
// ErrNotAccepting or ErrMentorFull when they have no seat free.
func (s *Service) seatFree(ctx context.Context, mentor string) error {
	p, err := s.store.Profile(ctx, mentor)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return ErrNoProfile
	case err != nil:
		return err
	case p.Capacity == 0:
		return ErrNotAccepting
	case !p.Accepting():
		return ErrMentorFull
	}
	return nil
}

// mentorAllowed says whether mentor may become m.Person's chosen mentor,
// given their team lead: not when mentor is their chosen mentor already,
// nor when mentor is their team lead (who mentors them by default).
func mentorAllowed(m *Mentee, lead, mentor string) error {
	chosen := m.Kind == KindChosen && m.RelationID != ""
	switch {
	case chosen && m.Mentor == mentor:
		return ErrAlreadyMentor
	case lead != "" && lead == mentor && chosen:
		return ErrTeamLeadIsDefault
	case lead != "" && lead == mentor:
		return ErrAlreadyMentor
	}
	return nil
}

// noOpenRequest returns ErrDuplicateRequest when mentee has a request to
// mentor that is open at now.
func (s *Service) noOpenRequest(ctx context.Context, mentee, mentor string, now time.Time) error {
	open, err := s.store.Relations(ctx, RelationFilter{Mentee: mentee, Mentor: mentor, Statuses: openStatuses}, all)
	if err != nil {
		return err
	}
	for _, o := range open.Items {
		if !o.ExpiredAt(now) {
			return ErrDuplicateRequest
		}
	}
	return nil
}

// Accept accepts a request made to actor. In one atomic step the request
// becomes active, taking a seat of actor's capacity; the mentee's previous
// active relation (chosen or default) ends as switched, freeing its seat;
// and the mentee's other open requests are superseded (or expired, if past
// their expiry). When two accepts race for the last seat exactly one wins.
// A non-zero version must match the request's, or storage.ErrConflict is
// returned. It returns ErrNotMentor to the mentee, ErrNotRequest for a
// default relation, ErrRequestExpired or ErrRequestClosed when the request
// is not open, ErrNotAccepting or ErrMentorFull when actor has no seat
// left, ErrAlreadyMentor when actor mentors the mentee already (chosen, or
// as their team lead by default, should actor have become their lead since
// the request), ErrTeamLeadIsDefault when actor has become the mentee's
// team lead while the mentee has a chosen mentor, and an error wrapping
// storage.ErrNotFound to anyone but the two participants. A refused accept
// changes nothing. Observers hear EventRequestAccepted, then
// EventRelationEnded for the previous relation and EventRequestSuperseded
// or EventRequestExpired for other requests.
func (s *Service) Accept(ctx context.Context, actor, id string, version int64, in AnswerInput) (*Relation, error) {
	in.Message = strings.TrimSpace(in.Message)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "accept")
	}
	r, err := s.request(ctx, actor, id, RoleMentor)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != r.Version {
		return nil, wrap(storage.ErrConflict, "accept %s", id)
	}
	lead, err := s.teamLead(ctx, r.Mentee)
	if err != nil {
		return nil, err
	}
	// A request normally has a mentee record already; should it have none,
	// the accept must go ahead before one is stored.
	mayAccept := func(m *Mentee) error {
		if err := mentorAllowed(m, lead, r.Mentor); err != nil {
			return err
		}
		return s.seatFree(ctx, r.Mentor)
	}
	if err := s.ensureMentee(ctx, r.Mentee, mayAccept); err != nil {
		return nil, wrapOp("accept "+id, err)
	}
	out, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		return s.accept(ctx, record, actor, r, version, lead, in.Message)
	})
	if err != nil {
		return nil, wrapOp("accept "+id, err)
	}
	return out, nil
}

// accept is the change of Accept: with the mentee record locked first,
// the request r becomes active and takes a seat of its mentor, the
// mentee's previous relation ends as switched, freeing its seat, and the
// mentee's other open requests close.
func (s *Service) accept(ctx context.Context, record func(...Event), actor string, r *Relation, version int64, lead, message string) (*Relation, error) {
	now := s.clock()
	before, err := s.lockMentee(ctx, r.Mentee, func(m *Mentee) error {
		if err := mentorAllowed(m, lead, r.Mentor); err != nil {
			return err
		}
		m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = r.ID, r.Mentor, KindChosen, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Lock the profiles concerned in order of person: the new mentor's to
	// take a seat, the previous chosen mentor's to free one.
	people := []string{r.Mentor}
	if before.RelationID != "" && before.Kind == KindChosen {
		people = append(people, before.Mentor)
	}
	slices.Sort(people)
	for _, p := range people {
		if err := s.moveSeat(ctx, p, r.Mentee, p == r.Mentor, now); err != nil {
			return nil, err
		}
	}
	out, err := s.store.UpdateRelation(ctx, r.ID, version, func(rel *Relation) error {
		if err := openRequest(rel, now); err != nil {
			return err
		}
		rel.Status, rel.Response, rel.DecidedAt, rel.StartedAt = StatusActive, message, &now, &now
		return nil
	})
	if err != nil {
		return nil, err
	}
	record(Event{Type: EventRequestAccepted, At: now, Actor: actor, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID})
	if before.RelationID != "" {
		if _, err := s.endSwitched(ctx, record, before.RelationID, now); err != nil {
			return nil, err
		}
	}
	open, err := s.store.Relations(ctx, RelationFilter{Mentee: r.Mentee, Statuses: openStatuses}, all)
	if err != nil {
		return nil, err
	}
	for _, o := range open.Items {
		if o.ID == r.ID {
			continue
		}
		if err := s.closeRequest(ctx, record, o.ID, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// moveSeat takes (take true) or frees a seat of mentor's capacity for
// mentee, with mentor's profile locked.
func (s *Service) moveSeat(ctx context.Context, mentor, mentee string, take bool, now time.Time) error {
	_, err := s.store.UpdateProfile(ctx, mentor, 0, func(p *Profile) error {
		i, found := slices.BinarySearch(p.Mentees, mentee)
		switch {
		case take && found:
			return ErrAlreadyMentor
		case take && p.Capacity == 0:
			return ErrNotAccepting
		case take && len(p.Mentees) >= p.Capacity:
			return ErrMentorFull
		case take:
			p.Mentees = slices.Insert(p.Mentees, i, mentee)
		case found:
			p.Mentees = slices.Delete(p.Mentees, i, i+1)
		default:
			return errUnchanged
		}
		p.Active, p.UpdatedAt = len(p.Mentees), now
		return nil
	})
	switch {
	case errors.Is(err, errUnchanged):
		return nil
	case take && errors.Is(err, storage.ErrNotFound):
		return ErrNoProfile
	}
	return err
}

// updateRelationIf updates relation id inside a change when apply reports
// that it changed something, and returns the stored relation; it returns
// nil when apply left the relation as it was, and writes nothing then.
func (s *Service) updateRelationIf(ctx context.Context, id string, apply func(r *Relation) bool) (*Relation, error) {
	r, err := s.store.UpdateRelation(ctx, id, 0, func(r *Relation) error {
		if !apply(r) {
			return errUnchanged
		}
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return nil, nil
	}
	return r, err
}

// endSwitched ends an active relation as switched inside a change and
// records EventRelationEnded. A relation no longer active stays as it is,
// and endSwitched reports false.
func (s *Service) endSwitched(ctx context.Context, record func(...Event), id string, now time.Time) (bool, error) {
	r, err := s.updateRelationIf(ctx, id, func(r *Relation) bool {
		if r.Status != StatusActive {
			return false
		}
		r.Status, r.EndReason, r.EndedAt = StatusEnded, EndSwitched, &now
		return true
	})
	if r == nil || err != nil {
		return false, err
	}
	record(Event{Type: EventRelationEnded, At: now, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Reason: EndSwitched})
	return true, nil
}

// closeRequest closes another open request of a mentee whose request was
// accepted, inside a change: superseded, or expired when past its expiry,
// recording the event to tell. A request no longer open stays as it is.
func (s *Service) closeRequest(ctx context.Context, record func(...Event), id string, now time.Time) error {
	r, err := s.updateRelationIf(ctx, id, func(r *Relation) bool {
		if r.Status != StatusProposed {
			return false
		}
		if r.ExpiredAt(now) {
			at := *r.ExpiresAt
			r.Status, r.DecidedAt = StatusExpired, &at
			return true
		}
		r.Status, r.DecidedAt = StatusSuperseded, &now
		return true
	})
	if r == nil || err != nil {
		return err
	}
	e := Event{Type: EventRequestSuperseded, At: now, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID}
	if r.Status == StatusExpired {
		e.Type, e.At = EventRequestExpired, *r.DecidedAt
	}
	record(e)
	return nil
}

// openRequest returns why a request can no longer be answered, or nil.
func openRequest(r *Relation, now time.Time) error {
	switch {
	case r.ExpiredAt(now):
		return ErrRequestExpired
	case r.Status != StatusProposed:
		return ErrRequestClosed
	}
	return nil
}

// Decline declines a request made to actor; the mentee keeps their
// current mentor. A non-zero version must match the request's. It returns
// ErrNotMentor to the mentee, ErrNotRequest for a default relation,
// ErrRequestExpired or ErrRequestClosed when the request is not open, and
// an error wrapping storage.ErrNotFound to anyone but the two
// participants. Observers hear EventRequestDeclined.
func (s *Service) Decline(ctx context.Context, actor, id string, version int64, in AnswerInput) (*Relation, error) {
	in.Message = strings.TrimSpace(in.Message)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "decline")
	}
	return s.answer(ctx, actor, id, version, RoleMentor, StatusDeclined, in.Message)
}

// Withdraw withdraws a request actor made. A non-zero version must match
// the request's. It returns ErrNotMentee to the mentor, ErrNotRequest for
// a default relation, ErrRequestExpired or ErrRequestClosed when the
// request is not open, and an error wrapping storage.ErrNotFound to anyone
// but the two participants. Observers hear EventRequestWithdrawn.
func (s *Service) Withdraw(ctx context.Context, actor, id string, version int64) (*Relation, error) {
	return s.answer(ctx, actor, id, version, RoleMentee, StatusWithdrawn, "")
}

func (s *Service) answer(ctx context.Context, actor, id string, version int64, role Role, status RelationStatus, message string) (*Relation, error) {
	r, err := s.request(ctx, actor, id, role)
	if err != nil {
		return nil, err
	}
	event := EventRequestDeclined
	if status == StatusWithdrawn {
		event = EventRequestWithdrawn
	}
	r, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		now := s.clock()
		r, err := s.store.UpdateRelation(ctx, r.ID, version, func(r *Relation) error {
			if err := openRequest(r, now); err != nil {
				return err
			}
			r.Status, r.DecidedAt = status, &now
			if status == StatusDeclined {
				r.Response = message
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: event, At: now, Actor: actor, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID})
		return r, nil
	})
	if err != nil {
		return nil, wrapOp(string(status)+" "+id, err)
	}
	return r, nil
}

// request returns an open request that actor, in role, may answer.
func (s *Service) request(ctx context.Context, actor, id string, role Role) (*Relation, error) {
	r, err := s.Relation(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	switch {
	case r.Kind != KindChosen:
		return nil, ErrNotRequest
	case role == RoleMentor && r.Mentor != actor:
		return nil, ErrNotMentor
	case role == RoleMentee && r.Mentee != actor:
		return nil, ErrNotMentee
	case r.Status == StatusExpired:
		return nil, ErrRequestExpired
	case r.Status != StatusProposed:
		return nil, ErrRequestClosed
	}
	return r, nil
}
