package okr

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// MaxKeyResults is the most key results an objective may have.
const MaxKeyResults = 20

// MinYear and MaxYear bound the dates of a period.
const (
	MinYear = 1900
	MaxYear = 2999
)

// KeyResultInput describes a key result. Start and Target are required for
// increase and decrease kinds, and must differ in the kind's direction; a
// milestone takes neither (they are 0 and 1). Weight defaults to 1 and must
// be positive.
type KeyResultInput struct {
	Title  string        `json:"title" validate:"required,max=200"`
	Kind   KeyResultKind `json:"kind" validate:"required,oneof=increase decrease milestone"`
	Unit   string        `json:"unit" validate:"max=30"`
	Start  *float64      `json:"start"`
	Target *float64      `json:"target"`
	Weight *float64      `json:"weight"`
}

// ObjectiveSpec describes an objective with its key results. Kind defaults
// to Committed and Period to the current calendar year.
type ObjectiveSpec struct {
	Title       string           `json:"title" validate:"required,max=200"`
	Description string           `json:"description" validate:"max=4000"`
	Kind        ObjectiveKind    `json:"kind" validate:"omitempty,oneof=committed aspirational"`
	Period      *Period          `json:"period"`
	Tags        []string         `json:"tags" validate:"max=20,dive,max=50"`
	KeyResults  []KeyResultInput `json:"keyResults" validate:"max=20,dive"`
}

// ObjectiveInput describes a new objective under one of the actor's goals.
// It starts active, which needs at least one key result, unless Draft is
// set.
type ObjectiveInput struct {
	GoalID string `json:"goalId" validate:"required"`
	Draft  bool   `json:"draft"`
	// CheckInDays is how often the owner means to check in on each key
	// result, in days; 0 leaves it to the host's default (reminders use
	// it).
	CheckInDays int `json:"checkInDays" validate:"gte=0,lte=365"`
	ObjectiveSpec
}

// ObjectiveChanges lists changes to an objective; nil fields stay as they
// are. Key results change through their own methods.
type ObjectiveChanges struct {
	Title       *string        `json:"title" validate:"omitnil,min=1,max=200"`
	Description *string        `json:"description" validate:"omitnil,max=4000"`
	Kind        *ObjectiveKind `json:"kind" validate:"omitnil,oneof=committed aspirational"`
	Period      *Period        `json:"period"`
	Tags        *[]string      `json:"tags" validate:"omitnil,max=20,dive,max=50"`
	// CheckInDays changes the check-in cadence; 0 returns it to the
	// host's default.
	CheckInDays *int `json:"checkInDays" validate:"omitnil,gte=0,lte=365"`
}

// KeyResultChanges lists changes to a key result; nil fields stay as they
// are. The kind of a key result never changes, and a milestone's Start and
// Target are fixed.
type KeyResultChanges struct {
	Title  *string  `json:"title" validate:"omitnil,min=1,max=200"`
	Unit   *string  `json:"unit" validate:"omitnil,max=30"`
	Start  *float64 `json:"start"`
	Target *float64 `json:"target"`
	Weight *float64 `json:"weight"`
}

// CloseInput closes an objective. Override, in [0, 1], replaces the
// computed final score and then needs a Reason.
type CloseInput struct {
	Override   *float64 `json:"override" validate:"omitnil,gte=0,lte=1"`
	Reason     string   `json:"reason" validate:"required_with=Override,max=1000"`
	Reflection string   `json:"reflection" validate:"max=4000"`
}

