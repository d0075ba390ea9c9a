package okr_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// mentors is a MentorFinder backed by a map.
type mentors struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *mentors) MentorOf(_ context.Context, person string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[person], nil
}

func (m *mentors) set(person, mentor string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[person] = mentor
}

type env struct {
	t       *testing.T
	ctx     context.Context
	svc     *okr.Service
	store   *memory.Store
	mentors *mentors

	mu     sync.Mutex
	now    time.Time
	events []okr.Event
	log    *events.Consumer // hands the store\'s event log to the observer
}

func newEnv(t *testing.T, opts ...okr.Option) *env {
	e := &env{
		t:       t,
		ctx:     context.Background(),
		store:   memory.New(),
		mentors: &mentors{m: map[string]string{"ana": "mia"}},
		now:     time.Date(2026, time.July, 2, 10, 0, 0, 0, time.UTC),
	}
	opts = append([]okr.Option{
		okr.WithClock(e.clock),
		okr.WithMentors(e.mentors),
		okr.WithObserver(func(_ context.Context, ev okr.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}),
	}, opts...)
	e.svc = okr.NewService(e.store, opts...)
	e.log = &events.Consumer{Log: e.store, Name: "observer", Handle: e.svc.Deliver}
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) setNow(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = t
}

func (e *env) eventTypes() []okr.EventType {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	var ts []okr.EventType
	for _, ev := range e.events {
		ts = append(ts, ev.Type)
	}
	return ts
}

func ptr[T any](v T) *T { return &v }

func (e *env) goal(owner string, vis okr.Visibility) *okr.Goal {
	e.t.Helper()
	g, err := e.svc.CreateGoal(e.ctx, owner, okr.GoalInput{
		Title: "Become an agile coach", WhyPerson: "I enjoy helping teams", WhyCompany: "Better teams",
		Tags: []string{"Agile", "coaching", "agile "}, HorizonYear: 2028, Visibility: vis,
	})
	require.NoError(e.t, err)
	return g
}

func retroKR() okr.KeyResultInput {
	return okr.KeyResultInput{Title: "Retrospectives facilitated", Kind: okr.Increase, Unit: "retros", Start: ptr(0.0), Target: ptr(10.0), Weight: ptr(2.0)}
}

func certKR() okr.KeyResultInput {
	return okr.KeyResultInput{Title: "Coaching certificate", Kind: okr.Milestone}
}

func (e *env) objective(owner, goalID string) *okr.Objective {
	e.t.Helper()
	o, err := e.svc.CreateObjective(e.ctx, owner, okr.ObjectiveInput{
		GoalID: goalID,
		ObjectiveSpec: okr.ObjectiveSpec{
			Title: "Facilitate team rituals", Tags: []string{"facilitation"},
			KeyResults: []okr.KeyResultInput{retroKR(), certKR()},
		},
	})
	require.NoError(e.t, err)
	return o
}

func (e *env) checkIn(owner string, o *okr.Objective, kr int, value float64, confidence int) *okr.CheckIn {
	e.t.Helper()
	c, err := e.svc.CheckIn(e.ctx, owner, o.ID, o.KeyResults[kr].ID, okr.CheckInInput{Value: &value, Confidence: &confidence})
	require.NoError(e.t, err)
	return c
}

func requireFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	require.ErrorIs(t, err, storage.ErrInvalid)
	for _, f := range fields {
		assert.True(t, verr.Has(f), "expected an error on %q, got %v", f, verr.Fields)
	}
}

func TestCreateGoal(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", "")
	assert.Equal(t, "ana", g.Owner)
	assert.Equal(t, []string{"agile", "coaching"}, g.Tags, "tags are normalised")
	assert.Equal(t, okr.VisibilityPrivate, g.Visibility, "goals are private unless the owner says otherwise")
	assert.Equal(t, okr.GoalActive, g.Status)
	assert.Equal(t, int64(1), g.Version)
	assert.Equal(t, e.now, g.CreatedAt)

	tests := []struct {
		name   string
		in     okr.GoalInput
		fields []string
	}{
		{"empty title", okr.GoalInput{Title: "  "}, []string{"title"}},
		{"long title", okr.GoalInput{Title: string(make([]byte, 201))}, []string{"title"}},
		{"unknown visibility", okr.GoalInput{Title: "x", Visibility: "team"}, []string{"visibility"}},
		{"horizon out of range", okr.GoalInput{Title: "x", HorizonYear: 99}, []string{"horizonYear"}},
		{"overlong tag", okr.GoalInput{Title: "x", Tags: []string{string(make([]byte, 51))}}, []string{"tags[0]"}},
		{"several at once", okr.GoalInput{Visibility: "x"}, []string{"title", "visibility"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CreateGoal(e.ctx, "ben", tt.in)
			requireFields(t, err, tt.fields...)
			page, err := e.svc.Goals(e.ctx, "ben", "ben", storage.PageRequest{})
			require.NoError(t, err)
			assert.Empty(t, page.Items, "bad input stores nothing")
		})
	}
	_, err := e.svc.CreateGoal(e.ctx, "", okr.GoalInput{Title: "x"})
	assert.ErrorIs(t, err, storage.ErrNoActor)
}

