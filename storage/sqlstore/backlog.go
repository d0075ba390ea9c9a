package sqlstore

import (
	"context"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// The backlog package's tables; their schema is migrations/00003_backlog.sql.

var _ backlog.Store = (*Store)(nil)

var backlogItems = newTable("backlog_items", func(it *backlog.Item) []column {
	return []column{
		col("id", &it.ID),
		col("title", &it.Title),
		col("description", &it.Description),
		col("tags", jsonOf(&it.Tags)),
		col("links", jsonOf(&it.Links)),
		col("suggested_by", &it.SuggestedBy),
		col("effort", nullOf(&it.Effort)),
		col("status", &it.Status),
		col("meeting_id", &it.MeetingID),
		col("carry_overs", &it.CarryOvers),
		col("first_selected_at", nullTimeOf(&it.FirstSelectedAt)),
		col("reason", &it.Reason),
		col("duplicate_of", &it.DuplicateOf),
		col("supporters", storedSliceOf(&it.Supporters, storeSupport, storedSupport.load)),
		col("created_at", timeOf(&it.CreatedAt)),
		col("updated_at", timeOf(&it.UpdatedAt)),
		col("status_changed_at", timeOf(&it.StatusChangedAt)),
		col("version", &it.Version),
	}
})

var backlogMeetings = newTable("backlog_meetings", func(m *backlog.Meeting) []column {
	return []column{
		col("id", &m.ID),
		col("quarter", textOf(&m.Quarter)),
		col("title", &m.Title),
		col("facilitators", jsonOf(&m.Facilitators)),
		col("participants", jsonOf(&m.Participants)),
		col("policy", storedOf(&m.Policy, storePolicySpec, storedPolicySpec.load)),
		col("max_topics", &m.Capacity.MaxTopics),
		col("budget", nullOf(&m.Capacity.Budget)),
		col("aggregation", &m.Aggregation),
		col("status", &m.Status),
		col("submissions", storedSliceOf(&m.Submissions, storeSubmission, storedSubmission.load)),
		col("snapshot", storedPtrOf(&m.Snapshot, storeSnapshot, storedSnapshot.load)),
		col("result", storedPtrOf(&m.Result, storeResult, storedResult.load)),
		col("opened_by", &m.OpenedBy),
		col("closed_by", &m.ClosedBy),
		col("closed_at", nullTimeOf(&m.ClosedAt)),
		col("created_at", timeOf(&m.CreatedAt)),
		col("updated_at", timeOf(&m.UpdatedAt)),
		col("version", &m.Version),
	}
})

// CreateItem stores a new backlog item.
func (s *Store) CreateItem(ctx context.Context, it *backlog.Item) error {
	return insert(ctx, s, backlogItems, it)
}

// Item returns a backlog item.
func (s *Store) Item(ctx context.Context, id string) (*backlog.Item, error) {
	return get(ctx, s, backlogItems, id)
}

// UpdateItem changes a backlog item atomically.
func (s *Store) UpdateItem(ctx context.Context, id string, version int64, fn func(*backlog.Item) error) (*backlog.Item, error) {
	return update(ctx, s, backlogItems, id, version, fn)
}

// Items lists the backlog items matching f.
func (s *Store) Items(ctx context.Context, f backlog.ItemFilter, page storage.PageRequest) (storage.Page[backlog.Item], error) {
	return list(ctx, s, backlogItems, page,
		isSet("status", f.Status), isSet("suggested_by", f.SuggestedBy), isSet("meeting_id", f.MeetingID))
}

// CreatePrioritisationMeeting stores a new prioritisation meeting.
func (s *Store) CreatePrioritisationMeeting(ctx context.Context, m *backlog.Meeting) error {
	return insert(ctx, s, backlogMeetings, m)
}

// PrioritisationMeeting returns a prioritisation meeting.
func (s *Store) PrioritisationMeeting(ctx context.Context, id string) (*backlog.Meeting, error) {
	return get(ctx, s, backlogMeetings, id)
}

// UpdatePrioritisationMeeting changes a prioritisation meeting atomically.
func (s *Store) UpdatePrioritisationMeeting(ctx context.Context, id string, version int64, fn func(*backlog.Meeting) error) (*backlog.Meeting, error) {
	return update(ctx, s, backlogMeetings, id, version, fn)
}

// PrioritisationMeetings lists the prioritisation meetings matching f.
func (s *Store) PrioritisationMeetings(ctx context.Context, f backlog.MeetingFilter, page storage.PageRequest) (storage.Page[backlog.Meeting], error) {
	return list(ctx, s, backlogMeetings, page, isSet("status", f.Status), isSet("quarter", f.Quarter.String()))
}