// CreateObjective creates an objective under a goal owned by actor. It
// returns ErrNotOwner for another person's goal, ErrGoalNotActive for a
// goal no longer active, and a *storage.ValidationError for invalid input
// (empty title, target equal to start, weight ≤ 0, period end before
// start, an active objective without key results, and so on).
func (s *Service) CreateObjective(ctx context.Context, actor string, in ObjectiveInput) (*Objective, error) {
	if actor == "" {
		return nil, errNoActor
	}
	var goal *Goal
	if in.GoalID != "" {
		g, err := s.ownGoal(ctx, actor, in.GoalID)
		if err != nil {
			return nil, err
		}
		goal = g
	}
	o, extra := s.objectiveFrom(in.ObjectiveSpec, "")
	if !in.Draft && len(in.KeyResults) == 0 {
		extra = append(extra, storage.FieldError{Field: "keyResults", Message: "must have at least 1 element for an active objective"})
	}
	in.Title, in.Tags = o.Title, o.Tags
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "create objective")
	}
	o.GoalID, o.Owner, o.CheckInDays = goal.ID, actor, in.CheckInDays
	if in.Draft {
		o.Status = ObjectiveDraft
	}
	o, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Objective, error) {
		if err := s.activeGoal(ctx, o.GoalID); err != nil {
			return nil, err
		}
		return o, s.store.CreateObjective(ctx, o)
	})
	if err != nil {
		return nil, wrap(err, "create objective")
	}
	return o, nil
}

// objectiveFrom builds a new active objective (without goal and owner) from
// a spec, and returns the field errors the validator's tags cannot find.
// Field paths start with prefix.
func (s *Service) objectiveFrom(spec ObjectiveSpec, prefix string) (*Objective, []storage.FieldError) {
	now := s.now().UTC()
	o := &Objective{
		ID:          s.newID(),
		Title:       strings.TrimSpace(spec.Title),
		Description: spec.Description,
		Kind:        spec.Kind,
		Status:      ObjectiveActive,
		Tags:        NormalizeTags(spec.Tags),
		KeyResults:  make([]KeyResult, 0, len(spec.KeyResults)),
		CreatedAt:   now,
		UpdatedAt:   now,
		Version:     1,
	}
	if o.Kind == "" {
		o.Kind = Committed
	}
	var errs []storage.FieldError
	if spec.Period == nil {
		o.Period = Year(now.Year())
	} else {
		o.Period = normalizePeriod(*spec.Period)
		errs = append(errs, checkPeriod(o.Period, prefix+"period")...)
	}
	for i, in := range spec.KeyResults {
		kr, krErrs := KeyResultFrom(in, fmt.Sprintf("%skeyResults[%d].", prefix, i))
		kr.ID = s.newID()
		o.KeyResults = append(o.KeyResults, kr)
		errs = append(errs, krErrs...)
	}
	return o, errs
}

func normalizePeriod(p Period) Period {
	if p.Start.IsZero() || p.End.IsZero() {
		return p
	}
	return Period{Start: Date(p.Start), End: Date(p.End)}
}

func checkPeriod(p Period, field string) []storage.FieldError {
	var errs []storage.FieldError
	if p.Start.IsZero() {
		errs = append(errs, storage.FieldError{Field: field + ".start", Message: "is required"})
	}
	if p.End.IsZero() {
		errs = append(errs, storage.FieldError{Field: field + ".end", Message: "is required"})
	}
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"start", p.Start}, {"end", p.End}} {
		if y := d.t.UTC().Year(); !d.t.IsZero() && (y < MinYear || y > MaxYear) {
			errs = append(errs, storage.FieldError{Field: field + "." + d.name, Message: fmt.Sprintf("must lie in the years %d to %d", MinYear, MaxYear)})
		}
	}
	if errs == nil && p.End.Before(p.Start) {
		errs = append(errs, storage.FieldError{Field: field + ".end", Message: "must not be before start"})
	}
	if errs == nil && p.Days() > 5*366 {
		errs = append(errs, storage.FieldError{Field: field + ".end", Message: "must be within five years of start"})
	}
	return errs
}