func TestUpdateGoal(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	got, err := e.svc.UpdateGoal(e.ctx, "ana", g.ID, g.Version, okr.GoalChanges{
		Title: ptr(" Become a coach "), Visibility: ptr(okr.VisibilityMentor), Tags: ptr([]string{"Coaching"}),
	})
	require.NoError(t, err)
	assert.Equal(t, "Become a coach", got.Title)
	assert.Equal(t, okr.VisibilityMentor, got.Visibility)
	assert.Equal(t, []string{"coaching"}, got.Tags)
	assert.Equal(t, g.WhyPerson, got.WhyPerson, "fields not named stay")
	assert.Equal(t, int64(2), got.Version)

	_, err = e.svc.UpdateGoal(e.ctx, "ana", g.ID, g.Version, okr.GoalChanges{Title: ptr("stale")})
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = e.svc.UpdateGoal(e.ctx, "ana", g.ID, 0, okr.GoalChanges{Title: ptr(""), Status: ptr(okr.GoalStatus("paused"))})
	requireFields(t, err, "title", "status")
	_, err = e.svc.UpdateGoal(e.ctx, "mia", g.ID, 0, okr.GoalChanges{Title: ptr("mentor edit")})
	assert.ErrorIs(t, err, okr.ErrNotOwner, "the mentor sees the goal but may not change it")
	stored, err := e.svc.Goal(e.ctx, "ana", g.ID)
	require.NoError(t, err)
	assert.Equal(t, got, stored, "failed updates change nothing")

	done, err := e.svc.UpdateGoal(e.ctx, "ana", g.ID, 0, okr.GoalChanges{Status: ptr(okr.GoalAchieved)})
	require.NoError(t, err)
	assert.Equal(t, okr.GoalAchieved, done.Status)
	_, err = e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{Title: "more", KeyResults: []okr.KeyResultInput{certKR()}}})
	assert.ErrorIs(t, err, okr.ErrGoalNotActive)
}

func TestCreateObjective(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	o := e.objective("ana", g.ID)
	assert.Equal(t, okr.ObjectiveActive, o.Status)
	assert.Equal(t, okr.Committed, o.Kind, "objectives are committed by default")
	assert.Equal(t, okr.Year(2026), o.Period, "the period defaults to the current calendar year")
	require.Len(t, o.KeyResults, 2)
	assert.Equal(t, 2.0, o.KeyResults[0].Weight)
	assert.Equal(t, 1.0, o.KeyResults[1].Weight, "weight defaults to 1")
	assert.Equal(t, 1.0, o.KeyResults[1].Target, "a milestone runs from 0 to 1")
	assert.NotEqual(t, o.KeyResults[0].ID, o.KeyResults[1].ID)

	quarter := &okr.Period{Start: day(2026, 4, 1).Add(15 * time.Hour), End: day(2026, 6, 30)}
	q, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, Draft: true,
		ObjectiveSpec: okr.ObjectiveSpec{Title: "Quarter", Kind: okr.Aspirational, Period: quarter}})
	require.NoError(t, err)
	assert.Equal(t, okr.ObjectiveDraft, q.Status, "a draft may start without key results")
	assert.Equal(t, day(2026, 4, 1), q.Period.Start, "dates are kept as calendar days")

	kr := func(mod func(*okr.KeyResultInput)) okr.KeyResultInput {
		in := retroKR()
		mod(&in)
		return in
	}
	tests := []struct {
		name   string
		spec   okr.ObjectiveSpec
		fields []string
	}{
		{"empty title", okr.ObjectiveSpec{KeyResults: []okr.KeyResultInput{certKR()}}, []string{"title"}},
		{"no key results", okr.ObjectiveSpec{Title: "x"}, []string{"keyResults"}},
		{"values beyond the range", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Start, k.Target = ptr(-1e308), ptr(1e308) })}}, []string{"keyResults[0].start"}},
		{"target a hair from start", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Start, k.Target = ptr(1.0), ptr(1.0+1e-12) })}}, []string{"keyResults[0].target"}},
		{"target equal to start", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Target = ptr(0.0) })}}, []string{"keyResults[0].target"}},
		{"increase with a lower target", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Start = ptr(20.0) })}}, []string{"keyResults[0].target"}},
		{"decrease with a higher target", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Kind = okr.Decrease })}}, []string{"keyResults[0].target"}},
		{"zero weight", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{certKR(), kr(func(k *okr.KeyResultInput) { k.Weight = ptr(0.0) })}}, []string{"keyResults[1].weight"}},
		{"negative weight", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Weight = ptr(-1.0) })}}, []string{"keyResults[0].weight"}},
		{"missing start and target", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Start, k.Target = nil, nil })}}, []string{"keyResults[0].start", "keyResults[0].target"}},
		{"milestone with a target", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{{Title: "m", Kind: okr.Milestone, Target: ptr(5.0)}}}, []string{"keyResults[0].target"}},
		{"unknown kind", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Kind = "double" })}}, []string{"keyResults[0].kind"}},
		{"untitled key result", okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{kr(func(k *okr.KeyResultInput) { k.Title = "" })}}, []string{"keyResults[0].title"}},
		{"period end before start", okr.ObjectiveSpec{Title: "x", Period: &okr.Period{Start: day(2026, 5, 1), End: day(2026, 4, 1)}, KeyResults: []okr.KeyResultInput{certKR()}}, []string{"period.end"}},
		{"period beyond year 2999", okr.ObjectiveSpec{Title: "x", Period: &okr.Period{Start: day(2026, 5, 1), End: time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -14*3600))}, KeyResults: []okr.KeyResultInput{certKR()}}, []string{"period.end"}},
		{"period without dates", okr.ObjectiveSpec{Title: "x", Period: &okr.Period{}, KeyResults: []okr.KeyResultInput{certKR()}}, []string{"period.start", "period.end"}},
		{"unknown objective kind", okr.ObjectiveSpec{Title: "x", Kind: "stretch", KeyResults: []okr.KeyResultInput{certKR()}}, []string{"kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: tt.spec})
			requireFields(t, err, tt.fields...)
			page, err := e.svc.Objectives(e.ctx, "ana", okr.ObjectiveFilter{GoalID: g.ID}, storage.PageRequest{})
			require.NoError(t, err)
			assert.Len(t, page.Items, 2, "bad input stores nothing")
		})
	}
	_, err = e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{ObjectiveSpec: okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{certKR()}}})
	requireFields(t, err, "goalId")
}

