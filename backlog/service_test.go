package backlog_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

type env struct {
	t     *testing.T
	ctx   context.Context
	svc   *backlog.Service
	store backlog.Store

	mu     sync.Mutex
	now    time.Time
	events []backlog.Event
	log    *events.Consumer // hands the store\'s event log to the observer
}

// newEnv returns a service on a memory store where fay and gus are
// facilitators, at 10 May 2026 (in 2026-Q2).
func newEnv(t *testing.T, opts ...backlog.Option) *env {
	return newEnvOn(t, memory.New(), opts...)
}

func newEnvOn(t *testing.T, store backlog.Store, opts ...backlog.Option) *env {
	e := &env{t: t, ctx: context.Background(), store: store, now: time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC)}
	opts = append([]backlog.Option{
		backlog.WithClock(e.clock),
		backlog.WithRoles(backlog.Facilitators("fay", "gus")),
		backlog.WithObserver(func(_ context.Context, ev backlog.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}),
	}, opts...)
	e.svc = backlog.NewService(store, opts...)
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

func (e *env) eventTypes() []backlog.EventType {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	var ts []backlog.EventType
	for _, ev := range e.events {
		ts = append(ts, ev.Type)
	}
	return ts
}

func (e *env) lastEvent() backlog.Event {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	require.NotEmpty(e.t, e.events)
	return e.events[len(e.events)-1]
}

func (e *env) item(author, title string) *backlog.Item {
	e.t.Helper()
	it, err := e.svc.AddItem(e.ctx, author, backlog.ItemInput{Title: title, Tags: []string{"Go"}})
	require.NoError(e.t, err)
	return it
}

func (e *env) get(id string) *backlog.Item {
	e.t.Helper()
	it, err := e.svc.Item(e.ctx, "anyone", id)
	require.NoError(e.t, err)
	return it
}

func (e *env) meeting(in backlog.MeetingInput) *backlog.Meeting {
	e.t.Helper()
	if in.Quarter == "" {
		in.Quarter = "2026-Q3"
	}
	if in.Participants == nil {
		in.Participants = []string{"ana", "ben", "cy"}
	}
	m, err := e.svc.OpenMeeting(e.ctx, "fay", in)
	require.NoError(e.t, err)
	return m
}

func (e *env) submit(participant, meetingID string, ests ...backlog.Estimate) *backlog.Meeting {
	e.t.Helper()
	m, err := e.svc.SubmitEstimates(e.ctx, participant, meetingID, backlog.EstimatesInput{Estimates: ests})
	require.NoError(e.t, err)
	return m
}

func est(itemID string, impact float64) backlog.Estimate {
	return backlog.Estimate{ItemID: itemID, Impact: &impact}
}

func withEffort(e backlog.Estimate, effort float64) backlog.Estimate {
	e.Effort = &effort
	return e
}

func TestAddItem(t *testing.T) {
	e := newEnv(t)
	it, err := e.svc.AddItem(e.ctx, "ana", backlog.ItemInput{
		Title: "  Kubernetes operators ", Description: "Write our own", Tags: []string{"K8s", "go", "k8s "},
		Links: []string{" https://kubernetes.io/docs/concepts/extend-kubernetes/operator/ "}, Effort: ptr(8.0),
	})
	require.NoError(t, err)
	assert.Equal(t, "Kubernetes operators", it.Title)
	assert.Equal(t, []string{"k8s", "go"}, it.Tags)
	assert.Equal(t, []string{"https://kubernetes.io/docs/concepts/extend-kubernetes/operator/"}, it.Links)
	assert.Equal(t, "ana", it.SuggestedBy)
	assert.Equal(t, backlog.StatusOpen, it.Status)
	assert.Equal(t, 8.0, *it.Effort)
	assert.Equal(t, int64(1), it.Version)
	assert.Equal(t, e.now, it.CreatedAt)
	assert.NotNil(t, it.Supporters)
	assert.Equal(t, it, e.get(it.ID))
	assert.Equal(t, []backlog.EventType{backlog.EventItemAdded}, e.eventTypes())

	_, err = e.svc.AddItem(e.ctx, "", backlog.ItemInput{Title: "x"})
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.AddItem(e.ctx, "ana", backlog.ItemInput{Title: " ", Links: []string{"not a url"}, Effort: ptr(0.0)})
	requireFields(t, err, "title", "links[0]", "effort")
	// Links are web links: no script, file or other schemes.
	_, err = e.svc.AddItem(e.ctx, "ana", backlog.ItemInput{Title: "x", Links: []string{
		"https://go.dev/doc", "javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,<script>alert(1)</script>",
		"file:///etc/passwd", "ftp://example.com/x", "http://", "HTTP://EXAMPLE.COM/A",
	}})
	requireFields(t, err, "links[1]", "links[2]", "links[3]", "links[4]", "links[5]", "links[6]")
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.False(t, verr.Has("links[0]") || verr.Has("links[7]"), "http and https links are fine: %v", verr.Fields)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{Links: &[]string{"javascript:alert(1)"}})
	requireFields(t, err, "links[0]")
	page, err := e.svc.Items(e.ctx, "ana", backlog.ItemFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1, "bad input stores nothing")
}

func TestEditItem(t *testing.T) {
	e := newEnv(t)
	it := e.item("ana", "Event sourcing")
	title := "Event sourcing in Go"
	got, err := e.svc.EditItem(e.ctx, "ana", it.ID, it.Version, backlog.ItemChanges{Title: &title, Effort: ptr(3.0)})
	require.NoError(t, err)
	assert.Equal(t, title, got.Title)
	assert.Equal(t, 3.0, *got.Effort)
	assert.Equal(t, int64(2), got.Version)

	_, err = e.svc.EditItem(e.ctx, "ben", it.ID, 0, backlog.ItemChanges{Title: &title})
	assert.ErrorIs(t, err, backlog.ErrNotAuthor)
	assert.ErrorIs(t, err, storage.ErrForbidden)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 1, backlog.ItemChanges{Title: &title})
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{Effort: ptr(-1.0), RemoveEffort: true, Title: ptr("")})
	requireFields(t, err, "effort", "removeEffort", "title")
	got, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{RemoveEffort: true})
	require.NoError(t, err)
	assert.Nil(t, got.Effort)

	// Changes that change nothing store nothing and tell nobody.
	events := len(e.eventTypes())
	for _, ch := range []backlog.ItemChanges{
		{},
		{Title: ptr(" " + title + " "), Tags: &[]string{"GO"}, RemoveEffort: true},
		{Description: ptr(""), Links: &[]string{}},
	} {
		same, err := e.svc.EditItem(e.ctx, "ana", it.ID, got.Version, ch)
		require.NoError(t, err)
		assert.Equal(t, got, same)
		assert.Equal(t, got, e.get(it.ID))
	}
	assert.Len(t, e.eventTypes(), events)
	_, err = e.svc.EditItem(e.ctx, "ben", it.ID, 0, backlog.ItemChanges{})
	assert.ErrorIs(t, err, backlog.ErrNotAuthor, "a change of nothing is still only the author's")
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, got.Version-1, backlog.ItemChanges{})
	assert.ErrorIs(t, err, storage.ErrConflict)
	got, err = e.svc.EditItem(e.ctx, "ana", it.ID, got.Version, backlog.ItemChanges{Effort: ptr(2.0)})
	require.NoError(t, err)
	assert.Equal(t, 2.0, *got.Effort)
	assert.Len(t, e.eventTypes(), events+1)

	// Once selected, the author may no longer edit it, even after it is
	// back in the backlog.
	_, err = e.store.UpdateItem(e.ctx, it.ID, 0, func(it *backlog.Item) error { return it.Select("m1", e.now) })
	require.NoError(t, err)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{Title: &title})
	assert.ErrorIs(t, err, backlog.ErrItemLocked)
	assert.ErrorIs(t, err, storage.ErrInvalidState)
	_, err = e.store.UpdateItem(e.ctx, it.ID, 0, func(it *backlog.Item) error { return it.Return(e.now) })
	require.NoError(t, err)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{Title: &title})
	assert.ErrorIs(t, err, backlog.ErrItemLocked)
	_, err = e.svc.EditItem(e.ctx, "ana", it.ID, 0, backlog.ItemChanges{})
	assert.ErrorIs(t, err, backlog.ErrItemLocked)
	_, err = e.svc.EditItem(e.ctx, "ana", "no-such-item", 0, backlog.ItemChanges{Title: &title})
	assert.ErrorIs(t, err, storage.ErrNotFound)
}

