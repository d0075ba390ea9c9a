package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// Backlog checks a backlog.Store. newStore must return a new, empty store
// each time it is called; every subtest gets its own.
func Backlog(t *testing.T, newStore func(t *testing.T) backlog.Store) {
	runGroups(t, newStore, []group[backlog.Store]{
		{"items", backlogItems},
		{"meetings", backlogMeetings},
		{"one meeting per quarter", backlogQuarters},
		{"atomic", backlogAtomic},
	})
}

type backlogFixture struct {
	newID func() string
}

func newBacklogFixture() *backlogFixture { return &backlogFixture{newID: newID} }

func fptr(v float64) *float64 { return &v }

func (f *backlogFixture) item(author string) *backlog.Item {
	return &backlog.Item{
		ID: f.newID(), Title: "Observability with OpenTelemetry", Description: "Traces, metrics and logs",
		Tags: []string{"observability", "go"}, Links: []string{"https://opentelemetry.io/docs/"},
		SuggestedBy: author, Effort: fptr(5), Status: backlog.StatusOpen,
		Supporters: []backlog.Support{{Person: "ben", Reason: "we fly blind", At: base}, {Person: "cy", At: base.Add(time.Minute)}},
		CreatedAt:  base, UpdatedAt: base, StatusChangedAt: base, Version: 1,
	}
}

// meeting returns a closed meeting with every nested value set, so that a
// store must keep all of it.
func (f *backlogFixture) meeting(quarter backlog.Quarter, status backlog.MeetingStatus) *backlog.Meeting {
	i1, i2 := f.newID(), f.newID()
	closedAt := base.Add(2 * time.Hour)
	spec := backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.25}, Base: &backlog.PolicySpec{Name: "wsjf"}}
	m := &backlog.Meeting{
		ID: f.newID(), Quarter: quarter, Title: "Q3 prioritisation",
		Facilitators: []string{"fay", "gus"}, Participants: []string{"ana", "ben"},
		Policy: spec, Capacity: backlog.Capacity{MaxTopics: 2, Budget: fptr(20)}, Aggregation: backlog.Median,
		Status: status,
		Submissions: []backlog.Submission{
			{Participant: "ana", At: base.Add(time.Hour), Ballot: []string{i2, i1}, Estimates: []backlog.Estimate{
				{ItemID: i1, Impact: fptr(7), TimeCriticality: fptr(3), RiskReduction: fptr(2), Reach: fptr(40), Confidence: fptr(80), Effort: fptr(5)},
				{ItemID: i2, Impact: fptr(4), Effort: fptr(2)},
			}},
			{Participant: "ben", At: base.Add(90 * time.Minute), Ballot: []string{}, Estimates: []backlog.Estimate{
				{ItemID: i1, Impact: fptr(9), Effort: fptr(8)},
			}},
		},
		OpenedBy: "fay", CreatedAt: base, UpdatedAt: base, Version: 1,
	}
	if status == backlog.MeetingClosed {
		m.Snapshot = &backlog.Snapshot{
			Quarter: quarter, Policy: spec, Capacity: m.Capacity, Aggregation: backlog.Median,
			Candidates: []backlog.Candidate{
				{ItemID: i1, Title: "Observability", Estimates: 2, Support: 3, Age: 1, CarryOvers: 1,
					Estimate: backlog.Aggregate{Impact: 8, TimeCriticality: fptr(3), RiskReduction: fptr(2), Reach: fptr(40), Confidence: fptr(80), Effort: fptr(6.5)}},
				{ItemID: i2, Title: "Domain-driven design", Estimates: 1, Estimate: backlog.Aggregate{Impact: 4, Effort: fptr(2)}},
			},
			Ballots: []backlog.Ballot{{Participant: "ana", Items: []string{i2, i1}}},
		}
		m.Result = &backlog.Result{
			Entries: []backlog.Entry{
				{ItemID: i1, Rank: 1, Score: 2.4615384615384617, Components: []backlog.Component{{Name: "costOfDelay", Value: 13}, {Name: "jobSize", Value: 6.5}},
					Explanation: "cost of delay 13 ÷ job size 6.5 = 2", Selected: true, Reason: backlog.ReasonSelected},
				{ItemID: i2, Rank: 2, Score: 2, Components: []backlog.Component{{Name: "costOfDelay", Value: 4}, {Name: "jobSize", Value: 2}},
					Explanation: "cost of delay 4 ÷ job size 2 = 2", Reason: backlog.ReasonOverBudget},
			},
			Selected: []string{i1}, Effort: 6.5,
		}
		m.ClosedBy, m.ClosedAt = "gus", &closedAt
	}
	return m
}

