package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

var _ backlog.Store = (*Store)(nil)

type backlogTables struct {
	items    *table[backlog.Item]
	meetings *table[backlog.Meeting]
}

func newBacklogTables() backlogTables {
	return backlogTables{
		items: newTable(func(it *backlog.Item) string { return it.ID }, cloneItem,
			func(it *backlog.Item) *int64 { return &it.Version }),
		meetings: newTable(func(m *backlog.Meeting) string { return m.ID }, clonePrioritisationMeeting,
			func(m *backlog.Meeting) *int64 { return &m.Version }),
	}
}

func cloneItem(it backlog.Item) backlog.Item {
	it.Tags = slices.Clone(it.Tags)
	it.Links = slices.Clone(it.Links)
	it.Effort = clonePtr(it.Effort)
	it.FirstSelectedAt = clonePtr(it.FirstSelectedAt)
	it.Supporters = slices.Clone(it.Supporters)
	return it
}

func clonePrioritisationMeeting(m backlog.Meeting) backlog.Meeting {
	m.Facilitators = slices.Clone(m.Facilitators)
	m.Participants = slices.Clone(m.Participants)
	m.Policy = clonePolicySpec(m.Policy)
	m.Capacity = cloneCapacity(m.Capacity)
	m.Submissions = slices.Clone(m.Submissions)
	for i := range m.Submissions {
		sub := &m.Submissions[i]
		sub.Estimates = slices.Clone(sub.Estimates)
		for j := range sub.Estimates {
			sub.Estimates[j] = cloneEstimate(sub.Estimates[j])
		}
		sub.Ballot = slices.Clone(sub.Ballot)
	}
	if m.Snapshot != nil {
		s := cloneSnapshot(*m.Snapshot)
		m.Snapshot = &s
	}
	if m.Result != nil {
		r := cloneResult(*m.Result)
		m.Result = &r
	}
	m.ClosedAt = clonePtr(m.ClosedAt)
	return m
}

func clonePolicySpec(p backlog.PolicySpec) backlog.PolicySpec {
	if p.Params != nil {
		p.Params = maps.Clone(p.Params)
	}
	if p.Base != nil {
		b := clonePolicySpec(*p.Base)
		p.Base = &b
	}
	return p
}

func cloneCapacity(c backlog.Capacity) backlog.Capacity {
	c.Budget = clonePtr(c.Budget)
	return c
}

func cloneEstimate(e backlog.Estimate) backlog.Estimate {
	e.Impact = clonePtr(e.Impact)
	e.TimeCriticality = clonePtr(e.TimeCriticality)
	e.RiskReduction = clonePtr(e.RiskReduction)
	e.Reach = clonePtr(e.Reach)
	e.Confidence = clonePtr(e.Confidence)
	e.Effort = clonePtr(e.Effort)
	return e
}

func cloneSnapshot(s backlog.Snapshot) backlog.Snapshot {
	s.Policy = clonePolicySpec(s.Policy)
	s.Capacity = cloneCapacity(s.Capacity)
	s.Candidates = slices.Clone(s.Candidates)
	for i := range s.Candidates {
		a := &s.Candidates[i].Estimate
		a.TimeCriticality = clonePtr(a.TimeCriticality)
		a.RiskReduction = clonePtr(a.RiskReduction)
		a.Reach = clonePtr(a.Reach)
		a.Confidence = clonePtr(a.Confidence)
		a.Effort = clonePtr(a.Effort)
	}
	s.Ballots = slices.Clone(s.Ballots)
	for i := range s.Ballots {
		s.Ballots[i].Items = slices.Clone(s.Ballots[i].Items)
	}
	return s
}

func cloneResult(r backlog.Result) backlog.Result {
	r.Entries = slices.Clone(r.Entries)
	for i := range r.Entries {
		r.Entries[i].Components = slices.Clone(r.Entries[i].Components)
	}
	r.Selected = slices.Clone(r.Selected)
	return r
}

// CreateItem stores a new backlog item.
func (s *Store) CreateItem(ctx context.Context, it *backlog.Item) error {
	return insert(s, ctx, s.backlog.items, it)
}

// Item returns a backlog item.
func (s *Store) Item(ctx context.Context, id string) (*backlog.Item, error) {
	return get(s, ctx, s.backlog.items, id)
}

// UpdateItem changes a backlog item atomically.
func (s *Store) UpdateItem(ctx context.Context, id string, version int64, fn func(*backlog.Item) error) (*backlog.Item, error) {
	return update(s, ctx, s.backlog.items, id, version, fn)
}

// Items lists the backlog items matching f.
func (s *Store) Items(ctx context.Context, f backlog.ItemFilter, page storage.PageRequest) (storage.Page[backlog.Item], error) {
	return list(s, ctx, s.backlog.items, page, func(it *backlog.Item) bool {
		return match(string(f.Status), string(it.Status)) && match(f.SuggestedBy, it.SuggestedBy) && match(f.MeetingID, it.MeetingID)
	})
}

// CreatePrioritisationMeeting stores a new prioritisation meeting, unless
// its quarter has another meeting that is not cancelled.
func (s *Store) CreatePrioritisationMeeting(ctx context.Context, m *backlog.Meeting) error {
	return s.write(ctx, func(record func(func())) error {
		if _, taken := s.backlog.meetings.rows[m.ID]; !taken {
			if err := s.checkQuarter(m); err != nil {
				return err
			}
		}
		return s.backlog.meetings.insert(*m, record)
	})
}

// checkQuarter returns storage.ErrAlreadyExists when m is not cancelled
// and another meeting of its quarter is not either. The caller holds the
// lock.
func (s *Store) checkQuarter(m *backlog.Meeting) error {
	if m.Status == backlog.MeetingCancelled {
		return nil
	}
	for id, o := range s.backlog.meetings.rows {
		if id != m.ID && o.Quarter == m.Quarter && o.Status != backlog.MeetingCancelled {
			return fmt.Errorf("quarter %s has meeting %s: %w", m.Quarter, id, storage.ErrAlreadyExists)
		}
	}
	return nil
}

// PrioritisationMeeting returns a prioritisation meeting.
func (s *Store) PrioritisationMeeting(ctx context.Context, id string) (*backlog.Meeting, error) {
	return get(s, ctx, s.backlog.meetings, id)
}

// UpdatePrioritisationMeeting changes a prioritisation meeting atomically,
// unless the change leaves two meetings of a quarter not cancelled.
func (s *Store) UpdatePrioritisationMeeting(ctx context.Context, id string, version int64, fn func(*backlog.Meeting) error) (*backlog.Meeting, error) {
	return update(s, ctx, s.backlog.meetings, id, version, func(m *backlog.Meeting) error {
		if err := fn(m); err != nil {
			return err
		}
		return s.checkQuarter(m) // update holds the lock
	})
}

// PrioritisationMeetings lists the prioritisation meetings matching f.
func (s *Store) PrioritisationMeetings(ctx context.Context, f backlog.MeetingFilter, page storage.PageRequest) (storage.Page[backlog.Meeting], error) {
	return list(s, ctx, s.backlog.meetings, page, func(m *backlog.Meeting) bool {
		return match(string(f.Status), string(m.Status)) && (f.Quarter.IsZero() || f.Quarter == m.Quarter)
	})
}
