package mentorship_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/footprint-hq/footprint/mentorship"
)

// benchSizes are the rounds BenchmarkAssign and BenchmarkAssignBaseline
// solve: mentees against 200 mentors (1,000 seats, so seats run short
// from 1,000 mentees on) and against 1,000 mentors (5,000 seats, all
// taken at 5,000 mentees).
var benchSizes = []struct{ mentors, mentees int }{
	{200, 250}, {200, 500}, {200, 1000}, {200, 2000}, {200, 5000},
	{1000, 250}, {1000, 500}, {1000, 1000}, {1000, 2000}, {1000, 5000},
}

// benchSeats is every bench mentor's capacity.
const benchSeats = 5

// benchProblem is a round of n mentees and m mentors with capacity 5 and
// a dense fit score from 0 to 100 for every pair, from a fixed seed.
func benchProblem(n, m int) mentorship.Problem {
	r := rand.New(rand.NewPCG(2026, uint64(n)))
	p := mentorship.Problem{Mentees: ids("e", n), Mentors: ids("m", m), Capacity: make([]int, m), Fit: make([][]int, n)}
	for j := range p.Capacity {
		p.Capacity[j] = benchSeats
	}
	for i := range p.Fit {
		p.Fit[i] = make([]int, m)
		for j := range p.Fit[i] {
			p.Fit[i][j] = r.IntN(101)
		}
	}
	return p
}

// BenchmarkAssign solves rounds of 250 to 5,000 mentees with 200 and
// 1,000 mentors (benchSizes). Its baseline, BenchmarkAssignBaseline, does
// what any solver must: read the fit matrix once and pick each mentee's
// best mentor, ignoring capacity.
func BenchmarkAssign(b *testing.B) {
	for _, sz := range benchSizes {
		p := benchProblem(sz.mentees, sz.mentors)
		want := min(sz.mentees, sz.mentors*benchSeats)
		b.Run(fmt.Sprintf("mentors=%d/mentees=%d", sz.mentors, sz.mentees), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, err := mentorship.Assign(p)
				if err != nil || len(a.Matches) != want {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAssignBaseline is the lower bound BenchmarkAssign is judged
// against: one pass over the fit matrix (best mentor per mentee, no
// capacity).
func BenchmarkAssignBaseline(b *testing.B) {
	for _, sz := range benchSizes {
		p := benchProblem(sz.mentees, sz.mentors)
		b.Run(fmt.Sprintf("mentors=%d/mentees=%d", sz.mentors, sz.mentees), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				total := 0
				for _, row := range p.Fit {
					best := 0
					for _, f := range row {
						best = max(best, f)
					}
					total += best
				}
				if total == 0 {
					b.Fatal("no fit")
				}
			}
		})
	}
}

// BenchmarkStable matches 1,000 mentees with 1,000 mentors of capacity 1,
// everyone ranking the whole other side in a random order from a fixed
// seed.
func BenchmarkStable(b *testing.B) {
	const n = 1000
	r := rand.New(rand.NewPCG(2026, n))
	me, mo := ids("e", n), ids("m", n)
	mentees := make([]mentorship.Ranking, n)
	mentors := make([]mentorship.Ranking, n)
	shuffled := func(ids []string) []string {
		out := slices.Clone(ids)
		r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
		return out
	}
	for i := range n {
		mentees[i] = mentorship.Ranking{Person: me[i], Prefers: shuffled(mo)}
		mentors[i] = mentorship.Ranking{Person: mo[i], Capacity: 1, Prefers: shuffled(me)}
	}
	b.Run(fmt.Sprintf("mentees=%d/mentors=%d", n, n), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			got, err := mentorship.Stable(mentees, mentors)
			if err != nil || len(got.Pairs) != n {
				b.Fatal(err)
			}
		}
	})
}