func TestSupport(t *testing.T) {
	e := newEnv(t)
	it := e.item("ana", "Property-based testing")
	_, err := e.svc.Support(e.ctx, "cy", it.ID, backlog.SupportInput{Reason: "flaky tests"})
	require.NoError(t, err)
	_, err = e.svc.Support(e.ctx, "ben", it.ID, backlog.SupportInput{})
	require.NoError(t, err)
	got, err := e.svc.Support(e.ctx, "cy", it.ID, backlog.SupportInput{Reason: " fewer flaky tests "})
	require.NoError(t, err)
	assert.Equal(t, 2, got.SupportCount(), "supporting twice counts once")
	assert.Equal(t, []backlog.Support{{Person: "ben", At: e.now}, {Person: "cy", Reason: "fewer flaky tests", At: e.now}}, got.Supporters)

	got, err = e.svc.Unsupport(e.ctx, "ben", it.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.SupportCount())
	again, err := e.svc.Unsupport(e.ctx, "ben", it.ID)
	require.NoError(t, err)
	assert.Equal(t, got.Version, again.Version, "withdrawing absent support changes nothing")

	_, err = e.svc.ArchiveItem(e.ctx, "fay", it.ID, 0)
	require.NoError(t, err)
	_, err = e.svc.Support(e.ctx, "dee", it.ID, backlog.SupportInput{})
	assert.ErrorIs(t, err, backlog.ErrItemNotOpen)
	_, err = e.svc.Support(e.ctx, "", it.ID, backlog.SupportInput{})
	assert.ErrorIs(t, err, storage.ErrNoActor)
	assert.Equal(t, []backlog.EventType{backlog.EventItemAdded, backlog.EventItemSupported, backlog.EventItemSupported,
		backlog.EventItemSupported, backlog.EventItemUnsupported, backlog.EventItemStatusChanged}, e.eventTypes())
}

func TestFacilitatorActions(t *testing.T) {
	e := newEnv(t)
	a, b, c, d := e.item("ana", "A"), e.item("ana", "B"), e.item("ben", "C"), e.item("ben", "D")

	_, err := e.svc.RejectItem(e.ctx, "ana", a.ID, 0, backlog.RejectInput{Reason: "no"})
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	assert.ErrorIs(t, err, storage.ErrForbidden)
	nobody := newEnvOn(t, e.store, backlog.WithRoles(nil))
	_, err = nobody.svc.ArchiveItem(e.ctx, "fay", a.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator, "without roles nobody is a facilitator")

	_, err = e.svc.RejectItem(e.ctx, "fay", a.ID, 0, backlog.RejectInput{Reason: "  "})
	requireFields(t, err, "reason")
	assert.Equal(t, a, e.get(a.ID), "bad input changes nothing")

	got, err := e.svc.RejectItem(e.ctx, "fay", a.ID, a.Version, backlog.RejectInput{Reason: "covered by onboarding"})
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusRejected, got.Status)
	assert.Equal(t, "covered by onboarding", got.Reason)
	assert.Equal(t, backlog.Event{Type: backlog.EventItemStatusChanged, At: e.now, Actor: "fay", ItemID: a.ID,
		From: backlog.StatusOpen, To: backlog.StatusRejected}, e.lastEvent())

	_, err = e.svc.ArchiveItem(e.ctx, "gus", a.ID, 0)
	var terr *backlog.TransitionError
	require.ErrorAs(t, err, &terr)
	assert.Equal(t, backlog.StatusRejected, terr.From)
	assert.Equal(t, backlog.StatusArchived, terr.To)
	assert.ErrorIs(t, err, storage.ErrInvalidState)
	assert.EqualError(t, err, "backlog: item "+a.ID+" cannot go from rejected to archived")

	_, err = e.svc.MarkDuplicate(e.ctx, "fay", b.ID, 0, backlog.DuplicateInput{Of: "no-such-item"})
	requireFields(t, err, "of")
	_, err = e.svc.MarkDuplicate(e.ctx, "fay", b.ID, 0, backlog.DuplicateInput{Of: b.ID})
	requireFields(t, err, "of")
	got, err = e.svc.MarkDuplicate(e.ctx, "fay", b.ID, 0, backlog.DuplicateInput{Of: c.ID})
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusDuplicate, got.Status)
	assert.Equal(t, c.ID, got.DuplicateOf)

	_, err = e.svc.ArchiveItem(e.ctx, "gus", d.ID, 5)
	assert.ErrorIs(t, err, storage.ErrConflict)
	got, err = e.svc.ArchiveItem(e.ctx, "gus", d.ID, d.Version)
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusArchived, got.Status)

	open, err := e.svc.Items(e.ctx, "cy", backlog.ItemFilter{Status: backlog.StatusOpen}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Equal(t, []string{c.ID}, itemIDs(open.Items))
	_, err = e.svc.Items(e.ctx, "cy", backlog.ItemFilter{Status: "lost"}, storage.PageRequest{})
	requireFields(t, err, "status")
}

