package mentorship_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// directory is a Directory (and Seniority) backed by maps.
type directory struct {
	mu      sync.Mutex
	leads   map[string]string
	juniors map[string]bool
}

func (d *directory) TeamLead(_ context.Context, person string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.leads[person], nil
}

func (d *directory) Junior(_ context.Context, person string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.juniors[person], nil
}

func (d *directory) setLead(person, lead string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.leads[person] = lead
}

type env struct {
	t     *testing.T
	ctx   context.Context
	svc   *mentorship.Service
	store *memory.Store
	dir   *directory

	mu     sync.Mutex
	now    time.Time
	events []mentorship.Event
	log    *events.Consumer // hands the store\'s event log to the observer
}

// start is the time every env starts at.
var start = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// newEnv returns a service in which lee leads ana, ben and cid; mia, bob
// and zoe volunteer with two seats each.
func newEnv(t *testing.T, opts ...mentorship.Option) *env {
	e := &env{
		t:     t,
		ctx:   context.Background(),
		store: memory.New(),
		dir: &directory{
			leads:   map[string]string{"ana": "lee", "ben": "lee", "cid": "lee", "mia": "lee"},
			juniors: map[string]bool{"ana": true, "cid": true},
		},
		now: start,
	}
	opts = append([]mentorship.Option{
		mentorship.WithClock(e.clock),
		mentorship.WithDirectory(e.dir),
		mentorship.WithObserver(func(_ context.Context, ev mentorship.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}),
	}, opts...)
	e.svc = mentorship.NewService(e.store, opts...)
	e.log = &events.Consumer{Log: e.store, Name: "observer", Handle: e.svc.Deliver}
	for _, p := range []string{"mia", "bob", "zoe"} {
		e.volunteer(p, 2)
	}
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// setClock moves the clock to t.
func (e *env) setClock(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = t
}

func (e *env) lastEvent() mentorship.Event {
	e.drain()
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	require.NotEmpty(e.t, e.events)
	return e.events[len(e.events)-1]
}

func (e *env) eventTypes() []mentorship.EventType {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	var ts []mentorship.EventType
	for _, ev := range e.events {
		ts = append(ts, ev.Type)
	}
	return ts
}

func (e *env) clearEvents() {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = nil
}

func (e *env) volunteer(person string, capacity int) *mentorship.Profile {
	e.t.Helper()
	p, err := e.svc.Volunteer(e.ctx, person, mentorship.ProfileInput{Capacity: ptr(capacity), Expertise: []string{"go"}})
	require.NoError(e.t, err)
	return p
}

func (e *env) request(mentee, mentor string) *mentorship.Relation {
	e.t.Helper()
	r, err := e.svc.Request(e.ctx, mentee, mentorship.RequestInput{Mentor: mentor, Message: "Would you mentor me?"})
	require.NoError(e.t, err)
	return r
}

func (e *env) accepted(mentee, mentor string) *mentorship.Relation {
	e.t.Helper()
	r := e.request(mentee, mentor)
	r, err := e.svc.Accept(e.ctx, mentor, r.ID, r.Version, mentorship.AnswerInput{Message: "Gladly"})
	require.NoError(e.t, err)
	return r
}

// relation reads a relation as one of its participants would.
func (e *env) relation(id string) *mentorship.Relation {
	e.t.Helper()
	r, err := e.store.Relation(e.ctx, id)
	require.NoError(e.t, err)
	return r
}

func (e *env) profile(person string) *mentorship.Profile {
	e.t.Helper()
	p, err := e.store.Profile(e.ctx, person)
	require.NoError(e.t, err)
	return p
}

func (e *env) mentorOf(person string) string {
	e.t.Helper()
	m, err := e.svc.MentorOf(e.ctx, person)
	require.NoError(e.t, err)
	return m
}

func ptr[T any](v T) *T { return &v }

// state is everything a store holds for the mentorship package.
type state struct {
	Profiles  []mentorship.Profile
	Mentees   map[string]*mentorship.Mentee
	Relations []mentorship.Relation
	Meetings  []mentorship.Meeting
}

// snapshot reads the whole store, mentee records included for every
// person the tests use, to check that a refused call wrote nothing.
func (e *env) snapshot() state {
	e.t.Helper()
	every := storage.PageRequest{Limit: storage.NoLimit}
	profiles, err := e.store.Profiles(e.ctx, every)
	require.NoError(e.t, err)
	relations, err := e.store.Relations(e.ctx, mentorship.RelationFilter{}, every)
	require.NoError(e.t, err)
	meetings, err := e.store.Meetings(e.ctx, mentorship.MeetingFilter{}, every)
	require.NoError(e.t, err)
	st := state{Profiles: profiles.Items, Mentees: map[string]*mentorship.Mentee{}, Relations: relations.Items, Meetings: meetings.Items}
	for _, p := range []string{"ana", "ben", "cid", "dan", "mia", "bob", "zoe", "lee", "max", "kim"} {
		m, err := e.store.Mentee(e.ctx, p)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		require.NoError(e.t, err)
		st.Mentees[p] = m
	}
	return st
}

func TestVolunteer(t *testing.T) {
	e := newEnv(t)
	p, err := e.svc.Volunteer(e.ctx, "ana", mentorship.ProfileInput{Capacity: ptr(3), Expertise: []string{" Go", "go", "SQL"}, Note: " Ask me about databases "})
	require.NoError(t, err)
	assert.Equal(t, &mentorship.Profile{Person: "ana", Capacity: 3, Expertise: []string{"go", "sql"}, Note: "Ask me about databases",
		CreatedAt: start, UpdatedAt: start, Version: 1}, p)

	_, err = e.svc.Volunteer(e.ctx, "ana", mentorship.ProfileInput{Capacity: ptr(1)})
	assert.ErrorIs(t, err, mentorship.ErrProfileExists)
	assert.ErrorIs(t, err, storage.ErrAlreadyExists)
	_, err = e.svc.Volunteer(e.ctx, "", mentorship.ProfileInput{})
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Volunteer(e.ctx, "ben", mentorship.ProfileInput{})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{{Field: "capacity", Message: "is required"}}, verr.Fields)
	_, err = e.svc.Volunteer(e.ctx, "ben", mentorship.ProfileInput{Capacity: ptr(0)})
	require.NoError(t, err, "zero capacity: volunteering, not accepting now")

	long := string(make([]byte, 51))
	_, err = e.svc.Volunteer(e.ctx, "eva", mentorship.ProfileInput{Capacity: ptr(-1), Expertise: []string{"a" + long}})
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("capacity"))
	assert.True(t, verr.Has("expertise[0]"))
	_, err = e.svc.Volunteer(e.ctx, "eva", mentorship.ProfileInput{Capacity: ptr(mentorship.MaxCapacity + 1)})
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = e.svc.Profile(e.ctx, "ana", "eva")
	assert.ErrorIs(t, err, mentorship.ErrNoProfile, "bad input stores nothing")

	e.advance(time.Hour)
	p, err = e.svc.UpdateProfile(e.ctx, "ana", 1, mentorship.ProfileChanges{Capacity: ptr(0), Note: ptr("On leave")})
	require.NoError(t, err)
	assert.Equal(t, 0, p.Capacity)
	assert.Equal(t, []string{"go", "sql"}, p.Expertise, "nil fields stay")
	assert.Equal(t, "On leave", p.Note)
	assert.Equal(t, start.Add(time.Hour), p.UpdatedAt)
	_, err = e.svc.UpdateProfile(e.ctx, "ana", 1, mentorship.ProfileChanges{Capacity: ptr(2)})
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = e.svc.UpdateProfile(e.ctx, "ana", 0, mentorship.ProfileChanges{Capacity: ptr(99)})
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = e.svc.UpdateProfile(e.ctx, "eva", 0, mentorship.ProfileChanges{Capacity: ptr(1)})
	assert.ErrorIs(t, err, mentorship.ErrNoProfile)

	page, err := e.svc.Profiles(e.ctx, "ben", storage.PageRequest{Limit: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "ana", page.Items[0].Person, "profiles are ordered by person")
	assert.NotEmpty(t, page.Next)
	_, err = e.svc.Profiles(e.ctx, "ben", storage.PageRequest{Limit: -1})
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

func TestProfileHidesMenteesFromOthers(t *testing.T) {
	e := newEnv(t)
	e.accepted("ana", "mia")
	own, err := e.svc.Profile(e.ctx, "mia", "mia")
	require.NoError(t, err)
	assert.Equal(t, []string{"ana"}, own.Mentees)
	assert.Equal(t, 1, own.Active)
	for _, viewer := range []string{"ana", "ben"} {
		other, err := e.svc.Profile(e.ctx, viewer, "mia")
		require.NoError(t, err)
		assert.Nil(t, other.Mentees, viewer)
		assert.Equal(t, 1, other.Active, viewer)
		assert.Equal(t, 1, other.SeatsLeft(), viewer)
		page, err := e.svc.Profiles(e.ctx, viewer, storage.PageRequest{})
		require.NoError(t, err)
		for _, p := range page.Items {
			assert.Nil(t, p.Mentees, viewer)
		}
	}
}

func TestRequestRules(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(e *env)
		actor  string
		mentor string
		want   error
		field  string
	}{
		{name: "to oneself", actor: "mia", mentor: "mia", want: storage.ErrInvalid, field: "mentor"},
		{name: "no mentor named", actor: "ana", mentor: " ", want: storage.ErrInvalid, field: "mentor"},
		{name: "no actor", actor: "", mentor: "mia", want: storage.ErrNoActor},
		{name: "no profile", actor: "ana", mentor: "kim", want: mentorship.ErrNoProfile},
		{name: "not accepting", actor: "ana", mentor: "mia", want: mentorship.ErrNotAccepting, setup: func(e *env) {
			_, err := e.svc.UpdateProfile(e.ctx, "mia", 0, mentorship.ProfileChanges{Capacity: ptr(0)})
			require.NoError(e.t, err)
		}},
		{name: "full", actor: "ana", mentor: "mia", want: mentorship.ErrMentorFull, setup: func(e *env) {
			e.accepted("ben", "mia")
			e.accepted("cid", "mia")
		}},
		{name: "the team lead is the default mentor already", actor: "ana", mentor: "lee", want: mentorship.ErrAlreadyMentor, setup: func(e *env) {
			e.volunteer("lee", 3)
		}},
		{name: "the chosen mentor already", actor: "ana", mentor: "mia", want: mentorship.ErrAlreadyMentor, setup: func(e *env) {
			e.accepted("ana", "mia")
		}},
		{name: "an open request exists", actor: "ana", mentor: "mia", want: mentorship.ErrDuplicateRequest, setup: func(e *env) {
			e.request("ana", "mia")
		}},
		{name: "again after the first expired", actor: "ana", mentor: "mia", setup: func(e *env) {
			e.request("ana", "mia")
			e.advance(mentorship.DefaultRequestTTL)
		}},
		{name: "again after a decline", actor: "ana", mentor: "mia", setup: func(e *env) {
			r := e.request("ana", "mia")
			_, err := e.svc.Decline(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
			require.NoError(e.t, err)
		}},
		{name: "the team lead after choosing someone else", actor: "ana", mentor: "lee", want: mentorship.ErrTeamLeadIsDefault, setup: func(e *env) {
			e.volunteer("lee", 3)
			e.accepted("ana", "mia")
		}},
		{name: "a former team lead", actor: "ana", mentor: "lee", setup: func(e *env) {
			e.volunteer("lee", 3)
			e.dir.setLead("ana", "max")
		}},
		{name: "several mentors at once", actor: "ana", mentor: "bob", setup: func(e *env) {
			e.request("ana", "mia")
			e.request("ana", "zoe")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if tt.setup != nil {
				tt.setup(e)
			}
			e.clearEvents()
			before := e.snapshot()
			r, err := e.svc.Request(e.ctx, tt.actor, mentorship.RequestInput{Mentor: tt.mentor})
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, mentorship.StatusProposed, r.Status)
				assert.Equal(t, mentorship.KindChosen, r.Kind)
				assert.Equal(t, e.clock().Add(mentorship.DefaultRequestTTL), *r.ExpiresAt)
				assert.Equal(t, []mentorship.EventType{mentorship.EventRequestReceived}, e.eventTypes())
				return
			}
			assert.ErrorIs(t, err, tt.want)
			if tt.field != "" {
				var verr *storage.ValidationError
				require.ErrorAs(t, err, &verr)
				assert.True(t, verr.Has(tt.field), "%v", verr.Fields)
			}
			assert.Equal(t, before, e.snapshot(), "a refused request stores nothing, not even a mentee record")
			assert.Empty(t, e.eventTypes())
		})
	}
}

