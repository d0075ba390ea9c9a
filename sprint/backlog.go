package sprint

import (
	"context"
	"errors"
	"fmt"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// BacklogStore is the part of backlog.Store a sprint needs: it reads the
// closed prioritisation meeting a sprint starts from and changes backlog
// items in the same transaction as the sprint, so closing a sprint is all
// or nothing. A store that implements both backlog.Store and Store (as
// storage/memory and storage/sqlstore do) has these methods once.
type BacklogStore interface {
	PrioritisationMeeting(ctx context.Context, id string) (*backlog.Meeting, error)
	Item(ctx context.Context, id string) (*backlog.Item, error)
	UpdateItem(ctx context.Context, id string, version int64, fn func(*backlog.Item) error) (*backlog.Item, error)
}

// itemRef is what a topic takes from a backlog item.
type itemRef struct {
	id, title string
	tags      []string
}

// topicsFromMeeting turns the items a closed meeting selected into topics
// of sp, best first, and marks them selected for it (they already are,
// unless an earlier sprint of the quarter was cancelled). It runs inside
// the caller's transaction.
func (s *Service) topicsFromMeeting(ctx context.Context, sp *Sprint, meetingID string) ([]Topic, error) {
	m, err := s.store.PrioritisationMeeting(ctx, meetingID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, storage.Invalid("meetingId", "must name a closed prioritisation meeting")
	}
	if err != nil {
		return nil, fmt.Errorf("meeting %s: %w", meetingID, err)
	}
	switch {
	case m.Status != backlog.MeetingClosed:
		return nil, storage.Invalid("meetingId", "must name a closed prioritisation meeting")
	case m.Quarter != sp.FiscalQuarter():
		return nil, storage.Invalid("meetingId", fmt.Sprintf("prioritised %s, not %s", m.Quarter, sp.FiscalQuarter()))
	case len(m.Selected()) > sp.Capacity:
		return nil, storage.Invalid("capacity", fmt.Sprintf("must take the %d items the meeting selected", len(m.Selected())))
	}
	topics := make([]Topic, 0, len(m.Selected()))
	for i, id := range m.Selected() {
		ref, err := s.claimItem(ctx, sp, id, meetingID, fmt.Sprintf("meeting's selected item %d", i+1))
		if err != nil {
			return nil, err
		}
		topics = append(topics, Topic{ID: s.newID(), ItemID: ref.id, Title: ref.title, Tags: ref.tags, Goals: []LearningGoal{}})
	}
	return topics, nil
}

// takeItem claims a backlog item for a topic a facilitator adds to sp.
func (s *Service) takeItem(ctx context.Context, sp *Sprint, itemID string) (itemRef, error) {
	return s.claimItem(ctx, sp, itemID, sp.MeetingID, "item")
}

// claimItem selects an open item for sp (recording meetingID, which may be
// empty), or accepts one a prioritisation meeting for sp's quarter already
// selected. what names the item in errors.
func (s *Service) claimItem(ctx context.Context, sp *Sprint, itemID, meetingID, what string) (itemRef, error) {
	it, err := s.store.UpdateItem(ctx, itemID, 0, func(it *backlog.Item) error {
		switch it.Status {
		case backlog.StatusOpen:
			return it.Select(meetingID, s.now().UTC())
		case backlog.StatusSelected:
			if it.MeetingID != "" {
				m, err := s.store.PrioritisationMeeting(ctx, it.MeetingID)
				if err != nil {
					return fmt.Errorf("meeting %s: %w", it.MeetingID, err)
				}
				if m.Quarter == sp.FiscalQuarter() {
					return nil // chosen for this quarter
				}
			}
		}
		return storage.Invalid("itemId", fmt.Sprintf("%s %s is %s, not open", what, it.ID, it.Status))
	})
	if errors.Is(err, storage.ErrNotFound) {
		return itemRef{}, storage.Invalid("itemId", fmt.Sprintf("%s %s is not in the backlog", what, itemID))
	}
	if err != nil {
		return itemRef{}, fmt.Errorf("backlog item %s: %w", itemID, err)
	}
	return itemRef{id: it.ID, title: it.Title, tags: it.Tags}, nil
}

// releaseItem returns an item a sprint no longer takes on to the backlog as
// open, without counting a carry-over. An item no longer selected (a
// backlog facilitator released, rejected or archived it meanwhile) is left
// as it is.
func (s *Service) releaseItem(ctx context.Context, itemID string) error {
	_, err := s.store.UpdateItem(ctx, itemID, 0, func(it *backlog.Item) error {
		if it.Status != backlog.StatusSelected {
			return nil // a facilitator already released, rejected or archived it
		}
		return it.Release(s.now().UTC())
	})
	if err != nil {
		return fmt.Errorf("backlog item %s: %w", itemID, err)
	}
	return nil
}

// finishItem marks an item done when its topic's goals were achieved, and
// otherwise returns it to the backlog with its carry-over count increased.
// An item no longer selected is left as it is.
func (s *Service) finishItem(ctx context.Context, itemID string, achieved bool) error {
	_, err := s.store.UpdateItem(ctx, itemID, 0, func(it *backlog.Item) error {
		if it.Status != backlog.StatusSelected {
			return nil // a facilitator already released, rejected or archived it
		}
		if achieved {
			return it.Complete(s.now().UTC())
		}
		return it.Return(s.now().UTC())
	})
	if err != nil {
		return fmt.Errorf("backlog item %s: %w", itemID, err)
	}
	return nil
}
