package mentorship_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%02d", prefix, i)
	}
	return out
}

// TestAssignByHand checks instances whose optimum is worked out by hand.
func TestAssignByHand(t *testing.T) {
	tests := []struct {
		name       string
		capacity   []int
		fit        [][]int
		want       map[string]string // mentee → mentor
		total      int
		unassigned []string
	}{
		{
			// Greedy gives e00 its best (m00, 9) and leaves e01 with m01
			// (1): 10. The optimum swaps: 8 + 8 = 16.
			name:     "greedy is not optimal",
			capacity: []int{1, 1},
			fit:      [][]int{{9, 8}, {8, 1}},
			want:     map[string]string{"e00": "m01", "e01": "m00"},
			total:    16,
		},
		{
			// One seat, two mentees: the later mentee fits better and must
			// win the seat even though the first was placed first.
			name:       "a later mentee takes the seat",
			capacity:   []int{1},
			fit:        [][]int{{1}, {10}},
			want:       map[string]string{"e01": "m00"},
			total:      10,
			unassigned: []string{"e00"},
		},
		{
			// Placing everyone beats total fit: e00 alone with m00 would
			// give 10, but e01 can only go to m00, so e00 takes m01 (0)
			// and e01 m00 (1): two placed, total 1.
			name:     "cardinality first",
			capacity: []int{1, 1},
			fit:      [][]int{{10, 0}, {1, mentorship.NoFit}},
			want:     map[string]string{"e00": "m01", "e01": "m00"},
			total:    1,
		},
		{
			// Capacity 2 on m00: e00 and e01 both take it (5 + 5); e02
			// goes to m01 (3): 13, rather than e02 on m00 (4).
			name:     "capacity above one",
			capacity: []int{2, 1},
			fit:      [][]int{{5, 1}, {5, 2}, {4, 3}},
			want:     map[string]string{"e00": "m00", "e01": "m00", "e02": "m01"},
			total:    13,
		},
		{
			name:       "no seats",
			capacity:   []int{0},
			fit:        [][]int{{3}},
			want:       map[string]string{},
			unassigned: []string{"e00"},
		},
		{
			name:       "every pair forbidden for one mentee",
			capacity:   []int{1, 1},
			fit:        [][]int{{mentorship.NoFit, mentorship.NoFit}, {2, 7}},
			want:       map[string]string{"e01": "m01"},
			total:      7,
			unassigned: []string{"e00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mentorship.Problem{Mentees: ids("e", len(tt.fit)), Mentors: ids("m", len(tt.capacity)), Capacity: tt.capacity, Fit: tt.fit}
			a, err := mentorship.Assign(p)
			require.NoError(t, err)
			got := map[string]string{}
			for _, m := range a.Matches {
				got[m.Mentee] = m.Mentor
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.total, a.TotalFit)
			if tt.unassigned == nil {
				tt.unassigned = []string{}
			}
			assert.Equal(t, tt.unassigned, a.Unassigned)
		})
	}
}

func TestAssignNeverPairsAPersonWithThemselves(t *testing.T) {
	p := mentorship.Problem{Mentees: []string{"ana", "ben"}, Mentors: []string{"ana", "mia"}, Capacity: []int{1, 1},
		Fit: [][]int{{100, 1}, {1, 1}}}
	a, err := mentorship.Assign(p)
	require.NoError(t, err)
	assert.Equal(t, []mentorship.Match{{Mentee: "ana", Mentor: "mia", Fit: 1}, {Mentee: "ben", Mentor: "ana", Fit: 1}}, a.Matches)
}

func TestAssignValidates(t *testing.T) {
	_, err := mentorship.Assign(mentorship.Problem{
		Mentees:  []string{"a", "a", ""},
		Mentors:  []string{"m"},
		Capacity: []int{-1, 2},
		Fit:      [][]int{{mentorship.MaxFit + 1}, {-2}, {1, 2}},
	})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, f := range []string{"mentees[1]", "mentees[2]", "capacity", "capacity[0]", "fit[0][0]", "fit[1][0]", "fit[2]"} {
		assert.True(t, verr.Has(f), "missing %s in %v", f, verr.Fields)
	}
	assert.False(t, verr.Has("capacity[1]"))
}