// KeyResultFrom builds the key result an input describes, without an ID
// and with its current value at its start, and returns the errors of the
// rules that span its fields (start and target in the kind's direction, a
// positive weight, no target for a milestone), with field paths that start
// with prefix. The rules of the input's own `validate` tags are checked by
// storage.Validate on the input, or on the input that holds it. Other
// packages that measure something as a key result, such as sprint's
// learning goals, use it to apply the same rules.
func KeyResultFrom(in KeyResultInput, prefix string) (KeyResult, []storage.FieldError) {
	kr := KeyResult{Title: strings.TrimSpace(in.Title), Kind: in.Kind, Unit: in.Unit, Weight: 1}
	var errs []storage.FieldError
	if in.Weight != nil {
		kr.Weight = *in.Weight
	}
	if !(kr.Weight > 0) || math.IsInf(kr.Weight, 0) {
		errs = append(errs, storage.FieldError{Field: prefix + "weight", Message: "must be a number greater than 0"})
	}
	switch in.Kind {
	case Milestone:
		if (in.Start != nil && *in.Start != 0) || (in.Target != nil && *in.Target != 1) {
			errs = append(errs, storage.FieldError{Field: prefix + "target", Message: "must be omitted for a milestone"})
		}
		kr.Start, kr.Target = 0, 1
	case Increase, Decrease:
		if in.Start == nil {
			errs = append(errs, storage.FieldError{Field: prefix + "start", Message: "is required"})
		} else {
			kr.Start = *in.Start
		}
		if in.Target == nil {
			errs = append(errs, storage.FieldError{Field: prefix + "target", Message: "is required"})
		} else {
			kr.Target = *in.Target
		}
		if in.Start != nil && in.Target != nil {
			errs = append(errs, checkDirection(kr, prefix)...)
		}
	}
	kr.Current = kr.Start
	return kr, errs
}

