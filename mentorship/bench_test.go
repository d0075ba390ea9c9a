package mentorship_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/footprint-hq/footprint/mentorship"
)

// benchProblem is a round of n mentees and 200 mentors with capacity 5
// and a dense fit score from 0 to 100 for every pair, from a fixed seed.
func benchProblem(n int) mentorship.Problem {
	r := rand.New(rand.NewPCG(2026, uint64(n)))
	const mentors = 200
	p := mentorship.Problem{Mentees: ids("e", n), Mentors: ids("m", mentors), Capacity: make([]int, mentors), Fit: make([][]int, n)}
	for j := range p.Capacity {
		p.Capacity[j] = 5
	}
	for i := range p.Fit {
		p.Fit[i] = make([]int, mentors)
		for j := range p.Fit[i] {
			p.Fit[i][j] = r.IntN(101)
		}
	}
	return p
}

// BenchmarkAssign solves rounds of 250, 500 and 1,000 mentees. Its
// baseline, BenchmarkAssignBaseline, does what any solver must: read the
// fit matrix once and pick each mentee's best mentor, ignoring capacity.
func BenchmarkAssign(b *testing.B) {
	for _, n := range []int{250, 500, 1000} {
		p := benchProblem(n)
		b.Run(fmt.Sprintf("mentees=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, err := mentorship.Assign(p)
				if err != nil || len(a.Matches) != n {
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
	for _, n := range []int{250, 500, 1000} {
		p := benchProblem(n)
		b.Run(fmt.Sprintf("mentees=%d", n), func(b *testing.B) {
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