// bruteAssign enumerates every assignment and returns the best
// (placed, total fit) pair.
func bruteAssign(p mentorship.Problem) (placed, total int) {
	n, m := len(p.Mentees), len(p.Mentors)
	load := make([]int, m)
	placed, total = -1, -1
	var rec func(i, cnt, sum int)
	rec = func(i, cnt, sum int) {
		if i == n {
			if cnt > placed || cnt == placed && sum > total {
				placed, total = cnt, sum
			}
			return
		}
		rec(i+1, cnt, sum)
		for j := range m {
			f := p.Fit[i][j]
			if f < 0 || load[j] >= p.Capacity[j] || p.Mentees[i] == p.Mentors[j] {
				continue
			}
			load[j]++
			rec(i+1, cnt+1, sum+f)
			load[j]--
		}
	}
	rec(0, 0, 0)
	return placed, total
}

func randomProblem(r *rand.Rand, n, m, maxCap, maxFit int, forbid float64) mentorship.Problem {
	p := mentorship.Problem{Mentees: ids("e", n), Mentors: ids("m", m), Capacity: make([]int, m), Fit: make([][]int, n)}
	for j := range p.Capacity {
		p.Capacity[j] = r.IntN(maxCap + 1)
	}
	for i := range p.Fit {
		p.Fit[i] = make([]int, m)
		for j := range p.Fit[i] {
			p.Fit[i][j] = r.IntN(maxFit + 1)
			if r.Float64() < forbid {
				p.Fit[i][j] = mentorship.NoFit
			}
		}
	}
	return p
}

// checkAssignment checks that an assignment is feasible and that its
// figures add up, and returns how many it placed.
func checkAssignment(t *testing.T, p mentorship.Problem, a *mentorship.Assignment) int {
	t.Helper()
	mentee := map[string]int{}
	for i, id := range p.Mentees {
		mentee[id] = i
	}
	mentor := map[string]int{}
	for j, id := range p.Mentors {
		mentor[id] = j
	}
	load := make([]int, len(p.Mentors))
	seen := map[string]bool{}
	sum := 0
	for _, m := range a.Matches {
		i, j := mentee[m.Mentee], mentor[m.Mentor]
		require.False(t, seen[m.Mentee], "mentee placed twice")
		seen[m.Mentee] = true
		require.GreaterOrEqual(t, p.Fit[i][j], 0, "forbidden pair used")
		require.Equal(t, p.Fit[i][j], m.Fit)
		load[j]++
		sum += m.Fit
	}
	for j := range load {
		require.LessOrEqual(t, load[j], p.Capacity[j], "capacity of %s exceeded", p.Mentors[j])
	}
	for _, u := range a.Unassigned {
		require.False(t, seen[u], "a mentee is both placed and unassigned")
		seen[u] = true
	}
	require.Len(t, seen, len(p.Mentees), "every mentee is placed or unassigned")
	require.Equal(t, sum, a.TotalFit)
	return len(a.Matches)
}

// TestAssignEqualsBruteForce compares Assign with exhaustive search on
// random small instances, including scarce capacity and forbidden pairs.
func TestAssignEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	for k := range 600 {
		n, m := 1+r.IntN(7), 1+r.IntN(4)
		p := randomProblem(r, n, m, 3, []int{1, 5, 100}[k%3], []float64{0, 0.2, 0.5}[k%3])
		a, err := mentorship.Assign(p)
		require.NoError(t, err)
		placed := checkAssignment(t, p, a)
		wantPlaced, wantTotal := bruteAssign(p)
		require.Equal(t, wantPlaced, placed, "instance %d: %+v", k, p)
		require.Equal(t, wantTotal, a.TotalFit, "instance %d: %+v", k, p)
	}
}

// flowAssign solves p as a textbook min-cost max-flow, independently of
// Assign: source → mentee (1 seat) → mentor (fit as negative cost) →
// sink (capacity), one unit at a time along a shortest path found by
// Bellman–Ford. It returns how many mentees the flow places and their
// total fit: the most placements possible, and the best total among them.
func flowAssign(p mentorship.Problem) (placed, total int) {
	n, m := len(p.Mentees), len(p.Mentors)
	type edge struct{ to, rev, cap, cost int }
	g := make([][]edge, n+m+2)
	add := func(u, v, cp, cost int) {
		g[u] = append(g[u], edge{v, len(g[v]), cp, cost})
		g[v] = append(g[v], edge{u, len(g[u]) - 1, 0, -cost})
	}
	src, sink := n+m, n+m+1
	for i := range n {
		add(src, i, 1, 0)
		for j := range m {
			if f := p.Fit[i][j]; f >= 0 && p.Mentees[i] != p.Mentors[j] {
				add(i, n+j, 1, -f)
			}
		}
	}
	for j := range m {
		add(n+j, sink, p.Capacity[j], 0)
	}
	for {
		dist := make([]int, len(g))
		prev := make([][2]int, len(g)) // node, edge index
		for v := range dist {
			dist[v] = 1 << 60
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range g {
				if dist[u] == 1<<60 {
					continue
				}
				for k, e := range g[u] {
					if e.cap > 0 && dist[u]+e.cost < dist[e.to] {
						dist[e.to], prev[e.to], changed = dist[u]+e.cost, [2]int{u, k}, true
					}
				}
			}
		}
		if dist[sink] == 1<<60 {
			return placed, total
		}
		for v := sink; v != src; {
			u, k := prev[v][0], prev[v][1]
			g[u][k].cap--
			g[v][g[u][k].rev].cap++
			v = u
		}
		placed++
		total -= dist[sink]
	}
}