// checkDirection checks that a metric's Start and Target are finite and
// point in the direction of its kind.
func checkDirection(kr KeyResult, prefix string) []storage.FieldError {
	switch {
	case !inRange(kr.Start):
		return []storage.FieldError{{Field: prefix + "start", Message: rangeMessage}}
	case !inRange(kr.Target):
		return []storage.FieldError{{Field: prefix + "target", Message: rangeMessage}}
	case math.Abs(kr.Target-kr.Start) < MinSpan:
		return []storage.FieldError{{Field: prefix + "target", Message: "must not equal start"}}
	case kr.Kind == Increase && kr.Target < kr.Start:
		return []storage.FieldError{{Field: prefix + "target", Message: "must be above start for an increasing key result"}}
	case kr.Kind == Decrease && kr.Target > kr.Start:
		return []storage.FieldError{{Field: prefix + "target", Message: "must be below start for a decreasing key result"}}
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// MaxValue bounds the start, target and check-in values of a key result
// (in absolute value), and MinSpan the distance between its start and
// target, so that progress is always a finite number.
const (
	MaxValue = 1e12
	MinSpan  = 1e-9
)

var rangeMessage = fmt.Sprintf("must be a number between %g and %g", -MaxValue, MaxValue)

// inRange reports whether f is a finite number within ±MaxValue.
func inRange(f float64) bool { return finite(f) && math.Abs(f) <= MaxValue }

// Objective returns an objective as viewer may see it: objectives share
// the visibility of their goal. It returns an error wrapping
// storage.ErrNotFound for an unknown or hidden objective.
func (s *Service) Objective(ctx context.Context, viewer, id string) (*Objective, error) {
	o, _, err := s.visibleObjective(ctx, viewer, id)
	return o, err
}

// Objectives lists the objectives viewer may see among those of a person
// (f.Owner) or of a goal (f.GoalID); one of the two is required.
func (s *Service) Objectives(ctx context.Context, viewer string, f ObjectiveFilter, page storage.PageRequest) (storage.Page[Objective], error) {
	var none storage.Page[Objective]
	if viewer == "" {
		return none, errNoActor
	}
	if f.Owner == "" && f.GoalID == "" {
		return none, wrap(storage.Invalid("owner", "is required when goalId is not given"), "list objectives")
	}
	if err := page.Check(); err != nil {
		return none, wrap(err, "list objectives")
	}
	owner := f.Owner
	if f.GoalID != "" {
		g, err := s.visibleGoal(ctx, viewer, f.GoalID)
		if err != nil {
			return none, err
		}
		if owner != "" && owner != g.Owner {
			return storage.Page[Objective]{Items: []Objective{}}, nil
		}
		owner = g.Owner
	}
	a, err := s.access(ctx, viewer, owner)
	if err != nil {
		return none, err
	}
	goals := map[string]bool{}
	if viewer != owner {
		gp, err := s.store.Goals(ctx, owner, storage.PageRequest{Limit: storage.NoLimit})
		if err != nil {
			return none, wrap(err, "list objectives")
		}
		for _, g := range gp.Items {
			goals[g.ID] = a.sees(&g)
		}
	}
	p, err := visiblePage(page, func(p storage.PageRequest) (storage.Page[Objective], error) {
		return s.store.Objectives(ctx, ObjectiveFilter{Owner: owner, GoalID: f.GoalID}, p)
	}, func(o Objective) bool { return viewer == owner || goals[o.GoalID] }, func(o Objective) string { return o.ID })
	if err != nil {
		return none, wrap(err, "list objectives")
	}
	return p, nil
}

// UpdateObjective applies changes to actor's objective. It returns
// ErrNotOwner for another person's objective, ErrObjectiveClosed once
// closed, storage.ErrConflict for a stale non-zero version, and a
// *storage.ValidationError for invalid changes.
func (s *Service) UpdateObjective(ctx context.Context, actor, id string, version int64, ch ObjectiveChanges) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, id); err != nil {
		return nil, err
	}
	var extra []storage.FieldError
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		ch.Title = &t
	}
	if ch.Tags != nil {
		t := NormalizeTags(*ch.Tags)
		ch.Tags = &t
	}
	if ch.Period != nil {
		p := normalizePeriod(*ch.Period)
		ch.Period = &p
		extra = checkPeriod(p, "period")
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, wrap(err, "update objective")
	}
	return s.changeObjective(ctx, id, version, func(o *Objective) error {
		setIf(&o.Title, ch.Title)
		setIf(&o.Description, ch.Description)
		setIf(&o.CheckInDays, ch.CheckInDays)
		setIf(&o.Kind, ch.Kind)
		setIf(&o.Period, ch.Period)
		setIf(&o.Tags, ch.Tags)
		return nil
	}, nil)
}

// activeGoal returns ErrGoalNotActive unless the stored goal is active.
func (s *Service) activeGoal(ctx context.Context, id string) error {
	g, err := s.store.Goal(ctx, id)
	if err != nil {
		return err
	}
	if g.Status != GoalActive {
		return ErrGoalNotActive
	}
	return nil
}

// changeObjective updates an open objective of the actor (checked by the
// caller) and stamps UpdatedAt, as one change. events, when not nil, gives
// the events of the change from the updated objective.
func (s *Service) changeObjective(ctx context.Context, id string, version int64, fn func(*Objective) error, events func(*Objective) []Event) (*Objective, error) {
	o, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Objective, error) {
		o, err := s.store.UpdateObjective(ctx, id, version, func(o *Objective) error {
			if o.Status == ObjectiveClosed {
				return ErrObjectiveClosed
			}
			if err := fn(o); err != nil {
				return err
			}
			o.UpdatedAt = s.now().UTC()
			return nil
		})
		if err != nil {
			return nil, err
		}
		if events != nil {
			record(events(o)...)
		}
		return o, nil
	})
	if err != nil {
		return nil, wrap(err, "objective %s", id)
	}
	return o, nil
}