// itemAggregate is backlog.Item to the standard cases.
var itemAggregate = aggregate[backlog.Store, backlog.Item]{
	fresh:   func(*testing.T, backlog.Store) *backlog.Item { return newBacklogFixture().item("ana") },
	key:     func(it *backlog.Item) string { return it.ID },
	version: func(it *backlog.Item) int64 { return it.Version },
	create:  backlog.Store.CreateItem, get: backlog.Store.Item, update: backlog.Store.UpdateItem,
	edit: func(it *backlog.Item) { it.Title = "first" },
	mutate: func(it *backlog.Item) {
		it.Title, it.Tags[0], *it.Effort, it.Supporters[0].Reason = "changed", "changed", 99, "changed"
	},
	grow: func(it *backlog.Item, i int) {
		it.Supporters = append(it.Supporters, backlog.Support{Person: fmt.Sprintf("p%02d", i), At: base})
	},
	size: func(it *backlog.Item) int { return len(it.Supporters) },
}

// prioritisationMeetingAggregate is backlog.Meeting to the standard
// cases: a closed meeting, so that every nested value is set.
var prioritisationMeetingAggregate = aggregate[backlog.Store, backlog.Meeting]{
	fresh: func(*testing.T, backlog.Store) *backlog.Meeting {
		return newBacklogFixture().meeting(backlog.Quarter{Year: 2026, Num: 3}, backlog.MeetingClosed)
	},
	key:     func(m *backlog.Meeting) string { return m.ID },
	version: func(m *backlog.Meeting) int64 { return m.Version },
	create:  backlog.Store.CreatePrioritisationMeeting, get: backlog.Store.PrioritisationMeeting,
	update: backlog.Store.UpdatePrioritisationMeeting,
	edit:   func(m *backlog.Meeting) { m.Title = "first" },
	mutate: func(m *backlog.Meeting) {
		m.Snapshot.Candidates[0].Age = 99
		*m.Snapshot.Candidates[0].Estimate.Effort = 99
		m.Result.Entries[0].Components[0].Value = 99
		m.Policy.Base.Name = "rice"
	},
	grow: func(m *backlog.Meeting, i int) {
		m.Submissions = append(m.Submissions, backlog.Submission{Participant: fmt.Sprintf("p%02d", i), Estimates: []backlog.Estimate{}, Ballot: []string{}, At: base})
	},
	size: func(m *backlog.Meeting) int { return len(m.Submissions) },
}