// TestAssignMatchesMinCostFlow compares Assign with flowAssign on random
// rounds too large for brute force, most of them with fewer seats than
// mentees, some with forbidden pairs or mentors offering many seats.
func TestAssignMatchesMinCostFlow(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 5))
	for k := range 300 {
		n, m := 1+r.IntN(40), 1+r.IntN(12)
		maxCap := []int{1, 3, 12}[k%3]
		p := randomProblem(r, n, m, maxCap, []int{2, 100}[k%2], []float64{0, 0.3}[k/2%2])
		a, err := mentorship.Assign(p)
		require.NoError(t, err)
		placed := checkAssignment(t, p, a)
		wantPlaced, wantTotal := flowAssign(p)
		require.Equal(t, wantPlaced, placed, "instance %d: %+v", k, p)
		require.Equal(t, wantTotal, a.TotalFit, "instance %d: %+v", k, p)
	}
}

// TestAssignLargerInstancesAreFeasible checks capacity and bookkeeping on
// instances too large for brute force.
func TestAssignLargerInstancesAreFeasible(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 71))
	for range 20 {
		p := randomProblem(r, 80+r.IntN(80), 10+r.IntN(20), 6, 50, 0.3)
		a, err := mentorship.Assign(p)
		require.NoError(t, err)
		checkAssignment(t, p, a)
	}
}

// TestAssignTieBreakByID checks the documented tie-break on instances
// where it alone decides: the mentee with the lowest ID keeps a contested
// seat, and a mentee torn between mentors gets the one with the lowest
// ID, however the two sides are listed.
func TestAssignTieBreakByID(t *testing.T) {
	a, err := mentorship.Assign(mentorship.Problem{Mentees: []string{"e01", "e00"}, Mentors: []string{"m00"}, Capacity: []int{1},
		Fit: [][]int{{4}, {4}}})
	require.NoError(t, err)
	assert.Equal(t, []mentorship.Match{{Mentee: "e00", Mentor: "m00", Fit: 4}}, a.Matches)
	assert.Equal(t, []string{"e01"}, a.Unassigned)

	a, err = mentorship.Assign(mentorship.Problem{Mentees: []string{"e00"}, Mentors: []string{"m01", "m00"}, Capacity: []int{1, 1},
		Fit: [][]int{{4, 4}}})
	require.NoError(t, err)
	assert.Equal(t, []mentorship.Match{{Mentee: "e00", Mentor: "m00", Fit: 4}}, a.Matches)
}

// TestAssignIgnoresListingOrder lists the same rounds in shuffled orders
// and checks that everyone gets the same mentor: with fits from 0 to 2
// and scarce seats, most rounds have many optimal assignments, so only
// the tie-break by ID makes them agree.
func TestAssignIgnoresListingOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 23))
	for k := range 200 {
		p := randomProblem(r, 2+r.IntN(25), 1+r.IntN(6), 3, 2, 0.1)
		a, err := mentorship.Assign(p)
		require.NoError(t, err)
		for range 3 {
			q := shuffled(r, p)
			b, err := mentorship.Assign(q)
			require.NoError(t, err)
			checkAssignment(t, q, b)
			require.Equal(t, pairs(a), pairs(b), "instance %d: %+v", k, p)
			require.ElementsMatch(t, a.Unassigned, b.Unassigned)
			require.Equal(t, a.TotalFit, b.TotalFit)
			for i := 1; i < len(b.Matches); i++ {
				require.Less(t, slices.Index(q.Mentees, b.Matches[i-1].Mentee), slices.Index(q.Mentees, b.Matches[i].Mentee), "matches follow the input order")
			}
		}
	}
}