func TestKeyResultChanges(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	o := e.objective("ana", g.ID)

	o2, err := e.svc.AddKeyResult(e.ctx, "ana", o.ID, o.Version, okr.KeyResultInput{Title: "Lead time", Kind: okr.Decrease, Unit: "days", Start: ptr(10.0), Target: ptr(4.0)})
	require.NoError(t, err)
	require.Len(t, o2.KeyResults, 3)
	assert.Equal(t, 10.0, o2.KeyResults[2].Current, "a new key result starts at its start value")
	_, err = e.svc.AddKeyResult(e.ctx, "ana", o.ID, o.Version, certKR())
	assert.ErrorIs(t, err, storage.ErrConflict)

	lead := o2.KeyResults[2].ID
	o3, err := e.svc.UpdateKeyResult(e.ctx, "ana", o.ID, lead, 0, okr.KeyResultChanges{Target: ptr(2.0), Weight: ptr(3.0)})
	require.NoError(t, err)
	assert.Equal(t, 2.0, o3.KeyResults[2].Target)
	assert.Equal(t, 3.0, o3.KeyResults[2].Weight)
	_, err = e.svc.UpdateKeyResult(e.ctx, "ana", o.ID, lead, 0, okr.KeyResultChanges{Target: ptr(12.0)})
	requireFields(t, err, "target")
	_, err = e.svc.UpdateKeyResult(e.ctx, "ana", o.ID, lead, 0, okr.KeyResultChanges{Weight: ptr(0.0)})
	requireFields(t, err, "weight")
	_, err = e.svc.UpdateKeyResult(e.ctx, "ana", o.ID, o.KeyResults[1].ID, 0, okr.KeyResultChanges{Target: ptr(3.0)})
	requireFields(t, err, "target")
	_, err = e.svc.UpdateKeyResult(e.ctx, "ana", o.ID, "missing", 0, okr.KeyResultChanges{Title: ptr("x")})
	assert.ErrorIs(t, err, storage.ErrNotFound)
	stored, err := e.svc.Objective(e.ctx, "ana", o.ID)
	require.NoError(t, err)
	assert.Equal(t, o3, stored, "failed changes change nothing")

	e.checkIn("ana", o, 0, 3, 7)
	_, err = e.svc.RemoveKeyResult(e.ctx, "ana", o.ID, o.KeyResults[0].ID, 0)
	assert.ErrorIs(t, err, okr.ErrHasCheckIns)
	o4, err := e.svc.RemoveKeyResult(e.ctx, "ana", o.ID, lead, 0)
	require.NoError(t, err)
	assert.Len(t, o4.KeyResults, 2)

	single, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{Title: "one", KeyResults: []okr.KeyResultInput{certKR()}}})
	require.NoError(t, err)
	_, err = e.svc.RemoveKeyResult(e.ctx, "ana", single.ID, single.KeyResults[0].ID, 0)
	assert.ErrorIs(t, err, okr.ErrNoKeyResults, "an active objective keeps at least one key result")
}

func TestDraftAndActivate(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	d, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, Draft: true, ObjectiveSpec: okr.ObjectiveSpec{Title: "later"}})
	require.NoError(t, err)
	_, err = e.svc.ActivateObjective(e.ctx, "ana", d.ID, 0)
	assert.ErrorIs(t, err, okr.ErrNoKeyResults)
	d, err = e.svc.AddKeyResult(e.ctx, "ana", d.ID, 0, certKR())
	require.NoError(t, err)
	_, err = e.svc.CheckIn(e.ctx, "ana", d.ID, d.KeyResults[0].ID, okr.CheckInInput{Value: ptr(1.0), Confidence: ptr(5)})
	assert.ErrorIs(t, err, okr.ErrObjectiveNotActive, "drafts take no check-ins")
	_, err = e.svc.CloseObjective(e.ctx, "ana", d.ID, 0, okr.CloseInput{})
	assert.ErrorIs(t, err, okr.ErrObjectiveNotActive)
	a, err := e.svc.ActivateObjective(e.ctx, "ana", d.ID, d.Version)
	require.NoError(t, err)
	assert.Equal(t, okr.ObjectiveActive, a.Status)
	_, err = e.svc.ActivateObjective(e.ctx, "ana", d.ID, 0)
	assert.ErrorIs(t, err, okr.ErrNotDraft)
}

