package mentorship

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// CurrentMentor says who mentors a person now.
type CurrentMentor struct {
	Person string `json:"person"`
	// Mentor is "" when the person has neither a chosen mentor nor a team
	// lead.
	Mentor string `json:"mentor,omitempty"`
	// Default is true when Mentor is the person's team lead, mentoring by
	// default because the person has chosen nobody else.
	Default bool `json:"default"`
	// RelationID is the chosen relation, or the stored default relation
	// when its meeting log has been opened; empty otherwise.
	RelationID string `json:"relationId,omitempty"`
	// Since is when the chosen relation started; nil for a default mentor.
	Since *time.Time `json:"since,omitempty"`
}

// MentorOf returns the ID of person's current mentor: their chosen mentor
// when they have an active chosen relation, else their team lead from the
// Directory, else "". It satisfies okr.MentorFinder, so okr's
// "visible to my mentor" follows a change of mentor at once:
//
//	okrSvc := okr.NewService(store, okr.WithMentors(mentorshipSvc))
func (s *Service) MentorOf(ctx context.Context, person string) (string, error) {
	c, err := s.current(ctx, person)
	if err != nil {
		return "", err
	}
	return c.Mentor, nil
}

// CurrentMentor tells who mentors person now and whether it is their
// team lead by default or a mentor they chose. Only the person and that
// mentor may ask; to anyone else it returns an error wrapping
// storage.ErrNotFound.
func (s *Service) CurrentMentor(ctx context.Context, viewer, person string) (*CurrentMentor, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	c, err := s.current(ctx, person)
	if err != nil {
		return nil, err
	}
	if viewer != person && (viewer != c.Mentor || c.Mentor == "") {
		return nil, fmt.Errorf("mentorship: mentor of %s: %w", person, storage.ErrNotFound)
	}
	if !c.Default && c.RelationID != "" {
		r, err := s.store.Relation(ctx, c.RelationID)
		if err != nil {
			return nil, wrap(err, "mentor of %s", person)
		}
		c.Since = r.StartedAt
	}
	return c, nil
}

func (s *Service) current(ctx context.Context, person string) (*CurrentMentor, error) {
	m, err := s.mentee(ctx, person)
	if err != nil {
		return nil, err
	}
	c := &CurrentMentor{Person: person}
	if m.RelationID != "" && m.Kind == KindChosen {
		c.Mentor, c.RelationID = m.Mentor, m.RelationID
		return c, nil
	}
	lead, err := s.teamLead(ctx, person)
	if err != nil {
		return nil, err
	}
	c.Mentor, c.Default = lead, lead != ""
	if lead != "" && m.RelationID != "" && m.Mentor == lead {
		c.RelationID = m.RelationID
	}
	return c, nil
}

// DefaultRelation returns the stored default relation between mentee and
// their team lead, storing it first if needed, so that the two can keep a
// meeting log like any chosen pair. The mentee or their team lead may ask.
// When the team lead has changed since the relation was stored, the old
// one ends as switched and a new one starts. Default relations take no
// seat of capacity. It returns ErrHasChosenMentor to the mentee when they
// have a chosen mentor, ErrNoTeamLead when the Directory knows no lead,
// and an error wrapping storage.ErrNotFound to anyone else, including the
// team lead of a mentee who has a chosen mentor (the lead is not their
// mentor, and who has chosen someone is told only to the person and their
// mentor). Observers hear EventRelationEnded for a relation with a former
// lead.
func (s *Service) DefaultRelation(ctx context.Context, actor, mentee string) (*Relation, error) {
	if actor == "" {
		return nil, errNoActor
	}
	lead, err := s.teamLead(ctx, mentee)
	if err != nil {
		return nil, err
	}
	switch {
	case actor != mentee && (actor != lead || lead == ""):
		return nil, fmt.Errorf("mentorship: default relation of %s: %w", mentee, storage.ErrNotFound)
	case lead == "":
		return nil, ErrNoTeamLead
	}
	// hasChosen is what a mentee with a chosen mentor is told: the lead
	// learns only that the relation is not theirs.
	hasChosen := ErrHasChosenMentor
	if actor != mentee {
		hasChosen = fmt.Errorf("mentorship: default relation of %s: %w", mentee, storage.ErrNotFound)
	}
	// Check against a plain read first: an existing relation is returned
	// as it is, and a refused call stores nothing.
	m, err := s.mentee(ctx, mentee)
	if err != nil {
		return nil, err
	}
	switch {
	case m.RelationID != "" && m.Kind == KindChosen:
		return nil, hasChosen
	case m.RelationID != "" && m.Mentor == lead:
		return s.storedRelation(ctx, m.RelationID, mentee)
	}
	if err := s.ensureMentee(ctx, mentee, nil); err != nil {
		return nil, err
	}
	r, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		return s.defaultRelation(ctx, record, mentee, lead)
	})
	if errors.Is(err, ErrHasChosenMentor) {
		return nil, hasChosen
	}
	if err != nil {
		return nil, wrapOp("default relation of "+mentee, err)
	}
	return r, nil
}

// defaultRelation is the change of DefaultRelation: with the mentee record
// locked, it starts a default relation with lead, ending a relation with a
// former lead as switched. When a default relation with lead has been
// stored meanwhile, it changes nothing and returns that relation.
func (s *Service) defaultRelation(ctx context.Context, record func(...Event), mentee, lead string) (*Relation, error) {
	now := s.clock()
	r := &Relation{ID: s.newID(), Kind: KindDefault, Mentee: mentee, Mentor: lead, Status: StatusActive,
		RequestedAt: now, DecidedAt: &now, StartedAt: &now, CadenceDays: s.cadence, Version: 1}
	before, err := s.lockMentee(ctx, mentee, func(m *Mentee) error {
		switch {
		case m.RelationID != "" && m.Kind == KindChosen:
			return ErrHasChosenMentor
		case m.RelationID != "" && m.Mentor == lead:
			return errUnchanged
		}
		m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = r.ID, lead, KindDefault, now
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return s.store.Relation(ctx, before.RelationID)
	}
	if err != nil {
		return nil, err
	}
	if before.RelationID != "" {
		if _, err := s.endSwitched(ctx, record, before.RelationID, now); err != nil {
			return nil, err
		}
	}
	if err := s.store.CreateRelation(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

func (s *Service) storedRelation(ctx context.Context, id, mentee string) (*Relation, error) {
	r, err := s.store.Relation(ctx, id)
	if err != nil {
		return nil, wrap(err, "default relation of %s", mentee)
	}
	return r, nil
}