// shuffled lists p's mentees and mentors in random orders, carrying the
// fit and capacities along.
func shuffled(r *rand.Rand, p mentorship.Problem) mentorship.Problem {
	rows, cols := r.Perm(len(p.Mentees)), r.Perm(len(p.Mentors))
	q := mentorship.Problem{Mentees: make([]string, len(rows)), Mentors: make([]string, len(cols)), Capacity: make([]int, len(cols)), Fit: make([][]int, len(rows))}
	for l, j := range cols {
		q.Mentors[l], q.Capacity[l] = p.Mentors[j], p.Capacity[j]
	}
	for k, i := range rows {
		q.Mentees[k] = p.Mentees[i]
		q.Fit[k] = make([]int, len(cols))
		for l, j := range cols {
			q.Fit[k][l] = p.Fit[i][j]
		}
	}
	return q
}

func pairs(a *mentorship.Assignment) map[string]string {
	out := map[string]string{}
	for _, m := range a.Matches {
		out[m.Mentee] = m.Mentor
	}
	return out
}

// TestAssignBeatsEveryLocalSwap checks optimality on large instances in a
// way brute force cannot: no two placed mentees gain by swapping mentors,
// and no placed mentee gains by moving to a mentor with a free seat.
func TestAssignBeatsEveryLocalSwap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	p := randomProblem(r, 150, 30, 6, 100, 0)
	a, err := mentorship.Assign(p)
	require.NoError(t, err)
	checkAssignment(t, p, a)
	idx := map[string]int{}
	for j, id := range p.Mentors {
		idx[id] = j
	}
	load := make([]int, len(p.Mentors))
	col := make([]int, len(a.Matches))
	row := make([]int, len(a.Matches))
	for k, m := range a.Matches {
		var i int
		_, err := fmt.Sscanf(m.Mentee, "e%d", &i)
		require.NoError(t, err)
		row[k], col[k] = i, idx[m.Mentor]
		load[col[k]]++
	}
	for x := range a.Matches {
		for y := range a.Matches {
			i1, j1, i2, j2 := row[x], col[x], row[y], col[y]
			require.GreaterOrEqual(t, p.Fit[i1][j1]+p.Fit[i2][j2], p.Fit[i1][j2]+p.Fit[i2][j1], "swap improves")
		}
		for j := range p.Mentors {
			if load[j] < p.Capacity[j] {
				require.GreaterOrEqual(t, p.Fit[row[x]][col[x]], p.Fit[row[x]][j], "move to a free seat improves")
			}
		}
	}
}

func TestProblemFromTags(t *testing.T) {
	profiles := []mentorship.Profile{
		{Person: "mia", Capacity: 2, Active: 1, Expertise: []string{"go", "sql"}},
		{Person: "ana", Capacity: 1, Expertise: []string{"Agile"}},
		{Person: "zed", Capacity: 1, Active: 1, Expertise: []string{"go"}}, // full
	}
	p := mentorship.ProblemFromTags([]mentorship.Seeker{
		{Person: "ben", Tags: []string{"GO", "sql", "agile"}},
		{Person: "ana", Tags: []string{"agile"}},
	}, profiles)
	assert.Equal(t, []string{"ben", "ana"}, p.Mentees)
	assert.Equal(t, []string{"mia", "ana"}, p.Mentors)
	assert.Equal(t, []int{1, 1}, p.Capacity, "seats left, full mentors left out")
	assert.Equal(t, [][]int{{2, 1}, {0, mentorship.NoFit}}, p.Fit)
	assert.Equal(t, 2, mentorship.TagFit([]string{" Go", "SQL"}, []string{"sql", "go", "k8s"}))

	// Nobody accepting: empty lists, not null, in JSON.
	none := mentorship.ProblemFromTags([]mentorship.Seeker{{Person: "ben", Tags: []string{"go"}}}, profiles[2:])
	js, err := json.Marshal(none)
	require.NoError(t, err)
	assert.JSONEq(t, `{"mentees":["ben"],"mentors":[],"capacity":[],"fit":[[]]}`, string(js))
	js, err = json.Marshal(mentorship.ProblemFromTags(nil, nil))
	require.NoError(t, err)
	assert.JSONEq(t, `{"mentees":[],"mentors":[],"capacity":[],"fit":[]}`, string(js))
	a, err := mentorship.Assign(none)
	require.NoError(t, err)
	assert.Equal(t, []string{"ben"}, a.Unassigned)
}