func TestCheckIn(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	o := e.objective("ana", g.ID)
	kr := o.KeyResults[0].ID

	c1 := e.checkIn("ana", o, 0, 4, 6)
	assert.Equal(t, 1, c1.Seq)
	assert.Equal(t, "ana", c1.Author)
	assert.Equal(t, e.now, c1.At)
	e.setNow(e.now.Add(24 * time.Hour))
	c2 := e.checkIn("ana", o, 0, 3, 4)
	assert.Equal(t, 2, c2.Seq)

	stored, err := e.svc.Objective(e.ctx, "ana", o.ID)
	require.NoError(t, err)
	k := stored.KeyResults[0]
	assert.Equal(t, 3.0, k.Current, "the current value is the latest check-in's")
	assert.Equal(t, 2, k.CheckIns)
	assert.Equal(t, &okr.Trend{Latest: 4, Change: -2}, k.Trend())
	assert.Equal(t, int64(3), stored.Version)

	history, err := e.svc.CheckIns(e.ctx, "mia", o.ID, kr, storage.PageRequest{})
	require.NoError(t, err, "the mentor may read the history")
	require.Len(t, history.Items, 2)
	assert.Equal(t, []float64{4, 3}, []float64{history.Items[0].Value, history.Items[1].Value})

	tests := []struct {
		name   string
		kr     int
		in     okr.CheckInInput
		fields []string
	}{
		{"confidence above 10", 0, okr.CheckInInput{Value: ptr(5.0), Confidence: ptr(11)}, []string{"confidence"}},
		{"confidence below 0", 0, okr.CheckInInput{Value: ptr(5.0), Confidence: ptr(-1)}, []string{"confidence"}},
		{"no confidence", 0, okr.CheckInInput{Value: ptr(5.0)}, []string{"confidence"}},
		{"no value", 0, okr.CheckInInput{Confidence: ptr(5)}, []string{"value"}},
		{"value not a number", 0, okr.CheckInInput{Value: ptr(nan()), Confidence: ptr(5)}, []string{"value"}},
		{"milestone half done", 1, okr.CheckInInput{Value: ptr(0.5), Confidence: ptr(5)}, []string{"value"}},
		{"overlong note", 0, okr.CheckInInput{Value: ptr(5.0), Confidence: ptr(5), Note: string(make([]byte, 2001))}, []string{"note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CheckIn(e.ctx, "ana", o.ID, o.KeyResults[tt.kr].ID, tt.in)
			requireFields(t, err, tt.fields...)
			after, err := e.svc.Objective(e.ctx, "ana", o.ID)
			require.NoError(t, err)
			assert.Equal(t, stored, after, "bad input changes nothing")
		})
	}
	_, err = e.svc.CheckIn(e.ctx, "ana", o.ID, "unknown", okr.CheckInInput{Value: ptr(1.0), Confidence: ptr(5)})
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, err = e.svc.CheckIn(e.ctx, "mia", o.ID, kr, okr.CheckInInput{Value: ptr(9.0), Confidence: ptr(9)})
	assert.ErrorIs(t, err, okr.ErrNotOwner, "only the owner checks in")

	_, err = e.svc.CloseObjective(e.ctx, "ana", o.ID, 0, okr.CloseInput{})
	require.NoError(t, err)
	_, err = e.svc.CheckIn(e.ctx, "ana", o.ID, kr, okr.CheckInInput{Value: ptr(9.0), Confidence: ptr(9)})
	assert.ErrorIs(t, err, okr.ErrObjectiveClosed)
	assert.ErrorIs(t, err, storage.ErrInvalidState)
}

func nan() float64 { var z float64; return z / z }

func TestConcurrentCheckInsLoseNothing(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	o := e.objective("ana", g.ID)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := float64(i)
			_, err := e.svc.CheckIn(e.ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &v, Confidence: ptr(5)})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	history, err := e.svc.CheckIns(e.ctx, "ana", o.ID, o.KeyResults[0].ID, storage.PageRequest{Limit: 100})
	require.NoError(t, err)
	assert.Len(t, history.Items, n)
	stored, err := e.svc.Objective(e.ctx, "ana", o.ID)
	require.NoError(t, err)
	assert.Equal(t, n, stored.KeyResults[0].CheckIns)
}

func TestCloseObjective(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	o := e.objective("ana", g.ID)
	e.checkIn("ana", o, 0, 6, 7) // 0.6 × weight 2, milestone 0 × weight 1 → 0.4

	_, err := e.svc.CloseObjective(e.ctx, "ana", o.ID, 0, okr.CloseInput{Override: ptr(0.7)})
	requireFields(t, err, "reason")
	_, err = e.svc.CloseObjective(e.ctx, "ana", o.ID, 0, okr.CloseInput{Override: ptr(1.5), Reason: "x"})
	requireFields(t, err, "override")
	_, err = e.svc.CloseObjective(e.ctx, "ana", o.ID, 1, okr.CloseInput{})
	assert.ErrorIs(t, err, storage.ErrConflict)

	closed, err := e.svc.CloseObjective(e.ctx, "ana", o.ID, 0, okr.CloseInput{Override: ptr(0.7), Reason: "certificate exam moved to January", Reflection: "Good year"})
	require.NoError(t, err)
	assert.Equal(t, okr.ObjectiveClosed, closed.Status)
	require.NotNil(t, closed.Closing)
	assert.InDelta(t, 0.4, closed.Closing.Score, 1e-12, "the computed score is kept beside the override")
	assert.InDelta(t, 0.7, closed.Score(), 1e-12)
	assert.Equal(t, "Good year", closed.Closing.Reflection)
	assert.Contains(t, e.eventTypes(), okr.EventObjectiveClosed)

	_, err = e.svc.CloseObjective(e.ctx, "ana", o.ID, 0, okr.CloseInput{})
	assert.ErrorIs(t, err, okr.ErrObjectiveClosed)
	_, err = e.svc.UpdateObjective(e.ctx, "ana", o.ID, 0, okr.ObjectiveChanges{Title: ptr("rename")})
	assert.ErrorIs(t, err, okr.ErrObjectiveClosed)
	_, err = e.svc.AddKeyResult(e.ctx, "ana", o.ID, 0, certKR())
	assert.ErrorIs(t, err, okr.ErrObjectiveClosed)

	next, err := e.svc.CarryObjective(e.ctx, "ana", o.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, okr.Year(2027), next.Period, "carried into the next year by default")
	require.Len(t, next.KeyResults, 2)
	assert.Equal(t, 6.0, next.KeyResults[0].Start, "a carried metric starts where it ended")
	assert.Equal(t, 10.0, next.KeyResults[0].Target)
	assert.Equal(t, okr.ObjectiveActive, next.Status)
	_, err = e.svc.CarryObjective(e.ctx, "ana", next.ID, nil)
	assert.ErrorIs(t, err, okr.ErrObjectiveNotActive, "only closed objectives are carried")
}

