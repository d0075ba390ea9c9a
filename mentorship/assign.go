package mentorship

import (
	"fmt"
	"math"
	"math/bits"
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
// other mentors. Dijkstra runs on the mentors alone, with reduced costs:
// moving a seated mentee from mentor a to mentor b costs the cheapest
// such move among the mentees seated at a, kept in an m × (m+1) table,
// and the search stops at the first mentor with a free seat. A pair
// costs maxFit − fit, and a virtual "unassigned" mentor of unlimited
// capacity costs (n+1)·maxFit + 1, more than any fit gained elsewhere, so
// leaving a mentee out is only ever chosen when no seat can be found for
// them.
//
// There are n searches, one per mentee, for n mentees and m mentors. A
// search settles full mentors in order of distance. Settling one relaxes
// its m moves, O(m), except at the distance where the search ends: there
// only moves of reduced cost 0 matter, kept as bits, so settling costs
// O(m/64) plus the mentors it reaches. A search is O(m²) at worst; when
// many seats are equally good (small integer fits), most searches end at
// the distance they start from and cost O(m) plus O(m/64) per full
// mentor. Moving the mentees of the augmenting path changes the table
// row of each mentor on it: with s ≤ 8 mentees seated the row is
// recomputed, O(m·s), when the mentor is next settled (never, if it
// never fills up); above that it is brought up to date at once, O(m +
// k·s), k being the moves the leaving mentee gave. Time is thus O(n·m²)
// when no mentor takes more than 8 mentees, and O(n·m·(m + L·c)) at
// worst otherwise, c being the largest capacity and L the most mentors
// on an augmenting path; memory O(n·m + m²).
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
	s := newSolver(n, m, capacity, int64(n+1)*int64(maxFit)+1)
	for k, i := range rows {
		c, fit := s.costs(k), p.Fit[i]
		for l, j := range cols {
			c[l] = int32(maxFit - fit[j])
			if fit[j] < 0 {
				c[l] = -1
			}
		}
		if l, ok := column[p.Mentees[i]]; ok {
			c[l] = -1
		}
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

// solver holds the residual graph of Assign, compressed to columns:
// column j < m is a mentor and column m the virtual "unassigned" mentor
// with unlimited capacity; rows are mentees. Dijkstra runs on columns
// only. A placed row needs no potential of its own: with the column
// potentials pot, placing row i in column j has reduced cost c(i,j) +
// rowPot(i) − pot[j], and moving a row of column a to column b has
// reduced cost move(a,b) + pot[a] − pot[b] ≥ 0, move(a,b) being the
// least c(i,b) − c(i,a) over the rows i placed at a.
type solver struct {
	m        int
	cost     []int32 // c(i,j) for j < m, n × m, row-major; −1 marks a forbidden pair
	dummy    int64   // c(i,m), the same for every row
	capacity []int
	pot      []int64 // potential of each column
	col      []int   // column of each placed row
	rows     [][]int // rows placed in each real column, in the order they came

	// move[a][b] is move(a,b), or inf when no row of a may go to b, and
	// zero bits likewise, unless stale[a]: the rows of a changed since,
	// and both are recomputed when a is next settled. A column with no
	// rows has none (every move inf) instead of its own, which is only
	// made (from slab) when first needed: a round where few mentors fill
	// up needs few.
	move   [][]int64
	stale  []bool
	none   []int64
	slab   []int64
	marked []int // scratch for update
	// Bit b of zero[a*words:] is set when move(a,b) has reduced cost 0. It
	// is up to date as of change zeroAt[a]: changes are numbered in the
	// order columns' potentials change, changed holds the columns of those
	// from changedBase on, and potAt[j] is the last change of pot[j].
	words       int
	zero        []uint64
	zeroAt      []int
	potAt       []int
	changed     []int
	changedBase int

	// scratch for one search
	dist     []int64
	via      []int // the column whose row gave dist[j], −1 for the new row
	rank     []int // order in which full columns were settled
	done     []bool
	doneSet  []uint64 // done, as bits
	level    []uint64 // unsettled columns at the distance being settled
	lo       int      // no word of level below lo has a bit
	visited  []int    // columns settled, in order
	deferred []int    // columns of this level whose relaxation waits
	next     []int    // the nearest unsettled columns, in index order
	nextDist int64    // and their distance
	steps    []step
}

// step is one move of an augmenting path: row goes from column from (−1
// for the new row) to column to.
type step struct{ row, from, to int }

func newSolver(n, m int, capacity []int, dummy int64) *solver {
	words := (m + 64) / 64
	s := &solver{
		m: m, words: words,
		cost:     make([]int32, n*m),
		dummy:    dummy,
		capacity: capacity,
		pot:      make([]int64, m+1),
		col:      make([]int, n),
		rows:     make([][]int, m),
		move:     make([][]int64, m),
		stale:    make([]bool, m),
		none:     make([]int64, m+1),
		zero:     make([]uint64, m*words),
		zeroAt:   make([]int, m),
		potAt:    make([]int, m),
		dist:     make([]int64, m+1),
		via:      make([]int, m+1),
		rank:     make([]int, m+1),
		done:     make([]bool, m+1),
		doneSet:  make([]uint64, words),
		level:    make([]uint64, words),
	}
	for j := range s.rows {
		s.rows[j] = make([]int, 0, min(capacity[j], n))
	}
	for b := range s.none {
		s.none[b] = inf
	}
	return s
}

// costs returns c(i,·) for the real columns.
func (s *solver) costs(i int) []int32 { return s.cost[i*s.m : (i+1)*s.m] }

// moves returns move(a,·).
func (s *solver) moves(a int) []int64 {
	if s.move[a] == nil {
		return s.none
	}
	return s.move[a]
}

// seq is the number of potential changes so far.
func (s *solver) seq() int { return s.changedBase + len(s.changed) }

// place adds row r along a shortest augmenting path. It is Dijkstra over
// columns: it settles the nearest column first, the lowest index among
// equally near ones, and stops at the first with a free seat. Settling a
// full column relaxes the moves of its rows to every column, at O(m);
// but at the distance where the search ends only moves of reduced cost 0
// matter, and those are in the column's zero bits. So the columns of a
// distance level follow their zero bits first, and relax their other
// moves only once the level is over without a free seat.
func (s *solver) place(r int) {
	m := s.m
	c := s.costs(r)
	dist, via, pot := s.dist[:m+1], s.via[:m+1], s.pot[:m+1]
	// The new row's potential makes its edges' reduced costs ≥ 0, with
	// at least one at 0.
	rowPot := pot[m] - s.dummy
	for j, cj := range c {
		if cj >= 0 {
			rowPot = max(rowPot, pot[j]-int64(cj))
		}
	}
	best, next := int64(inf), s.next[:0]
	for j, cj := range c {
		dj := int64(inf)
		if cj >= 0 {
			dj = int64(cj) + rowPot - pot[j]
		}
		dist[j], via[j] = dj, -1
		if dj < best {
			best, next = dj, append(next[:0], j)
		} else if dj == best {
			next = append(next, j)
		}
	}
	dist[m], via[m] = s.dummy+rowPot-pot[m], -1
	if dist[m] < best {
		best, next = dist[m], append(next[:0], m)
	} else if dist[m] == best {
		next = append(next, m)
	}
	s.next, s.nextDist = next, best
	s.visited = s.visited[:0]
	settled, target := 0, -1
	for target < 0 {
		// Settle every column at distance delta, in index order.
		delta := s.nextDist
		s.lo = len(s.level)
		for _, j := range s.next {
			s.level[j>>6] |= 1 << (j & 63)
			s.lo = min(s.lo, j>>6)
		}
		levelStart := settled
		s.deferred = s.deferred[:0]
		for {
			for s.lo < len(s.level) && s.level[s.lo] == 0 {
				s.lo++
			}
			if s.lo == len(s.level) {
				break
			}
			j := s.lo<<6 + bits.TrailingZeros64(s.level[s.lo])
			s.level[s.lo] &^= 1 << (j & 63)
			if j == m || len(s.rows[j]) < s.capacity[j] {
				target = j
				break
			}
			// A full column: its rows can move elsewhere at the cost of
			// leaving it.
			s.done[j] = true
			s.doneSet[j>>6] |= 1 << (j & 63)
			s.visited = append(s.visited, j)
			s.rank[j] = settled
			settled++
			if s.stale[j] {
				s.rebuild(j)
			}
			if s.zeroFresh(j) {
				s.followZero(j, delta)
				s.deferred = append(s.deferred, j)
			} else {
				s.relax(j, delta, levelStart, true, true)
			}
		}
		if target >= 0 {
			break
		}
		for k, a := range s.deferred {
			s.relax(a, delta, levelStart, false, k == len(s.deferred)-1)
		}
	}
	// Update potentials of settled columns (the others keep theirs, which
	// shifts every potential by the same −d and changes no reduced cost).
	d := dist[target]
	for _, j := range s.visited {
		if dist[j] < d {
			pot[j] += dist[j] - d
			s.changed = append(s.changed, j)
			s.potAt[j] = s.seq()
		}
		s.done[j] = false
	}
	clear(s.doneSet)
	clear(s.level)
	if len(s.changed) > 4*(m+1) {
		s.changedBase += len(s.changed)
		s.changed = s.changed[:0]
	}
	// Augment: each row on the path moves to the column after it. The
	// rows are chosen before any moves: of the rows of a column that give
	// its cheapest move, the first in the order rows came, which is the
	// row a search relaxing rows one by one would have kept.
	steps := s.steps[:0]
	for j := target; ; {
		a := via[j]
		if a < 0 {
			steps = append(steps, step{row: r, from: -1, to: j})
			break
		}
		steps = append(steps, step{row: s.mover(a, j), from: a, to: j})
		j = a
	}
	s.steps = steps
	s.col[r] = -1
	for _, st := range steps {
		if st.from >= 0 {
			s.rows[st.from] = remove(s.rows[st.from], st.row)
		}
		s.col[st.row] = st.to
		if st.to < m {
			s.rows[st.to] = append(s.rows[st.to], st.row)
		}
	}
	if target < m {
		s.update(target, -1, steps[0].row)
	}
	for k, st := range steps {
		if st.from >= 0 {
			s.update(st.from, st.row, steps[k+1].row)
		}
	}
}

// zeroFresh brings the zero bits of column a up to date if few
// potentials changed since they were, and reports whether they are.
// Potentials only go down, so a change of pot[b] while pot[a] stays
// raises the reduced cost of a's move to b: a move to b that cost 0 now
// costs more, and no other bit can appear.
func (s *solver) zeroFresh(a int) bool {
	at := s.zeroAt[a]
	if at < s.changedBase || s.potAt[a] > at {
		return false
	}
	pending := s.changed[at-s.changedBase:]
	if len(pending) > s.m {
		return false
	}
	z := s.zero[a*s.words : (a+1)*s.words]
	for _, b := range pending {
		z[b>>6] &^= 1 << (b & 63)
	}
	s.zeroAt[a] = s.seq()
	return true
}

// followZero brings every unsettled column that a's rows reach at reduced
// cost 0 to distance delta, the distance of a.
func (s *solver) followZero(a int, delta int64) {
	z := s.zero[a*s.words : (a+1)*s.words]
	done, level := s.doneSet[:len(z)], s.level[:len(z)]
	for k, zk := range z {
		// Columns neither settled nor in the level are farther than
		// delta.
		x := zk &^ (done[k] | level[k])
		if x == 0 {
			continue
		}
		level[k] |= x
		s.lo = min(s.lo, k)
		for ; x != 0; x &= x - 1 {
			b := k<<6 + bits.TrailingZeros64(x)
			s.dist[b], s.via[b] = delta, a
		}
	}
}

// relax relaxes the moves out of settled column a, at distance delta, to
// every unsettled column. With stale, a's zero bits were not followed:
// it recomputes them and brings the columns they reach into the level.
// Where a column of the level settled after a gave the same distance, a
// takes its place, so the result is that of relaxing in the order the
// columns were settled. With track, it also finds the nearest unsettled
// columns.
func (s *solver) relax(a int, delta int64, levelStart int, stale, track bool) {
	w := s.moves(a)
	dist, via, done, pot := s.dist[:len(w)], s.via[:len(w)], s.done[:len(w)], s.pot[:len(w)]
	var z []uint64
	if stale {
		z = s.zero[a*s.words : (a+1)*s.words]
		clear(z)
	}
	pa, ra := s.pot[a], s.rank[a]
	best, next := int64(inf), s.next[:0]
	for b, wb := range w {
		if wb < inf {
			rc := wb + pa - pot[b]
			if stale && rc == 0 {
				z[b>>6] |= 1 << (b & 63)
			}
			if !done[b] {
				nd := delta + rc
				if nd < dist[b] || nd == dist[b] && via[b] >= 0 && s.rank[via[b]] > ra && s.rank[via[b]] >= levelStart {
					if nd == delta {
						s.level[b>>6] |= 1 << (b & 63)
						s.lo = min(s.lo, b>>6)
					}
					dist[b], via[b] = nd, a
				}
			}
		}
		if track && !done[b] {
			if db := dist[b]; db < best {
				best, next = db, append(next[:0], b)
			} else if db == best {
				next = append(next, b)
			}
		}
	}
	if stale {
		s.zeroAt[a] = s.seq()
	}
	if track {
		s.next, s.nextDist = next, best
	}
}

// mover returns the row of column a that gives move(a,b): the first in
// the order rows came.
func (s *solver) mover(a, b int) int {
	want := s.move[a][b]
	for _, i := range s.rows[a] {
		c := s.costs(i)
		cb := s.dummy
		if b < s.m {
			cb = int64(c[b])
		}
		if cb >= 0 && cb-int64(c[a]) == want {
			return i
		}
	}
	panic("mentorship: assign: no row gives the cheapest move")
}

// rebuildRows is the most rows a column may hold for its moves to be
// recomputed from all its rows, when it is next settled, rather than
// brought up to date at every change.
const rebuildRows = 8

// update brings move(a,·) and a's zero bits up to date after row out (−1
// for none) left column a and row in arrived, both already in rows[a];
// or, for a column of few rows, marks them stale.
func (s *solver) update(a, out, in int) {
	if len(s.rows[a]) <= rebuildRows {
		s.stale[a] = true
		return
	}
	if s.stale[a] || out < 0 {
		if s.stale[a] {
			s.rebuild(a)
			return
		}
		s.arrive(s.move[a][:s.m], a, in)
		s.finish(a)
		return
	}
	// Only the moves out gave (or tied) need a new look; in arrived for
	// the others.
	w, co, ci := s.move[a], s.costs(out), s.costs(in)
	ci, w = ci[:len(co)], w[:len(co)]
	vo, vi := int64(co[a]), int64(ci[a])
	marked := s.marked[:0]
	for b, cb := range co {
		if cb >= 0 && int64(cb)-vo == w[b] {
			marked = append(marked, b)
			w[b] = inf
		} else if ci[b] >= 0 {
			w[b] = min(w[b], int64(ci[b])-vi)
		}
	}
	for _, i := range s.rows[a] {
		c := s.costs(i)
		v := int64(c[a])
		for _, b := range marked {
			if c[b] >= 0 {
				w[b] = min(w[b], int64(c[b])-v)
			}
		}
	}
	s.marked = marked
	s.finish(a)
}

// rebuild recomputes move(a,·) and a's zero bits from the rows of a.
func (s *solver) rebuild(a int) {
	m := s.m
	if s.move[a] == nil {
		if len(s.slab) == 0 {
			s.slab = make([]int64, min(32, m)*(m+1))
		}
		s.move[a], s.slab = s.slab[:m+1:m+1], s.slab[m+1:]
	}
	copy(s.move[a], s.none)
	for _, i := range s.rows[a] {
		s.arrive(s.move[a][:m], a, i)
	}
	s.stale[a] = false
	s.finish(a)
}

// finish sets move(a,m) and recomputes a's zero bits, once a's moves to
// real columns are up to date.
func (s *solver) finish(a int) {
	m, w := s.m, s.move[a]
	// Every row may go unassigned: the cheapest move there is the row
	// that costs most where it is.
	worst := int64(0)
	for _, i := range s.rows[a] {
		worst = max(worst, int64(s.costs(i)[a]))
	}
	w[m] = s.dummy - worst
	z := s.zero[a*s.words : (a+1)*s.words]
	clear(z)
	pa, pot := s.pot[a], s.pot[:len(w)]
	for b, wb := range w {
		if wb < inf && wb+pa-pot[b] == 0 {
			z[b>>6] |= 1 << (b & 63)
		}
	}
	s.zeroAt[a] = s.seq()
}

// arrive lowers the moves w of column a to real columns to those row i
// offers.
func (s *solver) arrive(w []int64, a, i int) {
	c := s.costs(i)
	c = c[:len(w)]
	v := int64(c[a])
	for b, cb := range c {
		if cb >= 0 {
			w[b] = min(w[b], int64(cb)-v)
		}
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
