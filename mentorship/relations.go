package mentorship

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// EndInput ends an active relation. Reason defaults to EndByMentee for
// the mentee and EndByMentor for the mentor. The mentee may give
// completed or ended_by_mentee; the mentor completed, ended_by_mentor or
// mentor_unavailable. Switched is set by the Service only.
type EndInput struct {
	Reason EndReason `json:"reason"`
	Note   string    `json:"note" validate:"max=2000"`
}

// Role selects relations by the viewer's part in them.
type Role string

// Roles.
const (
	RoleMentee Role = "mentee"
	RoleMentor Role = "mentor"
)

// RelationQuery selects the viewer's relations for Service.Relations.
type RelationQuery struct {
	// As is the viewer's part; RoleMentee when empty.
	As Role `json:"as" validate:"omitempty,oneof=mentee mentor"`
	// Kind, when set, keeps relations of that kind only.
	Kind RelationKind `json:"kind" validate:"omitempty,oneof=chosen default"`
	// Statuses, when set, keeps relations in any of these states, as they
	// are at the moment of reading (an unanswered request past its expiry
	// is expired).
	Statuses []RelationStatus `json:"statuses" validate:"max=7,dive,oneof=proposed active declined withdrawn expired superseded ended"`
}

// End ends an active chosen relation; the mentee falls back to their team
// lead, and the mentor's seat is freed. Either participant may end it
// (see EndInput for the reasons each may give). A non-zero version must
// match the relation's. It returns ErrDefaultRelation for a default
// relation, ErrRelationNotActive when it is not active, a
// *storage.ValidationError for a reason the actor may not give, and an
// error wrapping storage.ErrNotFound to anyone but the two participants.
// Observers hear EventRelationEnded.
func (s *Service) End(ctx context.Context, actor, id string, version int64, in EndInput) (*Relation, error) {
	in.Note = strings.TrimSpace(in.Note)
	r, err := s.Relation(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	allowed := []EndReason{EndCompleted, EndByMentee}
	if actor == r.Mentor {
		allowed = []EndReason{EndCompleted, EndByMentor, EndMentorUnavailable}
	}
	if in.Reason == "" {
		in.Reason = allowed[1]
	}
	var extra []storage.FieldError
	if !slices.Contains(allowed, in.Reason) {
		extra = append(extra, storage.FieldError{Field: "reason", Message: "must be one of: " + joinReasons(allowed)})
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "end")
	}
	switch {
	case r.Kind == KindDefault:
		return nil, ErrDefaultRelation
	case r.Status != StatusActive:
		return nil, ErrRelationNotActive
	}
	r, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		return s.end(ctx, record, actor, r, version, in)
	})
	if err != nil {
		return nil, wrapOp("end "+id, err)
	}
	return r, nil
}