// TestPermissions checks every rule about who may act on a plan: ana owns
// the goal, mia is ana's mentor, cal is a colleague.
func TestPermissions(t *testing.T) {
	type op func(e *env, actor string, g *okr.Goal, o *okr.Objective) error
	ops := map[string]op{
		"update goal": func(e *env, a string, g *okr.Goal, _ *okr.Objective) error {
			_, err := e.svc.UpdateGoal(e.ctx, a, g.ID, 0, okr.GoalChanges{Title: ptr("x")})
			return err
		},
		"create objective": func(e *env, a string, g *okr.Goal, _ *okr.Objective) error {
			_, err := e.svc.CreateObjective(e.ctx, a, okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{certKR()}}})
			return err
		},
		"update objective": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.UpdateObjective(e.ctx, a, o.ID, 0, okr.ObjectiveChanges{Title: ptr("x")})
			return err
		},
		"add key result": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.AddKeyResult(e.ctx, a, o.ID, 0, certKR())
			return err
		},
		"update key result": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.UpdateKeyResult(e.ctx, a, o.ID, o.KeyResults[0].ID, 0, okr.KeyResultChanges{Title: ptr("x")})
			return err
		},
		"remove key result": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.RemoveKeyResult(e.ctx, a, o.ID, o.KeyResults[1].ID, 0)
			return err
		},
		"check in": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.CheckIn(e.ctx, a, o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: ptr(1.0), Confidence: ptr(5)})
			return err
		},
		"close objective": func(e *env, a string, _ *okr.Goal, o *okr.Objective) error {
			_, err := e.svc.CloseObjective(e.ctx, a, o.ID, 0, okr.CloseInput{})
			return err
		},
	}
	tests := []struct {
		vis   okr.Visibility
		actor string
		want  error // nil: allowed
	}{
		{okr.VisibilityPrivate, "ana", nil},
		{okr.VisibilityPrivate, "mia", storage.ErrNotFound},
		{okr.VisibilityPrivate, "cal", storage.ErrNotFound},
		{okr.VisibilityMentor, "mia", okr.ErrNotOwner},
		{okr.VisibilityMentor, "cal", storage.ErrNotFound},
		{okr.VisibilityCompany, "mia", okr.ErrNotOwner},
		{okr.VisibilityCompany, "cal", okr.ErrNotOwner},
		{okr.VisibilityCompany, "", storage.ErrNoActor},
	}
	for name, op := range ops {
		for _, tt := range tests {
			t.Run(name+"/"+string(tt.vis)+"/"+tt.actor, func(t *testing.T) {
				e := newEnv(t)
				g := e.goal("ana", tt.vis)
				o := e.objective("ana", g.ID)
				err := op(e, tt.actor, g, o)
				if tt.want == nil {
					assert.NoError(t, err)
					return
				}
				assert.ErrorIs(t, err, tt.want)
				after, err := e.svc.Objective(e.ctx, "ana", o.ID)
				require.NoError(t, err)
				assert.Equal(t, o, after, "a refused change changes nothing")
			})
		}
	}
}

