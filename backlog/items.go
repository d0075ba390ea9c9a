package backlog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// ItemInput describes a new backlog item.
type ItemInput struct {
	Title       string   `json:"title" validate:"required,max=200"`
	Description string   `json:"description" validate:"max=4000"`
	Tags        []string `json:"tags" validate:"max=20,dive,max=50"`
	// Links are http or https URLs.
	Links []string `json:"links" validate:"max=20,dive,http_url,max=2000"`
	// Effort is the author's optional effort estimate, greater than 0.
	Effort *float64 `json:"effort" validate:"omitnil,gt=0,lte=1000000"`
}

// ItemChanges lists changes to an item; nil fields stay as they are.
// RemoveEffort clears the author's effort estimate.
type ItemChanges struct {
	Title        *string   `json:"title" validate:"omitnil,min=1,max=200"`
	Description  *string   `json:"description" validate:"omitnil,max=4000"`
	Tags         *[]string `json:"tags" validate:"omitnil,max=20,dive,max=50"`
	Links        *[]string `json:"links" validate:"omitnil,max=20,dive,http_url,max=2000"`
	Effort       *float64  `json:"effort" validate:"omitnil,gt=0,lte=1000000"`
	RemoveEffort bool      `json:"removeEffort"`
}

// SupportInput supports an item, optionally saying why.
type SupportInput struct {
	Reason string `json:"reason" validate:"max=1000"`
}

// RejectInput rejects an item; the reason is required.
type RejectInput struct {
	Reason string `json:"reason" validate:"required,max=1000"`
}

// DuplicateInput marks an item as repeating another one.
type DuplicateInput struct {
	Of string `json:"of" validate:"required,max=100"`
}

// AddItem adds an item to the backlog, suggested by actor: anyone signed
// in may, at any time. It returns storage.ErrNoActor without an actor and a
// *storage.ValidationError for invalid input (empty title, a link that is
// not an absolute http or https URL, an effort that is not above 0, …). Observers hear
// EventItemAdded.
func (s *Service) AddItem(ctx context.Context, actor string, in ItemInput) (*Item, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Tags = normalizeTags(in.Tags)
	in.Links = trimAll(in.Links)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "add item")
	}
	now := s.now().UTC()
	it := &Item{
		ID:              s.newID(),
		Title:           in.Title,
		Description:     in.Description,
		Tags:            in.Tags,
		Links:           in.Links,
		SuggestedBy:     actor,
		Effort:          in.Effort,
		Status:          StatusOpen,
		Supporters:      []Support{},
		CreatedAt:       now,
		UpdatedAt:       now,
		StatusChangedAt: now,
		Version:         1,
	}
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		if err := s.store.CreateItem(ctx, it); err != nil {
			return nil, err
		}
		record(Event{Type: EventItemAdded, At: now, Actor: actor, ItemID: it.ID})
		return it, nil
	})
	if err != nil {
		return nil, prefixed(err, "add item")
	}
	return it, nil
}

// Item returns an item. Anyone signed in may read every item. It returns
// an error wrapping storage.ErrNotFound for an unknown ID.
func (s *Service) Item(ctx context.Context, viewer, id string) (*Item, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	it, err := s.store.Item(ctx, id)
	if err != nil {
		return nil, prefixed(err, "item %s", id)
	}
	return it, nil
}

// Items lists the items matching f, ordered by ID. It returns a
// *storage.ValidationError for an unknown status or a bad page request.
func (s *Service) Items(ctx context.Context, viewer string, f ItemFilter, page storage.PageRequest) (storage.Page[Item], error) {
	if viewer == "" {
		return storage.Page[Item]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Item]{}, prefixed(err, "list items")
	}
	switch f.Status {
	case "", StatusOpen, StatusSelected, StatusDone, StatusRejected, StatusDuplicate, StatusArchived:
	default:
		return storage.Page[Item]{}, fmt.Errorf("backlog: list items: %w",
			storage.Invalid("status", "must be one of: open, selected, done, rejected, duplicate, archived"))
	}
	p, err := s.store.Items(ctx, f, page)
	if err != nil {
		return storage.Page[Item]{}, prefixed(err, "list items")
	}
	return p, nil
}

