package sprint

import (
	"context"
	"errors"
)

// BacklogStore is provisional until the backlog package lands.
type BacklogStore interface{}

type itemRef struct {
	id, title string
	tags      []string
}

var errPending = errors.New("sprint: backlog integration pending")

func (s *Service) topicsFromMeeting(ctx context.Context, sp *Sprint, meetingID string) ([]Topic, error) {
	return nil, errPending
}

func (s *Service) takeItem(ctx context.Context, sp *Sprint, itemID string) (itemRef, error) {
	return itemRef{}, errPending
}

func (s *Service) releaseItem(ctx context.Context, itemID string) error { return errPending }

func (s *Service) finishItem(ctx context.Context, itemID string, achieved bool) error {
	return errPending
}
