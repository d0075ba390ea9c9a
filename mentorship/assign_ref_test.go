package mentorship

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// rowAssign is Assign with the search it ran before the search was
// compressed to columns: Dijkstra over every mentee seated at a full
// mentor. Assign must give exactly its result, ties included.
func rowAssign(p Problem) *Assignment {
	n, m := len(p.Mentees), len(p.Mentors)
	maxFit := 0
	for i := range p.Fit {
		for _, f := range p.Fit[i] {
			maxFit = max(maxFit, f)
		}
	}
	rows, cols := byID(p.Mentees), byID(p.Mentors)
	capacity := make([]int, m)
	column := make(map[string]int, m)
	for l, j := range cols {
		capacity[l] = p.Capacity[j]
		column[p.Mentors[j]] = l
	}
	s := newRowSolver(n, m, capacity)
	dummy := int64(n+1)*int64(maxFit) + 1
	for k, i := range rows {
		c := s.cost[k*s.stride : (k+1)*s.stride]
		for l, j := range cols {
			f := p.Fit[i][j]
			c[l] = int64(maxFit - f)
			if f < 0 {
				c[l] = -1
			}
		}
		if l, ok := column[p.Mentees[i]]; ok {
			c[l] = -1
		}
		c[m] = dummy
	}
	for k := range n {
		s.place(k)
	}
	a := &Assignment{Matches: []Match{}, Unassigned: []string{}}
	placed := make([]int, n)
	for k, i := range rows {
		placed[i] = -1
		if l := s.col[k]; l < m {
			placed[i] = cols[l]
		}
	}
	for i, j := range placed {
		if j < 0 {
			a.Unassigned = append(a.Unassigned, p.Mentees[i])
			continue
		}
		a.Matches = append(a.Matches, Match{Mentee: p.Mentees[i], Mentor: p.Mentors[j], Fit: p.Fit[i][j]})
		a.TotalFit += p.Fit[i][j]
	}
	return a
}

// tieProblem is a random round of n mentees and m mentors with fits from
// 0 to maxFit (few values give many ties), capacities from 0 to maxCap,
// a share forbid of pairs forbidden, IDs in no particular order and some
// people on both sides.
func tieProblem(r *rand.Rand, n, m, maxCap, maxFit int, forbid float64) Problem {
	pool := r.Perm(2 * (n + m))
	both := r.IntN(min(n, m) + 1) // the last mentees are the first mentors
	p := Problem{Mentees: make([]string, n), Mentors: make([]string, m), Capacity: make([]int, m), Fit: make([][]int, n)}
	for i := range p.Mentees {
		p.Mentees[i] = fmt.Sprintf("p%03d", pool[i])
	}
	for j := range p.Mentors {
		p.Mentors[j] = fmt.Sprintf("p%03d", pool[n-both+j])
		p.Capacity[j] = r.IntN(maxCap + 1)
	}
	for i := range p.Fit {
		p.Fit[i] = make([]int, m)
		for j := range p.Fit[i] {
			p.Fit[i][j] = r.IntN(maxFit + 1)
			if r.Float64() < forbid {
				p.Fit[i][j] = NoFit
			}
		}
	}
	return p
}

// TestAssignSameAsRowSearch checks that Assign gives exactly the pairs
// of the search it ran before, on rounds full of ties (where the
// tie-break alone decides), with scarce and zero capacities, forbidden
// pairs and people on both sides, from a few mentors to enough that
// potentials change many times between two searches of a mentor.
func TestAssignSameAsRowSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2026))
	// Up to n mentees and m mentors, or exactly so many.
	shapes := []struct {
		n, m, maxCap, maxFit int
		exact                bool
	}{
		{8, 3, 2, 1, false}, {20, 6, 3, 2, false}, {40, 10, 4, 3, false},
		{60, 20, 3, 5, false}, {120, 30, 5, 2, false}, {150, 8, 40, 3, false},
		{150, 40, 4, 100, true}, {300, 60, 5, 100, true}, {200, 90, 2, 1, true},
		{250, 12, 30, 100, true}, {300, 6, 60, 100, true}, {200, 10, 25, 2, true},
	}
	for k := range 400 {
		sh := shapes[k%len(shapes)]
		n, m := 1+r.IntN(sh.n), 1+r.IntN(sh.m)
		if sh.exact {
			n, m = sh.n, sh.m
		}
		p := tieProblem(r, n, m, sh.maxCap, sh.maxFit, []float64{0, 0, 0.1, 0.4}[k/len(shapes)%4])
		got, err := Assign(p)
		require.NoError(t, err)
		require.Equal(t, rowAssign(p), got, "instance %d: %d mentees, %d mentors", k, n, m)
	}
}