func itemIDs(items []backlog.Item) []string {
	ids := []string{}
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

func TestOpenMeeting(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.OpenMeeting(e.ctx, "ana", backlog.MeetingInput{Quarter: "2026-Q3", Participants: []string{"ana"}})
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)

	_, err = e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{
		Quarter: "Q3", Participants: []string{" "}, Facilitators: []string{"gus", "ana"},
		Policy:   &backlog.PolicySpec{Name: "aging", Params: map[string]float64{"speed": 1}, Base: &backlog.PolicySpec{Name: "dice"}},
		Capacity: backlog.CapacityInput{MaxTopics: ptr(0), Budget: ptr(0.0)}, Aggregation: "mode",
	})
	requireFields(t, err, "quarter", "participants", "facilitators[1]", "policy.params.speed", "policy.base.name",
		"capacity.maxTopics", "capacity.budget", "aggregation")
	_, err = e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Participants: []string{"ana"}})
	requireFields(t, err, "quarter")
	page, err := e.svc.Meetings(e.ctx, "fay", backlog.MeetingFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "bad input stores nothing")

	m, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{
		Quarter: "2026-Q3", Title: " Q3 ", Participants: []string{"cy", "ana", "cy"}, Facilitators: []string{"gus"},
	})
	require.NoError(t, err)
	assert.Equal(t, backlog.Quarter{Year: 2026, Num: 3}, m.Quarter)
	assert.Equal(t, "Q3", m.Title)
	assert.Equal(t, []string{"fay", "gus"}, m.Facilitators)
	assert.Equal(t, []string{"ana", "cy"}, m.Participants)
	assert.Equal(t, backlog.PolicySpec{Name: "impact"}, m.Policy, "Impact by default")
	assert.Equal(t, backlog.Capacity{MaxTopics: 3}, m.Capacity, "three topics, no budget by default")
	assert.Equal(t, backlog.Median, m.Aggregation)
	assert.Equal(t, backlog.MeetingOpen, m.Status)
	assert.Equal(t, "fay", m.OpenedBy)

	m, err = e.svc.OpenMeeting(e.ctx, "gus", backlog.MeetingInput{
		Quarter: "2026-Q4", Participants: []string{"ana"}, Policy: &backlog.PolicySpec{Name: "Aging", Base: &backlog.PolicySpec{Name: "wsjf"}},
		Capacity: backlog.CapacityInput{MaxTopics: ptr(2), Budget: ptr(15.0)}, Aggregation: backlog.Mean,
	})
	require.NoError(t, err)
	assert.Equal(t, backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.1}, Base: &backlog.PolicySpec{Name: "wsjf"}}, m.Policy,
		"the meeting records the full spec")
	assert.Equal(t, backlog.Capacity{MaxTopics: 2, Budget: ptr(15.0)}, m.Capacity)

	q4, err := e.svc.Meetings(e.ctx, "ana", backlog.MeetingFilter{Quarter: backlog.Quarter{Year: 2026, Num: 4}}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, q4.Items, 1)
	assert.Equal(t, m.ID, q4.Items[0].ID)
}

// A quarter has at most one meeting that is not cancelled, also when
// facilitators open meetings at the same time.
func TestOneMeetingPerQuarter(t *testing.T) {
	e := newEnv(t)
	in := backlog.MeetingInput{Quarter: "2026-Q3", Participants: []string{"ana"}}
	first, err := e.svc.OpenMeeting(e.ctx, "fay", in)
	require.NoError(t, err)
	events := len(e.eventTypes())

	_, err = e.svc.OpenMeeting(e.ctx, "gus", in)
	assert.ErrorIs(t, err, backlog.ErrQuarterTaken)
	assert.ErrorIs(t, err, storage.ErrAlreadyExists)
	assert.Len(t, e.eventTypes(), events, "observers hear of nothing")
	page, err := e.svc.Meetings(e.ctx, "ana", backlog.MeetingFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1, "nothing is stored")

	_, err = e.svc.CancelMeeting(e.ctx, "fay", first.ID, 0)
	require.NoError(t, err)
	second, err := e.svc.OpenMeeting(e.ctx, "gus", in)
	require.NoError(t, err, "a cancelled meeting frees the quarter")
	_, err = e.svc.CloseMeeting(e.ctx, "gus", second.ID, 0)
	require.NoError(t, err)
	_, err = e.svc.OpenMeeting(e.ctx, "fay", in)
	assert.ErrorIs(t, err, backlog.ErrQuarterTaken, "a closed meeting keeps the quarter")

	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q4", Participants: []string{"ana"}})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	opened := 0
	for err := range errs {
		if err == nil {
			opened++
		} else {
			assert.ErrorIs(t, err, backlog.ErrQuarterTaken)
		}
	}
	assert.Equal(t, 1, opened, "exactly one concurrent open wins")
}

func TestSubmitEstimates(t *testing.T) {
	e := newEnv(t)
	a, b, gone := e.item("ana", "A"), e.item("ben", "B"), e.item("ben", "Gone")
	_, err := e.svc.RejectItem(e.ctx, "fay", gone.ID, 0, backlog.RejectInput{Reason: "old"})
	require.NoError(t, err)
	m := e.meeting(backlog.MeetingInput{})

	_, err = e.svc.SubmitEstimates(e.ctx, "dee", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(a.ID, 5)}})
	assert.ErrorIs(t, err, backlog.ErrNotParticipant)
	assert.ErrorIs(t, err, storage.ErrForbidden)

	_, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{
		Estimates: []backlog.Estimate{
			{ItemID: a.ID},                   // no impact
			withEffort(est(b.ID, 11), 0),     // impact above 10, zero effort
			est(gone.ID, 5),                  // not open
			est(a.ID, 5),                     // repeats estimates[0]
			{ItemID: "", Impact: ptr(3.0)},   // no item
			{ItemID: b.ID, Impact: ptr(0.5)}, // below 1; repeats b
			{ItemID: a.ID, Impact: ptr(2.0), Confidence: ptr(120.0), Reach: ptr(-1.0)},
		},
		Ballot: &[]string{b.ID, "stranger", b.ID},
	})
	requireFields(t, err, "estimates[0].impact", "estimates[1].impact", "estimates[1].effort", "estimates[2].itemId",
		"estimates[3].itemId", "estimates[4].itemId", "estimates[5].impact", "estimates[5].itemId",
		"estimates[6].confidence", "estimates[6].reach", "ballot[1]", "ballot[2]")
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, f := range verr.Fields {
		switch f.Field {
		case "estimates[0].impact":
			assert.Equal(t, "is required (item "+a.ID+")", f.Message)
		case "estimates[1].effort":
			assert.Equal(t, "must be greater than 0 (item "+b.ID+")", f.Message)
		case "estimates[2].itemId":
			assert.Equal(t, "must name an open item (item "+gone.ID+")", f.Message)
		case "estimates[4].itemId":
			assert.Equal(t, "is required", f.Message, "no item to name")
		}
	}
	_, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{})
	requireFields(t, err, "estimates")
	stored, err := e.svc.Meeting(e.ctx, "ana", m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, stored, "bad input changes nothing")

	// Later estimates replace earlier ones item by item; a ballot replaces
	// the ballot.
	e.submit("ana", m.ID, est(a.ID, 5), est(b.ID, 6))
	e.setNow(e.now.Add(time.Hour))
	got, err := e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{
		Estimates: []backlog.Estimate{withEffort(est(a.ID, 8), 3)}, Ballot: &[]string{b.ID, a.ID},
	})
	require.NoError(t, err)
	require.Len(t, got.Submissions, 1)
	sub := got.Submissions[0]
	assert.Equal(t, "ana", sub.Participant)
	assert.Equal(t, e.now, sub.At)
	assert.Equal(t, []string{b.ID, a.ID}, sub.Ballot)
	want := []backlog.Estimate{withEffort(est(a.ID, 8), 3), est(b.ID, 6)}
	if a.ID > b.ID {
		want[0], want[1] = want[1], want[0]
	}
	assert.Equal(t, want, sub.Estimates, "one estimate per item, ordered by item ID")
	got, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{Ballot: &[]string{a.ID}})
	require.NoError(t, err)
	assert.Equal(t, []string{a.ID}, got.Submissions[0].Ballot)
	assert.Len(t, got.Submissions[0].Estimates, 2, "a ballot alone keeps the estimates")
	assert.Equal(t, backlog.EventEstimatesSubmitted, e.lastEvent().Type)

	_, err = e.svc.CancelMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	_, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(a.ID, 5)}})
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
}