// TestVisibility checks who may read a plan under each visibility.
func TestVisibility(t *testing.T) {
	tests := []struct {
		vis    okr.Visibility
		viewer string
		sees   bool
	}{
		{okr.VisibilityPrivate, "ana", true},
		{okr.VisibilityPrivate, "mia", false},
		{okr.VisibilityPrivate, "cal", false},
		{okr.VisibilityMentor, "ana", true},
		{okr.VisibilityMentor, "mia", true},
		{okr.VisibilityMentor, "cal", false},
		{okr.VisibilityCompany, "mia", true},
		{okr.VisibilityCompany, "cal", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.vis)+"/"+tt.viewer, func(t *testing.T) {
			e := newEnv(t)
			g := e.goal("ana", tt.vis)
			o := e.objective("ana", g.ID)
			e.checkIn("ana", o, 0, 2, 5)
			_, errGoal := e.svc.Goal(e.ctx, tt.viewer, g.ID)
			_, errObj := e.svc.Objective(e.ctx, tt.viewer, o.ID)
			_, errHist := e.svc.CheckIns(e.ctx, tt.viewer, o.ID, "", storage.PageRequest{})
			_, errComments := e.svc.Comments(e.ctx, tt.viewer, o.ID, storage.PageRequest{})
			_, errComment := e.svc.AddComment(e.ctx, tt.viewer, o.ID, okr.CommentInput{Body: "Nice"})
			goals, err := e.svc.Goals(e.ctx, tt.viewer, "ana", storage.PageRequest{})
			require.NoError(t, err)
			objs, err := e.svc.Objectives(e.ctx, tt.viewer, okr.ObjectiveFilter{Owner: "ana"}, storage.PageRequest{})
			require.NoError(t, err)
			board, err := e.svc.Board(e.ctx, tt.viewer, "ana")
			require.NoError(t, err)
			if tt.sees {
				for _, err := range []error{errGoal, errObj, errHist, errComments, errComment} {
					assert.NoError(t, err)
				}
				assert.Len(t, goals.Items, 1)
				assert.Len(t, objs.Items, 1)
				assert.Len(t, board.Goals, 1)
				return
			}
			for _, err := range []error{errGoal, errObj, errHist, errComments, errComment} {
				assert.ErrorIs(t, err, storage.ErrNotFound, "a hidden plan looks like no plan")
			}
			assert.Empty(t, goals.Items)
			assert.Empty(t, objs.Items)
			assert.Empty(t, board.Goals)
			_, err = e.svc.Objectives(e.ctx, tt.viewer, okr.ObjectiveFilter{GoalID: g.ID}, storage.PageRequest{})
			assert.ErrorIs(t, err, storage.ErrNotFound)
		})
	}
}

func TestMentorVisibilityFollowsMentorChanges(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	_, err := e.svc.Goal(e.ctx, "mia", g.ID)
	require.NoError(t, err)
	e.mentors.set("ana", "raj")
	_, err = e.svc.Goal(e.ctx, "mia", g.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound, "the former mentor loses sight at once")
	_, err = e.svc.Goal(e.ctx, "raj", g.ID)
	assert.NoError(t, err, "the new mentor sees at once")

	noMentors := okr.NewService(e.store, okr.WithClock(e.clock))
	_, err = noMentors.Goal(e.ctx, "raj", g.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound, "without a MentorFinder nobody counts as a mentor")
}

func TestListsPage(t *testing.T) {
	e := newEnv(t)
	var want []string
	for i := range 5 {
		vis := okr.VisibilityCompany
		if i%2 == 1 {
			vis = okr.VisibilityPrivate
		}
		g := e.goal("ana", vis)
		if vis == okr.VisibilityCompany {
			want = append(want, g.ID)
		}
	}
	var got []string
	req := storage.PageRequest{Limit: 2}
	for {
		p, err := e.svc.Goals(e.ctx, "cal", "ana", req)
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Items), 2)
		for _, g := range p.Items {
			got = append(got, g.ID)
		}
		if p.Next == "" {
			break
		}
		req.Cursor = p.Next
	}
	assert.Equal(t, want, got, "hidden goals are skipped without losing visible ones")
	_, err := e.svc.Goals(e.ctx, "cal", "ana", storage.PageRequest{Limit: storage.MaxLimit + 1})
	requireFields(t, err, "limit")
	_, err = e.svc.Goals(e.ctx, "cal", "ana", storage.PageRequest{Cursor: "!!"})
	requireFields(t, err, "cursor")
}

