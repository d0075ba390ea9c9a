package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlopen"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// twoPools opens two Stores on one new database of dialect d, each with a
// connection pool of its own, as two instances of a host would, and a
// context that bounds the test.
func twoPools(t *testing.T, d sqlstore.Dialect) (context.Context, [2]*sqlstore.Store) {
	t.Helper()
	dsn := sqltest.DSN(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	var stores [2]*sqlstore.Store
	for i := range stores {
		s, err := sqlopen.Open(ctx, dsn)
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, s.Close()) })
		stores[i] = s
	}
	require.NotSame(t, stores[0].DB(), stores[1].DB())
	return ctx, stores
}

// race runs n calls of fn at once, each with its index, and returns their
// errors in index order.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// newObjective creates, through svc, a goal of owner and an active
// objective under it with n increasing key results.
func newObjective(t testing.TB, svc *okr.Service, owner string, n int) *okr.Objective {
	t.Helper()
	ctx := context.Background()
	g, err := svc.CreateGoal(ctx, owner, okr.GoalInput{Title: "Become an agile coach"})
	require.NoError(t, err)
	krs := make([]okr.KeyResultInput, n)
	for i := range krs {
		start, target := 0.0, 100.0
		krs[i] = okr.KeyResultInput{Title: fmt.Sprintf("result %d", i), Kind: okr.Increase, Start: &start, Target: &target}
	}
	o, err := svc.CreateObjective(ctx, owner, okr.ObjectiveInput{GoalID: g.ID,
		ObjectiveSpec: okr.ObjectiveSpec{Title: "Facilitate retrospectives", KeyResults: krs}})
	require.NoError(t, err)
	return o
}

// TestTwoPoolsLoseNoCheckIn runs 8 writers × 100 check-ins on one
// objective through two Services, each on its own connection pool to the
// same database, and checks that every check-in is stored once, numbered
// without gap or repeat per key result, and counted on the objective.
func TestTwoPoolsLoseNoCheckIn(t *testing.T) {
	const writers, perWriter, keyResults = 8, 100, 4
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			svcs := [2]*okr.Service{okr.NewService(stores[0]), okr.NewService(stores[1])}
			o := newObjective(t, svcs[0], "ana", keyResults)

			var wg sync.WaitGroup
			errs := make(chan error, writers*perWriter)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					svc, kr := svcs[w%2], o.KeyResults[w%keyResults].ID
					for i := range perWriter {
						v, conf := float64(i), 5
						_, err := svc.CheckIn(ctx, "ana", o.ID, kr, okr.CheckInInput{Value: &v, Confidence: &conf})
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}

			all, err := stores[1].CheckIns(ctx, okr.CheckInFilter{ObjectiveID: o.ID}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Len(t, all.Items, writers*perWriter, "every check-in is stored")
			seqs := map[string][]int{}
			for _, c := range all.Items {
				seqs[c.KeyResultID] = append(seqs[c.KeyResultID], c.Seq)
			}
			stored, err := stores[1].Objective(ctx, o.ID)
			require.NoError(t, err)
			perKR := writers / keyResults * perWriter
			for _, kr := range stored.KeyResults {
				got := seqs[kr.ID]
				slices.Sort(got)
				want := make([]int, perKR)
				for i := range want {
					want[i] = i + 1
				}
				assert.Equal(t, want, got, "sequence numbers of %s run 1..n", kr.ID)
				assert.Equal(t, perKR, kr.CheckIns)
			}
			assert.Equal(t, o.Version+writers*perWriter, stored.Version)

			// Each committed check-in logged exactly one event, and the
			// log's Seq runs 1..n across both pools.
			var logged []storage.Event
			for after := int64(0); ; {
				page, err := stores[0].Events(ctx, storage.EventFilter{After: after, Limit: storage.MaxEventsRead})
				require.NoError(t, err)
				if len(page) == 0 {
					break
				}
				logged = append(logged, page...)
				after = page[len(page)-1].Seq
			}
			checkIns := map[string]int{}
			for i, e := range logged {
				require.EqualValues(t, i+1, e.Seq, "no gap in the log")
				if e.Type == string(okr.EventCheckIn) {
					var p okr.Event
					require.NoError(t, e.Decode(&p))
					checkIns[p.KeyResultID]++
				}
			}
			for _, kr := range stored.KeyResults {
				assert.Equal(t, perKR, checkIns[kr.ID], "one event per check-in on %s", kr.ID)
			}
		})
	}
}

