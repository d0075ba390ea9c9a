package sqlstore

import (
	"context"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// The mentorship package's tables; their schema is
// migrations/00002_mentorship.sql. Profiles and mentee records are keyed
// by person.
//
// The mentorship Service relies on what update does on every table: it
// locks the row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write
// transaction holds the database) until the transaction ends, and a
// callback's error is returned before any statement fails, so the
// transaction stays usable. A Create that finds the key taken returns
// storage.ErrAlreadyExists without aborting a transaction either (ON
// CONFLICT DO NOTHING).

var _ mentorship.Store = (*Store)(nil)

var mentorshipProfiles = newTable("mentorship_profiles", func(p *mentorship.Profile) []column {
	return []column{
		col("id", &p.Person),
		col("capacity", &p.Capacity),
		col("expertise", jsonOf(&p.Expertise)),
		col("note", &p.Note),
		col("mentees", jsonOf(&p.Mentees)),
		col("active", &p.Active),
		col("created_at", timeOf(&p.CreatedAt)),
		col("updated_at", timeOf(&p.UpdatedAt)),
		col("version", &p.Version),
	}
})

var mentorshipMentees = newTable("mentorship_mentees", func(m *mentorship.Mentee) []column {
	return []column{
		col("id", &m.Person),
		col("relation_id", &m.RelationID),
		col("mentor", &m.Mentor),
		col("kind", &m.Kind),
		col("updated_at", timeOf(&m.UpdatedAt)),
		col("version", &m.Version),
	}
})

var mentorshipRelations = newTable("mentorship_relations", func(r *mentorship.Relation) []column {
	return []column{
		col("id", &r.ID),
		col("kind", &r.Kind),
		col("mentee", &r.Mentee),
		col("mentor", &r.Mentor),
		col("status", &r.Status),
		col("message", &r.Message),
		col("response", &r.Response),
		col("requested_at", timeOf(&r.RequestedAt)),
		col("expires_at", nullTimeOf(&r.ExpiresAt)),
		col("decided_at", nullTimeOf(&r.DecidedAt)),
		col("started_at", nullTimeOf(&r.StartedAt)),
		col("ended_at", nullTimeOf(&r.EndedAt)),
		col("end_reason", &r.EndReason),
		col("ended_by", &r.EndedBy),
		col("end_note", &r.EndNote),
		col("cadence_days", &r.CadenceDays),
		col("meetings", &r.Meetings),
		col("last_meeting_at", nullTimeOf(&r.LastMeetingAt)),
		col("overdue_notified", nullTimeOf(&r.OverdueNotified)),
		col("planned", storedPtrOf(&r.Planned, storeSession, storedSession.load)),
		col("version", &r.Version),
	}
})

var mentorshipMeetings = newTable("mentorship_meetings", func(m *mentorship.Meeting) []column {
	return []column{
		col("id", &m.ID),
		col("relation_id", &m.RelationID),
		col("mentee", &m.Mentee),
		col("mentor", &m.Mentor),
		col("at", timeOf(&m.At)),
		col("duration_minutes", &m.DurationMinutes),
		col("notes", &m.Notes),
		col("progress", storedOf(&m.Progress, storeProgress, storedProgress.load)),
		col("feedback", &m.Feedback),
		col("ideas", &m.Ideas),
		col("next_steps", storedSliceOf(&m.NextSteps, storeNextStep, storedNextStep.load)),
		col("recorded_by", &m.RecordedBy),
		col("created_at", timeOf(&m.CreatedAt)),
		col("updated_at", timeOf(&m.UpdatedAt)),
		col("version", &m.Version),
	}
})

// CreateProfile stores a new mentor profile.
func (s *Store) CreateProfile(ctx context.Context, p *mentorship.Profile) error {
	return insert(ctx, s, mentorshipProfiles, p)
}

// Profile returns person's mentor profile.
func (s *Store) Profile(ctx context.Context, person string) (*mentorship.Profile, error) {
	return get(ctx, s, mentorshipProfiles, person)
}

// UpdateProfile changes a mentor profile atomically, locking it until the
// transaction ends.
func (s *Store) UpdateProfile(ctx context.Context, person string, version int64, fn func(*mentorship.Profile) error) (*mentorship.Profile, error) {
	return update(ctx, s, mentorshipProfiles, person, version, fn)
}

// Profiles lists every mentor profile, ordered by person.
func (s *Store) Profiles(ctx context.Context, page storage.PageRequest) (storage.Page[mentorship.Profile], error) {
	return list(ctx, s, mentorshipProfiles, page)
}

// CreateMentee stores a new mentee record.
func (s *Store) CreateMentee(ctx context.Context, m *mentorship.Mentee) error {
	return insert(ctx, s, mentorshipMentees, m)
}

// Mentee returns person's mentee record.
func (s *Store) Mentee(ctx context.Context, person string) (*mentorship.Mentee, error) {
	return get(ctx, s, mentorshipMentees, person)
}

// UpdateMentee changes a mentee record atomically, locking it until the
// transaction ends.
func (s *Store) UpdateMentee(ctx context.Context, person string, version int64, fn func(*mentorship.Mentee) error) (*mentorship.Mentee, error) {
	return update(ctx, s, mentorshipMentees, person, version, fn)
}

// CreateRelation stores a new relation.
func (s *Store) CreateRelation(ctx context.Context, r *mentorship.Relation) error {
	return insert(ctx, s, mentorshipRelations, r)
}

// Relation returns a relation.
func (s *Store) Relation(ctx context.Context, id string) (*mentorship.Relation, error) {
	return get(ctx, s, mentorshipRelations, id)
}

// UpdateRelation changes a relation atomically, locking it until the
// transaction ends.
func (s *Store) UpdateRelation(ctx context.Context, id string, version int64, fn func(*mentorship.Relation) error) (*mentorship.Relation, error) {
	return update(ctx, s, mentorshipRelations, id, version, fn)
}

// Relations lists the relations matching f.
func (s *Store) Relations(ctx context.Context, f mentorship.RelationFilter, page storage.PageRequest) (storage.Page[mentorship.Relation], error) {
	return list(ctx, s, mentorshipRelations, page,
		isSet("mentee", f.Mentee), isSet("mentor", f.Mentor), isSet("kind", f.Kind), isIn("status", f.Statuses))
}

// CreateMeeting stores a new meeting log.
func (s *Store) CreateMeeting(ctx context.Context, m *mentorship.Meeting) error {
	return insert(ctx, s, mentorshipMeetings, m)
}

// Meeting returns a meeting log.
func (s *Store) Meeting(ctx context.Context, id string) (*mentorship.Meeting, error) {
	return get(ctx, s, mentorshipMeetings, id)
}

// UpdateMeeting changes a meeting log atomically.
func (s *Store) UpdateMeeting(ctx context.Context, id string, version int64, fn func(*mentorship.Meeting) error) (*mentorship.Meeting, error) {
	return update(ctx, s, mentorshipMeetings, id, version, fn)
}

// Meetings lists the meeting logs matching f.
func (s *Store) Meetings(ctx context.Context, f mentorship.MeetingFilter, page storage.PageRequest) (storage.Page[mentorship.Meeting], error) {
	return list(ctx, s, mentorshipMeetings, page, isSet("relation_id", f.RelationID))
}