func backlogItems(t *testing.T, newStore func(t *testing.T) backlog.Store) {
	itemAggregate.run(t, newStore)
	t.Run("an item without optional values", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		bare := &backlog.Item{ID: f.newID(), Title: "Bare", Tags: []string{}, Links: []string{}, SuggestedBy: "ana",
			Status: backlog.StatusOpen, Supporters: []backlog.Support{}, CreatedAt: base, UpdatedAt: base, StatusChangedAt: base, Version: 1}
		require.NoError(t, s.CreateItem(c, bare))
		got, err := s.Item(c, bare.ID)
		require.NoError(t, err)
		assert.Equal(t, bare, got, "an item without optional values keeps empty lists and nil pointers")
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		it := f.item("ana")
		require.NoError(t, s.CreateItem(c, it))
		at := base.Add(time.Hour)
		got, err := s.UpdateItem(c, it.ID, 1, func(it *backlog.Item) error {
			assert.Equal(t, int64(1), it.Version, "callback sees the stored version")
			it.Supporters = append(it.Supporters, backlog.Support{Person: "dee", Reason: "needed", At: at})
			return it.Select("meeting-1", at)
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
		stored, err := s.Item(c, it.ID)
		require.NoError(t, err)
		assert.Equal(t, got, stored)
		assert.Equal(t, backlog.StatusSelected, stored.Status)
		assert.Equal(t, "meeting-1", stored.MeetingID)
		require.NotNil(t, stored.FirstSelectedAt)
		assert.Equal(t, at, *stored.FirstSelectedAt)
		assert.Len(t, stored.Supporters, 3)

		got, err = s.UpdateItem(c, it.ID, 0, func(it *backlog.Item) error { return it.Return(at.Add(time.Hour)) })
		require.NoError(t, err)
		assert.Equal(t, int64(3), got.Version, "version 0 skips the check and still counts")
		assert.Equal(t, 1, got.CarryOvers)
		stored, err = s.Item(c, it.ID)
		require.NoError(t, err)
		assert.Equal(t, got, stored)
	})
	t.Run("a refused transition is returned as is", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		it := f.item("ana")
		require.NoError(t, s.CreateItem(c, it))
		_, err := s.UpdateItem(c, it.ID, 0, func(it *backlog.Item) error { return it.Complete(base) })
		assert.ErrorIs(t, err, backlog.ErrInvalidTransition)
		stored, err := s.Item(c, it.ID)
		require.NoError(t, err)
		assert.Equal(t, it, stored)
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		it := f.item("ana")
		require.NoError(t, s.CreateItem(c, it))
		want := f.item("ana")
		want.ID = it.ID
		it.Tags[0], it.Links[0], *it.Effort, it.Supporters[0].Reason = "mutated", "mutated", 42, "mutated"
		got, err := s.Item(c, it.ID)
		require.NoError(t, err)
		got.Tags[1], *got.Effort, got.Supporters[1].Person = "mutated", 43, "mutated"
		page, err := s.Items(c, backlog.ItemFilter{}, storage.PageRequest{})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		page.Items[0].Links[0], *page.Items[0].Effort = "mutated", 44
		updated, err := s.UpdateItem(c, it.ID, 0, func(*backlog.Item) error { return nil })
		require.NoError(t, err)
		updated.Tags[0], *updated.Effort = "mutated", 45
		again, err := s.Item(c, it.ID)
		require.NoError(t, err)
		want.Version = 2
		assert.Equal(t, want, again)
	})
	t.Run("list with filters and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		var all, open, byAna, selectedByM []string
		for i := range 9 {
			author := "ana"
			if i%3 == 1 {
				author = "ben"
			}
			it := f.item(author)
			switch i % 4 {
			case 1:
				it.Status, it.MeetingID = backlog.StatusSelected, "m1"
				selectedByM = append(selectedByM, it.ID)
			case 2:
				it.Status, it.MeetingID = backlog.StatusDone, "m2"
			default:
				open = append(open, it.ID)
			}
			require.NoError(t, s.CreateItem(c, it))
			all = append(all, it.ID)
			if author == "ana" {
				byAna = append(byAna, it.ID)
			}
		}
		list := pages(c, s.Items)
		checkPaging(t, 4, all, list(backlog.ItemFilter{}))
		checkPaging(t, 9, all, list(backlog.ItemFilter{}))
		checkPaging(t, 2, open, list(backlog.ItemFilter{Status: backlog.StatusOpen}))
		checkPaging(t, 3, byAna, list(backlog.ItemFilter{SuggestedBy: "ana"}))
		checkPaging(t, 5, selectedByM, list(backlog.ItemFilter{MeetingID: "m1"}))
		var openByBen []string
		for _, id := range open {
			if !contains(byAna, id) {
				openByBen = append(openByBen, id)
			}
		}
		checkPaging(t, 1, openByBen, list(backlog.ItemFilter{Status: backlog.StatusOpen, SuggestedBy: "ben"}))
		whole, err := s.Items(c, backlog.ItemFilter{}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Equal(t, all, keys(whole.Items))
		assert.Empty(t, whole.Next)
		assertSortedIDs(t, keys(whole.Items))
		none, err := s.Items(c, backlog.ItemFilter{SuggestedBy: "nobody"}, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, none.Items, "an empty list is empty, not nil")
		assert.Empty(t, none.Items)
		_, err = s.Items(c, backlog.ItemFilter{}, storage.PageRequest{Cursor: "%%%not a cursor"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func backlogMeetings(t *testing.T, newStore func(t *testing.T) backlog.Store) {
	q3 := backlog.Quarter{Year: 2026, Num: 3}
	prioritisationMeetingAggregate.run(t, newStore)
	t.Run("every nested value survives the store", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		for i, status := range []backlog.MeetingStatus{backlog.MeetingOpen, backlog.MeetingClosed} {
			m := f.meeting(q3.Add(i), status)
			require.NoError(t, s.CreatePrioritisationMeeting(c, m))
			got, err := s.PrioritisationMeeting(c, m.ID)
			require.NoError(t, err)
			assert.Equal(t, m, got, "every nested value survives the store (%s)", status)
		}
	})
	t.Run("update to closed", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		m := f.meeting(q3.Add(2), backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, m))
		closed := f.meeting(q3.Add(2), backlog.MeetingClosed)
		updated, err := s.UpdatePrioritisationMeeting(c, m.ID, 1, func(m *backlog.Meeting) error {
			m.Status, m.Snapshot, m.Result, m.ClosedBy, m.ClosedAt = backlog.MeetingClosed, closed.Snapshot, closed.Result, closed.ClosedBy, closed.ClosedAt
			*m.Submissions[0].Estimates[0].Impact = 10
			m.Policy.Params["rate"] = 0.5
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.PrioritisationMeeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, 10.0, *stored.Submissions[0].Estimates[0].Impact)
		assert.Equal(t, 0.5, stored.Policy.Params["rate"])
		require.NotNil(t, stored.Result)
		assert.Equal(t, closed.Result.Selected, stored.Selected())
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		m := f.meeting(q3, backlog.MeetingClosed)
		require.NoError(t, s.CreatePrioritisationMeeting(c, m))
		want := deepCopy(t, *m)
		mutate := func(m *backlog.Meeting) {
			m.Participants[0] = "mutated"
			m.Policy.Params["rate"] = 9
			m.Policy.Base.Name = "mutated"
			*m.Capacity.Budget = 9
			*m.Submissions[0].Estimates[0].Effort = 9
			m.Submissions[0].Ballot[0] = "mutated"
			*m.Snapshot.Candidates[0].Estimate.Reach = 9
			m.Snapshot.Ballots[0].Items[0] = "mutated"
			m.Result.Entries[0].Components[0].Name = "mutated"
			m.Result.Selected[0] = "mutated"
			*m.ClosedAt = base
		}
		got, err := s.PrioritisationMeeting(c, m.ID)
		require.NoError(t, err)
		mutate(got)
		page, err := s.PrioritisationMeetings(c, backlog.MeetingFilter{}, storage.PageRequest{})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		mutate(&page.Items[0])
		mutate(m)
		_, err = s.UpdatePrioritisationMeeting(c, m.ID, 0, func(m *backlog.Meeting) error {
			assert.Equal(t, &want, m, "the callback sees the stored value")
			mutate(m)
			return errCallback
		})
		require.ErrorIs(t, err, errCallback)
		again, err := s.PrioritisationMeeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, &want, again)
	})
	t.Run("list with filters and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		q4 := q3.Add(1)
		var all, inQ3, closed, cancelled, cancelledQ4 []string
		for i := range 7 {
			// One open meeting for Q3, one closed for Q4, the others
			// cancelled, alternating between the quarters.
			q, status := q3, backlog.MeetingCancelled
			if i%2 == 1 {
				q = q4
			}
			switch i {
			case 0:
				status = backlog.MeetingOpen
			case 1:
				status = backlog.MeetingClosed
			}
			m := f.meeting(q, status)
			require.NoError(t, s.CreatePrioritisationMeeting(c, m))
			all = append(all, m.ID)
			if q == q3 {
				inQ3 = append(inQ3, m.ID)
			}
			switch status {
			case backlog.MeetingClosed:
				closed = append(closed, m.ID)
			case backlog.MeetingCancelled:
				cancelled = append(cancelled, m.ID)
				if q == q4 {
					cancelledQ4 = append(cancelledQ4, m.ID)
				}
			}
		}
		list := pages(c, s.PrioritisationMeetings)
		checkPaging(t, 3, all, list(backlog.MeetingFilter{}))
		checkPaging(t, 2, inQ3, list(backlog.MeetingFilter{Quarter: q3}))
		checkPaging(t, 2, closed, list(backlog.MeetingFilter{Status: backlog.MeetingClosed}))
		checkPaging(t, 2, cancelled, list(backlog.MeetingFilter{Status: backlog.MeetingCancelled}))
		checkPaging(t, 5, cancelledQ4, list(backlog.MeetingFilter{Status: backlog.MeetingCancelled, Quarter: q4}))
		checkPaging(t, 5, nil, list(backlog.MeetingFilter{Status: backlog.MeetingOpen, Quarter: q4}))
		_, err := s.PrioritisationMeetings(c, backlog.MeetingFilter{}, storage.PageRequest{Cursor: "%%%not a cursor"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
}

// backlogQuarters checks that a quarter has at most one meeting that is not
// cancelled, whatever the order or concurrency of the writes.
func backlogQuarters(t *testing.T, newStore func(t *testing.T) backlog.Store) {
	q3 := backlog.Quarter{Year: 2026, Num: 3}
	t.Run("create", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		open := f.meeting(q3, backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, open))
		for _, status := range []backlog.MeetingStatus{backlog.MeetingOpen, backlog.MeetingClosed} {
			m := f.meeting(q3, status)
			assert.ErrorIs(t, s.CreatePrioritisationMeeting(c, m), storage.ErrAlreadyExists, "a second %s meeting", status)
			_, err := s.PrioritisationMeeting(c, m.ID)
			assert.ErrorIs(t, err, storage.ErrNotFound, "nothing is stored")
		}
		require.NoError(t, s.CreatePrioritisationMeeting(c, f.meeting(q3, backlog.MeetingCancelled)), "cancelled meetings do not count")
		require.NoError(t, s.CreatePrioritisationMeeting(c, f.meeting(q3.Add(1), backlog.MeetingClosed)), "another quarter")
		require.NoError(t, s.CreatePrioritisationMeeting(c, f.meeting(backlog.Quarter{Year: 2027, Num: 3}, backlog.MeetingOpen)), "the same quarter of another year")
		assert.ErrorIs(t, s.CreatePrioritisationMeeting(c, open), storage.ErrAlreadyExists, "the ID is taken")

		page, err := s.PrioritisationMeetings(c, backlog.MeetingFilter{Quarter: q3}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Len(t, page.Items, 2)
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		first := f.meeting(q3, backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, first))
		_, err := s.UpdatePrioritisationMeeting(c, first.ID, 0, func(m *backlog.Meeting) error {
			m.Status = backlog.MeetingCancelled
			return nil
		})
		require.NoError(t, err)
		second := f.meeting(q3, backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, second), "the quarter is free once its meeting is cancelled")

		_, err = s.UpdatePrioritisationMeeting(c, first.ID, 0, func(m *backlog.Meeting) error {
			m.Status = backlog.MeetingOpen
			return nil
		})
		assert.ErrorIs(t, err, storage.ErrAlreadyExists, "reopening a cancelled meeting")
		got, err := s.PrioritisationMeeting(c, first.ID)
		require.NoError(t, err)
		assert.Equal(t, backlog.MeetingCancelled, got.Status)
		assert.Equal(t, int64(2), got.Version, "a refused change changes nothing")

		other := f.meeting(q3.Add(1), backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, other))
		_, err = s.UpdatePrioritisationMeeting(c, other.ID, 0, func(m *backlog.Meeting) error {
			m.Quarter = q3
			return nil
		})
		assert.ErrorIs(t, err, storage.ErrAlreadyExists, "moving a meeting into a taken quarter")
		got, err = s.PrioritisationMeeting(c, other.ID)
		require.NoError(t, err)
		assert.Equal(t, other, got)

		closed, err := s.UpdatePrioritisationMeeting(c, second.ID, 0, func(m *backlog.Meeting) error {
			m.Status = backlog.MeetingClosed
			m.Title = "closing keeps the quarter"
			return nil
		})
		require.NoError(t, err, "a meeting's own changes do not conflict with itself")
		assert.Equal(t, backlog.MeetingClosed, closed.Status)
	})
	t.Run("rolled back creates free the quarter", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		err := s.Atomic(c, func(c context.Context) error {
			if err := s.CreatePrioritisationMeeting(c, f.meeting(q3, backlog.MeetingOpen)); err != nil {
				return err
			}
			return errCallback
		})
		require.ErrorIs(t, err, errCallback)
		require.NoError(t, s.CreatePrioritisationMeeting(c, f.meeting(q3, backlog.MeetingOpen)))
	})
	t.Run("concurrent creates", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		const n = 10
		meetings := make([]*backlog.Meeting, n)
		for i := range meetings {
			meetings[i] = f.meeting(q3, backlog.MeetingOpen)
		}
		created := wins(t, race(n, func(i int) error {
			return s.Atomic(c, func(c context.Context) error {
				// What a service does: read, then write.
				if _, err := s.PrioritisationMeetings(c, backlog.MeetingFilter{Quarter: q3}, storage.PageRequest{}); err != nil {
					return err
				}
				return s.CreatePrioritisationMeeting(c, meetings[i])
			})
		}), storage.ErrAlreadyExists)
		assert.Equal(t, 1, created, "exactly one of the concurrent creates wins")
		page, err := s.PrioritisationMeetings(c, backlog.MeetingFilter{Quarter: q3}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Len(t, page.Items, 1)
	})
}