// facilitators makes everyone named a company facilitator.
type facilitators map[string]bool

func (f facilitators) IsFacilitator(_ context.Context, p string) (bool, error) { return f[p], nil }

// activeSprint plans, through svc, the sprint of 2026-Q2 with one topic
// and learning goal, makes it active and offers an activity with seats.
func activeSprint(t testing.TB, ctx context.Context, svc *sprint.Service, seats int) *sprint.Activity {
	t.Helper()
	sp, err := svc.Plan(ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2})
	require.NoError(t, err)
	sp, err = svc.AddTopic(ctx, "fay", sp.ID, 0, sprint.TopicInput{Title: "Kubernetes", Tags: []string{"k8s"}})
	require.NoError(t, err)
	start, target := 0.0, 10.0
	sp, err = svc.AddGoal(ctx, "fay", sp.ID, sp.Topics[0].ID, 0, sprint.GoalInput{Statement: "Ten people deploy on their own",
		Measure: okr.KeyResultInput{Kind: okr.Increase, Start: &start, Target: &target}})
	require.NoError(t, err)
	for _, to := range []sprint.State{sprint.Committed, sprint.Active} {
		sp, err = svc.Transition(ctx, "fay", sp.ID, 0, to)
		require.NoError(t, err)
	}
	at := time.Date(2026, time.April, 14, 14, 0, 0, 0, time.UTC)
	a, err := svc.AddActivity(ctx, "fay", sp.ID, sprint.ActivityInput{TopicID: sp.Topics[0].ID, Kind: sprint.Classroom,
		Title: "Kubernetes basics", Start: &at, Minutes: 90, Seats: seats})
	require.NoError(t, err)
	return a
}

// TestTwoPoolsFillLastSeats races many people, through two Services on
// two connection pools, for the last seats of an activity: exactly as many
// get in as seats were left, the others are told there is none, and every
// enrolment that succeeded is stored.
func TestTwoPoolsFillLastSeats(t *testing.T) {
	const seats, taken, racers = 10, 7, 40
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			var svcs [2]*sprint.Service
			for i, s := range stores {
				svcs[i] = sprint.NewService(s, sprint.WithRoles(facilitators{"fay": true}))
			}
			a := activeSprint(t, ctx, svcs[0], seats)
			for i := range taken {
				_, err := svcs[i%2].Enrol(ctx, fmt.Sprintf("early%02d", i), a.ID)
				require.NoError(t, err)
			}

			errs := race(racers, func(i int) error {
				_, err := svcs[i%2].Enrol(ctx, fmt.Sprintf("racer%02d", i), a.ID)
				return err
			})
			var won []string
			for i, err := range errs {
				if err == nil {
					won = append(won, fmt.Sprintf("racer%02d", i))
					continue
				}
				require.ErrorIs(t, err, sprint.ErrNoSeats, "racer %d", i)
			}
			assert.Len(t, won, seats-taken, "exactly the seats left are filled")

			stored, err := stores[1].Activity(ctx, a.ID)
			require.NoError(t, err)
			assert.Equal(t, seats, stored.Taken, "no seat is given twice")
			all, err := stores[1].Enrolments(ctx, sprint.EnrolmentFilter{ActivityID: a.ID}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Len(t, all.Items, seats, "one enrolment per seat")
			var enrolled []string
			for _, e := range all.Items {
				if strings.HasPrefix(e.Person, "racer") {
					enrolled = append(enrolled, e.Person)
				}
			}
			slices.Sort(enrolled)
			assert.Equal(t, won, enrolled, "every enrolment that succeeded is stored")
			assert.Equal(t, a.Version+seats, stored.Version)
		})
	}
}