// end is the change of End: with the mentee record locked first, the
// mentee forgets the relation, the mentor's seat is freed and the relation
// ends.
func (s *Service) end(ctx context.Context, record func(...Event), actor string, r *Relation, version int64, in EndInput) (*Relation, error) {
	now := s.clock()
	_, err := s.lockMentee(ctx, r.Mentee, func(m *Mentee) error {
		if m.RelationID != r.ID {
			return errUnchanged
		}
		m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = "", "", "", now
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return nil, err
	}
	if err := s.moveSeat(ctx, r.Mentor, r.Mentee, false, now); err != nil {
		return nil, err
	}
	ended, err := s.store.UpdateRelation(ctx, r.ID, version, func(r *Relation) error {
		if r.Status != StatusActive {
			return ErrRelationNotActive
		}
		r.Status, r.EndReason, r.EndedAt, r.EndedBy, r.EndNote = StatusEnded, in.Reason, &now, actor, in.Note
		return nil
	})
	if err != nil {
		return nil, err
	}
	record(Event{Type: EventRelationEnded, At: now, Actor: actor, Mentee: ended.Mentee, Mentor: ended.Mentor, RelationID: ended.ID, Reason: in.Reason})
	return ended, nil
}

func joinReasons(rs []EndReason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// SetCadence sets how many days apart the participants of an active
// relation mean to meet (1 to 365). Either participant may. A non-zero
// version must match the relation's, or storage.ErrConflict is returned.
// It returns ErrRelationNotActive when the relation is not active (a
// default relation whose mentor is no longer the mentee's team lead is
// not), a *storage.ValidationError for a bad number of days, and an error
// wrapping storage.ErrNotFound to anyone but the two participants.
func (s *Service) SetCadence(ctx context.Context, actor, id string, version int64, days int) (*Relation, error) {
	if days < 1 || days > 365 {
		return nil, wrap(storage.Invalid("cadenceDays", "must be between 1 and 365"), "set cadence")
	}
	cur, err := s.Relation(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if cur.Status != StatusActive {
		return nil, ErrRelationNotActive
	}
	r, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Relation, error) {
		return s.store.UpdateRelation(ctx, id, version, func(r *Relation) error {
			if r.Status != StatusActive {
				return ErrRelationNotActive
			}
			r.CadenceDays = days
			return nil
		})
	})
	if err != nil {
		return nil, wrapOp("set cadence of "+id, err)
	}
	return r, nil
}

// Relation returns a relation to one of its participants, as it is now:
// an unanswered request past its expiry reads as expired, and a default
// relation whose mentor is no longer the mentee's team lead reads as
// ended, switched (EndedAt nil), even before Sweep stores them so. To
// anyone else it returns an error wrapping storage.ErrNotFound.
func (s *Service) Relation(ctx context.Context, viewer, id string) (*Relation, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	r, err := s.store.Relation(ctx, id)
	if err != nil {
		return nil, wrap(err, "relation %s", id)
	}
	if !r.Participant(viewer) {
		return nil, fmt.Errorf("mentorship: relation %s: %w", id, storage.ErrNotFound)
	}
	if err := view(ctx, r, s.clock(), s.leadCache()); err != nil {
		return nil, err
	}
	return r, nil
}

// Relations lists viewer's relations as mentee or as mentor, ordered by
// ID, each as it is now (see Relation): a query for active relations
// leaves out a default relation with a former team lead, and a query for
// ended ones includes it. It returns a *storage.ValidationError for an
// invalid query or page.
func (s *Service) Relations(ctx context.Context, viewer string, q RelationQuery, page storage.PageRequest) (storage.Page[Relation], error) {
	if viewer == "" {
		return storage.Page[Relation]{}, errNoActor
	}
	if err := storage.Validate(q); err != nil {
		return storage.Page[Relation]{}, wrap(err, "list relations")
	}
	if err := page.Check(); err != nil {
		return storage.Page[Relation]{}, wrap(err, "list relations")
	}
	f := RelationFilter{Mentee: viewer, Kind: q.Kind}
	if q.As == RoleMentor {
		f = RelationFilter{Mentor: viewer, Kind: q.Kind}
	}
	// A stored proposed request may read as expired, so asking for either
	// asks the store for both; a stored active default relation may read
	// as ended.
	for _, st := range q.Statuses {
		f.Statuses = append(f.Statuses, st)
		switch st {
		case StatusExpired, StatusProposed:
			f.Statuses = append(f.Statuses, StatusExpired, StatusProposed)
		case StatusEnded:
			f.Statuses = append(f.Statuses, StatusActive)
		}
	}
	now, leads := s.clock(), s.leadCache()
	p, err := filterPage(page, func(p storage.PageRequest) (storage.Page[Relation], error) {
		return s.store.Relations(ctx, f, p)
	}, func(r *Relation) (bool, error) {
		if err := view(ctx, r, now, leads); err != nil {
			return false, err
		}
		return len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status), nil
	}, func(r *Relation) string { return r.ID })
	if err != nil {
		return storage.Page[Relation]{}, wrap(err, "list relations")
	}
	return p, nil
}