// AddKeyResult adds a key result to actor's open objective. It returns the
// errors of UpdateObjective.
func (s *Service) AddKeyResult(ctx context.Context, actor, objectiveID string, version int64, in KeyResultInput) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, objectiveID); err != nil {
		return nil, err
	}
	kr, extra := KeyResultFrom(in, "")
	in.Title = kr.Title
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "add key result")
	}
	kr.ID = s.newID()
	return s.changeObjective(ctx, objectiveID, version, func(o *Objective) error {
		if len(o.KeyResults) >= MaxKeyResults {
			return storage.Invalid("keyResults", fmt.Sprintf("must have at most %d elements", MaxKeyResults))
		}
		o.KeyResults = append(o.KeyResults, kr)
		return nil
	}, nil)
}

// UpdateKeyResult changes a key result of actor's open objective. It
// returns the errors of UpdateObjective, and one wrapping
// storage.ErrNotFound for an unknown key result.
func (s *Service) UpdateKeyResult(ctx context.Context, actor, objectiveID, keyResultID string, version int64, ch KeyResultChanges) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, objectiveID); err != nil {
		return nil, err
	}
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		ch.Title = &t
	}
	if err := storage.Validate(ch); err != nil {
		return nil, wrap(err, "update key result")
	}
	return s.changeObjective(ctx, objectiveID, version, func(o *Objective) error {
		kr := findKeyResult(o, keyResultID)
		if kr == nil {
			return fmt.Errorf("key result %s: %w", keyResultID, storage.ErrNotFound)
		}
		var errs []storage.FieldError
		if kr.Kind == Milestone && (ch.Start != nil || ch.Target != nil) {
			errs = append(errs, storage.FieldError{Field: "target", Message: "must be omitted for a milestone"})
		}
		next := *kr
		setIf(&next.Title, ch.Title)
		setIf(&next.Unit, ch.Unit)
		setIf(&next.Start, ch.Start)
		setIf(&next.Target, ch.Target)
		setIf(&next.Weight, ch.Weight)
		if !(next.Weight > 0) || math.IsInf(next.Weight, 0) {
			errs = append(errs, storage.FieldError{Field: "weight", Message: "must be a number greater than 0"})
		}
		if kr.Kind != Milestone {
			errs = append(errs, checkDirection(next, "")...)
		}
		if errs != nil {
			return &storage.ValidationError{Fields: errs}
		}
		if next.CheckIns == 0 {
			next.Current = next.Start
		}
		*kr = next
		return nil
	}, nil)
}

// RemoveKeyResult removes a key result without check-ins from actor's open
// objective. It returns ErrHasCheckIns when the key result has history,
// ErrNoKeyResults when it is the last one of an active objective, and the
// errors of UpdateObjective.
func (s *Service) RemoveKeyResult(ctx context.Context, actor, objectiveID, keyResultID string, version int64) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, objectiveID); err != nil {
		return nil, err
	}
	return s.changeObjective(ctx, objectiveID, version, func(o *Objective) error {
		kr := findKeyResult(o, keyResultID)
		switch {
		case kr == nil:
			return fmt.Errorf("key result %s: %w", keyResultID, storage.ErrNotFound)
		case kr.CheckIns > 0:
			return ErrHasCheckIns
		case o.Status == ObjectiveActive && len(o.KeyResults) == 1:
			return ErrNoKeyResults
		}
		kept := o.KeyResults[:0]
		for _, k := range o.KeyResults {
			if k.ID != keyResultID {
				kept = append(kept, k)
			}
		}
		o.KeyResults = kept
		return nil
	}, nil)
}

// ActivateObjective turns actor's draft objective active. It returns
// ErrNotDraft for an objective that is not a draft and ErrNoKeyResults when
// it has no key result.
func (s *Service) ActivateObjective(ctx context.Context, actor, id string, version int64) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.changeObjective(ctx, id, version, func(o *Objective) error {
		switch {
		case o.Status != ObjectiveDraft:
			return ErrNotDraft
		case len(o.KeyResults) == 0:
			return ErrNoKeyResults
		}
		o.Status = ObjectiveActive
		return nil
	}, nil)
}