// rowSolver is the search Assign ran before it was compressed to columns,
// kept as a reference: it holds the residual graph on dense arrays. Rows are
// mentees, columns mentors, and column m is the virtual "unassigned"
// mentor with unlimited capacity. Reduced costs are c(i,j) + rowPot[i] −
// colPot[j] for placing row i in column j and −c(i,j) + colPot[j] −
// rowPot[i] for taking it out again; both stay non-negative.
type rowSolver struct {
	n, m, stride int
	cost         []int64 // n × (m+1), row-major; −1 marks a forbidden pair
	capacity     []int
	rowPot       []int64
	colPot       []int64
	col          []int   // column of each placed row
	rows         [][]int // rows placed in each real column

	// scratch for one search
	dist    []int64
	via     []int // the row whose edge gave dist[j]
	done    []bool
	visited []int // columns finished, in order
	tree    []int // rows reached
	rowDist []int64
}

func newRowSolver(n, m int, capacity []int) *rowSolver {
	s := &rowSolver{
		n: n, m: m, stride: m + 1,
		cost:     make([]int64, n*(m+1)),
		capacity: capacity,
		rowPot:   make([]int64, n),
		colPot:   make([]int64, m+1),
		col:      make([]int, n),
		rows:     make([][]int, m),
		dist:     make([]int64, m+1),
		via:      make([]int, m+1),
		done:     make([]bool, m+1),
		rowDist:  make([]int64, n),
	}
	for j := range s.rows {
		s.rows[j] = make([]int, 0, min(capacity[j], n))
	}
	return s
}

// place adds row r along a shortest augmenting path.
func (s *rowSolver) place(r int) {
	m := s.m
	c := s.cost[r*s.stride : (r+1)*s.stride]
	// The new row's potential makes its edges' reduced costs ≥ 0, with
	// at least one at 0.
	pot := int64(math.MinInt64)
	for j, cj := range c {
		if cj >= 0 {
			pot = max(pot, s.colPot[j]-cj)
		}
	}
	s.rowPot[r] = pot
	for j, cj := range c {
		s.dist[j], s.via[j] = inf, -1
		if cj >= 0 {
			s.dist[j], s.via[j] = cj+pot-s.colPot[j], r
		}
	}
	s.tree = append(s.tree[:0], r)
	s.rowDist[r] = 0
	s.visited = s.visited[:0]
	var target int
	var d int64
	for {
		// The nearest unfinished column; the lowest index on ties.
		target, d = -1, inf
		for j, dj := range s.dist {
			if dj < d && !s.done[j] {
				target, d = j, dj
			}
		}
		if target == m || len(s.rows[target]) < s.capacity[target] {
			break
		}
		// A full column: its rows can move elsewhere at the cost of
		// leaving it. Relax every column from each of them.
		s.done[target] = true
		s.visited = append(s.visited, target)
		for _, i := range s.rows[target] {
			ci := s.cost[i*s.stride : (i+1)*s.stride]
			di := d - ci[target] + s.colPot[target] - s.rowPot[i]
			s.rowDist[i] = di
			s.tree = append(s.tree, i)
			base := di + s.rowPot[i]
			for j, cj := range ci {
				if cj < 0 || s.done[j] {
					continue
				}
				if nd := base + cj - s.colPot[j]; nd < s.dist[j] {
					s.dist[j], s.via[j] = nd, i
				}
			}
		}
	}
	// Update potentials of finished nodes (the others keep theirs, which
	// shifts every potential by the same −d and changes no reduced cost).
	for _, j := range s.visited {
		s.colPot[j] += s.dist[j] - d
		s.done[j] = false
	}
	for _, i := range s.tree {
		s.rowPot[i] += s.rowDist[i] - d
	}
	// Augment: each row on the path moves to the column after it.
	s.col[r] = -1
	for j := target; ; {
		i := s.via[j]
		prev := s.col[i]
		if prev >= 0 && prev < m {
			s.rows[prev] = remove(s.rows[prev], i)
		}
		s.col[i] = j
		if j < m {
			s.rows[j] = append(s.rows[j], i)
		}
		if i == r {
			return
		}
		j = prev
	}
}