// A policy that divides by effort makes participants give one, and zero
// is refused at submission.
func TestSubmitEstimatesRequiredByPolicy(t *testing.T) {
	e := newEnv(t)
	a, b := e.item("ana", "A"), e.item("ben", "B")
	m := e.meeting(backlog.MeetingInput{Policy: &backlog.PolicySpec{Name: "wsjf"}})
	_, err := e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{
		withEffort(est(a.ID, 5), 2), est(b.ID, 7),
	}})
	requireFields(t, err, "estimates[1].effort")
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{{Field: "estimates[1].effort", Message: "is required by policy wsjf (item " + b.ID + ")"}}, verr.Fields,
		"the message names the item")
	_, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{withEffort(est(b.ID, 7), 0)}})
	requireFields(t, err, "estimates[0].effort")

	rice := e.meeting(backlog.MeetingInput{Quarter: "2026-Q4", Policy: &backlog.PolicySpec{Name: "rice"}})
	_, err = e.svc.SubmitEstimates(e.ctx, "ana", rice.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(a.ID, 5)}})
	requireFields(t, err, "estimates[0].reach", "estimates[0].confidence", "estimates[0].effort")
}

// closeFixture opens a meeting for 2026-Q3 with budget 10 and 2 topics over
// four items and has ana and ben estimate them.
func closeFixture(t *testing.T, e *env) (*backlog.Meeting, []*backlog.Item) {
	e.setNow(time.Date(2026, time.February, 2, 9, 0, 0, 0, time.UTC)) // 2026-Q1
	old := e.item("ana", "Old")
	e.setNow(time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC)) // 2026-Q2
	items := []*backlog.Item{old, e.item("ben", "Big"), e.item("cy", "Small"), e.item("ana", "Unloved")}
	_, err := e.svc.EditItem(e.ctx, "cy", items[2].ID, 0, backlog.ItemChanges{Effort: ptr(2.0)})
	require.NoError(t, err)
	_, err = e.svc.Support(e.ctx, "dee", items[1].ID, backlog.SupportInput{Reason: "customers ask"})
	require.NoError(t, err)
	m := e.meeting(backlog.MeetingInput{Participants: []string{"ana", "ben"}, Facilitators: []string{"gus"},
		Capacity: backlog.CapacityInput{MaxTopics: ptr(2), Budget: ptr(10.0)}})
	// Old: median(6, 8) = 7, effort median(4, 6) = 5.
	// Big: median(9, 9) = 9, effort 8: over the budget left after Old.
	// Small: 5, effort from its author: 2.
	// Unloved: nobody estimated it.
	e.submit("ana", m.ID, withEffort(est(items[0].ID, 6), 4), withEffort(est(items[1].ID, 9), 8), est(items[2].ID, 5))
	e.submit("ben", m.ID, withEffort(est(items[0].ID, 8), 6), withEffort(est(items[1].ID, 9), 8))
	m, err = e.svc.Meeting(e.ctx, "fay", m.ID)
	require.NoError(t, err)
	return m, items
}

func TestCloseMeeting(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	old, big, small, unloved := items[0], items[1], items[2], items[3]

	_, err := e.svc.CloseMeeting(e.ctx, "ana", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	_, err = e.svc.CloseMeeting(e.ctx, "gus", m.ID, m.Version-1)
	assert.ErrorIs(t, err, storage.ErrConflict)

	e.setNow(time.Date(2026, time.June, 20, 15, 0, 0, 0, time.UTC))
	closed, err := e.svc.CloseMeeting(e.ctx, "gus", m.ID, m.Version)
	require.NoError(t, err)
	assert.Equal(t, backlog.MeetingClosed, closed.Status)
	assert.Equal(t, "gus", closed.ClosedBy)
	assert.Equal(t, e.now, *closed.ClosedAt)

	snap := closed.Snapshot
	require.NotNil(t, snap)
	assert.Equal(t, backlog.Snapshot{
		Quarter: backlog.Quarter{Year: 2026, Num: 3}, Policy: backlog.PolicySpec{Name: "impact"},
		Capacity: backlog.Capacity{MaxTopics: 2, Budget: ptr(10.0)}, Aggregation: backlog.Median,
		Candidates: []backlog.Candidate{
			{ItemID: old.ID, Title: "Old", Estimate: backlog.Aggregate{Impact: 7, Effort: ptr(5.0)}, Estimates: 2, Age: 1},
			{ItemID: big.ID, Title: "Big", Estimate: backlog.Aggregate{Impact: 9, Effort: ptr(8.0)}, Estimates: 2, Support: 1},
			{ItemID: small.ID, Title: "Small", Estimate: backlog.Aggregate{Impact: 5, Effort: ptr(2.0)}, Estimates: 1},
			{ItemID: unloved.ID, Title: "Unloved", Estimates: 0},
		},
		Ballots: []backlog.Ballot{},
	}, *snap)

	res := closed.Result
	require.NotNil(t, res)
	checkDecision(t, res, []decision{
		{big.ID, true, backlog.ReasonSelected},    // 9, effort 8: 2 left
		{old.ID, false, backlog.ReasonOverBudget}, // 7, effort 5 > 2
		{small.ID, true, backlog.ReasonSelected},  // 5, effort 2: 0 left
		{unloved.ID, false, backlog.ReasonNoScore},
	}, 10)
	assert.Equal(t, "impact 9 (from 2 estimates)", res.Entries[0].Explanation)
	assert.Equal(t, []string{big.ID, small.ID}, closed.Selected())

	for _, it := range []*backlog.Item{big, small} {
		got := e.get(it.ID)
		assert.Equal(t, backlog.StatusSelected, got.Status)
		assert.Equal(t, m.ID, got.MeetingID)
		assert.Equal(t, e.now, *got.FirstSelectedAt)
	}
	for _, it := range []*backlog.Item{old, unloved} {
		assert.Equal(t, backlog.StatusOpen, e.get(it.ID).Status, "unselected items stay open")
	}
	selected, err := e.svc.Items(e.ctx, "ana", backlog.ItemFilter{MeetingID: m.ID}, storage.PageRequest{})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{big.ID, small.ID}, itemIDs(selected.Items))

	types := e.eventTypes()
	assert.Equal(t, []backlog.EventType{backlog.EventMeetingClosed, backlog.EventItemStatusChanged, backlog.EventItemStatusChanged}, types[len(types)-3:])

	// A closed meeting never changes.
	_, err = e.svc.CloseMeeting(e.ctx, "gus", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
	_, err = e.svc.CancelMeeting(e.ctx, "gus", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
	_, err = e.svc.SubmitEstimates(e.ctx, "ana", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(old.ID, 10)}})
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
	_, err = e.svc.ChangeMeeting(e.ctx, "fay", m.ID, 0, backlog.MeetingChanges{Title: ptr("x")})
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
	_, err = e.svc.Preview(e.ctx, "ana", m.ID, nil)
	assert.ErrorIs(t, err, backlog.ErrMeetingNotOpen)
	again, err := e.svc.Meeting(e.ctx, "ana", m.ID)
	require.NoError(t, err)
	assert.Equal(t, closed, again)
}

