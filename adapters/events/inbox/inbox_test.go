package inbox_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// clock is a settable clock shared by every service of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// world is a store with the real domain services on it and something due
// of every reminder kind at a known time after t0.
type world struct {
	store *memory.Store
	clock *clock
	okr   *okr.Service
	ment  *mentorship.Service
	inbox *inbox.Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{store: memory.New(), clock: &clock{t: t0}}
	w.okr = okr.NewService(w.store, okr.WithClock(w.clock.now))
	w.ment = mentorship.NewService(w.store, mentorship.WithClock(w.clock.now),
		mentorship.WithRequestTTL(7*24*time.Hour), mentorship.WithCadence(14))
	w.inbox = inbox.NewService(w.store, inbox.WithClock(w.clock.now), inbox.WithScope(w.okr.SeesScope),
		inbox.WithOKR(w.store), inbox.WithMentorship(w.store))
	seed(t, ctx, w)
	return w
}

func seed(t *testing.T, ctx context.Context, w *world) {
	t.Helper()
	goal, err := w.okr.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Grow as a speaker", Visibility: okr.VisibilityCompany})
	require.NoError(t, err)
	start, target := 0.0, 4.0
	period := &okr.Period{Start: t0.AddDate(0, -2, 0), End: t0.AddDate(0, 10, 0)}
	obj, err := w.okr.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: goal.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title: "Give talks", Period: period,
		KeyResults: []okr.KeyResultInput{{Title: "Talks given", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	require.NoError(t, err)
	v, conf := 1.0, 7
	_, err = w.okr.CheckIn(ctx, "ana", obj.ID, obj.KeyResults[0].ID, okr.CheckInInput{Value: &v, Confidence: &conf})
	require.NoError(t, err)
	_, err = w.okr.Suggest(ctx, "mia", okr.SuggestionInput{To: "ana", Objective: okr.ObjectiveSpec{
		Title: "Run a workshop", Period: period,
		KeyResults: []okr.KeyResultInput{{Title: "Workshops run", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	require.NoError(t, err)

	two := 2
	_, err = w.ment.Volunteer(ctx, "mia", mentorship.ProfileInput{Capacity: &two})
	require.NoError(t, err)
	_, err = w.ment.Request(ctx, "ana", mentorship.RequestInput{Mentor: "mia"})
	require.NoError(t, err)
	req, err := w.ment.Request(ctx, "bob", mentorship.RequestInput{Mentor: "mia"})
	require.NoError(t, err)
	_, err = w.ment.Accept(ctx, "mia", req.ID, req.Version, mentorship.AnswerInput{})
	require.NoError(t, err)
}

// reminders returns the reminder items of person's inbox, by kind.
func reminders(t *testing.T, s *inbox.Service, person string) map[string][]inbox.Item {
	t.Helper()
	page, err := s.Items(context.Background(), person, false, storage.PageRequest{Limit: storage.MaxLimit})
	require.NoError(t, err)
	out := map[string][]inbox.Item{}
	for _, it := range page.Items {
		if it.EventSeq == 0 {
			out[it.Kind] = append(out[it.Kind], it)
		}
	}
	return out
}

func TestRemindEachOccurrenceOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	remind := func(at time.Time) int {
		t.Helper()
		w.clock.set(at)
		n, err := w.inbox.Remind(ctx)
		require.NoError(t, err)
		again, err := w.inbox.Remind(ctx)
		require.NoError(t, err)
		assert.Zero(t, again, "a second run at %s adds nothing", at)
		return n
	}
	count := func(person, kind string) int { return len(reminders(t, w.inbox, person)[kind]) }

	assert.Zero(t, remind(t0.Add(time.Hour)), "nothing is due yet")

	assert.Equal(t, 2, remind(t0.Add(3*24*time.Hour+time.Hour)))
	assert.Equal(t, 1, count("ana", inbox.KindSuggestionPending))
	assert.Equal(t, 1, count("mia", inbox.KindRequestWaiting))

	assert.Equal(t, 1, remind(t0.Add(6*24*time.Hour+time.Hour)))
	assert.Equal(t, 1, count("mia", inbox.KindRequestExpiring))
	assert.Equal(t, 1, count("mia", inbox.KindRequestWaiting), "waiting is one occurrence per request")

	assert.Equal(t, 2, remind(t0.Add(12*24*time.Hour+time.Hour)))
	assert.Equal(t, 1, count("bob", inbox.KindMeetingDue))
	assert.Equal(t, 1, count("mia", inbox.KindMeetingDue))

	assert.Equal(t, 3, remind(t0.Add(14*24*time.Hour+time.Hour)))
	assert.Equal(t, 1, count("ana", inbox.KindCheckInDue))
	assert.Equal(t, 1, count("bob", inbox.KindMeetingOverdue))
	assert.Equal(t, 1, count("mia", inbox.KindMeetingOverdue))

	// A check-in starts a new cadence: the next occurrence is 14 days on.
	objs, err := w.okr.Objectives(ctx, "ana", okr.ObjectiveFilter{Owner: "ana"}, storage.PageRequest{})
	require.NoError(t, err)
	o := objs.Items[0]
	v, conf := 2.0, 8
	_, err = w.okr.CheckIn(ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &v, Confidence: &conf})
	require.NoError(t, err)
	assert.Zero(t, remind(t0.Add(20*24*time.Hour)))
	assert.Equal(t, 1, remind(t0.Add(28*24*time.Hour+2*time.Hour)))
	assert.Equal(t, 2, count("ana", inbox.KindCheckInDue))

	it := reminders(t, w.inbox, "ana")[inbox.KindCheckInDue][0]
	assert.Equal(t, inbox.Link{Kind: "okr.objective", ID: o.ID}, it.Link)
	assert.Equal(t, `Time to check in on "Talks given"`, it.Title)
}

func TestRemindConcurrently(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.clock.set(t0.Add(14*24*time.Hour + time.Hour))
	other := inbox.NewService(w.store, inbox.WithClock(w.clock.now), inbox.WithOKR(w.store), inbox.WithMentorship(w.store))
	var wg sync.WaitGroup
	ns := make([]int, 2)
	for i, s := range []*inbox.Service{w.inbox, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.Remind(ctx)
			assert.NoError(t, err)
			ns[i] = n
		}()
	}
	wg.Wait()
	// ana: check-in due and suggestion pending; bob and mia: meeting
	// overdue. ana's request to mia has expired: no reminder.
	assert.Equal(t, 4, ns[0]+ns[1])
	n, err := other.Remind(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestEventsReachThoseWhoMaySee(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	c := w.inbox.Consumer()
	_, err := c.Drain(ctx)
	require.NoError(t, err)

	kinds := func(person string) []string {
		page, err := w.inbox.Items(ctx, person, false, storage.PageRequest{})
		require.NoError(t, err)
		var out []string
		for _, it := range page.Items {
			out = append(out, it.Kind)
		}
		return out
	}
	assert.Equal(t, []string{"okr.suggestion.received"}, kinds("ana"), "the owner hears of a suggestion")
	assert.Equal(t, []string{"mentorship.request.accepted"}, kinds("bob"), "the mentee hears of the accept")
	assert.Equal(t, []string{"mentorship.request.received", "mentorship.request.received"}, kinds("mia"),
		"the mentor hears of each request; not of her own accept")

	// Handling the log again adds nothing: each event's key is taken.
	log, err := w.store.Events(ctx, storage.EventFilter{Limit: storage.MaxEventsRead})
	require.NoError(t, err)
	for _, e := range log {
		require.NoError(t, w.inbox.Handle(ctx, e))
	}
	for person, n := range map[string]int{"ana": 1, "bob": 1, "mia": 2} {
		unread, err := w.inbox.UnreadCount(ctx, person)
		require.NoError(t, err)
		assert.Equal(t, n, unread, person)
	}

	// An event scoped to a goal reaches a person it does not name only if
	// they may see the goal now.
	for _, tc := range []struct {
		visibility okr.Visibility
		zedSees    bool
	}{{okr.VisibilityCompany, true}, {okr.VisibilityPrivate, false}} {
		g, err := w.okr.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Goal " + string(tc.visibility), Visibility: tc.visibility})
		require.NoError(t, err)
		e, err := storage.NewEvent("okr.comment.added", w.clock.now(), "ana", map[string]string{"goalId": g.ID})
		require.NoError(t, err)
		e.Subjects = []string{"ana", "zed"}
		e.Audience = storage.Audience{Everyone: true, People: []string{"ana"}, Scope: "okr.goal:" + g.ID}
		require.NoError(t, w.store.AppendEvents(ctx, e))
		_, err = c.Drain(ctx)
		require.NoError(t, err)
		page, err := w.inbox.Items(ctx, "zed", false, storage.PageRequest{})
		require.NoError(t, err)
		got := false
		for _, it := range page.Items {
			got = got || it.Key == "event:"+e.ID
		}
		assert.Equal(t, tc.zedSees, got, "goal %s", tc.visibility)
		assert.Equal(t, []string{"okr.suggestion.received"}, kinds("ana"), "the actor gets no item of her own act")
	}
}

// Activities tomorrow, open retrospective actions and prioritisation
// meetings still open before their quarter each remind once per
// occurrence, to the people concerned.
func TestRemindSprintsAndPrioritisation(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	c := &clock{t: t0}
	svc := inbox.NewService(store, inbox.WithClock(c.now), inbox.WithSprint(store), inbox.WithBacklog(store))
	starts := t0.Add(36 * time.Hour)
	require.NoError(t, store.CreateActivity(ctx, &sprint.Activity{ID: "a1", SprintID: "s1", TopicID: "t1", Kind: sprint.Classroom,
		Title: "Kubernetes workshop", Start: &starts, Minutes: 90, Version: 1}))
	for person, status := range map[string]sprint.EnrolmentStatus{"ana": sprint.EnrolmentEnrolled, "bob": sprint.EnrolmentCancelled} {
		_, _, err := store.UpdateEnrolment(ctx, "a1", person, func(_ *sprint.Activity, e *sprint.Enrolment) error {
			e.Status, e.EnrolledAt = status, t0
			return nil
		})
		require.NoError(t, err)
	}
	require.NoError(t, store.CreateSprint(ctx, &sprint.Sprint{ID: "s1", Year: 2026, Quarter: 1, Title: "Q1", Version: 1,
		Retrospective: sprint.Retrospective{Actions: []sprint.Action{
			{ID: "x1", Text: "Share the slides", Owner: "mia", Status: sprint.ActionOpen, Origin: "s1", CreatedAt: t0},
			{ID: "x2", Text: "Book a room", Owner: "bob", Status: sprint.ActionDone, Origin: "s1", CreatedAt: t0},
		}}}))
	q2 := backlog.Quarter{Year: 2026, Num: 2} // starts on 1 April
	require.NoError(t, store.CreatePrioritisationMeeting(ctx, &backlog.Meeting{ID: "m1", Quarter: q2, Status: backlog.MeetingOpen,
		Facilitators: []string{"pia", "lea"}, OpenedBy: "pia", CreatedAt: t0, Version: 1}))

	remind := func(at time.Time) int {
		t.Helper()
		c.set(at)
		n, err := svc.Remind(ctx)
		require.NoError(t, err)
		again, err := svc.Remind(ctx)
		require.NoError(t, err)
		assert.Zero(t, again, "a second run at %s adds nothing", at)
		return n
	}
	assert.Zero(t, remind(t0.Add(time.Hour)), "the activity is more than a day away")
	assert.Equal(t, 1, remind(t0.Add(13*time.Hour)))
	got := reminders(t, svc, "ana")[inbox.KindActivityTomorrow]
	require.Len(t, got, 1)
	assert.Equal(t, inbox.Link{Kind: "sprint.activity", ID: "a1"}, got[0].Link)
	assert.Contains(t, got[0].Title, "Kubernetes workshop")
	assert.Empty(t, reminders(t, svc, "bob"), "a cancelled enrolment is not reminded, nor a done action")

	assert.Zero(t, remind(t0.Add(3*24*time.Hour)), "the activity has started")
	assert.Equal(t, 1, remind(t0.Add(7*24*time.Hour)), "the open action, a week on")
	assert.Zero(t, remind(t0.Add(10*24*time.Hour)))
	assert.Equal(t, 1, remind(t0.Add(14*24*time.Hour)), "and the next week")
	assert.Len(t, reminders(t, svc, "mia")[inbox.KindActionOpen], 2)

	// The quarter starts on 1 April: from 25 March the facilitators hear.
	assert.Zero(t, remind(time.Date(2026, time.March, 22, 12, 0, 0, 0, time.UTC)))
	assert.Equal(t, 3, remind(time.Date(2026, time.March, 25, 12, 0, 0, 0, time.UTC)), "the action's third week, and both facilitators")
	for _, f := range []string{"pia", "lea"} {
		got := reminders(t, svc, f)[inbox.KindPrioritisationDue]
		require.Len(t, got, 1, f)
		assert.Contains(t, got[0].Title, "2026-Q2")
	}
	assert.Zero(t, remind(time.Date(2026, time.March, 27, 12, 0, 0, 0, time.UTC)))
	assert.Equal(t, 1, remind(time.Date(2026, time.April, 2, 12, 0, 0, 0, time.UTC)), "only the action: the quarter has started")
}

// A planned mentoring session reminds both of the pair the day before,
// once.
func TestRemindPlannedSession(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	rels, err := w.store.Relations(ctx, mentorship.RelationFilter{Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, rels.Items)
	r := rels.Items[0]
	at := t0.Add(5*24*time.Hour + 14*time.Hour)
	_, err = w.ment.PlanSession(ctx, r.Mentee, r.ID, 0, mentorship.SessionInput{At: at, Agenda: []string{"Talk outline"}})
	require.NoError(t, err)

	count := func() int {
		n := 0
		for _, p := range []string{r.Mentee, r.Mentor} {
			n += len(reminders(t, w.inbox, p)[inbox.KindSessionTomorrow])
		}
		return n
	}
	w.clock.set(at.Add(-25 * time.Hour))
	_, err = w.inbox.Remind(ctx)
	require.NoError(t, err)
	assert.Zero(t, count(), "more than a day ahead")
	for range 2 {
		w.clock.set(at.Add(-12 * time.Hour))
		_, err = w.inbox.Remind(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 2, count(), "the mentee and the mentor, once each")
	w.clock.set(at.Add(time.Hour))
	_, err = w.inbox.Remind(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, count())
}

// An objective's own check-in cadence overrides the default.
func TestRemindWithTheObjectivesCadence(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	c := &clock{t: t0}
	goals := okr.NewService(store, okr.WithClock(c.now))
	svc := inbox.NewService(store, inbox.WithClock(c.now), inbox.WithOKR(store))
	g, err := goals.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Run faster"})
	require.NoError(t, err)
	start, target := 0.0, 10.0
	weekly, err := goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, CheckInDays: 7, ObjectiveSpec: okr.ObjectiveSpec{
		Title: "Train", KeyResults: []okr.KeyResultInput{{Title: "Runs", Kind: okr.Increase, Start: &start, Target: &target}}}})
	require.NoError(t, err)
	assert.Equal(t, 7, weekly.CheckInDays)
	_, err = goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title: "Rest", KeyResults: []okr.KeyResultInput{{Title: "Rest days", Kind: okr.Increase, Start: &start, Target: &target}}}})
	require.NoError(t, err)
	_, err = goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, CheckInDays: 400, ObjectiveSpec: okr.ObjectiveSpec{Title: "x", KeyResults: []okr.KeyResultInput{{Title: "y", Kind: okr.Increase, Start: &start, Target: &target}}}})
	assert.ErrorIs(t, err, storage.ErrInvalid)

	c.set(t0.Add(8 * 24 * time.Hour))
	n, err := svc.Remind(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the weekly objective only")
	c.set(t0.Add(15 * 24 * time.Hour))
	n, err = svc.Remind(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "now the default cadence's too; the weekly one's occurrence is the same until a check-in")

	// Back to the default by a change of 0.
	updated, err := goals.UpdateObjective(ctx, "ana", weekly.ID, 0, okr.ObjectiveChanges{CheckInDays: new(0)})
	require.NoError(t, err)
	assert.Zero(t, updated.CheckInDays)
}
