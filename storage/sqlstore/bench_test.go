package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

var benchNow = time.Date(2026, time.June, 1, 9, 0, 0, 0, time.UTC)

// BenchmarkCheckIn records one check-in per iteration on SQLite, each in
// its own transaction. "store" runs what okr.Service.CheckIn asks of the
// store: in one Atomic call, UpdateObjective (read, lock, write the key
// result's new state) and CreateCheckIn. "service" calls
// okr.Service.CheckIn, which first reads the objective and its goal to
// check that the actor owns them. BenchmarkRawInsert is the baseline.
func BenchmarkCheckIn(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	svc := okr.NewService(s, okr.WithClock(func() time.Time { return benchNow }))
	o := newObjective(b, svc, "ana", 3)
	b.Run("store", func(b *testing.B) {
		newID := storage.NewIDSource()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			err := s.Atomic(ctx, func(ctx context.Context) error {
				var c *okr.CheckIn
				_, err := s.UpdateObjective(ctx, o.ID, 0, func(o *okr.Objective) error {
					kr := &o.KeyResults[i%3]
					conf, at := 7, benchNow
					kr.PreviousConfidence, kr.Confidence = kr.Confidence, &conf
					kr.Current, kr.LastCheckInAt = float64(i), &at
					kr.CheckIns++
					o.UpdatedAt = at
					c = &okr.CheckIn{ID: newID(), ObjectiveID: o.ID, KeyResultID: kr.ID, Owner: o.Owner,
						Seq: kr.CheckIns, Value: float64(i), Confidence: conf, Author: o.Owner, At: at}
					return nil
				})
				if err != nil {
					return err
				}
				return s.CreateCheckIn(ctx, c)
			})
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	for _, bench := range []struct {
		name string
		svc  *okr.Service
	}{
		{"service", svc},
		// The same service on the same store, but with an event log that
		// drops what it is given: the baseline of the log's cost.
		{"service-without-log", okr.NewService(noLog{s}, okr.WithClock(func() time.Time { return benchNow }))},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v, conf := float64(i), 7
				if _, err := bench.svc.CheckIn(ctx, "ana", o.ID, o.KeyResults[i%3].ID, okr.CheckInInput{Value: &v, Confidence: &conf}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// noLog is a Store whose event log keeps nothing.
type noLog struct{ *sqlstore.Store }

func (noLog) AppendEvents(context.Context, ...*storage.Event) error { return nil }

// BenchmarkRawInsert inserts the row BenchmarkCheckIn's check-in becomes,
// with one plain database/sql INSERT per iteration (its own transaction),
// through the same driver, settings and schema: the floor of what any
// check-in can cost.
func BenchmarkRawInsert(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := sqlite.Open(ctx, path) // creates the schema
	if err != nil {
		b.Fatal(err)
	}
	o := newObjective(b, okr.NewService(s, okr.WithClock(func() time.Time { return benchNow })), "ana", 3)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.OpenDB(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	newID := storage.NewIDSource()
	at := benchNow.Format("2006-01-02T15:04:05.000000000Z07:00")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, err := db.ExecContext(ctx, `INSERT INTO okr_check_ins
			(id, objective_id, key_result_id, owner, seq, value, confidence, note, author, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			newID(), o.ID, o.KeyResults[i%3].ID, "ana", i/3+1, float64(i), 7, "", "ana", at)
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBoard reads one person's board through okr.Service.Board on
// SQLite, in organisations of 500 and 10,000 people who each have 2 goals
// × 2 objectives × 3 key results × 6 check-ins. Each iteration reads the
// next person's board, cycling through the whole organisation.
func BenchmarkBoard(b *testing.B) {
	for _, people := range []int{500, 10_000} {
		b.Run(fmt.Sprintf("org=%d", people), func(b *testing.B) {
			ctx := context.Background()
			path, ids := benchOrg(b, people)
			s, err := sqlite.Open(ctx, path, sqlstore.WithoutMigrations())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			svc := okr.NewService(s, okr.WithClock(func() time.Time { return benchNow }))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				person := ids[i%len(ids)]
				board, err := svc.Board(ctx, person, person)
				if err != nil {
					b.Fatal(err)
				}
				if len(board.Goals) != 2 || len(board.Goals[1].Objectives[1].KeyResults[2].History) != 6 {
					b.Fatalf("board of %s is incomplete", person)
				}
				i++
			}
		})
	}
}

// benchOrgs holds the organisations built by this process, so that -count
// builds each once; TestMain removes them.
var benchOrgs struct {
	sync.Mutex
	dir    string
	people map[int]benchOrgData
}

type benchOrgData struct {
	path string
	ids  []string
}

func removeBenchOrgs() {
	if benchOrgs.dir != "" {
		_ = os.RemoveAll(benchOrgs.dir)
	}
}

// benchOrg returns the path of a database holding an organisation of n
// people, and their IDs.
func benchOrg(b *testing.B, n int) (string, []string) {
	benchOrgs.Lock()
	defer benchOrgs.Unlock()
	if org, ok := benchOrgs.people[n]; ok {
		return org.path, org.ids
	}
	if benchOrgs.dir == "" {
		dir, err := os.MkdirTemp("", "footprint-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchOrgs.dir, benchOrgs.people = dir, map[int]benchOrgData{}
	}
	start := time.Now()
	path := filepath.Join(benchOrgs.dir, fmt.Sprintf("org-%d.db", n))
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	newID := storage.NewIDSource()
	ids := make([]string, n)
	const batch = 500
	for lo := 0; lo < n; lo += batch {
		err := s.Atomic(ctx, func(ctx context.Context) error {
			for p := lo; p < min(lo+batch, n); p++ {
				ids[p] = fmt.Sprintf("person-%05d", p)
				if err := addBenchPerson(ctx, s, newID, ids[p]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built an organisation of %d people in %v", n, time.Since(start).Round(time.Millisecond))
	benchOrgs.people[n] = benchOrgData{path: path, ids: ids}
	return path, ids
}

// addBenchPerson stores what a person has after a while of using the
// service: 2 goals × 2 objectives × 3 key results × 6 check-ins.
func addBenchPerson(ctx context.Context, s *sqlstore.Store, newID func() string, person string) error {
	for range 2 {
		g := &okr.Goal{ID: newID(), Owner: person, Title: "Become an agile coach", Tags: []string{"agile", "coaching"},
			Status: okr.GoalActive, Visibility: okr.VisibilityMentor, CreatedAt: benchNow, UpdatedAt: benchNow, Version: 1}
		if err := s.CreateGoal(ctx, g); err != nil {
			return err
		}
		for range 2 {
			o := &okr.Objective{ID: newID(), GoalID: g.ID, Owner: person, Title: "Facilitate retrospectives",
				Kind: okr.Committed, Status: okr.ObjectiveActive, Period: okr.Year(2026), Tags: []string{"facilitation"},
				CreatedAt: benchNow, UpdatedAt: benchNow, Version: 19}
			var checkIns []*okr.CheckIn
			for k := range 3 {
				kr := okr.KeyResult{ID: newID(), Title: fmt.Sprintf("result %d", k), Kind: okr.Increase, Start: 0, Target: 12, Weight: 1}
				for seq := 1; seq <= 6; seq++ {
					conf := 5 + seq%3
					at := benchNow.Add(-time.Duration(7-seq) * 7 * 24 * time.Hour)
					kr.PreviousConfidence, kr.Confidence = kr.Confidence, &conf
					kr.Current, kr.CheckIns, kr.LastCheckInAt = float64(seq), seq, &at
					checkIns = append(checkIns, &okr.CheckIn{ID: newID(), ObjectiveID: o.ID, KeyResultID: kr.ID, Owner: person,
						Seq: seq, Value: float64(seq), Confidence: conf, Note: "steady progress", Author: person, At: at})
				}
				o.KeyResults = append(o.KeyResults, kr)
			}
			if err := s.CreateObjective(ctx, o); err != nil {
				return err
			}
			for _, c := range checkIns {
				if err := s.CreateCheckIn(ctx, c); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// BenchmarkEnrol enrols one new person per iteration through
// sprint.Service.Enrol on SQLite, each in its own transaction, into an
// activity that already has e people enrolled: e = 10, 100 and 1,000.
// An activity takes e/10 new people (one when e is 10) before a fresh
// one, filled to e with the timer stopped, takes its place, so every
// timed enrolment finds between e and 1.1·e people enrolled before it.
// The cost of an enrolment should not grow with e.
func BenchmarkEnrol(b *testing.B) {
	for _, e := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("enrolled=%d", e), func(b *testing.B) {
			ctx := context.Background()
			s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			svc := sprint.NewService(s, sprint.WithRoles(facilitators{"fay": true}))
			first := activeSprint(b, ctx, svc, 0)
			people := 0
			enrol := func(activityID string) {
				people++
				if _, err := svc.Enrol(ctx, fmt.Sprintf("person-%07d", people), activityID); err != nil {
					b.Fatal(err)
				}
			}
			// fresh returns an activity of first's topic with e people
			// enrolled.
			fresh := func() string {
				a, err := svc.AddActivity(ctx, "fay", first.SprintID, sprint.ActivityInput{TopicID: first.TopicID,
					Kind: sprint.SelfStudy, Title: "Kubernetes videos"})
				if err != nil {
					b.Fatal(err)
				}
				for range e {
					enrol(a.ID)
				}
				return a.ID
			}
			var activity string
			left := 0
			b.ReportAllocs()
			for b.Loop() {
				if left == 0 {
					b.StopTimer()
					activity, left = fresh(), max(1, e/10)
					b.StartTimer()
				}
				enrol(activity)
				left--
			}
		})
	}
}