// Re-running the recorded policy on the recorded inputs gives the
// recorded result, after the backlog moved on and after a trip through
// JSON.
func TestClosedMeetingIsReproducible(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)

	// The backlog changes afterwards.
	_, err = e.svc.Support(e.ctx, "eve", items[0].ID, backlog.SupportInput{})
	require.NoError(t, err)
	_, err = e.svc.ArchiveItem(e.ctx, "fay", items[3].ID, 0)
	require.NoError(t, err)
	e.item("zed", "Newcomer")

	replayed, err := e.svc.Replay(e.ctx, "anyone", m.ID)
	require.NoError(t, err)
	assert.Equal(t, closed.Result, replayed)

	b, err := json.Marshal(closed)
	require.NoError(t, err)
	var decoded backlog.Meeting
	require.NoError(t, json.Unmarshal(b, &decoded))
	p, err := backlog.BuildPolicy(decoded.Snapshot.Policy)
	require.NoError(t, err)
	res, err := backlog.Decide(p, *decoded.Snapshot)
	require.NoError(t, err)
	assert.Equal(t, closed.Result, res)

	open := e.meeting(backlog.MeetingInput{Quarter: "2026-Q4"})
	_, err = e.svc.Replay(e.ctx, "anyone", open.ID)
	assert.ErrorIs(t, err, backlog.ErrMeetingNotClosed)
}

// failingStore fails UpdateItem for one item, to break a close midway.
type failingStore struct {
	*memory.Store
	failID string
}

var errInjected = errors.New("injected failure")

func (s *failingStore) UpdateItem(ctx context.Context, id string, version int64, fn func(*backlog.Item) error) (*backlog.Item, error) {
	if id == s.failID {
		return nil, errInjected
	}
	return s.Store.UpdateItem(ctx, id, version, fn)
}

func TestCloseMeetingIsAtomic(t *testing.T) {
	store := &failingStore{Store: memory.New()}
	e := newEnvOn(t, store)
	m, items := closeFixture(t, e)
	store.failID = items[2].ID // the second item to be selected
	_, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.ErrorIs(t, err, errInjected)

	again, err := e.svc.Meeting(e.ctx, "fay", m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, again, "the meeting is still open and unchanged")
	for _, it := range items {
		assert.Equal(t, backlog.StatusOpen, e.get(it.ID).Status, "no item was selected")
	}
	assert.NotContains(t, e.eventTypes(), backlog.EventMeetingClosed, "observers hear only of committed changes")

	store.failID = ""
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	assert.Len(t, closed.Selected(), 2)
}

// A selected item that changed after the close read it makes the close
// fail with a conflict rather than select an item in another state.
func TestCloseMeetingSeesConcurrentChange(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	// Big changes between the listing of open items and its selection.
	hook := &hookStore{Store: e.store.(*memory.Store), afterList: func(ctx context.Context, s *memory.Store) {
		_, err := s.UpdateItem(ctx, items[1].ID, 0, func(it *backlog.Item) error { return it.Archive(e.now) })
		require.NoError(t, err)
	}}
	h := newEnvOn(t, hook)
	_, err := h.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	assert.ErrorIs(t, err, storage.ErrConflict)
	got, err := e.svc.Meeting(e.ctx, "fay", m.ID)
	require.NoError(t, err)
	assert.Equal(t, backlog.MeetingOpen, got.Status)
}

// hookStore runs afterList once, inside the transaction, after the first
// list of items.
type hookStore struct {
	*memory.Store
	afterList func(context.Context, *memory.Store)
	done      bool
}

func (s *hookStore) Items(ctx context.Context, f backlog.ItemFilter, page storage.PageRequest) (storage.Page[backlog.Item], error) {
	p, err := s.Store.Items(ctx, f, page)
	if err == nil && !s.done {
		s.done = true
		s.afterList(ctx, s.Store)
	}
	return p, err
}

func TestPreview(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	before := make([]*backlog.Item, len(items))
	for i, it := range items {
		before[i] = e.get(it.ID)
	}

	own, err := e.svc.Preview(e.ctx, "ana", m.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{items[1].ID, items[2].ID}, own.Result.Selected, "the meeting's own policy, as closing would")

	wsjf, err := e.svc.Preview(e.ctx, "ana", m.ID, &backlog.PolicySpec{Name: "wsjf"})
	require.NoError(t, err)
	assert.Equal(t, backlog.PolicySpec{Name: "wsjf"}, wsjf.Snapshot.Policy)
	// Small 5 ÷ 2 = 2.5, Old 7 ÷ 5 = 1.4, Big 9 ÷ 8 = 1.125, Unloved 0.
	ids := []string{}
	for _, en := range wsjf.Result.Entries {
		ids = append(ids, en.ItemID)
	}
	assert.Equal(t, []string{items[2].ID, items[0].ID, items[1].ID, items[3].ID}, ids)
	assert.Equal(t, []string{items[2].ID, items[0].ID}, wsjf.Result.Selected)

	_, err = e.svc.Preview(e.ctx, "ana", m.ID, &backlog.PolicySpec{Name: "tarot"})
	requireFields(t, err, "policy.name")

	after, err := e.svc.Meeting(e.ctx, "ana", m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, after, "previews change nothing")
	for i, it := range items {
		assert.Equal(t, before[i], e.get(it.ID))
	}
}