// CloseObjective closes actor's active objective: it records the score
// computed from the key results, the owner's optional override with its
// reason, and a reflection. A closed objective no longer changes. It
// returns ErrObjectiveNotActive for a draft, ErrObjectiveClosed when
// already closed, and the errors of UpdateObjective.
func (s *Service) CloseObjective(ctx context.Context, actor, id string, version int64, in CloseInput) (*Objective, error) {
	if _, err := s.ownObjective(ctx, actor, id); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "close objective")
	}
	o, err := s.changeObjective(ctx, id, version, func(o *Objective) error {
		if o.Status != ObjectiveActive {
			return ErrObjectiveNotActive
		}
		o.Status = ObjectiveClosed
		o.Closing = &Closing{
			Score:      WeightedScore(o.KeyResults),
			Override:   in.Override,
			Reason:     in.Reason,
			Reflection: in.Reflection,
			ClosedAt:   s.now().UTC(),
		}
		return nil
	}, func(o *Objective) []Event {
		return []Event{{Type: EventObjectiveClosed, At: o.Closing.ClosedAt, Actor: actor, Owner: o.Owner, GoalID: o.GoalID, ObjectiveID: o.ID}}
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CarryObjective starts a new active objective from actor's closed one, for
// the given period (the calendar year after the old period's end when nil):
// same goal, title, kind and tags, and the key results that were not met,
// each starting from where the old one ended. It returns
// ErrObjectiveNotActive unless the objective is closed, ErrGoalNotActive
// when its goal is no longer active, and ErrNoKeyResults when every key
// result was met.
func (s *Service) CarryObjective(ctx context.Context, actor, id string, period *Period) (*Objective, error) {
	old, err := s.ownObjective(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if old.Status != ObjectiveClosed {
		return nil, ErrObjectiveNotActive
	}
	p := Year(old.Period.End.Year() + 1)
	if period != nil {
		p = normalizePeriod(*period)
		if errs := checkPeriod(p, "period"); errs != nil {
			return nil, wrap(&storage.ValidationError{Fields: errs}, "carry objective")
		}
	}
	o := s.carried(old, p)
	if len(o.KeyResults) == 0 {
		return nil, ErrNoKeyResults
	}
	o, err = change(ctx, s, func(ctx context.Context, _ func(...Event)) (*Objective, error) {
		if err := s.activeGoal(ctx, o.GoalID); err != nil {
			return nil, err
		}
		return o, s.store.CreateObjective(ctx, o)
	})
	if err != nil {
		return nil, wrap(err, "carry objective")
	}
	return o, nil
}

// carried returns the new objective that carries old into period p: the
// key results that were not met, each starting from where it ended.
func (s *Service) carried(old *Objective, p Period) *Objective {
	now := s.now().UTC()
	o := &Objective{
		ID: s.newID(), GoalID: old.GoalID, Owner: old.Owner, Title: old.Title, Description: old.Description,
		Kind: old.Kind, Status: ObjectiveActive, Period: p, Tags: old.Tags,
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	for _, kr := range old.KeyResults {
		if kr.Score() >= 1 {
			continue
		}
		start := kr.Current
		if kr.Kind == Milestone || kr.Progress() < 0 {
			start = kr.Start
		}
		o.KeyResults = append(o.KeyResults, KeyResult{
			ID: s.newID(), Title: kr.Title, Kind: kr.Kind, Unit: kr.Unit,
			Start: start, Target: kr.Target, Weight: kr.Weight, Current: start,
		})
	}
	return o
}

func findKeyResult(o *Objective, id string) *KeyResult {
	for i := range o.KeyResults {
		if o.KeyResults[i].ID == id {
			return &o.KeyResults[i]
		}
	}
	return nil
}