// TestTransitions tries every action by every kind of actor on a relation
// in every state, and checks the outcome: the new state and exactly the
// events told, or the error and nothing changed anywhere in the store.
func TestTransitions(t *testing.T) {
	type action string
	const (
		accept   action = "accept"
		decline  action = "decline"
		withdraw action = "withdraw"
		end      action = "end"
		meet     action = "meet"
		cadence  action = "cadence"
	)
	actions := []action{accept, decline, withdraw, end, meet, cadence}
	actors := []string{"mentee", "mentor", "other"}
	// setups put a relation between ana (mentee) and mia (mentor), or
	// ana and her team lead lee for the default ones, in a state.
	setups := map[string]func(e *env) *mentorship.Relation{
		"proposed": func(e *env) *mentorship.Relation { return e.request("ana", "mia") },
		"active":   func(e *env) *mentorship.Relation { return e.accepted("ana", "mia") },
		"declined": func(e *env) *mentorship.Relation {
			r := e.request("ana", "mia")
			r, err := e.svc.Decline(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{Message: "No time"})
			require.NoError(e.t, err)
			return r
		},
		"withdrawn": func(e *env) *mentorship.Relation {
			r := e.request("ana", "mia")
			r, err := e.svc.Withdraw(e.ctx, "ana", r.ID, 0)
			require.NoError(e.t, err)
			return r
		},
		"expired": func(e *env) *mentorship.Relation {
			r := e.request("ana", "mia")
			e.advance(mentorship.DefaultRequestTTL)
			return r
		},
		"superseded": func(e *env) *mentorship.Relation {
			r := e.request("ana", "mia")
			e.accepted("ana", "bob")
			return e.relation(r.ID)
		},
		"ended": func(e *env) *mentorship.Relation {
			r := e.accepted("ana", "mia")
			r, err := e.svc.End(e.ctx, "ana", r.ID, 0, mentorship.EndInput{})
			require.NoError(e.t, err)
			return r
		},
		"default": func(e *env) *mentorship.Relation {
			r, err := e.svc.DefaultRelation(e.ctx, "ana", "ana")
			require.NoError(e.t, err)
			return r
		},
		// The team lead changed after the default relation was stored.
		"former lead's default": func(e *env) *mentorship.Relation {
			r, err := e.svc.DefaultRelation(e.ctx, "ana", "ana")
			require.NoError(e.t, err)
			e.dir.setLead("ana", "max")
			return r
		},
	}
	type outcome struct {
		status mentorship.RelationStatus // on success
		events []mentorship.EventType    // on success
		err    error
	}
	ok := func(s mentorship.RelationStatus, events ...mentorship.EventType) outcome {
		return outcome{status: s, events: events}
	}
	fail := func(err error) outcome { return outcome{err: err} }
	notActive := fail(mentorship.ErrRelationNotActive)
	// The cells for "other" (ben, who takes part in none of these
	// relations) are filled in below: everything is not found to him.
	type cells = map[action]map[string]outcome
	closedRequest := func(closedBy error) cells {
		return cells{
			accept:   {"mentor": fail(closedBy), "mentee": fail(mentorship.ErrNotMentor)},
			decline:  {"mentor": fail(closedBy), "mentee": fail(mentorship.ErrNotMentor)},
			withdraw: {"mentee": fail(closedBy), "mentor": fail(mentorship.ErrNotMentee)},
			end:      {"mentee": notActive, "mentor": notActive},
			meet:     {"mentee": notActive, "mentor": notActive},
			cadence:  {"mentee": notActive, "mentor": notActive},
		}
	}
	defaultRelation := func(active bool) cells {
		c := cells{
			accept:   {"mentor": fail(mentorship.ErrNotRequest), "mentee": fail(mentorship.ErrNotRequest)},
			decline:  {"mentor": fail(mentorship.ErrNotRequest), "mentee": fail(mentorship.ErrNotRequest)},
			withdraw: {"mentee": fail(mentorship.ErrNotRequest), "mentor": fail(mentorship.ErrNotRequest)},
			end:      {"mentee": fail(mentorship.ErrDefaultRelation), "mentor": fail(mentorship.ErrDefaultRelation)},
			meet:     {"mentee": notActive, "mentor": notActive},
			cadence:  {"mentee": notActive, "mentor": notActive},
		}
		if active {
			c[meet] = map[string]outcome{"mentee": ok(mentorship.StatusActive, mentorship.EventMeetingRecorded), "mentor": ok(mentorship.StatusActive, mentorship.EventMeetingRecorded)}
			c[cadence] = map[string]outcome{"mentee": ok(mentorship.StatusActive), "mentor": ok(mentorship.StatusActive)}
		}
		return c
	}
	tests := map[string]cells{
		"proposed": {
			accept:   {"mentor": ok(mentorship.StatusActive, mentorship.EventRequestAccepted), "mentee": fail(mentorship.ErrNotMentor)},
			decline:  {"mentor": ok(mentorship.StatusDeclined, mentorship.EventRequestDeclined), "mentee": fail(mentorship.ErrNotMentor)},
			withdraw: {"mentee": ok(mentorship.StatusWithdrawn, mentorship.EventRequestWithdrawn), "mentor": fail(mentorship.ErrNotMentee)},
			end:      {"mentee": notActive, "mentor": notActive},
			meet:     {"mentee": notActive, "mentor": notActive},
			cadence:  {"mentee": notActive, "mentor": notActive},
		},
		"active": {
			accept:   {"mentor": fail(mentorship.ErrRequestClosed), "mentee": fail(mentorship.ErrNotMentor)},
			decline:  {"mentor": fail(mentorship.ErrRequestClosed), "mentee": fail(mentorship.ErrNotMentor)},
			withdraw: {"mentee": fail(mentorship.ErrRequestClosed), "mentor": fail(mentorship.ErrNotMentee)},
			end:      {"mentee": ok(mentorship.StatusEnded, mentorship.EventRelationEnded), "mentor": ok(mentorship.StatusEnded, mentorship.EventRelationEnded)},
			meet:     {"mentee": ok(mentorship.StatusActive, mentorship.EventMeetingRecorded), "mentor": ok(mentorship.StatusActive, mentorship.EventMeetingRecorded)},
			cadence:  {"mentee": ok(mentorship.StatusActive), "mentor": ok(mentorship.StatusActive)},
		},
		"expired":               closedRequest(mentorship.ErrRequestExpired),
		"declined":              closedRequest(mentorship.ErrRequestClosed),
		"withdrawn":             closedRequest(mentorship.ErrRequestClosed),
		"superseded":            closedRequest(mentorship.ErrRequestClosed),
		"ended":                 closedRequest(mentorship.ErrRequestClosed),
		"default":               defaultRelation(true),
		"former lead's default": defaultRelation(false),
	}
	require.Len(t, tests, len(setups))
	for state, byAction := range tests {
		require.Len(t, byAction, len(actions), state)
		for _, act := range actions {
			byAction[act]["other"] = fail(storage.ErrNotFound)
			require.Len(t, byAction[act], len(actors), "%s/%s: every actor has a cell", state, act)
		}
	}
	for state, byAction := range tests {
		for act, byActor := range byAction {
			for who, want := range byActor {
				t.Run(state+"/"+string(act)+"/"+who, func(t *testing.T) {
					e := newEnv(t)
					r := setups[state](e)
					actor := map[string]string{"mentee": r.Mentee, "mentor": r.Mentor, "other": "ben"}[who]
					before := e.snapshot()
					stored := e.relation(r.ID)
					e.clearEvents()
					var err error
					switch act {
					case accept:
						_, err = e.svc.Accept(e.ctx, actor, r.ID, 0, mentorship.AnswerInput{})
					case decline:
						_, err = e.svc.Decline(e.ctx, actor, r.ID, 0, mentorship.AnswerInput{})
					case withdraw:
						_, err = e.svc.Withdraw(e.ctx, actor, r.ID, 0)
					case end:
						_, err = e.svc.End(e.ctx, actor, r.ID, 0, mentorship.EndInput{})
					case meet:
						_, err = e.svc.RecordMeeting(e.ctx, actor, r.ID, mentorship.MeetingInput{At: e.clock()})
					case cadence:
						_, err = e.svc.SetCadence(e.ctx, actor, r.ID, 0, 7)
					}
					if want.err != nil {
						assert.ErrorIs(t, err, want.err)
						assert.Equal(t, before, e.snapshot(), "a refused action changes nothing")
						assert.Empty(t, e.eventTypes())
						return
					}
					require.NoError(t, err)
					after := e.relation(r.ID)
					assert.Equal(t, want.status, after.Status)
					assert.Equal(t, stored.Version+1, after.Version)
					assert.Equal(t, want.events, e.eventTypes())
					switch act {
					case meet:
						assert.Equal(t, stored.Meetings+1, after.Meetings)
					case cadence:
						assert.Equal(t, 7, after.CadenceDays)
					case end:
						assert.Equal(t, actor, after.EndedBy)
					}
				})
			}
		}
	}
}