// EditItem applies changes to an item actor suggested, while it is open
// and was never selected. Changes that change nothing (none given, or the
// values the item has) store nothing: the item is returned as it is, its
// version unchanged, and observers hear nothing. It returns ErrNotAuthor
// to anyone else,
// ErrItemLocked once the item was selected or left the open state,
// storage.ErrConflict for a stale non-zero version, and a
// *storage.ValidationError for invalid changes. Observers hear
// EventItemEdited.
func (s *Service) EditItem(ctx context.Context, actor, id string, version int64, ch ItemChanges) (*Item, error) {
	cur, err := s.Item(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if cur.SuggestedBy != actor {
		return nil, ErrNotAuthor
	}
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		ch.Title = &t
	}
	if ch.Tags != nil {
		t := normalizeTags(*ch.Tags)
		ch.Tags = &t
	}
	if ch.Links != nil {
		l := trimAll(*ch.Links)
		ch.Links = &l
	}
	var extra []storage.FieldError
	if ch.RemoveEffort && ch.Effort != nil {
		extra = append(extra, storage.FieldError{Field: "removeEffort", Message: "must not be set together with effort"})
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, prefixed(err, "edit item")
	}
	now := s.now().UTC()
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		cur, err := s.store.Item(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := storage.CheckVersion(version, cur.Version); err != nil {
			return nil, err
		}
		if !cur.Editable() {
			return nil, ErrItemLocked
		}
		if !ch.change(cur) {
			return cur, nil
		}
		it, err := s.store.UpdateItem(ctx, id, cur.Version, func(it *Item) error {
			ch.apply(it, now)
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventItemEdited, At: now, Actor: actor, ItemID: id})
		return it, nil
	})
	if err != nil {
		return nil, prefixed(err, "edit item %s", id)
	}
	return it, nil
}

// apply applies ch to it, changed at now.
func (ch *ItemChanges) apply(it *Item, now time.Time) {
	setIf(&it.Title, ch.Title)
	setIf(&it.Description, ch.Description)
	setIf(&it.Tags, ch.Tags)
	setIf(&it.Links, ch.Links)
	if ch.Effort != nil {
		e := *ch.Effort
		it.Effort = &e
	}
	if ch.RemoveEffort {
		it.Effort = nil
	}
	it.UpdatedAt = now
}

// change reports whether applying ch changes it.
func (ch *ItemChanges) change(it *Item) bool {
	differs := func(p *string, v string) bool { return p != nil && *p != v }
	differList := func(p *[]string, v []string) bool { return p != nil && !slices.Equal(*p, v) }
	return differs(ch.Title, it.Title) || differs(ch.Description, it.Description) ||
		differList(ch.Tags, it.Tags) || differList(ch.Links, it.Links) ||
		(ch.Effort != nil && (it.Effort == nil || *it.Effort != *ch.Effort)) ||
		(ch.RemoveEffort && it.Effort != nil)
}

// Support records actor's +1 on an open item, with an optional reason;
// supporting again replaces the reason. It returns ErrItemNotOpen unless
// the item is open. Observers hear EventItemSupported.
func (s *Service) Support(ctx context.Context, actor, id string, in SupportInput) (*Item, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "support")
	}
	now := s.now().UTC()
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		it, err := s.store.UpdateItem(ctx, id, 0, func(it *Item) error { return support(it, actor, in.Reason, now) })
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventItemSupported, At: now, Actor: actor, ItemID: id})
		return it, nil
	})
	if err != nil {
		return nil, prefixed(err, "support item %s", id)
	}
	return it, nil
}

// support records person's support of open item it, with reason, at now.
func support(it *Item, person, reason string, now time.Time) error {
	if it.Status != StatusOpen {
		return ErrItemNotOpen
	}
	sp := Support{Person: person, Reason: reason, At: now}
	i, found := slices.BinarySearchFunc(it.Supporters, person, func(s Support, p string) int { return strings.Compare(s.Person, p) })
	if found {
		it.Supporters[i] = sp
	} else {
		it.Supporters = slices.Insert(it.Supporters, i, sp)
	}
	return nil
}

// Unsupport withdraws actor's support of an item, in any status; without
// support it changes nothing. Observers hear EventItemUnsupported when
// support was withdrawn.
func (s *Service) Unsupport(ctx context.Context, actor, id string) (*Item, error) {
	if actor == "" {
		return nil, errNoActor
	}
	now := s.now().UTC()
	supports := func(sp Support) bool { return sp.Person == actor }
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		cur, err := s.store.Item(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(cur.Supporters, supports) {
			return cur, nil
		}
		it, err := s.store.UpdateItem(ctx, id, cur.Version, func(it *Item) error {
			it.Supporters = slices.DeleteFunc(it.Supporters, supports)
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventItemUnsupported, At: now, Actor: actor, ItemID: id})
		return it, nil
	})
	if err != nil {
		return nil, prefixed(err, "unsupport item %s", id)
	}
	return it, nil
}