// TestTwoPoolsPlanOneSprintPerQuarter races facilitators, through two
// Services on two connection pools, to plan the sprint of one quarter: one
// sprint is planned, the others are told the quarter is taken. Planning
// locks the schedule's row first; under READ COMMITTED, without that lock,
// several racers would each find the quarter free.
func TestTwoPoolsPlanOneSprintPerQuarter(t *testing.T) {
	const racers = 8
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			var svcs [2]*sprint.Service
			for i, s := range stores {
				svcs[i] = sprint.NewService(s, sprint.WithRoles(facilitators{"fay": true}))
			}
			errs := race(racers, func(i int) error {
				_, err := svcs[i%2].Plan(ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3})
				return err
			})
			planned := 0
			for i, err := range errs {
				if err == nil {
					planned++
					continue
				}
				require.ErrorIs(t, err, sprint.ErrQuarterTaken, "racer %d", i)
			}
			assert.Equal(t, 1, planned)
			all, err := stores[0].Sprints(ctx, sprint.SprintFilter{Year: 2026}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Len(t, all.Items, 1, "one sprint for the quarter")
		})
	}
}

// mentorshipServices returns a mentorship Service on each store.
func mentorshipServices(stores [2]*sqlstore.Store) [2]*mentorship.Service {
	return [2]*mentorship.Service{mentorship.NewService(stores[0]), mentorship.NewService(stores[1])}
}

// TestTwoPoolsAcceptLastSeats races the accepts of many requests to one
// mentor, through two Services on two connection pools, for the last
// seats of the mentor's capacity: exactly the seats left are taken, the
// other accepts are told the mentor is full, and the profile, relations
// and mentee records agree.
func TestTwoPoolsAcceptLastSeats(t *testing.T) {
	const capacity, taken, racers = 5, 3, 20
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			svcs := mentorshipServices(stores)
			c := capacity
			_, err := svcs[0].Volunteer(ctx, "mia", mentorship.ProfileInput{Capacity: &c})
			require.NoError(t, err)
			for i := range taken {
				r, err := svcs[i%2].Request(ctx, fmt.Sprintf("early%02d", i), mentorship.RequestInput{Mentor: "mia"})
				require.NoError(t, err)
				_, err = svcs[(i+1)%2].Accept(ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
				require.NoError(t, err)
			}
			reqs := make([]*mentorship.Relation, racers)
			for i := range reqs {
				reqs[i], err = svcs[i%2].Request(ctx, fmt.Sprintf("racer%02d", i), mentorship.RequestInput{Mentor: "mia"})
				require.NoError(t, err)
			}

			errs := race(racers, func(i int) error {
				_, err := svcs[i%2].Accept(ctx, "mia", reqs[i].ID, 0, mentorship.AnswerInput{})
				return err
			})
			var won []string
			for i, err := range errs {
				if err == nil {
					won = append(won, reqs[i].Mentee)
					continue
				}
				require.ErrorIs(t, err, mentorship.ErrMentorFull, "racer %d", i)
			}
			assert.Len(t, won, capacity-taken, "exactly the seats left are taken")

			p, err := stores[1].Profile(ctx, "mia")
			require.NoError(t, err)
			assert.Len(t, p.Mentees, capacity, "capacity is never exceeded")
			assert.Equal(t, capacity, p.Active)
			active, err := stores[1].Relations(ctx, mentorship.RelationFilter{Mentor: "mia",
				Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			var mentees []string
			for _, r := range active.Items {
				mentees = append(mentees, r.Mentee)
				m, err := stores[0].Mentee(ctx, r.Mentee)
				require.NoError(t, err)
				assert.Equal(t, r.ID, m.RelationID, "the mentee record names the active relation")
			}
			slices.Sort(mentees)
			assert.Equal(t, p.Mentees, mentees, "the profile lists exactly the active mentees")
			for _, person := range won {
				assert.Contains(t, mentees, person)
			}
		})
	}
}

