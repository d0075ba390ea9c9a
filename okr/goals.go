package okr

import (
	"context"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// GoalInput describes a new goal.
type GoalInput struct {
	Title       string   `json:"title" validate:"required,max=200"`
	Description string   `json:"description" validate:"max=4000"`
	WhyPerson   string   `json:"whyPerson" validate:"max=1000"`
	WhyCompany  string   `json:"whyCompany" validate:"max=1000"`
	Tags        []string `json:"tags" validate:"max=20,dive,max=50"`
	HorizonYear int      `json:"horizonYear" validate:"omitempty,gte=2000,lte=2999"`
	// Visibility defaults to VisibilityPrivate.
	Visibility Visibility `json:"visibility" validate:"omitempty,oneof=private mentor company"`
}

// GoalChanges lists changes to a goal; nil fields stay as they are.
type GoalChanges struct {
	Title       *string     `json:"title" validate:"omitnil,min=1,max=200"`
	Description *string     `json:"description" validate:"omitnil,max=4000"`
	WhyPerson   *string     `json:"whyPerson" validate:"omitnil,max=1000"`
	WhyCompany  *string     `json:"whyCompany" validate:"omitnil,max=1000"`
	Tags        *[]string   `json:"tags" validate:"omitnil,max=20,dive,max=50"`
	HorizonYear *int        `json:"horizonYear" validate:"omitnil,gte=0,lte=2999"`
	Visibility  *Visibility `json:"visibility" validate:"omitnil,oneof=private mentor company"`
	Status      *GoalStatus `json:"status" validate:"omitnil,oneof=active achieved abandoned"`
}

// CreateGoal creates a goal owned by actor: people set their own goals.
// It returns a *storage.ValidationError for invalid input, and
// storage.ErrNoActor when actor is empty.
func (s *Service) CreateGoal(ctx context.Context, actor string, in GoalInput) (*Goal, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Tags = NormalizeTags(in.Tags)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "create goal")
	}
	now := s.now().UTC()
	g := &Goal{
		ID:          s.newID(),
		Owner:       actor,
		Title:       in.Title,
		Description: in.Description,
		WhyPerson:   in.WhyPerson,
		WhyCompany:  in.WhyCompany,
		Tags:        in.Tags,
		HorizonYear: in.HorizonYear,
		Status:      GoalActive,
		Visibility:  in.Visibility,
		CreatedAt:   now,
		UpdatedAt:   now,
		Version:     1,
	}
	if g.Visibility == "" {
		g.Visibility = VisibilityPrivate
	}
	g, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Goal, error) {
		return g, s.store.CreateGoal(ctx, g)
	})
	if err != nil {
		return nil, wrap(err, "create goal")
	}
	return g, nil
}

// Goal returns a goal as viewer may see it. It returns an error wrapping
// storage.ErrNotFound both for an unknown ID and for a goal the viewer may
// not see.
func (s *Service) Goal(ctx context.Context, viewer, id string) (*Goal, error) {
	return s.visibleGoal(ctx, viewer, id)
}

// Goals lists owner's goals that viewer may see, ordered by ID.
func (s *Service) Goals(ctx context.Context, viewer, owner string, page storage.PageRequest) (storage.Page[Goal], error) {
	if viewer == "" {
		return storage.Page[Goal]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Goal]{}, wrap(err, "list goals")
	}
	a, err := s.access(ctx, viewer, owner)
	if err != nil {
		return storage.Page[Goal]{}, err
	}
	p, err := visiblePage(page, func(p storage.PageRequest) (storage.Page[Goal], error) {
		return s.store.Goals(ctx, owner, p)
	}, func(g Goal) bool { return a.sees(&g) }, func(g Goal) string { return g.ID })
	if err != nil {
		return storage.Page[Goal]{}, wrap(err, "list goals")
	}
	return p, nil
}

// UpdateGoal applies changes to actor's goal. A non-zero version must
// match the stored one, or storage.ErrConflict is returned. It returns
// ErrNotOwner when actor may see but does not own the goal, and a
// *storage.ValidationError for invalid changes.
func (s *Service) UpdateGoal(ctx context.Context, actor, id string, version int64, ch GoalChanges) (*Goal, error) {
	if _, err := s.ownGoal(ctx, actor, id); err != nil {
		return nil, err
	}
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		ch.Title = &t
	}
	if ch.Tags != nil {
		t := NormalizeTags(*ch.Tags)
		ch.Tags = &t
	}
	if err := storage.Validate(ch); err != nil {
		return nil, wrap(err, "update goal")
	}
	g, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Goal, error) {
		return s.store.UpdateGoal(ctx, id, version, func(g *Goal) error {
			setIf(&g.Title, ch.Title)
			setIf(&g.Description, ch.Description)
			setIf(&g.WhyPerson, ch.WhyPerson)
			setIf(&g.WhyCompany, ch.WhyCompany)
			setIf(&g.Tags, ch.Tags)
			setIf(&g.HorizonYear, ch.HorizonYear)
			setIf(&g.Visibility, ch.Visibility)
			setIf(&g.Status, ch.Status)
			g.UpdatedAt = s.now().UTC()
			return nil
		})
	})
	if err != nil {
		return nil, wrap(err, "update goal %s", id)
	}
	return g, nil
}

// ownGoal returns the goal if actor owns it.
func (s *Service) ownGoal(ctx context.Context, actor, id string) (*Goal, error) {
	g, err := s.visibleGoal(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if g.Owner != actor {
		return nil, ErrNotOwner
	}
	return g, nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// NormalizeTags trims tags, puts them in lower case and drops empty and
// repeated ones, keeping the first occurrence's position. Services store
// tags in this form, so tags compare with ==.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// visiblePage reads pages from list until it has gathered a full page of
// values that pass visible, so hidden values never shorten a page without
// reason. The returned cursor continues after the last value examined.
func visiblePage[T any](req storage.PageRequest, list func(storage.PageRequest) (storage.Page[T], error), visible func(T) bool, id func(T) string) (storage.Page[T], error) {
	want := req.Size()
	out := storage.Page[T]{Items: []T{}}
	for {
		p, err := list(req)
		if err != nil {
			return storage.Page[T]{}, err
		}
		for i, v := range p.Items {
			if !visible(v) {
				continue
			}
			out.Items = append(out.Items, v)
			if want > 0 && len(out.Items) == want {
				if i < len(p.Items)-1 || p.Next != "" {
					out.Next = storage.CursorAfter(id(v))
				}
				return out, nil
			}
		}
		if p.Next == "" {
			return out, nil
		}
		req.Cursor = p.Next
	}
}