// RejectItem rejects an open item with a reason. It returns
// ErrNotFacilitator unless actor is a facilitator, a *TransitionError
// (ErrInvalidTransition) unless the item is open, storage.ErrConflict for
// a stale non-zero version and a *storage.ValidationError without a
// reason. Observers hear EventItemStatusChanged.
func (s *Service) RejectItem(ctx context.Context, actor, id string, version int64, in RejectInput) (*Item, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "reject item")
	}
	return s.changeStatus(ctx, actor, id, version, nil, func(it *Item, at time.Time) error { return it.Reject(in.Reason, at) })
}

// MarkDuplicate marks an open item as repeating the item in.Of. It returns
// ErrNotFacilitator unless actor is a facilitator, a
// *storage.ValidationError when in.Of is missing, unknown or the item
// itself, a *TransitionError unless the item is open, and
// storage.ErrConflict for a stale non-zero version. Observers hear
// EventItemStatusChanged.
func (s *Service) MarkDuplicate(ctx context.Context, actor, id string, version int64, in DuplicateInput) (*Item, error) {
	in.Of = strings.TrimSpace(in.Of)
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "mark duplicate")
	}
	original := func(ctx context.Context) error {
		if in.Of == id {
			return nil // MarkDuplicate refuses it
		}
		_, err := s.store.Item(ctx, in.Of)
		if errors.Is(err, storage.ErrNotFound) {
			return storage.Invalid("of", "must name an existing item")
		}
		return err
	}
	return s.changeStatus(ctx, actor, id, version, original, func(it *Item, at time.Time) error { return it.MarkDuplicate(in.Of, at) })
}

// ArchiveItem puts an open item away without a decision. It returns
// ErrNotFacilitator unless actor is a facilitator, a *TransitionError
// unless the item is open, and storage.ErrConflict for a stale non-zero
// version. Observers hear EventItemStatusChanged.
func (s *Service) ArchiveItem(ctx context.Context, actor, id string, version int64) (*Item, error) {
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	return s.changeStatus(ctx, actor, id, version, nil, func(it *Item, at time.Time) error { return it.Archive(at) })
}

// ReleaseItem returns a selected item to the backlog as open without
// counting a carry-over (see Item.Release): for a topic no sprint will take
// on, so that it is not stuck in selected — the meeting's sprint was never
// planned, or was planned without it. The next meeting ranks it again. An
// item a sprint holds as a topic is not for this method: the sprint
// releases or settles its items itself when it is planned, closed or
// cancelled, and expects them selected. It returns ErrNotFacilitator
// unless actor is a facilitator, a *TransitionError (ErrInvalidTransition)
// unless the item is selected, and storage.ErrConflict for a stale
// non-zero version. Observers hear EventItemStatusChanged, From selected
// To open, with the MeetingID that had selected it.
func (s *Service) ReleaseItem(ctx context.Context, actor, id string, version int64) (*Item, error) {
	if err := s.requireFacilitator(ctx, actor); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		before, after, err := s.updateStatus(ctx, id, version, func(it *Item) error { return it.Release(now) })
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventItemStatusChanged, At: now, Actor: actor, ItemID: id, MeetingID: before.MeetingID, From: before.Status, To: after.Status})
		return after, nil
	})
	if err != nil {
		return nil, prefixed(err, "release item %s", id)
	}
	return it, nil
}

// changeStatus changes the status of item id with fn, after check (when
// not nil) found nothing against it, as one change. Observers hear
// EventItemStatusChanged.
func (s *Service) changeStatus(ctx context.Context, actor, id string, version int64, check func(ctx context.Context) error, fn func(*Item, time.Time) error) (*Item, error) {
	now := s.now().UTC()
	it, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Item, error) {
		if check != nil {
			if err := check(ctx); err != nil {
				return nil, err
			}
		}
		before, after, err := s.updateStatus(ctx, id, version, func(it *Item) error { return fn(it, now) })
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventItemStatusChanged, At: now, Actor: actor, ItemID: id, From: before.Status, To: after.Status})
		return after, nil
	})
	if err != nil {
		return nil, prefixed(err, "item %s", id)
	}
	return it, nil
}

// updateStatus reads item id and updates it with fn, inside the caller's
// change; it returns the item as it was and as it is now. A non-zero
// version that differs from the stored one returns storage.ErrConflict.
func (s *Service) updateStatus(ctx context.Context, id string, version int64, fn func(*Item) error) (before, after *Item, err error) {
	before, err = s.store.Item(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := storage.CheckVersion(version, before.Version); err != nil {
		return nil, nil, err
	}
	after, err = s.store.UpdateItem(ctx, id, before.Version, fn)
	if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// normalizeTags trims tags, puts them in lower case and drops empty and
// repeated ones, keeping the first occurrence's position.
func normalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// trimAll trims every string; it returns an empty, non-nil slice for nil.
func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}
