package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// Mentorship checks a mentorship.Store. newStore must return a new, empty
// store each time it is called; every subtest gets its own. Besides the
// store contract — including concurrent updates of profiles, mentee
// records, relations and meetings losing nothing — it runs the mentorship
// Service's request and accept against the store from many goroutines at
// once, to check that capacity, "one open request per mentor" and "one
// active relation per mentee" hold under the store's isolation.
func Mentorship(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	runGroups(t, newStore, []group[mentorship.Store]{
		{"profiles", mentorshipProfiles},
		{"mentees", mentorshipMentees},
		{"relations", mentorshipRelations},
		{"meetings", mentorshipMeetings},
		{"atomic", mentorshipAtomic},
		{"races", mentorshipRaces},
	})
}

type mentorshipFixture struct{}

func newMentorshipFixture() *mentorshipFixture { return &mentorshipFixture{} }

// id returns a new ID; like newID, it is safe for concurrent use.
func (f *mentorshipFixture) id() string { return newID() }

func (f *mentorshipFixture) profile(person string) *mentorship.Profile {
	return &mentorship.Profile{
		Person: person, Capacity: 3, Expertise: []string{"go", "sql"}, Note: "Ask me about databases",
		Mentees: []string{"ana", "ben"}, Active: 2, CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

func (f *mentorshipFixture) relation(mentee, mentor string, status mentorship.RelationStatus) *mentorship.Relation {
	expires := base.Add(14 * 24 * time.Hour)
	r := &mentorship.Relation{
		ID: f.id(), Kind: mentorship.KindChosen, Mentee: mentee, Mentor: mentor, Status: status,
		Message: "Would you mentor me?", RequestedAt: base, ExpiresAt: &expires, CadenceDays: 28, Version: 1,
	}
	if status != mentorship.StatusProposed {
		decided, started, met, notified := base.Add(time.Hour), base.Add(time.Hour), base.Add(72*time.Hour), base.Add(30*24*time.Hour)
		r.DecidedAt, r.StartedAt, r.LastMeetingAt, r.OverdueNotified = &decided, &started, &met, &notified
		r.Response, r.Meetings = "Gladly", 2
	}
	if status == mentorship.StatusEnded {
		ended := base.Add(90 * 24 * time.Hour)
		r.EndedAt, r.EndReason, r.EndedBy, r.EndNote = &ended, mentorship.EndCompleted, mentee, "Reached the goal"
	}
	return r
}

func (f *mentorshipFixture) meeting(r *mentorship.Relation) *mentorship.Meeting {
	due, done := base.Add(7*24*time.Hour), base.Add(2*24*time.Hour)
	return &mentorship.Meeting{
		ID: f.id(), RelationID: r.ID, Mentee: r.Mentee, Mentor: r.Mentor, At: base, DurationMinutes: 45,
		Notes: "Private notes", Progress: mentorship.Progress{Text: "On track", GoalIDs: []string{"g1"}, ObjectiveIDs: []string{"o1", "o2"}},
		Feedback: "Good", Ideas: "Shadow a coach",
		NextSteps: []mentorship.NextStep{
			{ID: f.id(), Text: "Book the course", Owner: r.Mentee, Due: &due},
			{ID: f.id(), Text: "Send the article", Owner: r.Mentor, Done: true, DoneAt: &done},
		},
		RecordedBy: r.Mentee, CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

// profileAggregate is mentorship.Profile to the standard cases; each
// profile is a person of its own.
var profileAggregate = aggregate[mentorship.Store, mentorship.Profile]{
	fresh:   func(*testing.T, mentorship.Store) *mentorship.Profile { return newMentorshipFixture().profile(newID()) },
	key:     func(p *mentorship.Profile) string { return p.Person },
	version: func(p *mentorship.Profile) int64 { return p.Version },
	create:  mentorship.Store.CreateProfile, get: mentorship.Store.Profile, update: mentorship.Store.UpdateProfile,
	edit:   func(p *mentorship.Profile) { p.Capacity = 5 },
	mutate: func(p *mentorship.Profile) { p.Mentees[0], p.Expertise[0], p.Capacity = "changed", "changed", 9 },
	grow: func(p *mentorship.Profile, i int) {
		p.Mentees = append(p.Mentees, fmt.Sprintf("m%02d", i))
		p.Active = len(p.Mentees)
	},
	size: func(p *mentorship.Profile) int {
		if p.Active != len(p.Mentees) {
			return -1 // Active must count the mentees
		}
		return p.Active
	},
}

// menteeAggregate is mentorship.Mentee to the standard cases. A mentee
// record has no list; each update moves UpdatedAt on by a microsecond,
// so size counts the updates.
var menteeAggregate = aggregate[mentorship.Store, mentorship.Mentee]{
	fresh: func(*testing.T, mentorship.Store) *mentorship.Mentee {
		return &mentorship.Mentee{Person: newID(), RelationID: "r0", Mentor: "mia", Kind: mentorship.KindDefault, UpdatedAt: base, Version: 1}
	},
	key:     func(m *mentorship.Mentee) string { return m.Person },
	version: func(m *mentorship.Mentee) int64 { return m.Version },
	create:  mentorship.Store.CreateMentee, get: mentorship.Store.Mentee, update: mentorship.Store.UpdateMentee,
	edit:   func(m *mentorship.Mentee) { m.RelationID, m.Mentor, m.Kind = "r1", "bob", mentorship.KindChosen },
	mutate: func(m *mentorship.Mentee) { m.RelationID = "" },
	grow:   func(m *mentorship.Mentee, _ int) { m.UpdatedAt = m.UpdatedAt.Add(time.Microsecond) },
	size:   func(m *mentorship.Mentee) int { return int(m.UpdatedAt.Sub(base) / time.Microsecond) },
}

// relationAggregate is mentorship.Relation to the standard cases.
var relationAggregate = aggregate[mentorship.Store, mentorship.Relation]{
	fresh: func(*testing.T, mentorship.Store) *mentorship.Relation {
		return newMentorshipFixture().relation("ana", "mia", mentorship.StatusActive)
	},
	key:     func(r *mentorship.Relation) string { return r.ID },
	version: func(r *mentorship.Relation) int64 { return r.Version },
	create:  mentorship.Store.CreateRelation, get: mentorship.Store.Relation, update: mentorship.Store.UpdateRelation,
	edit:   func(r *mentorship.Relation) { r.Status, r.Response = mentorship.StatusSuperseded, "moved on" },
	mutate: func(r *mentorship.Relation) { *r.StartedAt, r.Status = base.Add(-time.Hour), mentorship.StatusEnded },
	grow:   func(r *mentorship.Relation, _ int) { r.Meetings++ },
	size:   func(r *mentorship.Relation) int { return r.Meetings },
}

// meetingAggregate is mentorship.Meeting to the standard cases.
var meetingAggregate = aggregate[mentorship.Store, mentorship.Meeting]{
	fresh: func(*testing.T, mentorship.Store) *mentorship.Meeting {
		f := newMentorshipFixture()
		return f.meeting(f.relation("ana", "mia", mentorship.StatusActive))
	},
	key:     func(m *mentorship.Meeting) string { return m.ID },
	version: func(m *mentorship.Meeting) int64 { return m.Version },
	create:  mentorship.Store.CreateMeeting, get: mentorship.Store.Meeting, update: mentorship.Store.UpdateMeeting,
	edit: func(m *mentorship.Meeting) { m.Notes = "Edited" },
	mutate: func(m *mentorship.Meeting) {
		m.NextSteps[1].Done, *m.NextSteps[0].Due, m.Progress.ObjectiveIDs[0], m.Notes = false, base, "changed", "lost"
	},
	grow: func(m *mentorship.Meeting, i int) {
		m.NextSteps = append(m.NextSteps, mentorship.NextStep{ID: fmt.Sprintf("s%02d", i), Text: "Step", Owner: "ana"})
	},
	size: func(m *mentorship.Meeting) int { return len(m.NextSteps) },
}

func mentorshipProfiles(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	profileAggregate.run(t, newStore)
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		p := f.profile("mia")
		require.NoError(t, s.CreateProfile(c, p))
		assert.ErrorIs(t, s.CreateProfile(c, f.profile("mia")), storage.ErrAlreadyExists, "a person has one profile")

		updated, err := s.UpdateProfile(c, "mia", 1, func(p *mentorship.Profile) error {
			assert.Equal(t, int64(1), p.Version, "callback sees the stored version")
			p.Mentees = append(p.Mentees, "cid")
			p.Active, p.Capacity, p.Note = 3, 4, ""
			p.Expertise = nil
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.Profile(c, "mia")
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, []string{"ana", "ben", "cid"}, stored.Mentees)
		assert.Empty(t, stored.Expertise)
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		p := f.profile("mia")
		require.NoError(t, s.CreateProfile(c, p))
		want := *f.profile("mia")
		p.Mentees[0], p.Expertise[0] = "mutated after create", "mutated after create"
		got, err := s.Profile(c, "mia")
		require.NoError(t, err)
		got.Mentees[1], got.Expertise[1] = "mutated after get", "mutated after get"
		page, err := s.Profiles(c, storage.PageRequest{})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		page.Items[0].Mentees[0] = "mutated after list"
		again, err := s.Profile(c, "mia")
		require.NoError(t, err)
		assert.Equal(t, &want, again)
	})
	t.Run("list in person order and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		people := []string{"zoe", "ana", "mia", "bob", "kim", "eve", "lee"}
		for _, p := range people {
			require.NoError(t, s.CreateProfile(c, f.profile(p)))
		}
		want := slices.Sorted(slices.Values(people))
		list := pages(c, func(c context.Context, _ any, p storage.PageRequest) (storage.Page[mentorship.Profile], error) {
			return s.Profiles(c, p)
		})(nil)
		checkPaging(t, 3, want, list)
		checkPaging(t, 7, want, list)
		_, err := s.Profiles(c, storage.PageRequest{Cursor: "%%%not a cursor"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
	t.Run("empty list", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		page, err := s.Profiles(c, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, page.Items, "an empty list is empty, not nil")
		assert.Empty(t, page.Items)
	})
}

func mentorshipMentees(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	menteeAggregate.run(t, newStore)
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		require.NoError(t, s.CreateMentee(c, &mentorship.Mentee{Person: "ana", UpdatedAt: base, Version: 1}))
		updated, err := s.UpdateMentee(c, "ana", 1, func(m *mentorship.Mentee) error {
			m.RelationID, m.Mentor, m.Kind, m.UpdatedAt = "r1", "mia", mentorship.KindChosen, base.Add(time.Hour)
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, &mentorship.Mentee{Person: "ana", RelationID: "r1", Mentor: "mia", Kind: mentorship.KindChosen, UpdatedAt: base.Add(time.Hour), Version: 2}, updated)
		stored, err := s.Mentee(c, "ana")
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
	})
}

func mentorshipRelations(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	relationAggregate.run(t, newStore)
	t.Run("a proposal keeps its empty values", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		r := f.relation("ana", "mia", mentorship.StatusProposed)
		require.NoError(t, s.CreateRelation(c, r))
		got, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got)
	})
	t.Run("update to ended", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		r := f.relation("ana", "mia", mentorship.StatusProposed)
		require.NoError(t, s.CreateRelation(c, r))

		ended := f.relation("ana", "mia", mentorship.StatusEnded)
		updated, err := s.UpdateRelation(c, r.ID, 1, func(r *mentorship.Relation) error {
			id := r.ID
			*r = *ended
			r.ID, r.Version = id, 1
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, *ended.EndedAt, *stored.EndedAt)
		assert.Equal(t, mentorship.EndCompleted, stored.EndReason)
		_, err = s.UpdateRelation(c, r.ID, 0, func(r *mentorship.Relation) error {
			*r.EndedAt = base
			r.Status = mentorship.StatusActive
			return errCallback
		})
		assert.ErrorIs(t, err, errCallback)
		again, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, stored, again, "a failed callback changes nothing")
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		r := f.relation("ana", "mia", mentorship.StatusActive)
		require.NoError(t, s.CreateRelation(c, r))
		*r.ExpiresAt = base.Add(-time.Hour)
		got, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		*got.StartedAt = base.Add(-time.Hour)
		*got.LastMeetingAt = base.Add(-time.Hour)
		page, err := s.Relations(c, mentorship.RelationFilter{}, storage.PageRequest{})
		require.NoError(t, err)
		*page.Items[0].OverdueNotified = base.Add(-time.Hour)
		again, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, base.Add(14*24*time.Hour), *again.ExpiresAt)
		assert.Equal(t, base.Add(time.Hour), *again.StartedAt)
		assert.Equal(t, base.Add(72*time.Hour), *again.LastMeetingAt)
		assert.Equal(t, base.Add(30*24*time.Hour), *again.OverdueNotified)
	})
	t.Run("filters and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		var anaAll, miaAll, anaOpenOrActive, defaults []string
		statuses := []mentorship.RelationStatus{mentorship.StatusProposed, mentorship.StatusActive, mentorship.StatusDeclined,
			mentorship.StatusSuperseded, mentorship.StatusEnded, mentorship.StatusExpired, mentorship.StatusWithdrawn}
		for i, st := range statuses {
			mentor := "mia"
			if i%2 == 1 {
				mentor = "bob"
			}
			r := f.relation("ana", mentor, st)
			if i == 4 {
				r.Kind = mentorship.KindDefault
				defaults = append(defaults, r.ID)
			}
			require.NoError(t, s.CreateRelation(c, r))
			anaAll = append(anaAll, r.ID)
			if mentor == "mia" {
				miaAll = append(miaAll, r.ID)
			}
			if st == mentorship.StatusProposed || st == mentorship.StatusActive {
				anaOpenOrActive = append(anaOpenOrActive, r.ID)
			}
			other := f.relation("ben", "mia", st)
			require.NoError(t, s.CreateRelation(c, other))
			miaAll = append(miaAll, other.ID)
		}
		list := pages(c, s.Relations)
		checkPaging(t, 3, anaAll, list(mentorship.RelationFilter{Mentee: "ana"}))
		checkPaging(t, 4, miaAll, list(mentorship.RelationFilter{Mentor: "mia"}))
		checkPaging(t, 1, anaOpenOrActive, list(mentorship.RelationFilter{Mentee: "ana",
			Statuses: []mentorship.RelationStatus{mentorship.StatusActive, mentorship.StatusProposed}}))
		checkPaging(t, 5, defaults, list(mentorship.RelationFilter{Kind: mentorship.KindDefault}))
		checkPaging(t, 5, nil, list(mentorship.RelationFilter{Mentee: "ana", Mentor: "zoe"}))
		all, err := s.Relations(c, mentorship.RelationFilter{}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, all.Items, 2*len(statuses))
		assertSortedIDs(t, keys(all.Items))
		_, err = s.Relations(c, mentorship.RelationFilter{}, storage.PageRequest{Cursor: "%%%"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
}

func mentorshipMeetings(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	meetingAggregate.run(t, newStore)
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		m := f.meeting(f.relation("ana", "mia", mentorship.StatusActive))
		require.NoError(t, s.CreateMeeting(c, m))
		got, err := s.Meeting(c, m.ID)
		require.NoError(t, err)
		got.NextSteps[0].Text = "mutated"
		*got.NextSteps[0].Due = base
		got.Progress.ObjectiveIDs[0] = "mutated"
		again, err := s.Meeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Book the course", again.NextSteps[0].Text, "values are copies")
		assert.Equal(t, base.Add(7*24*time.Hour), *again.NextSteps[0].Due, "values are copies")
		assert.Equal(t, []string{"o1", "o2"}, again.Progress.ObjectiveIDs, "values are copies")
		*m.NextSteps[1].DoneAt = base
		again, err = s.Meeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, base.Add(2*24*time.Hour), *again.NextSteps[1].DoneAt, "values are copies")
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		m := f.meeting(f.relation("ana", "mia", mentorship.StatusActive))
		require.NoError(t, s.CreateMeeting(c, m))
		at := base.Add(time.Hour)
		updated, err := s.UpdateMeeting(c, m.ID, 1, func(m *mentorship.Meeting) error {
			m.NextSteps[0].Done, m.NextSteps[0].DoneAt = true, &at
			m.NextSteps = append(m.NextSteps, mentorship.NextStep{ID: "s3", Text: "New", Owner: "ana"})
			m.Notes = "Edited"
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.Meeting(c, m.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		require.Len(t, stored.NextSteps, 3)
		assert.Equal(t, at, *stored.NextSteps[0].DoneAt)
	})
	t.Run("list by relation and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		r1, r2 := f.relation("ana", "mia", mentorship.StatusActive), f.relation("ben", "mia", mentorship.StatusActive)
		var want []string
		for range 5 {
			m := f.meeting(r1)
			require.NoError(t, s.CreateMeeting(c, m))
			want = append(want, m.ID)
			require.NoError(t, s.CreateMeeting(c, f.meeting(r2)))
		}
		checkPaging(t, 2, want, pages(c, s.Meetings)(mentorship.MeetingFilter{RelationID: r1.ID}))
		none, err := s.Meetings(c, mentorship.MeetingFilter{RelationID: f.id()}, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, none.Items)
		assert.Empty(t, none.Items)
	})
}

func mentorshipAtomic(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	// accept does what the Service does on acceptance, store calls only.
	accept := func(s mentorship.Store, c context.Context, r *mentorship.Relation) error {
		if _, err := s.UpdateMentee(c, r.Mentee, 0, func(m *mentorship.Mentee) error {
			m.RelationID, m.Mentor, m.Kind = r.ID, r.Mentor, mentorship.KindChosen
			return nil
		}); err != nil {
			return err
		}
		if _, err := s.UpdateProfile(c, r.Mentor, 0, func(p *mentorship.Profile) error {
			p.Mentees = append(p.Mentees, r.Mentee)
			p.Active = len(p.Mentees)
			return nil
		}); err != nil {
			return err
		}
		_, err := s.UpdateRelation(c, r.ID, 0, func(r *mentorship.Relation) error {
			r.Status = mentorship.StatusActive
			return nil
		})
		return err
	}
	setup := func(t *testing.T) (mentorship.Store, context.Context, *mentorship.Relation) {
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		p := f.profile("mia")
		p.Mentees, p.Active = nil, 0
		require.NoError(t, s.CreateProfile(c, p))
		require.NoError(t, s.CreateMentee(c, &mentorship.Mentee{Person: "cid", UpdatedAt: base, Version: 1}))
		r := f.relation("cid", "mia", mentorship.StatusProposed)
		require.NoError(t, s.CreateRelation(c, r))
		return s, c, r
	}
	unchanged := func(t *testing.T, s mentorship.Store, c context.Context, r *mentorship.Relation) {
		t.Helper()
		m, err := s.Mentee(c, "cid")
		require.NoError(t, err)
		assert.Empty(t, m.RelationID)
		p, err := s.Profile(c, "mia")
		require.NoError(t, err)
		assert.Empty(t, p.Mentees)
		got, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	transaction[mentorship.Store, *mentorship.Relation]{
		setup: setup, atomic: mentorship.Store.Atomic, work: accept, unchanged: unchanged,
		inside: func(t *testing.T, s mentorship.Store, c context.Context, _ *mentorship.Relation) {
			inside, err := s.Profile(c, "mia")
			require.NoError(t, err, "a transaction sees its own writes")
			assert.Equal(t, []string{"cid"}, inside.Mentees)
		},
		applied: func(t *testing.T, s mentorship.Store, c context.Context, r *mentorship.Relation) {
			got, err := s.Relation(c, r.ID)
			require.NoError(t, err)
			assert.Equal(t, mentorship.StatusActive, got.Status)
			p, err := s.Profile(c, "mia")
			require.NoError(t, err)
			assert.Equal(t, []string{"cid"}, p.Mentees)
		},
	}.run(t)
	t.Run("a failing step rolls back earlier steps", func(t *testing.T) {
		t.Parallel()
		s, c, r := setup(t)
		err := s.Atomic(c, func(c context.Context) error {
			if err := accept(s, c, r); err != nil {
				return err
			}
			return s.CreateRelation(c, r) // already exists
		})
		assert.ErrorIs(t, err, storage.ErrAlreadyExists)
		unchanged(t, s, c, r)
	})
	t.Run("a refused update inside a transaction leaves it usable", func(t *testing.T) {
		t.Parallel()
		s, c, r := setup(t)
		err := s.Atomic(c, func(c context.Context) error {
			_, err := s.UpdateProfile(c, "mia", 0, func(*mentorship.Profile) error { return errCallback })
			if !errors.Is(err, errCallback) {
				return fmt.Errorf("want the callback's error, got %v", err)
			}
			return accept(s, c, r)
		})
		require.NoError(t, err)
		got, err := s.Relation(c, r.ID)
		require.NoError(t, err)
		assert.Equal(t, mentorship.StatusActive, got.Status)
	})
}

func mentorshipRaces(t *testing.T, newStore func(t *testing.T) mentorship.Store) {
	const contenders = 12
	t.Run("store: capacity checked on the locked profile", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newMentorshipFixture(), ctx(t)
		p := f.profile("mia")
		p.Capacity, p.Mentees, p.Active = 3, []string{"ana", "ben"}, 2
		require.NoError(t, s.CreateProfile(c, p))
		errFull := errors.New("storetest: full")
		won := wins(t, race(contenders, func(i int) error {
			return s.Atomic(c, func(c context.Context) error {
				_, err := s.UpdateProfile(c, "mia", 0, func(p *mentorship.Profile) error {
					if len(p.Mentees) >= p.Capacity {
						return errFull
					}
					p.Mentees = append(p.Mentees, fmt.Sprintf("m%02d", i))
					p.Active = len(p.Mentees)
					return nil
				})
				if err != nil {
					return err
				}
				return s.CreateRelation(c, f.relation(fmt.Sprintf("m%02d", i), "mia", mentorship.StatusActive))
			})
		}), errFull)
		assert.Equal(t, 1, won, "exactly one transaction takes the last seat")
		stored, err := s.Profile(c, "mia")
		require.NoError(t, err)
		assert.Len(t, stored.Mentees, 3)
		active, err := s.Relations(c, mentorship.RelationFilter{Mentor: "mia"}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, active.Items, 1, "the losers' relations were rolled back")
	})
	t.Run("service: concurrent accepts for the last seat", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		svc := mentorship.NewService(s, mentorship.WithClock(func() time.Time { return base }))
		_, err := svc.Volunteer(c, "mia", mentorship.ProfileInput{Capacity: capPtr(2)})
		require.NoError(t, err)
		first, err := svc.Request(c, "ana", mentorship.RequestInput{Mentor: "mia"})
		require.NoError(t, err)
		_, err = svc.Accept(c, "mia", first.ID, 0, mentorship.AnswerInput{})
		require.NoError(t, err)
		reqs := make([]*mentorship.Relation, contenders)
		for i := range reqs {
			reqs[i], err = svc.Request(c, fmt.Sprintf("m%02d", i), mentorship.RequestInput{Mentor: "mia"})
			require.NoError(t, err)
		}
		won := wins(t, race(contenders, func(i int) error {
			r := reqs[i]
			_, err := svc.Accept(c, "mia", r.ID, 0, mentorship.AnswerInput{})
			return err
		}), mentorship.ErrMentorFull)
		assert.Equal(t, 1, won, "exactly one accept wins the last seat")
		p, err := s.Profile(c, "mia")
		require.NoError(t, err)
		assert.Len(t, p.Mentees, 2)
		active, err := s.Relations(c, mentorship.RelationFilter{Mentor: "mia", Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, active.Items, 2)
	})
	t.Run("service: concurrent requests to one mentor", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		svc := mentorship.NewService(s, mentorship.WithClock(func() time.Time { return base }))
		_, err := svc.Volunteer(c, "mia", mentorship.ProfileInput{Capacity: capPtr(2)})
		require.NoError(t, err)
		won := wins(t, race(contenders, func(i int) error {
			_, err := svc.Request(c, "ana", mentorship.RequestInput{Mentor: "mia"})
			return err
		}), mentorship.ErrDuplicateRequest)
		assert.Equal(t, 1, won, "a mentee has at most one open request per mentor")
		open, err := s.Relations(c, mentorship.RelationFilter{Mentee: "ana", Mentor: "mia"}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, open.Items, 1)
	})
	t.Run("service: concurrent accepts for one mentee", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		svc := mentorship.NewService(s, mentorship.WithClock(func() time.Time { return base }))
		reqs := make([]*mentorship.Relation, 6)
		for i := range reqs {
			mentor := fmt.Sprintf("mentor%d", i)
			_, err := svc.Volunteer(c, mentor, mentorship.ProfileInput{Capacity: capPtr(1)})
			require.NoError(t, err)
			reqs[i], err = svc.Request(c, "ana", mentorship.RequestInput{Mentor: mentor})
			require.NoError(t, err)
		}
		won := wins(t, race(len(reqs), func(i int) error {
			r := reqs[i]
			_, err := svc.Accept(c, r.Mentor, r.ID, 0, mentorship.AnswerInput{})
			return err
		}), mentorship.ErrRequestClosed)
		assert.Equal(t, 1, won)
		active, err := s.Relations(c, mentorship.RelationFilter{Mentee: "ana", Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		require.Len(t, active.Items, 1, "at most one active relation per mentee")
		seats := 0
		for i := range reqs {
			p, err := s.Profile(c, fmt.Sprintf("mentor%d", i))
			require.NoError(t, err)
			seats += len(p.Mentees)
		}
		assert.Equal(t, 1, seats)
		m, err := svc.MentorOf(c, "ana")
		require.NoError(t, err)
		assert.Equal(t, active.Items[0].Mentor, m)
	})
}

func capPtr(n int) *int { return &n }