// The sprint package ends a sprint with Complete and Return inside one
// transaction; a returned item is ranked again with its carry-over.
func TestSprintSettlesItems(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	done, back := closed.Selected()[0], closed.Selected()[1]

	end := time.Date(2026, time.September, 25, 17, 0, 0, 0, time.UTC)
	err = e.store.Atomic(e.ctx, func(ctx context.Context) error {
		if _, err := e.store.UpdateItem(ctx, done, 0, func(it *backlog.Item) error { return it.Complete(end) }); err != nil {
			return err
		}
		_, err := e.store.UpdateItem(ctx, back, 0, func(it *backlog.Item) error { return it.Return(end) })
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusDone, e.get(done).Status)
	returned := e.get(back)
	assert.Equal(t, backlog.StatusOpen, returned.Status)
	assert.Equal(t, 1, returned.CarryOvers)
	assert.Empty(t, returned.MeetingID)

	// A second settlement fails as a whole: done cannot go to done.
	err = e.store.Atomic(e.ctx, func(ctx context.Context) error {
		if _, err := e.store.UpdateItem(ctx, items[0].ID, 0, func(it *backlog.Item) error { return it.Archive(end) }); err != nil {
			return err
		}
		_, err := e.store.UpdateItem(ctx, done, 0, func(it *backlog.Item) error { return it.Complete(end) })
		return err
	})
	assert.ErrorIs(t, err, backlog.ErrInvalidTransition)
	assert.Equal(t, backlog.StatusOpen, e.get(items[0].ID).Status, "the first step was rolled back")

	next := e.meeting(backlog.MeetingInput{Quarter: "2026-Q4"})
	p, err := e.svc.Preview(e.ctx, "ana", next.ID, nil)
	require.NoError(t, err)
	var cand *backlog.Candidate
	for i := range p.Snapshot.Candidates {
		if p.Snapshot.Candidates[i].ItemID == back {
			cand = &p.Snapshot.Candidates[i]
		}
	}
	require.NotNil(t, cand, "a returned item is a candidate again")
	assert.Equal(t, 1, cand.CarryOvers)
	assert.Equal(t, 1, cand.Age, "suggested in 2026-Q2, ranked for 2026-Q4")
}

// Only the facilitators named on a meeting change, close or cancel it, as
// long as they are facilitators; a meeting none of whose facilitators is
// one any more may be taken over by any facilitator.
func TestMeetingFacilitators(t *testing.T) {
	var mu sync.Mutex
	roles := map[string]bool{"fay": true, "gus": true, "hal": true}
	e := newEnv(t, backlog.WithRoles(backlog.RolesFunc(func(_ context.Context, p string) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		return roles[p], nil
	})))
	setRole := func(p string, on bool) {
		mu.Lock()
		defer mu.Unlock()
		roles[p] = on
	}
	e.item("ana", "A")
	m, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q3", Participants: []string{"ana"}, Facilitators: []string{"hal"}})
	require.NoError(t, err)
	require.Equal(t, []string{"fay", "hal"}, m.Facilitators)

	_, err = e.svc.ChangeMeeting(e.ctx, "gus", m.ID, 0, backlog.MeetingChanges{Title: ptr("taken")})
	assert.ErrorIs(t, err, backlog.ErrNotMeetingFacilitator)
	assert.ErrorIs(t, err, storage.ErrForbidden)
	_, err = e.svc.CloseMeeting(e.ctx, "gus", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotMeetingFacilitator)
	_, err = e.svc.CancelMeeting(e.ctx, "gus", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotMeetingFacilitator)
	_, err = e.svc.CancelMeeting(e.ctx, "ana", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator, "not a facilitator at all")
	_, err = e.svc.CancelMeeting(e.ctx, "gus", "no-such-meeting", 0)
	assert.ErrorIs(t, err, storage.ErrNotFound)
	got, err := e.svc.Meeting(e.ctx, "ana", m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got, "refused actions change nothing")

	m, err = e.svc.ChangeMeeting(e.ctx, "hal", m.ID, 0, backlog.MeetingChanges{Title: ptr("by a co-facilitator")})
	require.NoError(t, err)

	// A named facilitator who lost the role may no longer act, while
	// another named one still is a facilitator.
	setRole("fay", false)
	_, err = e.svc.CancelMeeting(e.ctx, "fay", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	_, err = e.svc.CancelMeeting(e.ctx, "gus", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotMeetingFacilitator)

	// Once none of them is, any facilitator takes over.
	setRole("hal", false)
	closed, err := e.svc.CloseMeeting(e.ctx, "gus", m.ID, 0)
	require.NoError(t, err)
	assert.Equal(t, "gus", closed.ClosedBy)
}

// A facilitator releases an item a meeting selected but no sprint took on,
// so it is not stuck in selected.
func TestReleaseItem(t *testing.T) {
	e := newEnv(t)
	m, items := closeFixture(t, e)
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	id := closed.Selected()[0]
	selected := e.get(id)
	require.Equal(t, backlog.StatusSelected, selected.Status)

	_, err = e.svc.ReleaseItem(e.ctx, "ana", id, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	_, err = e.svc.ReleaseItem(e.ctx, "", id, 0)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.ReleaseItem(e.ctx, "gus", id, selected.Version+1)
	assert.ErrorIs(t, err, storage.ErrConflict)
	assert.Equal(t, selected, e.get(id), "refused releases change nothing")

	e.setNow(e.now.Add(time.Hour))
	got, err := e.svc.ReleaseItem(e.ctx, "gus", id, selected.Version)
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusOpen, got.Status)
	assert.Equal(t, 0, got.CarryOvers, "a release is no carry-over")
	assert.Empty(t, got.MeetingID)
	assert.Equal(t, selected.FirstSelectedAt, got.FirstSelectedAt, "its author still may not edit it")
	assert.Equal(t, e.now, got.StatusChangedAt)
	assert.Equal(t, got, e.get(id))
	assert.Equal(t, backlog.Event{Type: backlog.EventItemStatusChanged, At: e.now, Actor: "gus", ItemID: id, MeetingID: m.ID,
		From: backlog.StatusSelected, To: backlog.StatusOpen}, e.lastEvent())

	_, err = e.svc.ReleaseItem(e.ctx, "gus", id, 0)
	assert.ErrorIs(t, err, backlog.ErrInvalidTransition, "only a selected item is released")
	_, err = e.svc.ReleaseItem(e.ctx, "gus", items[3].ID, 0)
	assert.ErrorIs(t, err, backlog.ErrInvalidTransition)
	_, err = e.svc.ReleaseItem(e.ctx, "gus", "no-such-item", 0)
	assert.ErrorIs(t, err, storage.ErrNotFound)

	next := e.meeting(backlog.MeetingInput{Quarter: "2026-Q4"})
	p, err := e.svc.Preview(e.ctx, "ana", next.ID, nil)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(p.Snapshot.Candidates, func(c backlog.Candidate) bool { return c.ItemID == id }),
		"the next meeting ranks it again")
}