func TestAcceptSwitchesInOneStep(t *testing.T) {
	e := newEnv(t)
	first := e.accepted("ana", "mia")
	toBob := e.request("ana", "bob")
	e.advance(10 * 24 * time.Hour)
	toZoe := e.request("ana", "zoe")
	e.volunteer("kim", 1)
	toKim := e.request("ana", "kim")
	e.advance(5 * 24 * time.Hour) // the request to bob is past its expiry now
	assert.Equal(t, "mia", e.mentorOf("ana"), "open requests change nothing")
	e.clearEvents()

	got, err := e.svc.Accept(e.ctx, "zoe", toZoe.ID, toZoe.Version, mentorship.AnswerInput{Message: "Welcome"})
	require.NoError(t, err)
	now := e.clock()
	assert.Equal(t, mentorship.StatusActive, got.Status)
	assert.Equal(t, "Welcome", got.Response)
	assert.Equal(t, now, *got.StartedAt)
	assert.Equal(t, mentorship.DefaultCadenceDays, got.CadenceDays)

	old := e.relation(first.ID)
	assert.Equal(t, mentorship.StatusEnded, old.Status)
	assert.Equal(t, mentorship.EndSwitched, old.EndReason)
	assert.Equal(t, now, *old.EndedAt)
	assert.Equal(t, mentorship.StatusExpired, e.relation(toBob.ID).Status, "past its expiry: expired, not superseded")
	assert.Equal(t, mentorship.StatusSuperseded, e.relation(toKim.ID).Status)

	assert.Empty(t, e.profile("mia").Mentees, "the previous mentor's seat is freed")
	assert.Equal(t, 0, e.profile("mia").Active)
	assert.Equal(t, []string{"ana"}, e.profile("zoe").Mentees)
	assert.Equal(t, "zoe", e.mentorOf("ana"))
	assert.Equal(t, []mentorship.EventType{mentorship.EventRequestAccepted, mentorship.EventRelationEnded,
		mentorship.EventRequestExpired, mentorship.EventRequestSuperseded}, e.eventTypes())

	page, err := e.svc.Relations(e.ctx, "ana", mentorship.RelationQuery{Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "one active relation per mentee")
	assert.Equal(t, toZoe.ID, page.Items[0].ID)
}

func TestAcceptChecksVersionAndCapacity(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.UpdateProfile(e.ctx, "mia", 0, mentorship.ProfileChanges{Capacity: ptr(1)})
	require.NoError(t, err)
	r1, r2 := e.request("ana", "mia"), e.request("ben", "mia")

	_, err = e.svc.Accept(e.ctx, "mia", r1.ID, r1.Version+1, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, storage.ErrConflict)
	assert.Equal(t, 0, e.profile("mia").Active, "a failed accept takes no seat")
	m, err := e.store.Mentee(e.ctx, "ana")
	require.NoError(t, err)
	assert.Empty(t, m.RelationID, "a failed accept leaves the mentee as they were")

	_, err = e.svc.Accept(e.ctx, "mia", r1.ID, r1.Version, mentorship.AnswerInput{})
	require.NoError(t, err)
	_, err = e.svc.Accept(e.ctx, "mia", r2.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrMentorFull)
	assert.Equal(t, mentorship.StatusProposed, e.relation(r2.ID).Status)
	assert.Equal(t, "lee", e.mentorOf("ben"))

	// Lowering capacity ends nobody's relation; it leaves no seat.
	_, err = e.svc.UpdateProfile(e.ctx, "mia", 0, mentorship.ProfileChanges{Capacity: ptr(0)})
	require.NoError(t, err)
	assert.Equal(t, "mia", e.mentorOf("ana"))
	_, err = e.svc.Accept(e.ctx, "mia", r2.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrNotAccepting)
}

func TestConcurrentAcceptsForTheLastSeat(t *testing.T) {
	e := newEnv(t)
	mentees := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"}
	e.accepted("ana", "mia") // one of mia's two seats is taken
	var reqs []*mentorship.Relation
	for _, p := range mentees {
		reqs = append(reqs, e.request(p, "mia"))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(reqs))
	for i, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.Accept(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, mentorship.ErrMentorFull)
	}
	assert.Equal(t, 1, won, "exactly one accept wins the last seat")
	p := e.profile("mia")
	assert.Len(t, p.Mentees, 2)
	assert.Equal(t, 2, p.Active)
}

