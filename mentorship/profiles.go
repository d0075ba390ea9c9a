package mentorship

import (
	"context"
	"errors"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// ProfileInput describes a new mentor profile.
type ProfileInput struct {
	// Capacity is the most chosen mentees at once, from 0 (not accepting
	// anyone now) to MaxCapacity. It is required.
	Capacity  *int     `json:"capacity" validate:"required,gte=0,lte=50"`
	Expertise []string `json:"expertise" validate:"max=30,dive,max=50"`
	Note      string   `json:"note" validate:"max=1000"`
}

// ProfileChanges lists changes to a profile; nil fields stay as they are.
type ProfileChanges struct {
	Capacity  *int      `json:"capacity" validate:"omitnil,gte=0,lte=50"`
	Expertise *[]string `json:"expertise" validate:"omitnil,max=30,dive,max=50"`
	Note      *string   `json:"note" validate:"omitnil,max=1000"`
}

// Volunteer creates actor's mentor profile: people volunteer themselves.
// It returns ErrProfileExists when actor has one, a
// *storage.ValidationError for invalid input, and storage.ErrNoActor when
// actor is empty.
func (s *Service) Volunteer(ctx context.Context, actor string, in ProfileInput) (*Profile, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Expertise = normalizeTags(in.Expertise)
	in.Note = strings.TrimSpace(in.Note)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "volunteer")
	}
	now := s.clock()
	p := &Profile{Person: actor, Capacity: *in.Capacity, Expertise: in.Expertise, Note: in.Note,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	p, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Profile, error) {
		return p, s.store.CreateProfile(ctx, p)
	})
	if err != nil {
		if errors.Is(err, storage.ErrAlreadyExists) {
			return nil, ErrProfileExists
		}
		return nil, wrap(err, "volunteer")
	}
	return p, nil
}

// UpdateProfile applies changes to actor's own profile. Lowering the
// capacity below the active mentees ends no relation; it only leaves no
// seat. A non-zero version must match the stored one, or
// storage.ErrConflict is returned. It returns ErrNoProfile when actor has
// none and a *storage.ValidationError for invalid changes.
func (s *Service) UpdateProfile(ctx context.Context, actor string, version int64, ch ProfileChanges) (*Profile, error) {
	if actor == "" {
		return nil, errNoActor
	}
	if ch.Expertise != nil {
		t := normalizeTags(*ch.Expertise)
		ch.Expertise = &t
	}
	if ch.Note != nil {
		n := strings.TrimSpace(*ch.Note)
		ch.Note = &n
	}
	if err := storage.Validate(ch); err != nil {
		return nil, wrap(err, "update profile")
	}
	p, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Profile, error) {
		return s.store.UpdateProfile(ctx, actor, version, func(p *Profile) error {
			if ch.Capacity != nil {
				p.Capacity = *ch.Capacity
			}
			if ch.Expertise != nil {
				p.Expertise = *ch.Expertise
			}
			if ch.Note != nil {
				p.Note = *ch.Note
			}
			p.UpdatedAt = s.clock()
			return nil
		})
	})
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrNoProfile
	}
	if err != nil {
		return nil, wrap(err, "update profile")
	}
	return p, nil
}

// Profile returns person's mentor profile as viewer sees it: profiles are
// public, but only their owner sees the list of mentees (others see the
// count). It returns ErrNoProfile when person has none.
func (s *Service) Profile(ctx context.Context, viewer, person string) (*Profile, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	p, err := s.store.Profile(ctx, person)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrNoProfile
	}
	if err != nil {
		return nil, wrap(err, "profile %s", person)
	}
	publicView(p, viewer)
	return p, nil
}

// Profiles lists mentor profiles, ordered by person, as viewer sees them.
func (s *Service) Profiles(ctx context.Context, viewer string, page storage.PageRequest) (storage.Page[Profile], error) {
	if viewer == "" {
		return storage.Page[Profile]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Profile]{}, wrap(err, "list profiles")
	}
	p, err := s.store.Profiles(ctx, page)
	if err != nil {
		return storage.Page[Profile]{}, wrap(err, "list profiles")
	}
	for i := range p.Items {
		publicView(&p.Items[i], viewer)
	}
	return p, nil
}

// publicView hides the mentees of a profile from everyone but its owner.
func publicView(p *Profile, viewer string) {
	if viewer != p.Person {
		p.Mentees = nil
	}
}