// With fiscal years starting in October, an item's age counts fiscal
// quarters: suggested on 20 September 2026 (fiscal 2025-Q4) and ranked for
// 2026-Q2 (January to March 2027), it has waited 2026-Q1.
func TestAgeInFiscalQuarters(t *testing.T) {
	ages := func(e *env) map[string]int {
		e.setNow(time.Date(2026, time.September, 20, 9, 0, 0, 0, time.UTC))
		september := e.item("ana", "September")
		e.setNow(time.Date(2026, time.October, 2, 9, 0, 0, 0, time.UTC))
		october := e.item("ana", "October")
		m := e.meeting(backlog.MeetingInput{Quarter: "2026-Q2"})
		p, err := e.svc.Preview(e.ctx, "ana", m.ID, nil)
		require.NoError(t, err)
		out := map[string]int{}
		for _, c := range p.Snapshot.Candidates {
			switch c.ItemID {
			case september.ID:
				out["september"] = c.Age
			case october.ID:
				out["october"] = c.Age
			}
		}
		return out
	}
	assert.Equal(t, map[string]int{"september": 1, "october": 0}, ages(newEnv(t, backlog.WithFiscalYearStart(time.October))))
	// In calendar quarters, 2026-Q2 is before both.
	assert.Equal(t, map[string]int{"september": 0, "october": 0}, ages(newEnv(t)))
}

func TestChangeAndCancelMeeting(t *testing.T) {
	e := newEnv(t)
	a := e.item("ana", "A")
	m := e.meeting(backlog.MeetingInput{Facilitators: []string{"gus"}, Capacity: backlog.CapacityInput{Budget: ptr(5.0)}})
	e.submit("ana", m.ID, est(a.ID, 5))
	e.submit("ben", m.ID, est(a.ID, 7))

	_, err := e.svc.ChangeMeeting(e.ctx, "ana", m.ID, 0, backlog.MeetingChanges{Title: ptr("x")})
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	_, err = e.svc.ChangeMeeting(e.ctx, "fay", m.ID, 0, backlog.MeetingChanges{Participants: &[]string{}, RemoveBudget: true,
		Capacity: &backlog.CapacityInput{Budget: ptr(1.0), MaxTopics: ptr(0)}})
	requireFields(t, err, "participants", "removeBudget", "capacity.maxTopics")

	got, err := e.svc.ChangeMeeting(e.ctx, "fay", m.ID, 0, backlog.MeetingChanges{
		Participants: &[]string{"ben", "dee"}, Capacity: &backlog.CapacityInput{MaxTopics: ptr(2)}, RemoveBudget: true,
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"ben", "dee"}, got.Participants)
	assert.Equal(t, backlog.Capacity{MaxTopics: 2}, got.Capacity)
	require.Len(t, got.Submissions, 1, "a removed participant's submission goes")
	assert.Equal(t, "ben", got.Submissions[0].Participant)
	assert.Equal(t, backlog.EventMeetingChanged, e.lastEvent().Type)

	_, err = e.svc.CancelMeeting(e.ctx, "ana", m.ID, 0)
	assert.ErrorIs(t, err, backlog.ErrNotFacilitator)
	cancelled, err := e.svc.CancelMeeting(e.ctx, "gus", m.ID, got.Version)
	require.NoError(t, err)
	assert.Equal(t, backlog.MeetingCancelled, cancelled.Status)
	assert.Nil(t, cancelled.Result)
	assert.Nil(t, cancelled.Selected())
	assert.Equal(t, backlog.StatusOpen, e.get(a.ID).Status)
	_, err = e.svc.Replay(e.ctx, "ana", m.ID)
	assert.ErrorIs(t, err, backlog.ErrMeetingNotClosed)
}

func TestBordaMeeting(t *testing.T) {
	e := newEnv(t)
	a, b, c := e.item("ana", "A"), e.item("ben", "B"), e.item("cy", "C")
	m := e.meeting(backlog.MeetingInput{Policy: &backlog.PolicySpec{Name: "borda"}, Capacity: backlog.CapacityInput{MaxTopics: ptr(1)}})
	for _, s := range []struct {
		who    string
		ballot []string
	}{{"ana", []string{a.ID, b.ID, c.ID}}, {"ben", []string{c.ID, b.ID}}, {"cy", []string{b.ID, c.ID, a.ID}}} {
		_, err := e.svc.SubmitEstimates(e.ctx, s.who, m.ID, backlog.EstimatesInput{Ballot: &s.ballot})
		require.NoError(t, err, "a ballot alone is a submission")
	}
	// A leaves before the close: ballots lose it. Over the ballots that
	// remain — [B, C], [C, B], [B, C] — B has 2 + 1 + 2 = 5, C 1 + 2 + 1 = 4.
	_, err := e.svc.ArchiveItem(e.ctx, "fay", a.ID, 0)
	require.NoError(t, err)
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	assert.Equal(t, []backlog.Ballot{
		{Participant: "ana", Items: []string{b.ID, c.ID}},
		{Participant: "ben", Items: []string{c.ID, b.ID}},
		{Participant: "cy", Items: []string{b.ID, c.ID}},
	}, closed.Snapshot.Ballots)
	assert.Equal(t, []string{b.ID}, closed.Selected())
	assert.Equal(t, 5.0, closed.Result.Entries[0].Score)
	assert.Equal(t, "5 points from 3 ballots", closed.Result.Entries[0].Explanation)
	assert.Equal(t, backlog.ReasonTopicsFull, closed.Result.Entries[1].Reason)
}

// supportWeighted is a host's own policy: impact plus one per supporter.
type supportWeighted struct{ perSupporter float64 }

func (p supportWeighted) Spec() backlog.PolicySpec {
	return backlog.PolicySpec{Name: "support", Params: map[string]float64{"perSupporter": p.perSupporter}}
}

func (p supportWeighted) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		bonus := p.perSupporter * float64(c.Support)
		out[i] = backlog.Score{Value: c.Estimate.Impact + bonus, Components: []backlog.Component{{Name: "impact", Value: c.Estimate.Impact}, {Name: "supportBonus", Value: bonus}}}
	}
	return out, nil
}