func TestSuggestions(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	spec := okr.ObjectiveSpec{Title: "Give a meetup talk", Kind: okr.Aspirational, Tags: []string{"Speaking"},
		KeyResults: []okr.KeyResultInput{{Title: "Talks given", Kind: okr.Increase, Start: ptr(0.0), Target: ptr(2.0)}}}

	sg, err := e.svc.Suggest(e.ctx, "mia", okr.SuggestionInput{To: "ana", GoalID: g.ID, Message: "You explain things well", Objective: spec})
	require.NoError(t, err)
	assert.Equal(t, okr.SuggestionPending, sg.Status)
	assert.Equal(t, []string{"speaking"}, sg.Objective.Tags)
	assert.Contains(t, e.eventTypes(), okr.EventSuggestionReceived)
	board, err := e.svc.Board(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Empty(t, board.Goals[0].Objectives, "nothing enters the plan before acceptance")

	received, err := e.svc.Suggestions(e.ctx, "ana", true, okr.SuggestionPending, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, received.Items, 1)
	sent, err := e.svc.Suggestions(e.ctx, "mia", false, "", storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, sent.Items, 1)
	_, err = e.svc.Suggestion(e.ctx, "cal", sg.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound, "only the two people involved see a suggestion")

	_, err = e.svc.AcceptSuggestion(e.ctx, "mia", sg.ID, 0, okr.AcceptInput{})
	assert.ErrorIs(t, err, okr.ErrNotRecipient)
	_, err = e.svc.AcceptSuggestion(e.ctx, "ana", sg.ID, 7, okr.AcceptInput{})
	assert.ErrorIs(t, err, storage.ErrConflict)
	o, err := e.svc.AcceptSuggestion(e.ctx, "ana", sg.ID, sg.Version, okr.AcceptInput{})
	require.NoError(t, err)
	assert.Equal(t, g.ID, o.GoalID)
	assert.Equal(t, "ana", o.Owner)
	assert.Equal(t, "mia", o.SuggestedBy)
	assert.Equal(t, okr.Aspirational, o.Kind)
	require.Len(t, o.KeyResults, 1)
	assert.NotEmpty(t, o.KeyResults[0].ID)
	after, err := e.svc.Suggestion(e.ctx, "mia", sg.ID)
	require.NoError(t, err)
	assert.Equal(t, okr.SuggestionAccepted, after.Status)
	assert.Equal(t, o.ID, after.ObjectiveID)
	_, err = e.svc.AcceptSuggestion(e.ctx, "ana", sg.ID, 0, okr.AcceptInput{})
	assert.ErrorIs(t, err, okr.ErrSuggestionDecided)
	assert.Contains(t, e.eventTypes(), okr.EventSuggestionAccepted)

	second, err := e.svc.Suggest(e.ctx, "cal", okr.SuggestionInput{To: "ana", Objective: spec})
	require.NoError(t, err)
	_, err = e.svc.AcceptSuggestion(e.ctx, "ana", second.ID, 0, okr.AcceptInput{})
	requireFields(t, err, "goalId")
	_, err = e.svc.WithdrawSuggestion(e.ctx, "ana", second.ID, 0)
	assert.ErrorIs(t, err, okr.ErrNotSuggester)
	_, err = e.svc.DeclineSuggestion(e.ctx, "cal", second.ID, 0, okr.DeclineInput{})
	assert.ErrorIs(t, err, okr.ErrNotRecipient)
	declined, err := e.svc.DeclineSuggestion(e.ctx, "ana", second.ID, 0, okr.DeclineInput{Reason: " Not this year "})
	require.NoError(t, err)
	assert.Equal(t, okr.SuggestionDeclined, declined.Status)
	assert.Equal(t, "Not this year", declined.Reason)
	_, err = e.svc.WithdrawSuggestion(e.ctx, "cal", second.ID, 0)
	assert.ErrorIs(t, err, okr.ErrSuggestionDecided)

	third, err := e.svc.Suggest(e.ctx, "cal", okr.SuggestionInput{To: "ana", Objective: spec})
	require.NoError(t, err)
	w, err := e.svc.WithdrawSuggestion(e.ctx, "cal", third.ID, 0)
	require.NoError(t, err)
	assert.Equal(t, okr.SuggestionWithdrawn, w.Status)

	_, err = e.svc.Suggest(e.ctx, "ana", okr.SuggestionInput{To: "ana", Objective: spec})
	requireFields(t, err, "to")
	_, err = e.svc.Suggest(e.ctx, "cal", okr.SuggestionInput{To: "ana", Objective: okr.ObjectiveSpec{Title: "x"}})
	requireFields(t, err, "objective.keyResults")
	_, err = e.svc.Suggest(e.ctx, "cal", okr.SuggestionInput{To: "ana", GoalID: g.ID, Objective: spec})
	assert.ErrorIs(t, err, storage.ErrNotFound, "a goal the suggester may not see is not revealed")
	bad := spec
	bad.KeyResults = []okr.KeyResultInput{{Title: "t", Kind: okr.Increase, Start: ptr(1.0), Target: ptr(1.0)}}
	_, err = e.svc.Suggest(e.ctx, "cal", okr.SuggestionInput{To: "ana", Objective: bad})
	requireFields(t, err, "objective.keyResults[0].target")
	sentByCal, err := e.svc.Suggestions(e.ctx, "cal", false, "", storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, sentByCal.Items, 2, "invalid suggestions store nothing")

	otherGoal := e.goal("cal", okr.VisibilityCompany)
	_, err = e.svc.Suggest(e.ctx, "mia", okr.SuggestionInput{To: "ana", GoalID: otherGoal.ID, Objective: spec})
	requireFields(t, err, "goalId")
}

func TestAcceptIntoClosedGoalChangesNothing(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	sg, err := e.svc.Suggest(e.ctx, "mia", okr.SuggestionInput{To: "ana", Objective: okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{certKR()}}})
	require.NoError(t, err)
	_, err = e.svc.UpdateGoal(e.ctx, "ana", g.ID, 0, okr.GoalChanges{Status: ptr(okr.GoalAbandoned)})
	require.NoError(t, err)
	_, err = e.svc.AcceptSuggestion(e.ctx, "ana", sg.ID, 0, okr.AcceptInput{GoalID: g.ID})
	assert.ErrorIs(t, err, okr.ErrGoalNotActive)
	after, err := e.svc.Suggestion(e.ctx, "ana", sg.ID)
	require.NoError(t, err)
	assert.Equal(t, okr.SuggestionPending, after.Status)
}

