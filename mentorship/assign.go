package mentorship

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// Limits of Assign problems.
const (
	// NoFit marks a mentee–mentor pair that must not be matched.
	NoFit = -1
	// MaxFit is the largest fit score Assign accepts.
	MaxFit = 1_000_000
	// MaxRoundMentees is the most mentees one Assign problem may hold; it
	// keeps every cost in int64.
	MaxRoundMentees = 100_000
)

// Problem is a mentoring round: mentees to place with mentors who each
// offer some seats, and a fit score for every pair.
type Problem struct {
	Mentees []string `json:"mentees"`
	Mentors []string `json:"mentors"`
	// Capacity[j] is the number of seats Mentors[j] offers.
	Capacity []int `json:"capacity"`
	// Fit[i][j], from 0 to MaxFit, is how well Mentors[j] suits
	// Mentees[i]; NoFit forbids the pair. A person listed on both sides is
	// never paired with themselves.
	Fit [][]int `json:"fit"`
}

// Match is one pair of an Assignment.
type Match struct {
	Mentee string `json:"mentee"`
	Mentor string `json:"mentor"`
	Fit    int    `json:"fit"`
}

// Assignment is the result of Assign.
type Assignment struct {
	// Matches are in the order of Problem.Mentees.
	Matches []Match `json:"matches"`
	// Unassigned are the mentees capacity did not allow to place, in the
	// order of Problem.Mentees.
	Unassigned []string `json:"unassigned"`
	// TotalFit is the sum of the fit of every match.
	TotalFit int `json:"totalFit"`
}

// Assign places mentees with mentors, exactly optimally: first as many
// mentees as capacities and allowed pairs permit, then, among all such
// assignments, one of maximum total fit. It is a pure function.
//
// It solves the transportation problem as a min-cost flow by successive
// shortest paths with potentials (the Hungarian method generalised to
// capacities): each mentee in turn is placed along a shortest augmenting
// path in the residual graph, which may move mentees placed earlier to
// other mentors; Dijkstra runs on dense arrays with reduced costs and
// stops at the first mentor with a free seat. A pair costs maxFit − fit,
// and a virtual "unassigned" mentor of unlimited capacity costs
// (n+1)·maxFit + 1, more than any fit gained elsewhere, so leaving a
// mentee out is only ever chosen when no seat can be found for them.
//
// There are n augmentations, one per mentee, for n mentees and m mentors.
// Each search settles the full mentors it reaches and relaxes every edge
// of the s mentees seated there, so it costs O(m·(1+s+z)), z being the
// mentors offering no seat: time O(n·m·(1+s+z)), memory O(n·m). s is
// small while seats are plentiful, but grows as they run out — once every
// seat is taken a search may visit every placed mentee — so scarce
// capacity tends to the worst case O(n²·m).
//
// Ties between equally good assignments are broken deterministically and
// do not depend on the order in which mentees and mentors are listed:
// Assign works on both sorted by ID, places mentees in that order, and
// among equally short augmenting paths takes the one that reaches the
// mentor with the lowest ID first. Matches and Unassigned follow the
// order of Problem.Mentees.
//
// Assign returns a *storage.ValidationError naming each bad field (empty
// or repeated IDs, a fit out of range, a negative capacity, lengths that
// do not match).
func Assign(p Problem) (*Assignment, error) {
	if err := p.check(); err != nil {
		return nil, wrap(err, "assign")
	}
	n, m := len(p.Mentees), len(p.Mentors)
	maxFit := 0
	for i := range p.Fit {
		for _, f := range p.Fit[i] {
			maxFit = max(maxFit, f)
		}
	}
	// The solver's row k is mentee rows[k] and its column l mentor
	// cols[l], both in ID order.
	rows, cols := byID(p.Mentees), byID(p.Mentors)
	capacity := make([]int, m)
	column := make(map[string]int, m)
	for l, j := range cols {
		capacity[l] = p.Capacity[j]
		column[p.Mentors[j]] = l
	}
	s := newSolver(n, m, capacity)
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
	placed := make([]int, n) // input mentee → input mentor, or −1
	for k, i := range rows {
		placed[i] = -1
		if l := s.col[k]; l < m {
			placed[i] = cols[l]
		}
	}
	a := &Assignment{Matches: []Match{}, Unassigned: []string{}}
	for i, j := range placed {
		if j < 0 {
			a.Unassigned = append(a.Unassigned, p.Mentees[i])
			continue
		}
		f := p.Fit[i][j]
		a.Matches = append(a.Matches, Match{Mentee: p.Mentees[i], Mentor: p.Mentors[j], Fit: f})
		a.TotalFit += f
	}
	return a, nil
}

// byID returns the indices of ids in ascending order of ID.
func byID(ids []string) []int {
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(ids[a], ids[b]) })
	return idx
}

func (p Problem) check() error {
	var fe []storage.FieldError
	bad := func(field, msg string, args ...any) {
		if len(fe) < 50 {
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf(field, args...), Message: msg})
		}
	}
	if len(p.Mentees) > MaxRoundMentees {
		bad("mentees", fmt.Sprintf("must have at most %d elements", MaxRoundMentees))
	}
	checkIDs := func(name string, ids []string) {
		seen := make(map[string]bool, len(ids))
		for i, id := range ids {
			switch {
			case id == "":
				bad("%s[%d]", "must not be empty", name, i)
			case seen[id]:
				bad("%s[%d]", "must not repeat a value", name, i)
			}
			seen[id] = true
		}
	}
	checkIDs("mentees", p.Mentees)
	checkIDs("mentors", p.Mentors)
	if len(p.Capacity) != len(p.Mentors) {
		bad("capacity", "must have one element per mentor")
	}
	for j, c := range p.Capacity {
		if c < 0 {
			bad("capacity[%d]", "must be at least 0", j)
		}
	}
	if len(p.Fit) != len(p.Mentees) {
		bad("fit", "must have one row per mentee")
	}
	for i, row := range p.Fit {
		if len(row) != len(p.Mentors) {
			bad("fit[%d]", "must have one element per mentor", i)
			continue
		}
		for j, f := range row {
			if f != NoFit && (f < 0 || f > MaxFit) {
				bad("fit[%d][%d]", fmt.Sprintf("must be NoFit (-1) or between 0 and %d", MaxFit), i, j)
			}
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return &storage.ValidationError{Fields: fe}
}

const inf = math.MaxInt64 / 4

// solver holds the residual graph of Assign on dense arrays. Rows are
// mentees, columns mentors, and column m is the virtual "unassigned"
// mentor with unlimited capacity. Reduced costs are c(i,j) + rowPot[i] −
// colPot[j] for placing row i in column j and −c(i,j) + colPot[j] −
// rowPot[i] for taking it out again; both stay non-negative.
type solver struct {
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

func newSolver(n, m int, capacity []int) *solver {
	s := &solver{
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
func (s *solver) place(r int) {
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

func remove(rows []int, i int) []int {
	for k, v := range rows {
		if v == i {
			return append(rows[:k], rows[k+1:]...)
		}
	}
	return rows
}