// TestTwoPoolsOneMenteeManyMentors has one mentee race requests to six
// mentors, two at once to each, and then the six mentors race to accept,
// all through two Services on two connection pools: one request per
// mentor goes ahead, one accept wins, and the mentee has exactly one
// active relation, holding one seat; the other requests are superseded.
func TestTwoPoolsOneMenteeManyMentors(t *testing.T) {
	const mentors = 6
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			svcs := mentorshipServices(stores)
			one := 1
			for i := range mentors {
				_, err := svcs[i%2].Volunteer(ctx, fmt.Sprintf("mentor%d", i), mentorship.ProfileInput{Capacity: &one})
				require.NoError(t, err)
			}

			reqs := make([]*mentorship.Relation, 2*mentors)
			errs := race(len(reqs), func(i int) error {
				var err error
				reqs[i], err = svcs[i%2].Request(ctx, "ana", mentorship.RequestInput{Mentor: fmt.Sprintf("mentor%d", i/2)})
				return err
			})
			var open []*mentorship.Relation
			for i, err := range errs {
				if err == nil {
					open = append(open, reqs[i])
					continue
				}
				require.ErrorIs(t, err, mentorship.ErrDuplicateRequest, "request %d", i)
			}
			require.Len(t, open, mentors, "one open request per mentor")

			errs = race(len(open), func(i int) error {
				_, err := svcs[i%2].Accept(ctx, open[i].Mentor, open[i].ID, 0, mentorship.AnswerInput{})
				return err
			})
			var winner *mentorship.Relation
			for i, err := range errs {
				if err == nil {
					require.Nil(t, winner, "a second accept won")
					winner = open[i]
					continue
				}
				require.ErrorIs(t, err, mentorship.ErrRequestClosed, "accept %d", i)
			}
			require.NotNil(t, winner, "one accept wins")

			all, err := stores[1].Relations(ctx, mentorship.RelationFilter{Mentee: "ana"}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			require.Len(t, all.Items, mentors)
			for _, r := range all.Items {
				if r.ID == winner.ID {
					assert.Equal(t, mentorship.StatusActive, r.Status)
				} else {
					assert.Equal(t, mentorship.StatusSuperseded, r.Status, "request to %s", r.Mentor)
				}
			}
			m, err := stores[0].Mentee(ctx, "ana")
			require.NoError(t, err)
			assert.Equal(t, winner.ID, m.RelationID)
			assert.Equal(t, winner.Mentor, m.Mentor)
			seats := 0
			for i := range mentors {
				p, err := stores[i%2].Profile(ctx, fmt.Sprintf("mentor%d", i))
				require.NoError(t, err)
				seats += len(p.Mentees)
				if p.Person == winner.Mentor {
					assert.Equal(t, []string{"ana"}, p.Mentees)
				}
			}
			assert.Equal(t, 1, seats, "one seat is held")
			mentor, err := svcs[1].MentorOf(ctx, "ana")
			require.NoError(t, err)
			assert.Equal(t, winner.Mentor, mentor)
		})
	}
}

// TestTwoPoolsSubmitEstimatesTogether races every participant of a
// prioritisation meeting, through two Services on two connection pools,
// to submit at once: each submission is recorded, none is refused as a
// conflict, since participants never write the same entry.
func TestTwoPoolsSubmitEstimatesTogether(t *testing.T) {
	const participants = 12
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			var svcs [2]*backlog.Service
			for i, s := range stores {
				svcs[i] = backlog.NewService(s, backlog.WithRoles(facilitators{"fay": true}))
			}
			item, err := svcs[0].AddItem(ctx, "ana", backlog.ItemInput{Title: "Kubernetes"})
			require.NoError(t, err)
			people := make([]string, participants)
			for i := range people {
				people[i] = fmt.Sprintf("p%02d", i)
			}
			m, err := svcs[0].OpenMeeting(ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q3", Participants: people})
			require.NoError(t, err)

			errs := race(participants, func(i int) error {
				impact := float64(1 + i%10)
				_, err := svcs[i%2].SubmitEstimates(ctx, people[i], m.ID, backlog.EstimatesInput{
					Estimates: []backlog.Estimate{{ItemID: item.ID, Impact: &impact}}})
				return err
			})
			for i, err := range errs {
				require.NoError(t, err, "participant %d", i)
			}
			stored, err := stores[1].PrioritisationMeeting(ctx, m.ID)
			require.NoError(t, err)
			require.Len(t, stored.Submissions, participants, "every submission is recorded")
			for i, sub := range stored.Submissions {
				assert.Equal(t, people[i], sub.Participant)
				require.Len(t, sub.Estimates, 1)
				assert.Equal(t, float64(1+i%10), *sub.Estimates[0].Impact)
			}
			assert.Equal(t, m.Version+participants, stored.Version)
		})
	}
}