func TestComments(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	o := e.objective("ana", g.ID)
	c, err := e.svc.AddComment(e.ctx, "mia", o.ID, okr.CommentInput{Body: "  Try pairing with the Scrum master  "})
	require.NoError(t, err)
	assert.Equal(t, "Try pairing with the Scrum master", c.Body)
	_, err = e.svc.AddComment(e.ctx, "mia", o.ID, okr.CommentInput{Body: " "})
	requireFields(t, err, "body")
	list, err := e.svc.Comments(e.ctx, "ana", o.ID, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	assert.Equal(t, "mia", list.Items[0].Author)
	after, err := e.svc.Objective(e.ctx, "ana", o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Version, after.Version, "a comment never changes the objective")
}

func TestBoard(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	hidden := e.goal("ana", okr.VisibilityPrivate)
	o := e.objective("ana", g.ID)
	e.objective("ana", hidden.ID)
	e.setNow(day(2026, 3, 1))
	e.checkIn("ana", o, 0, 2, 5)
	e.setNow(day(2026, 7, 2))
	e.checkIn("ana", o, 0, 4, 8)
	e.checkIn("ana", o, 1, 1, 9)

	b, err := e.svc.Board(e.ctx, "mia", "ana")
	require.NoError(t, err)
	assert.Equal(t, "ana", b.Owner)
	assert.Equal(t, e.now, b.AsOf)
	require.Len(t, b.Goals, 1, "the private goal is absent for the mentor")
	gc := b.Goals[0]
	require.Len(t, gc.Objectives, 1)
	oc := gc.Objectives[0]
	// retros 4/10 = 0.4 with weight 2, certificate done with weight 1.
	assert.InDelta(t, (0.4*2+1)/3, oc.Score, 1e-12)
	assert.Equal(t, okr.Yellow, oc.Grade)
	assert.InDelta(t, 183.0/365, oc.Expected, 1e-12)
	assert.Equal(t, okr.PaceOnTrack, oc.Pace)
	assert.InDelta(t, oc.Score, gc.Progress, 1e-12)
	require.Len(t, oc.KeyResults, 2)
	retro := oc.KeyResults[0]
	assert.InDelta(t, 0.4, retro.Score, 1e-12)
	assert.Equal(t, okr.Yellow, retro.Grade)
	assert.Equal(t, okr.PaceAtRisk, retro.Pace)
	assert.Equal(t, &okr.Trend{Latest: 8, Change: 3}, retro.Trend)
	require.Len(t, retro.History, 2)
	assert.Equal(t, []float64{2, 4}, []float64{retro.History[0].Value, retro.History[1].Value}, "history runs oldest first")
	require.NotNil(t, retro.Latest)
	assert.Equal(t, 4.0, retro.Latest.Value)

	own, err := e.svc.Board(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Len(t, own.Goals, 2)
	empty, err := e.svc.Board(e.ctx, "cal", "ana")
	require.NoError(t, err)
	assert.Empty(t, empty.Goals)
	_, err = e.svc.Board(e.ctx, "", "ana")
	assert.ErrorIs(t, err, storage.ErrNoActor)
}

func TestEvents(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	o := e.objective("ana", g.ID)
	e.checkIn("ana", o, 0, 9, 8) // 0.9×2/3 = 0.6: red → yellow
	e.drain()
	e.mu.Lock()
	var grade *okr.Event
	for i := range e.events {
		if e.events[i].Type == okr.EventGradeChanged {
			grade = &e.events[i]
		}
	}
	e.mu.Unlock()
	require.NotNil(t, grade, "a check-in that changes the grade is announced")
	assert.Equal(t, okr.Red, grade.From)
	assert.Equal(t, okr.Yellow, grade.To)
	assert.Equal(t, o.ID, grade.ObjectiveID)
	assert.Equal(t, "ana", grade.Owner)

	panicky := okr.NewService(e.store, okr.WithObserver(func(context.Context, okr.Event) { panic("observer broke") }))
	c, err := panicky.CheckIn(e.ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: ptr(10.0), Confidence: ptr(9)})
	require.NoError(t, err, "a failing observer does not fail the committed change")
	_, err = (&events.Consumer{Log: e.store, Name: "panicky", Handle: panicky.Deliver}).Drain(e.ctx)
	require.NoError(t, err, "a panicking observer does not stop the consumer")
	history, err := e.svc.CheckIns(e.ctx, "ana", o.ID, "", storage.PageRequest{})
	require.NoError(t, err)
	ids := make([]string, 0, len(history.Items))
	for _, h := range history.Items {
		ids = append(ids, h.ID)
	}
	assert.Contains(t, ids, c.ID)
}

func TestActiveTags(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	e.objective("ana", g.ID)
	done := e.goal("ana", okr.VisibilityPrivate)
	_, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: done.ID, ObjectiveSpec: okr.ObjectiveSpec{Title: "old", Tags: []string{"cobol"}, KeyResults: []okr.KeyResultInput{certKR()}}})
	require.NoError(t, err)
	_, err = e.svc.UpdateGoal(e.ctx, "ana", done.ID, 0, okr.GoalChanges{Status: ptr(okr.GoalAbandoned), Tags: ptr([]string{"mainframe"})})
	require.NoError(t, err)
	tags, err := e.svc.ActiveTags(e.ctx, "ana")
	require.NoError(t, err)
	assert.Equal(t, []string{"facilitation", "agile", "coaching"}, tags)
}

func TestErrorsWrapCategories(t *testing.T) {
	for err, category := range map[error]error{
		okr.ErrNotOwner: storage.ErrForbidden, okr.ErrNotRecipient: storage.ErrForbidden, okr.ErrNotSuggester: storage.ErrForbidden,
		okr.ErrGoalNotActive: storage.ErrInvalidState, okr.ErrObjectiveClosed: storage.ErrInvalidState,
		okr.ErrObjectiveNotActive: storage.ErrInvalidState, okr.ErrNotDraft: storage.ErrInvalidState,
		okr.ErrNoKeyResults: storage.ErrInvalidState, okr.ErrHasCheckIns: storage.ErrInvalidState,
		okr.ErrSuggestionDecided: storage.ErrInvalidState,
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