func TestConcurrentAcceptsForOneMentee(t *testing.T) {
	e := newEnv(t)
	mentors := []string{"mia", "bob", "zoe"}
	var reqs []*mentorship.Relation
	for _, m := range mentors {
		reqs = append(reqs, e.request("ana", m))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(reqs))
	for i, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.Accept(e.ctx, r.Mentor, r.ID, 0, mentorship.AnswerInput{})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, mentorship.ErrRequestClosed, "the others were superseded")
	}
	assert.Equal(t, 1, won)
	active, err := e.store.Relations(e.ctx, mentorship.RelationFilter{Mentee: "ana", Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, active.Items, 1, "at most one active relation per mentee")
	seats := 0
	for _, m := range mentors {
		seats += e.profile(m).Active
	}
	assert.Equal(t, 1, seats, "only the winner's seat is taken")
}

func TestDeclineKeepsTheCurrentMentor(t *testing.T) {
	e := newEnv(t)
	e.accepted("ana", "mia")
	r := e.request("ana", "bob")
	got, err := e.svc.Decline(e.ctx, "bob", r.ID, r.Version, mentorship.AnswerInput{Message: " Full this quarter "})
	require.NoError(t, err)
	assert.Equal(t, mentorship.StatusDeclined, got.Status)
	assert.Equal(t, "Full this quarter", got.Response)
	assert.Equal(t, "mia", e.mentorOf("ana"))
	_, err = e.svc.Decline(e.ctx, "bob", r.ID, 0, mentorship.AnswerInput{Message: string(make([]byte, 2001))})
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

func TestEndFallsBackToTheTeamLead(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	cur, err := e.svc.CurrentMentor(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Equal(t, &mentorship.CurrentMentor{Person: "ana", Mentor: "mia", RelationID: r.ID, Since: r.StartedAt}, cur)

	e.clearEvents()
	got, err := e.svc.End(e.ctx, "mia", r.ID, r.Version, mentorship.EndInput{Reason: mentorship.EndMentorUnavailable, Note: "Parental leave"})
	require.NoError(t, err)
	assert.Equal(t, mentorship.EndMentorUnavailable, got.EndReason)
	assert.Equal(t, "mia", got.EndedBy)
	assert.Equal(t, "Parental leave", got.EndNote)
	assert.Equal(t, "lee", e.mentorOf("ana"))
	cur, err = e.svc.CurrentMentor(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Equal(t, &mentorship.CurrentMentor{Person: "ana", Mentor: "lee", Default: true}, cur)
	assert.Equal(t, 0, e.profile("mia").Active)
	assert.Equal(t, []mentorship.EventType{mentorship.EventRelationEnded}, e.eventTypes())

	_, err = e.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "mia"})
	assert.NoError(t, err, "an ended relation may start again")
}

func TestEndReasonsByRole(t *testing.T) {
	tests := []struct {
		who    string
		reason mentorship.EndReason
		want   mentorship.EndReason // "" when refused
	}{
		{"mentee", "", mentorship.EndByMentee},
		{"mentee", mentorship.EndCompleted, mentorship.EndCompleted},
		{"mentee", mentorship.EndByMentee, mentorship.EndByMentee},
		{"mentee", mentorship.EndByMentor, ""},
		{"mentee", mentorship.EndMentorUnavailable, ""},
		{"mentee", mentorship.EndSwitched, ""},
		{"mentor", "", mentorship.EndByMentor},
		{"mentor", mentorship.EndCompleted, mentorship.EndCompleted},
		{"mentor", mentorship.EndByMentor, mentorship.EndByMentor},
		{"mentor", mentorship.EndMentorUnavailable, mentorship.EndMentorUnavailable},
		{"mentor", mentorship.EndByMentee, ""},
		{"mentor", mentorship.EndSwitched, ""},
		{"mentor", "bored", ""},
	}
	for _, tt := range tests {
		t.Run(tt.who+"/"+string(tt.reason), func(t *testing.T) {
			e := newEnv(t)
			r := e.accepted("ana", "mia")
			actor := map[string]string{"mentee": "ana", "mentor": "mia"}[tt.who]
			got, err := e.svc.End(e.ctx, actor, r.ID, 0, mentorship.EndInput{Reason: tt.reason})
			if tt.want == "" {
				var verr *storage.ValidationError
				require.ErrorAs(t, err, &verr)
				assert.True(t, verr.Has("reason"))
				assert.Equal(t, mentorship.StatusActive, e.relation(r.ID).Status)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.EndReason)
		})
	}
}

func TestCurrentMentorVisibility(t *testing.T) {
	e := newEnv(t)
	e.accepted("ana", "mia")
	for viewer, visible := range map[string]bool{"ana": true, "mia": true, "lee": false, "ben": false} {
		_, err := e.svc.CurrentMentor(e.ctx, viewer, "ana")
		if visible {
			assert.NoError(t, err, viewer)
		} else {
			assert.ErrorIs(t, err, storage.ErrNotFound, viewer)
		}
	}
	_, err := e.svc.CurrentMentor(e.ctx, "lee", "ben")
	assert.NoError(t, err, "the team lead is ben's mentor by default")
	_, err = e.svc.CurrentMentor(e.ctx, "", "ben")
	assert.ErrorIs(t, err, storage.ErrNoActor)

	cur, err := e.svc.CurrentMentor(e.ctx, "kim", "kim")
	require.NoError(t, err)
	assert.Equal(t, &mentorship.CurrentMentor{Person: "kim"}, cur, "nobody leads kim")
	noDir := mentorship.NewService(e.store)
	m, err := noDir.MentorOf(e.ctx, "ben")
	require.NoError(t, err)
	assert.Empty(t, m, "without a Directory nobody has a default mentor")
	m, err = noDir.MentorOf(e.ctx, "ana")
	require.NoError(t, err)
	assert.Equal(t, "mia", m)
}

func TestDefaultRelation(t *testing.T) {
	e := newEnv(t)
	r, err := e.svc.DefaultRelation(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Equal(t, mentorship.KindDefault, r.Kind)
	assert.Equal(t, mentorship.StatusActive, r.Status)
	assert.Equal(t, "lee", r.Mentor)
	again, err := e.svc.DefaultRelation(e.ctx, "lee", "ana")
	require.NoError(t, err)
	assert.Equal(t, r, again, "the team lead opens the same log")
	cur, err := e.svc.CurrentMentor(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Equal(t, &mentorship.CurrentMentor{Person: "ana", Mentor: "lee", Default: true, RelationID: r.ID}, cur)

	_, err = e.svc.DefaultRelation(e.ctx, "ben", "ana")
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, err = e.svc.DefaultRelation(e.ctx, "kim", "kim")
	assert.ErrorIs(t, err, mentorship.ErrNoTeamLead)

	// A new team lead: the old default relation ends, a new one starts.
	e.dir.setLead("ana", "max")
	e.clearEvents()
	r2, err := e.svc.DefaultRelation(e.ctx, "max", "ana")
	require.NoError(t, err)
	assert.NotEqual(t, r.ID, r2.ID)
	assert.Equal(t, "max", r2.Mentor)
	assert.Equal(t, mentorship.EndSwitched, e.relation(r.ID).EndReason)
	assert.Equal(t, []mentorship.EventType{mentorship.EventRelationEnded}, e.eventTypes())
	_, err = e.svc.DefaultRelation(e.ctx, "lee", "ana")
	assert.ErrorIs(t, err, storage.ErrNotFound, "the former lead is no longer ana's default mentor")

	// Choosing a mentor ends the default relation as switched, and it
	// takes no seat of anyone's capacity.
	chosen := e.accepted("ana", "mia")
	assert.Equal(t, mentorship.StatusEnded, e.relation(r2.ID).Status)
	assert.Equal(t, mentorship.EndSwitched, e.relation(r2.ID).EndReason)
	assert.Equal(t, 1, e.profile("mia").Active)
	_, err = e.svc.DefaultRelation(e.ctx, "ana", "ana")
	assert.ErrorIs(t, err, mentorship.ErrHasChosenMentor)
	_, err = e.svc.DefaultRelation(e.ctx, "max", "ana")
	assert.ErrorIs(t, err, storage.ErrNotFound, "the lead is not told that ana chose someone")
	assert.NotErrorIs(t, err, mentorship.ErrHasChosenMentor)

	// Ending the chosen relation falls back to the lead; opening the log
	// again starts a new default relation.
	_, err = e.svc.End(e.ctx, "ana", chosen.ID, 0, mentorship.EndInput{Reason: mentorship.EndCompleted})
	require.NoError(t, err)
	r3, err := e.svc.DefaultRelation(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.NotEqual(t, r2.ID, r3.ID)
	assert.Equal(t, "max", r3.Mentor)
}

// TestFormerTeamLeadsDefaultRelation checks that a stored default relation
// stops being active the moment the mentee's team lead changes, before
// anyone stores its end: the former lead can no longer log meetings or
// set the cadence, it is not overdue, and it reads as ended, switched —
// until Sweep stores that.
func TestFormerTeamLeadsDefaultRelation(t *testing.T) {
	e := newEnv(t)
	def, err := e.svc.DefaultRelation(e.ctx, "lee", "ana")
	require.NoError(t, err)
	m, err := e.svc.RecordMeeting(e.ctx, "lee", def.ID, mentorship.MeetingInput{At: start, Notes: "First one-on-one"})
	require.NoError(t, err)
	e.advance(60 * 24 * time.Hour)

	e.dir.setLead("ana", "max")
	e.clearEvents()
	before := e.snapshot()
	assert.Equal(t, "max", e.mentorOf("ana"))
	for _, actor := range []string{"lee", "ana"} {
		_, err = e.svc.RecordMeeting(e.ctx, actor, def.ID, mentorship.MeetingInput{At: e.clock()})
		assert.ErrorIs(t, err, mentorship.ErrRelationNotActive, actor)
		_, err = e.svc.SetCadence(e.ctx, actor, def.ID, 0, 7)
		assert.ErrorIs(t, err, mentorship.ErrRelationNotActive, actor)
		due, err := e.svc.Overdue(e.ctx, actor, e.clock())
		require.NoError(t, err)
		assert.Empty(t, due, actor)
	}
	got, err := e.svc.Relation(e.ctx, "lee", def.ID)
	require.NoError(t, err)
	assert.Equal(t, mentorship.StatusEnded, got.Status)
	assert.Equal(t, mentorship.EndSwitched, got.EndReason)
	assert.Nil(t, got.EndedAt, "not stored yet")
	active, err := e.svc.Relations(e.ctx, "ana", mentorship.RelationQuery{Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, active.Items)
	ended, err := e.svc.Relations(e.ctx, "lee", mentorship.RelationQuery{As: mentorship.RoleMentor, Statuses: []mentorship.RelationStatus{mentorship.StatusEnded}}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, ended.Items, 1)
	assert.Equal(t, def.ID, ended.Items[0].ID)
	assert.Equal(t, before, e.snapshot(), "reads and refused calls store nothing")
	assert.Empty(t, e.eventTypes())
	// The log they kept stays theirs.
	_, err = e.svc.Meeting(e.ctx, "lee", m.ID)
	require.NoError(t, err)

	// Sweep stores the end and tells it, once; no overdue event for it.
	rep, err := e.svc.Sweep(e.ctx, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, []string{def.ID}, rep.Switched)
	assert.Empty(t, rep.Overdue)
	assert.Equal(t, mentorship.Event{Type: mentorship.EventRelationEnded, At: e.clock(), Mentee: "ana", Mentor: "lee", RelationID: def.ID, Reason: mentorship.EndSwitched},
		e.lastEvent())
	stored := e.relation(def.ID)
	assert.Equal(t, mentorship.StatusEnded, stored.Status)
	assert.Equal(t, e.clock(), *stored.EndedAt)
	assert.Empty(t, stored.EndedBy)
	rec, err := e.store.Mentee(e.ctx, "ana")
	require.NoError(t, err)
	assert.Empty(t, rec.RelationID)
	rep, err = e.svc.Sweep(e.ctx, time.Time{})
	require.NoError(t, err)
	assert.Empty(t, rep.Switched)

	// The new lead opens a log of their own.
	e.clearEvents()
	fresh, err := e.svc.DefaultRelation(e.ctx, "max", "ana")
	require.NoError(t, err)
	assert.Equal(t, "max", fresh.Mentor)
	assert.Empty(t, e.eventTypes(), "the former relation had ended already")
}

// TestAcceptWhenTheMentorBecameTheTeamLead: a request stays open while the
// Directory changes; if the requested mentor has become the mentee's team
// lead meanwhile, accepting would spend a seat on mentoring the lead does
// by default, so it is refused.
func TestAcceptWhenTheMentorBecameTheTeamLead(t *testing.T) {
	e := newEnv(t)
	e.accepted("ana", "mia")
	toBob := e.request("ana", "bob")
	toZoe := e.request("ben", "zoe")
	e.dir.setLead("ana", "bob")
	e.dir.setLead("ben", "zoe")
	before := e.snapshot()
	_, err := e.svc.Accept(e.ctx, "bob", toBob.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrTeamLeadIsDefault, "ana has a chosen mentor: she ends it to go back to her lead")
	_, err = e.svc.Accept(e.ctx, "zoe", toZoe.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrAlreadyMentor, "zoe mentors ben by default now")
	assert.Equal(t, before, e.snapshot())
}

// TestRefusedAcceptStoresNoMenteeRecord uses a request stored without a
// mentee record (as a store filled by other means may hold): a refused
// accept must not create the record.
func TestRefusedAcceptStoresNoMenteeRecord(t *testing.T) {
	e := newEnv(t)
	e.accepted("ana", "mia")
	e.accepted("ben", "mia")
	expires := start.Add(mentorship.DefaultRequestTTL)
	r := &mentorship.Relation{ID: "r-dan", Kind: mentorship.KindChosen, Mentee: "dan", Mentor: "mia", Status: mentorship.StatusProposed,
		RequestedAt: start, ExpiresAt: &expires, CadenceDays: 28, Version: 1}
	require.NoError(t, e.store.CreateRelation(e.ctx, r))
	before := e.snapshot()
	_, err := e.svc.Accept(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrMentorFull)
	_, err = e.svc.Accept(e.ctx, "mia", r.ID, 7, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, storage.ErrConflict)
	assert.Equal(t, before, e.snapshot())
	_, err = e.store.Mentee(e.ctx, "dan")
	assert.ErrorIs(t, err, storage.ErrNotFound)
}

func TestRelationsAreForParticipantsOnly(t *testing.T) {
	e := newEnv(t)
	active := e.accepted("ana", "mia")
	open := e.request("ana", "bob")
	e.request("ben", "mia")

	got, err := e.svc.Relation(e.ctx, "bob", open.ID)
	require.NoError(t, err)
	assert.Equal(t, open, got)
	_, err = e.svc.Relation(e.ctx, "zoe", open.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, err = e.svc.Relation(e.ctx, "", open.ID)
	assert.ErrorIs(t, err, storage.ErrNoActor)

	list := func(viewer string, q mentorship.RelationQuery) []string {
		t.Helper()
		p, err := e.svc.Relations(e.ctx, viewer, q, storage.PageRequest{})
		require.NoError(t, err)
		var out []string
		for _, r := range p.Items {
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []string{active.ID, open.ID}, list("ana", mentorship.RelationQuery{}))
	assert.Len(t, list("mia", mentorship.RelationQuery{As: mentorship.RoleMentor}), 2)
	assert.Equal(t, []string{active.ID}, list("mia", mentorship.RelationQuery{As: mentorship.RoleMentor, Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}))
	assert.Empty(t, list("zoe", mentorship.RelationQuery{}))

	e.advance(mentorship.DefaultRequestTTL)
	assert.Equal(t, []string{open.ID}, list("ana", mentorship.RelationQuery{Statuses: []mentorship.RelationStatus{mentorship.StatusExpired}}),
		"an unanswered request reads as expired before Sweep stores it")
	assert.Empty(t, list("ana", mentorship.RelationQuery{Statuses: []mentorship.RelationStatus{mentorship.StatusProposed}}))
	got, err = e.svc.Relation(e.ctx, "ana", open.ID)
	require.NoError(t, err)
	assert.Equal(t, mentorship.StatusExpired, got.Status)
	assert.Equal(t, *open.ExpiresAt, *got.DecidedAt)

	_, err = e.svc.Relations(e.ctx, "ana", mentorship.RelationQuery{As: "boss", Statuses: []mentorship.RelationStatus{"lost"}}, storage.PageRequest{})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("as"))
	assert.True(t, verr.Has("statuses[0]"))
}

func TestRequestTTLOption(t *testing.T) {
	e := newEnv(t, mentorship.WithRequestTTL(48*time.Hour))
	r := e.request("ana", "mia")
	assert.Equal(t, start.Add(48*time.Hour), *r.ExpiresAt)
	e.advance(48*time.Hour - time.Microsecond)
	_, err := e.svc.Accept(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
	assert.NoError(t, err, "still open a moment before expiry")

	r = e.request("ben", "mia")
	e.advance(48 * time.Hour)
	_, err = e.svc.Accept(e.ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
	assert.ErrorIs(t, err, mentorship.ErrRequestExpired)
	assert.Equal(t, mentorship.StatusProposed, e.relation(r.ID).Status, "stored as expired only by Sweep")
}

func TestSweep(t *testing.T) {
	e := newEnv(t)
	stale := e.request("ana", "mia")
	e.advance(24 * time.Hour)
	fresh := e.request("ben", "mia")
	active := e.accepted("cid", "bob")
	e.clearEvents()

	asOf := start.Add(mentorship.DefaultRequestTTL)
	e.setClock(asOf)
	rep, err := e.svc.Sweep(e.ctx, asOf)
	require.NoError(t, err)
	assert.Equal(t, []string{stale.ID}, rep.Expired)
	assert.Empty(t, rep.Overdue)
	assert.Empty(t, rep.Switched)
	stored := e.relation(stale.ID)
	assert.Equal(t, mentorship.StatusExpired, stored.Status)
	assert.Equal(t, asOf, *stored.DecidedAt)
	assert.Equal(t, mentorship.StatusProposed, e.relation(fresh.ID).Status)
	assert.Equal(t, []mentorship.EventType{mentorship.EventRequestExpired}, e.eventTypes())

	// The cadence is 28 days from the start; a day later it is overdue.
	// The host may sweep as of a moment already past.
	due := active.StartedAt.AddDate(0, 0, mentorship.DefaultCadenceDays)
	e.setClock(due.Add(48 * time.Hour))
	e.clearEvents()
	rep, err = e.svc.Sweep(e.ctx, due)
	require.NoError(t, err)
	assert.Equal(t, []string{fresh.ID}, rep.Expired)
	assert.Empty(t, rep.Overdue, "due, not yet overdue")
	rep, err = e.svc.Sweep(e.ctx, due.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, []string{active.ID}, rep.Overdue)
	assert.Equal(t, mentorship.Event{Type: mentorship.EventMeetingOverdue, At: due.Add(time.Hour), Mentee: "cid", Mentor: "bob", RelationID: active.ID, Due: due}, e.lastEvent())

	rep, err = e.svc.Sweep(e.ctx, time.Time{})
	require.NoError(t, err)
	assert.Empty(t, rep.Overdue, "each missed due date is told once")
	assert.Empty(t, rep.Expired)

	// A meeting moves the due date; missing the next one is told again.
	e.advance(40 * 24 * time.Hour)
	_, err = e.svc.RecordMeeting(e.ctx, "cid", active.ID, mentorship.MeetingInput{At: e.clock()})
	require.NoError(t, err)
	next := e.clock().AddDate(0, 0, mentorship.DefaultCadenceDays)
	e.setClock(next.Add(time.Minute))
	rep, err = e.svc.Sweep(e.ctx, time.Time{})
	require.NoError(t, err, "a zero asOf sweeps as of now")
	assert.Equal(t, []string{active.ID}, rep.Overdue)
	assert.Equal(t, next, *e.relation(active.ID).OverdueNotified)
}

// TestSweepRefusesTheFuture checks that Sweep stores only what is true
// already: a request made a moment ago is not stored as expired, and an
// overdue event is not marked as sent before the date has passed.
func TestSweepRefusesTheFuture(t *testing.T) {
	e := newEnv(t)
	req := e.request("ana", "mia")
	active := e.accepted("cid", "bob")
	e.clearEvents()
	before := e.snapshot()

	_, err := e.svc.Sweep(e.ctx, start.AddDate(0, 2, 0))
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("asOf"))
	assert.Equal(t, before, e.snapshot(), "a refused sweep stores nothing")
	assert.Empty(t, e.eventTypes())

	got, err := e.svc.Relation(e.ctx, "ana", req.ID)
	require.NoError(t, err)
	assert.Equal(t, mentorship.StatusProposed, got.Status, "the request is still open")
	_, err = e.svc.Accept(e.ctx, "mia", req.ID, 0, mentorship.AnswerInput{})
	require.NoError(t, err)

	// When the due date has really passed, the overdue event is sent.
	due := active.StartedAt.AddDate(0, 0, mentorship.DefaultCadenceDays)
	e.setClock(due.Add(time.Hour))
	rep, err := e.svc.Sweep(e.ctx, time.Time{})
	require.NoError(t, err)
	assert.Contains(t, rep.Overdue, active.ID)
	assert.Equal(t, due, *e.relation(active.ID).OverdueNotified)
}

func TestOverdue(t *testing.T) {
	e := newEnv(t, mentorship.WithCadence(14))
	a := e.accepted("ana", "mia")
	e.advance(24 * time.Hour)
	b := e.accepted("ben", "mia")
	c := e.accepted("cid", "bob")
	_, err := e.svc.SetCadence(e.ctx, "bob", c.ID, 0, 60)
	require.NoError(t, err)

	asOf := start.AddDate(0, 0, 20)
	got, err := e.svc.Overdue(e.ctx, "mia", asOf)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, a.ID, got[0].Relation.ID, "longest overdue first")
	assert.Equal(t, start.AddDate(0, 0, 14), got[0].Due)
	assert.Equal(t, b.ID, got[1].Relation.ID)

	got, err = e.svc.Overdue(e.ctx, "ana", asOf)
	require.NoError(t, err)
	require.Len(t, got, 1, "the mentee sees it too")
	got, err = e.svc.Overdue(e.ctx, "bob", asOf)
	require.NoError(t, err)
	assert.Empty(t, got, "a 60-day cadence is not overdue after 20 days")

	e.advance(19 * 24 * time.Hour)
	_, err = e.svc.RecordMeeting(e.ctx, "mia", a.ID, mentorship.MeetingInput{At: start.AddDate(0, 0, 10)})
	require.NoError(t, err)
	got, err = e.svc.Overdue(e.ctx, "ana", asOf)
	require.NoError(t, err)
	assert.Empty(t, got, "a meeting on day 10 makes the next due on day 24")
	got, err = e.svc.Overdue(e.ctx, "ana", start.AddDate(0, 0, 25))
	require.NoError(t, err)
	assert.Len(t, got, 1)
}

func TestSetCadence(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	for _, days := range []int{0, 366, -1} {
		_, err := e.svc.SetCadence(e.ctx, "ana", r.ID, 0, days)
		var verr *storage.ValidationError
		require.ErrorAs(t, err, &verr)
		assert.True(t, verr.Has("cadenceDays"))
	}
	_, err := e.svc.SetCadence(e.ctx, "ben", r.ID, 0, 7)
	assert.ErrorIs(t, err, storage.ErrNotFound)
	got, err := e.svc.SetCadence(e.ctx, "mia", r.ID, r.Version, 7)
	require.NoError(t, err)
	assert.Equal(t, 7, got.CadenceDays)
	_, err = e.svc.SetCadence(e.ctx, "mia", r.ID, r.Version, 9)
	assert.ErrorIs(t, err, storage.ErrConflict)
	open := e.request("ben", "mia")
	_, err = e.svc.SetCadence(e.ctx, "ben", open.ID, 0, 7)
	assert.ErrorIs(t, err, mentorship.ErrRelationNotActive)
}

func TestInsights(t *testing.T) {
	hrOnly := mentorship.WithInsightsAccess(func(_ context.Context, actor string) (bool, error) {
		return actor == "hr", nil
	})
	e := newEnv(t, hrOnly)
	e.accepted("ana", "mia")
	e.accepted("ben", "mia")
	e.accepted("kim", "bob")
	in, err := e.svc.Insights(e.ctx, "hr", []string{"cid", " ana", "ben ", "dan", "cid", " eva "})
	require.NoError(t, err)
	assert.Equal(t, []mentorship.Load{
		{Mentor: "bob", Capacity: 2, Active: 1, SeatsLeft: 1},
		{Mentor: "mia", Capacity: 2, Active: 2, SeatsLeft: 0},
		{Mentor: "zoe", Capacity: 2, Active: 0, SeatsLeft: 2},
	}, in.Loads)
	assert.Equal(t, []string{"cid", "dan", "eva"}, in.OnDefault, "IDs are trimmed before use")
	assert.True(t, in.SeniorityKnown)
	assert.Equal(t, []string{"cid"}, in.JuniorsOnDefault, "ana is a junior with a chosen mentor")

	// A Directory that does not tell seniority.
	plain := mentorship.NewService(e.store, hrOnly, mentorship.WithDirectory(mentorship.DirectoryFunc(e.dir.TeamLead)))
	in, err = plain.Insights(e.ctx, "hr", []string{"cid"})
	require.NoError(t, err)
	assert.False(t, in.SeniorityKnown)
	assert.Empty(t, in.JuniorsOnDefault)

	_, err = e.svc.Insights(e.ctx, "hr", []string{"ana", " "})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("people[1]"))
	_, err = e.svc.Insights(e.ctx, "", nil)
	assert.ErrorIs(t, err, storage.ErrNoActor)

	// Insights tell who has not chosen a mentor: refused unless the host
	// allows the viewer.
	for _, svc := range []*mentorship.Service{e.svc, mentorship.NewService(e.store, mentorship.WithDirectory(e.dir))} {
		_, err = svc.Insights(e.ctx, "lee", []string{"ana"})
		assert.ErrorIs(t, err, mentorship.ErrInsightsDenied)
		assert.ErrorIs(t, err, storage.ErrForbidden)
	}
}

func TestSuggestMentors(t *testing.T) {
	interests := mentorship.InterestsFunc(func(_ context.Context, person string) ([]string, error) {
		if person == "err" {
			return nil, errors.New("okr down")
		}
		return []string{"agile", "coaching"}, nil
	})
	e := newEnv(t, mentorship.WithInterests(interests))
	_, err := e.svc.UpdateProfile(e.ctx, "zoe", 0, mentorship.ProfileChanges{Expertise: &[]string{"coaching"}})
	require.NoError(t, err)
	e.volunteer("lee", 1)
	_, err = e.svc.UpdateProfile(e.ctx, "lee", 0, mentorship.ProfileChanges{Expertise: &[]string{"agile", "coaching"}})
	require.NoError(t, err)

	got, err := e.svc.SuggestMentors(e.ctx, "ana", 0)
	require.NoError(t, err)
	var order []string
	for _, c := range got {
		order = append(order, c.Mentor)
	}
	assert.Equal(t, []string{"zoe", "bob", "mia"}, order, "lee is ana's mentor already")
	got, err = e.svc.SuggestMentors(e.ctx, "kim", 1)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "lee", got[0].Mentor)

	// Not the chosen mentor, nor the lead (who cannot be requested while
	// ana has a chosen mentor), nor those asked already.
	e.accepted("ana", "mia")
	e.request("ana", "zoe")
	got, err = e.svc.SuggestMentors(e.ctx, "ana", 0)
	require.NoError(t, err)
	order = nil
	for _, c := range got {
		order = append(order, c.Mentor)
	}
	assert.Equal(t, []string{"bob"}, order)
	e.advance(mentorship.DefaultRequestTTL)
	got, err = e.svc.SuggestMentors(e.ctx, "ana", 0)
	require.NoError(t, err)
	require.Len(t, got, 2, "an expired request is no longer open")
	assert.Equal(t, "zoe", got[0].Mentor)

	_, err = e.svc.SuggestMentors(e.ctx, "ana", 101)
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = e.svc.SuggestMentors(e.ctx, "err", 0)
	assert.ErrorContains(t, err, "okr down")
}

func TestObserverPanicDoesNotUndo(t *testing.T) {
	store := memory.New()
	svc := mentorship.NewService(store, mentorship.WithObserver(func(context.Context, mentorship.Event) { panic("observer down") }))
	_, err := svc.Volunteer(context.Background(), "mia", mentorship.ProfileInput{Capacity: ptr(1)})
	require.NoError(t, err)
	r, err := svc.Request(context.Background(), "ana", mentorship.RequestInput{Mentor: "mia"})
	require.NoError(t, err)
	_, err = svc.Accept(context.Background(), "mia", r.ID, 0, mentorship.AnswerInput{})
	require.NoError(t, err)
	m, err := svc.MentorOf(context.Background(), "ana")
	require.NoError(t, err)
	assert.Equal(t, "mia", m)
	n, err := (&events.Consumer{Log: store, Name: "panicky", Handle: svc.Deliver}).Drain(context.Background())
	require.NoError(t, err, "a panicking observer does not stop the consumer")
	assert.Equal(t, 2, n, "request received and accepted")
}

func TestErrorsWrapCategories(t *testing.T) {
	for err, category := range map[error]error{
		mentorship.ErrNotMentee: storage.ErrForbidden, mentorship.ErrNotMentor: storage.ErrForbidden,
		mentorship.ErrInsightsDenied: storage.ErrForbidden,
		mentorship.ErrNoProfile:      storage.ErrNotFound, mentorship.ErrNoTeamLead: storage.ErrNotFound,
		mentorship.ErrStepNotFound:  storage.ErrNotFound,
		mentorship.ErrProfileExists: storage.ErrAlreadyExists, mentorship.ErrDuplicateRequest: storage.ErrAlreadyExists,
		mentorship.ErrNotAccepting: storage.ErrInvalidState, mentorship.ErrMentorFull: storage.ErrInvalidState,
		mentorship.ErrAlreadyMentor: storage.ErrInvalidState, mentorship.ErrRequestClosed: storage.ErrInvalidState,
		mentorship.ErrRequestExpired: storage.ErrInvalidState, mentorship.ErrNotRequest: storage.ErrInvalidState,
		mentorship.ErrRelationNotActive: storage.ErrInvalidState, mentorship.ErrDefaultRelation: storage.ErrInvalidState,
		mentorship.ErrHasChosenMentor: storage.ErrInvalidState,
	} {
		assert.True(t, errors.Is(err, category), "%v", err)
	}
}

// drain hands every event the store has logged since the last drain to the
// observer, as a consumer of the log does.
func (e *env) drain() {
	e.t.Helper()
	_, err := e.log.Drain(e.ctx)
	require.NoError(e.t, err)
}