// deepCopy copies v through JSON, so the copy shares no memory with v.
func deepCopy[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out T
	require.NoError(t, json.Unmarshal(b, &out))
	require.Equal(t, v, out, "the fixture must survive JSON")
	return out
}

func backlogAtomic(t *testing.T, newStore func(t *testing.T) backlog.Store) {
	q3 := backlog.Quarter{Year: 2026, Num: 3}
	setup := func(t *testing.T) (backlog.Store, *backlogFixture, context.Context, *backlog.Meeting, []*backlog.Item) {
		s, f, c := newStore(t), newBacklogFixture(), ctx(t)
		m := f.meeting(q3, backlog.MeetingOpen)
		require.NoError(t, s.CreatePrioritisationMeeting(c, m))
		items := []*backlog.Item{f.item("ana"), f.item("ben")}
		for _, it := range items {
			require.NoError(t, s.CreateItem(c, it))
		}
		return s, f, c, m, items
	}
	// closeMeeting does what closing a meeting does: the meeting row
	// first, then each selected item.
	closeMeeting := func(s backlog.Store, c context.Context, m *backlog.Meeting, items []*backlog.Item) error {
		if _, err := s.UpdatePrioritisationMeeting(c, m.ID, m.Version, func(m *backlog.Meeting) error {
			m.Status = backlog.MeetingClosed
			return nil
		}); err != nil {
			return err
		}
		for _, it := range items {
			if _, err := s.UpdateItem(c, it.ID, it.Version, func(it *backlog.Item) error { return it.Select(m.ID, base) }); err != nil {
				return err
			}
		}
		return nil
	}
	requireUntouched := func(t *testing.T, s backlog.Store, c context.Context, m *backlog.Meeting, items []*backlog.Item) {
		t.Helper()
		got, err := s.PrioritisationMeeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got)
		for _, it := range items {
			got, err := s.Item(c, it.ID)
			require.NoError(t, err)
			assert.Equal(t, it, got)
		}
	}
	type closing struct {
		m     *backlog.Meeting
		items []*backlog.Item
	}
	transaction[backlog.Store, closing]{
		setup: func(t *testing.T) (backlog.Store, context.Context, closing) {
			s, _, c, m, items := setup(t)
			return s, c, closing{m, items}
		},
		atomic: backlog.Store.Atomic,
		work:   func(s backlog.Store, c context.Context, w closing) error { return closeMeeting(s, c, w.m, w.items) },
		inside: func(t *testing.T, s backlog.Store, c context.Context, w closing) {
			inside, err := s.Item(c, w.items[1].ID)
			require.NoError(t, err, "a transaction sees its own writes")
			assert.Equal(t, backlog.StatusSelected, inside.Status)
		},
		applied: func(t *testing.T, s backlog.Store, c context.Context, w closing) {
			got, err := s.PrioritisationMeeting(c, w.m.ID)
			require.NoError(t, err)
			assert.Equal(t, backlog.MeetingClosed, got.Status)
			selected, err := s.Items(c, backlog.ItemFilter{MeetingID: w.m.ID, Status: backlog.StatusSelected}, storage.PageRequest{})
			require.NoError(t, err)
			assert.Equal(t, []string{w.items[0].ID, w.items[1].ID}, keys(selected.Items))
		},
		unchanged: func(t *testing.T, s backlog.Store, c context.Context, w closing) {
			requireUntouched(t, s, c, w.m, w.items)
		},
	}.run(t)
	t.Run("a failing step rolls back earlier steps", func(t *testing.T) {
		t.Parallel()
		s, _, c, m, items := setup(t)
		_, err := s.UpdateItem(c, items[1].ID, 0, func(it *backlog.Item) error { return it.Archive(base) })
		require.NoError(t, err)
		stale := *items[1] // its version is now stale
		err = s.Atomic(c, func(c context.Context) error { return closeMeeting(s, c, m, []*backlog.Item{items[0], &stale}) })
		assert.ErrorIs(t, err, storage.ErrConflict)
		got, err := s.PrioritisationMeeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, backlog.MeetingOpen, got.Status, "the meeting update must be rolled back")
		first, err := s.Item(c, items[0].ID)
		require.NoError(t, err)
		assert.Equal(t, items[0], first, "the first item's selection must be rolled back")
	})
	t.Run("creates roll back", func(t *testing.T) {
		t.Parallel()
		s, f, c, _, _ := setup(t)
		it, m := f.item("cy"), f.meeting(q3.Add(1), backlog.MeetingOpen)
		err := s.Atomic(c, func(c context.Context) error {
			if err := s.CreateItem(c, it); err != nil {
				return err
			}
			if err := s.CreatePrioritisationMeeting(c, m); err != nil {
				return err
			}
			return errCallback
		})
		assert.ErrorIs(t, err, errCallback)
		_, err = s.Item(c, it.ID)
		assert.ErrorIs(t, err, storage.ErrNotFound)
		_, err = s.PrioritisationMeeting(c, m.ID)
		assert.ErrorIs(t, err, storage.ErrNotFound)
	})
}
