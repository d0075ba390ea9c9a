package memory

import (
	"context"
	"slices"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

var _ mentorship.Store = (*Store)(nil)

// mentorshipTables holds the mentorship package's data. Profiles and
// mentee records are keyed by person. One lock guards the whole Store, so
// an Update inside Atomic always sees the latest value, which is what the
// mentorship Service's capacity and one-relation-per-mentee rules need.
type mentorshipTables struct {
	profiles  *table[mentorship.Profile]
	mentees   *table[mentorship.Mentee]
	relations *table[mentorship.Relation]
	meetings  *table[mentorship.Meeting]
}

func newMentorshipTables() mentorshipTables {
	return mentorshipTables{
		profiles: newTable(func(p *mentorship.Profile) string { return p.Person }, cloneProfile,
			func(p *mentorship.Profile) *int64 { return &p.Version }),
		mentees: newTable(func(m *mentorship.Mentee) string { return m.Person }, same[mentorship.Mentee],
			func(m *mentorship.Mentee) *int64 { return &m.Version }),
		relations: newTable(func(r *mentorship.Relation) string { return r.ID }, cloneRelation,
			func(r *mentorship.Relation) *int64 { return &r.Version }),
		meetings: newTable(func(m *mentorship.Meeting) string { return m.ID }, cloneMeeting,
			func(m *mentorship.Meeting) *int64 { return &m.Version }),
	}
}

func cloneProfile(p mentorship.Profile) mentorship.Profile {
	p.Expertise = slices.Clone(p.Expertise)
	p.Mentees = slices.Clone(p.Mentees)
	return p
}

func cloneRelation(r mentorship.Relation) mentorship.Relation {
	r.ExpiresAt = clonePtr(r.ExpiresAt)
	r.DecidedAt = clonePtr(r.DecidedAt)
	r.StartedAt = clonePtr(r.StartedAt)
	r.EndedAt = clonePtr(r.EndedAt)
	r.LastMeetingAt = clonePtr(r.LastMeetingAt)
	r.OverdueNotified = clonePtr(r.OverdueNotified)
	if r.Planned != nil {
		p := *r.Planned
		p.Agenda = slices.Clone(p.Agenda)
		r.Planned = &p
	}
	return r
}

func cloneMeeting(m mentorship.Meeting) mentorship.Meeting {
	m.Progress.GoalIDs = slices.Clone(m.Progress.GoalIDs)
	m.Progress.ObjectiveIDs = slices.Clone(m.Progress.ObjectiveIDs)
	m.NextSteps = slices.Clone(m.NextSteps)
	for i := range m.NextSteps {
		st := &m.NextSteps[i]
		st.Due = clonePtr(st.Due)
		st.DoneAt = clonePtr(st.DoneAt)
	}
	return m
}

// CreateProfile stores a new mentor profile.
func (s *Store) CreateProfile(ctx context.Context, p *mentorship.Profile) error {
	return insert(s, ctx, s.mentorship.profiles, p)
}

// Profile returns person's mentor profile.
func (s *Store) Profile(ctx context.Context, person string) (*mentorship.Profile, error) {
	return get(s, ctx, s.mentorship.profiles, person)
}

// UpdateProfile changes a mentor profile atomically.
func (s *Store) UpdateProfile(ctx context.Context, person string, version int64, fn func(*mentorship.Profile) error) (*mentorship.Profile, error) {
	return update(s, ctx, s.mentorship.profiles, person, version, fn)
}

// Profiles lists every mentor profile, ordered by person.
func (s *Store) Profiles(ctx context.Context, page storage.PageRequest) (storage.Page[mentorship.Profile], error) {
	return list(s, ctx, s.mentorship.profiles, page, func(*mentorship.Profile) bool { return true })
}

// CreateMentee stores a new mentee record.
func (s *Store) CreateMentee(ctx context.Context, m *mentorship.Mentee) error {
	return insert(s, ctx, s.mentorship.mentees, m)
}

// Mentee returns person's mentee record.
func (s *Store) Mentee(ctx context.Context, person string) (*mentorship.Mentee, error) {
	return get(s, ctx, s.mentorship.mentees, person)
}

// UpdateMentee changes a mentee record atomically.
func (s *Store) UpdateMentee(ctx context.Context, person string, version int64, fn func(*mentorship.Mentee) error) (*mentorship.Mentee, error) {
	return update(s, ctx, s.mentorship.mentees, person, version, fn)
}

// CreateRelation stores a new relation.
func (s *Store) CreateRelation(ctx context.Context, r *mentorship.Relation) error {
	return insert(s, ctx, s.mentorship.relations, r)
}

// Relation returns a relation.
func (s *Store) Relation(ctx context.Context, id string) (*mentorship.Relation, error) {
	return get(s, ctx, s.mentorship.relations, id)
}

// UpdateRelation changes a relation atomically.
func (s *Store) UpdateRelation(ctx context.Context, id string, version int64, fn func(*mentorship.Relation) error) (*mentorship.Relation, error) {
	return update(s, ctx, s.mentorship.relations, id, version, fn)
}

// Relations lists the relations matching f.
func (s *Store) Relations(ctx context.Context, f mentorship.RelationFilter, page storage.PageRequest) (storage.Page[mentorship.Relation], error) {
	return list(s, ctx, s.mentorship.relations, page, f.Match)
}

// CreateMeeting stores a new meeting.
func (s *Store) CreateMeeting(ctx context.Context, m *mentorship.Meeting) error {
	return insert(s, ctx, s.mentorship.meetings, m)
}

// Meeting returns a meeting.
func (s *Store) Meeting(ctx context.Context, id string) (*mentorship.Meeting, error) {
	return get(s, ctx, s.mentorship.meetings, id)
}

// UpdateMeeting changes a meeting atomically.
func (s *Store) UpdateMeeting(ctx context.Context, id string, version int64, fn func(*mentorship.Meeting) error) (*mentorship.Meeting, error) {
	return update(s, ctx, s.mentorship.meetings, id, version, fn)
}

// Meetings lists the meetings matching f.
func (s *Store) Meetings(ctx context.Context, f mentorship.MeetingFilter, page storage.PageRequest) (storage.Page[mentorship.Meeting], error) {
	return list(s, ctx, s.mentorship.meetings, page, f.Match)
}