func TestWithPolicy(t *testing.T) {
	build := func(spec backlog.PolicySpec) (backlog.Policy, error) {
		per, ok := spec.Params["perSupporter"]
		if !ok {
			per = 1
		}
		return supportWeighted{perSupporter: per}, nil
	}
	e := newEnv(t, backlog.WithPolicy("support", build))
	assert.Equal(t, []string{"aging", "borda", "impact", "rice", "support", "wsjf"}, e.svc.PolicyNames())
	a, b := e.item("ana", "A"), e.item("ben", "B")
	for _, who := range []string{"cy", "dee", "eve"} {
		_, err := e.svc.Support(e.ctx, who, b.ID, backlog.SupportInput{})
		require.NoError(t, err)
	}
	m := e.meeting(backlog.MeetingInput{Policy: &backlog.PolicySpec{Name: "support", Params: map[string]float64{"perSupporter": 0.5}}})
	assert.Equal(t, supportWeighted{0.5}.Spec(), m.Policy)
	e.submit("ana", m.ID, est(a.ID, 6), est(b.ID, 5))
	closed, err := e.svc.CloseMeeting(e.ctx, "fay", m.ID, 0)
	require.NoError(t, err)
	// b: 5 + 3 × 0.5 = 6.5 beats a: 6.
	assert.Equal(t, b.ID, closed.Result.Entries[0].ItemID)
	assert.Equal(t, 6.5, closed.Result.Entries[0].Score)
	assert.Equal(t, "score 6.5 (impact 5, supportBonus 1.5)", closed.Result.Entries[0].Explanation)
	replayed, err := e.svc.Replay(e.ctx, "ana", m.ID)
	require.NoError(t, err)
	assert.Equal(t, closed.Result, replayed)

	// The aging decorator wraps a host's policy too.
	p, err := e.svc.BuildPolicy(backlog.PolicySpec{Name: "aging", Base: &backlog.PolicySpec{Name: "support"}})
	require.NoError(t, err)
	assert.Equal(t, backlog.Aging{Base: supportWeighted{1}, Rate: 0.1}, p)
	_, err = backlog.BuildPolicy(backlog.PolicySpec{Name: "support"})
	assert.ErrorIs(t, err, backlog.ErrUnknownPolicy, "the package's built-ins do not know a service's policies")
}

// renamed is a host's policy whose Spec may differ from what its builder
// was given.
type renamed struct{ spec backlog.PolicySpec }

func (p renamed) Spec() backlog.PolicySpec { return p.spec }
func (renamed) Score(in backlog.Input) ([]backlog.Score, error) {
	return backlog.Impact{}.Score(in)
}

// A host's builder must return a policy that reports the registered name
// and whose spec builds it again; otherwise meetings would open and then
// fail to take estimates or close.
func TestWithPolicyContract(t *testing.T) {
	e := newEnv(t,
		backlog.WithPolicy("misnamed", func(backlog.PolicySpec) (backlog.Policy, error) {
			return renamed{backlog.PolicySpec{Name: "other"}}, nil
		}),
		backlog.WithPolicy("nothing", func(backlog.PolicySpec) (backlog.Policy, error) { return nil, nil }),
		// Its spec builds a policy with another spec.
		backlog.WithPolicy("fickle", func(spec backlog.PolicySpec) (backlog.Policy, error) {
			return renamed{backlog.PolicySpec{Name: "fickle", Params: map[string]float64{"n": spec.Params["n"] + 1}}}, nil
		}),
		// Its builder refuses the spec it reports.
		backlog.WithPolicy("strict", func(spec backlog.PolicySpec) (backlog.Policy, error) {
			if len(spec.Params) > 0 {
				return nil, storage.Invalid("params", "must be empty")
			}
			return renamed{backlog.PolicySpec{Name: "strict", Params: map[string]float64{"x": 1}}}, nil
		}),
		backlog.WithPolicy("fine", func(backlog.PolicySpec) (backlog.Policy, error) {
			return renamed{backlog.PolicySpec{Name: "fine"}}, nil
		}),
	)
	tests := []struct {
		spec  backlog.PolicySpec
		field string
	}{
		{backlog.PolicySpec{Name: "misnamed"}, "policy.name"},
		{backlog.PolicySpec{Name: "nothing"}, "policy.name"},
		{backlog.PolicySpec{Name: "aging", Base: &backlog.PolicySpec{Name: "misnamed"}}, "policy.base.name"},
		{backlog.PolicySpec{Name: "fickle"}, "policy"},
		{backlog.PolicySpec{Name: "strict"}, "policy"},
	}
	for _, tt := range tests {
		t.Run(tt.spec.String(), func(t *testing.T) {
			_, err := e.svc.BuildPolicy(tt.spec)
			if tt.field != "policy" {
				requireFields(t, err, tt.field[len("policy."):])
			}
			_, err = e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q3", Participants: []string{"ana"}, Policy: &tt.spec})
			requireFields(t, err, tt.field)
		})
	}
	page, err := e.svc.Meetings(e.ctx, "fay", backlog.MeetingFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "no meeting opened with a broken policy")

	m := e.meeting(backlog.MeetingInput{Policy: &backlog.PolicySpec{Name: "fine"}})
	for _, tt := range tests {
		_, err := e.svc.Preview(e.ctx, "ana", m.ID, &tt.spec)
		requireFields(t, err, tt.field)
	}
	_, err = e.svc.Preview(e.ctx, "ana", m.ID, nil)
	require.NoError(t, err)
}

// A built-in name cannot be taken over: meetings record only the name, so
// a service without the override would replay them differently.
func TestWithPolicyRefusesBadNames(t *testing.T) {
	build := func(backlog.PolicySpec) (backlog.Policy, error) { return backlog.Impact{}, nil }
	for _, name := range []string{"impact", "wsjf", "rice", "borda", "aging", "", "Support", " support"} {
		assert.Panics(t, func() { backlog.NewService(memory.New(), backlog.WithPolicy(name, build)) }, "%q", name)
	}
	assert.Panics(t, func() { backlog.NewService(memory.New(), backlog.WithPolicy("support", nil)) })
	assert.NotPanics(t, func() { backlog.NewService(memory.New(), backlog.WithPolicy("support", build)) })
}

func TestObserverPanicKeepsTheChange(t *testing.T) {
	e := newEnv(t, backlog.WithObserver(func(context.Context, backlog.Event) { panic("observer bug") }))
	it, err := e.svc.AddItem(e.ctx, "ana", backlog.ItemInput{Title: "Resilience"})
	require.NoError(t, err)
	assert.Equal(t, it, e.get(it.ID))
	e.drain() // the observer panics; the consumer goes on
}

func TestReadsNeedAnActor(t *testing.T) {
	e := newEnv(t)
	it := e.item("ana", "A")
	m := e.meeting(backlog.MeetingInput{})
	_, err := e.svc.Item(e.ctx, "", it.ID)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Items(e.ctx, "", backlog.ItemFilter{}, storage.PageRequest{})
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Meeting(e.ctx, "", m.ID)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Meetings(e.ctx, "", backlog.MeetingFilter{}, storage.PageRequest{})
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Preview(e.ctx, "", m.ID, nil)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.CloseMeeting(e.ctx, "", m.ID, 0)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = e.svc.Meeting(e.ctx, "ana", "no-such-meeting")
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, err = e.svc.Meetings(e.ctx, "ana", backlog.MeetingFilter{Status: "paused"}, storage.PageRequest{})
	requireFields(t, err, "status")
	_, err = e.svc.Items(e.ctx, "ana", backlog.ItemFilter{}, storage.PageRequest{Limit: storage.MaxLimit + 1})
	requireFields(t, err, "limit")
}

// drain hands every event the store has logged since the last drain to the
// observer, as a consumer of the log does.
func (e *env) drain() {
	e.t.Helper()
	_, err := e.log.Drain(e.ctx)
	require.NoError(e.t, err)
}
