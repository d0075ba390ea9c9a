package mentorship_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

func TestStableByHand(t *testing.T) {
	t.Run("a mentor with two seats trades up", func(t *testing.T) {
		// a and b fill X; c, whom X prefers most, displaces b, who then
		// goes to Y.
		mentees := []mentorship.Ranking{
			{Person: "a", Prefers: []string{"X", "Y"}},
			{Person: "b", Prefers: []string{"X", "Y"}},
			{Person: "c", Prefers: []string{"X", "Y"}},
		}
		mentors := []mentorship.Ranking{
			{Person: "X", Capacity: 2, Prefers: []string{"c", "a", "b"}},
			{Person: "Y", Capacity: 1, Prefers: []string{"a", "b", "c"}},
		}
		m, err := mentorship.Stable(mentees, mentors)
		require.NoError(t, err)
		assert.Equal(t, []mentorship.Pair{{Mentee: "a", Mentor: "X"}, {Mentee: "b", Mentor: "Y"}, {Mentee: "c", Mentor: "X"}}, m.Pairs)
		assert.Empty(t, m.Unmatched)
	})
	t.Run("mentee-optimal of two stable matchings", func(t *testing.T) {
		// Both {a-X, b-Y} and {a-Y, b-X} are stable; mentees proposing get
		// their first choices.
		mentees := []mentorship.Ranking{{Person: "a", Prefers: []string{"X", "Y"}}, {Person: "b", Prefers: []string{"Y", "X"}}}
		mentors := []mentorship.Ranking{{Person: "X", Capacity: 1, Prefers: []string{"b", "a"}}, {Person: "Y", Capacity: 1, Prefers: []string{"a", "b"}}}
		m, err := mentorship.Stable(mentees, mentors)
		require.NoError(t, err)
		assert.Equal(t, []mentorship.Pair{{Mentee: "a", Mentor: "X"}, {Mentee: "b", Mentor: "Y"}}, m.Pairs)
		other := []mentorship.Pair{{Mentee: "a", Mentor: "Y"}, {Mentee: "b", Mentor: "X"}}
		blocking, err := mentorship.BlockingPairs(mentees, mentors, other)
		require.NoError(t, err)
		assert.Empty(t, blocking, "the mentor-optimal matching is stable too")

		blocking, err = mentorship.BlockingPairs(mentees, mentors, []mentorship.Pair{{Mentee: "a", Mentor: "X"}})
		require.NoError(t, err)
		assert.Equal(t, []mentorship.Pair{{Mentee: "b", Mentor: "Y"}, {Mentee: "b", Mentor: "X"}}, blocking,
			"b is unmatched: Y has a free seat, and X prefers b to a")
	})
	t.Run("unacceptable partners are never matched", func(t *testing.T) {
		mentees := []mentorship.Ranking{{Person: "a", Prefers: []string{"X"}}, {Person: "b", Prefers: []string{"X", "Y"}}}
		mentors := []mentorship.Ranking{{Person: "X", Capacity: 2, Prefers: []string{"b"}}, {Person: "Y", Capacity: 0, Prefers: []string{"b"}}}
		m, err := mentorship.Stable(mentees, mentors)
		require.NoError(t, err)
		assert.Equal(t, []mentorship.Pair{{Mentee: "b", Mentor: "X"}}, m.Pairs)
		assert.Equal(t, []string{"a"}, m.Unmatched)

		// Matched with someone not listed: any listed partner is better.
		blocking, err := mentorship.BlockingPairs(mentees, mentors, []mentorship.Pair{{Mentee: "a", Mentor: "X"}})
		require.NoError(t, err)
		assert.Equal(t, []mentorship.Pair{{Mentee: "b", Mentor: "X"}}, blocking)
	})
}

func TestStableValidates(t *testing.T) {
	_, err := mentorship.Stable(
		[]mentorship.Ranking{{Person: "a", Prefers: []string{"X", "X", "nobody", "a"}}, {Person: "a"}, {Person: ""}},
		[]mentorship.Ranking{{Person: "X", Capacity: -1, Prefers: []string{"a", "b"}}, {Person: "a"}},
	)
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, f := range []string{"mentees[0].prefers[1]", "mentees[0].prefers[2]", "mentees[0].prefers[3]",
		"mentees[1].person", "mentees[2].person", "mentors[0].capacity", "mentors[0].prefers[1]"} {
		assert.True(t, verr.Has(f), "missing %s in %v", f, verr.Fields)
	}

	// A capacity on a mentee is refused, not ignored.
	withCapacity := []mentorship.Ranking{{Person: "a", Prefers: []string{"X"}}, {Person: "b", Capacity: 2, Prefers: []string{"X"}}}
	oneSeat := []mentorship.Ranking{{Person: "X", Capacity: 1, Prefers: []string{"a", "b"}}}
	_, err = mentorship.Stable(withCapacity, oneSeat)
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{{Field: "mentees[1].capacity", Message: "must be 0: a mentee takes one mentor"}}, verr.Fields)
	_, err = mentorship.BlockingPairs(withCapacity, oneSeat, nil)
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("mentees[1].capacity"))

	mentees := []mentorship.Ranking{{Person: "a", Prefers: []string{"X"}}, {Person: "b", Prefers: []string{"X"}}}
	mentors := []mentorship.Ranking{{Person: "X", Capacity: 1, Prefers: []string{"a", "b"}}}
	_, err = mentorship.BlockingPairs(mentees, mentors, []mentorship.Pair{
		{Mentee: "a", Mentor: "X"}, {Mentee: "b", Mentor: "X"}, {Mentee: "a", Mentor: "X"}, {Mentee: "z", Mentor: "X"}, {Mentee: "a", Mentor: "Q"},
	})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{
		{Field: "matching[1].mentor", Message: "is matched beyond capacity"},
		{Field: "matching[2].mentee", Message: "is matched twice"},
		{Field: "matching[3].mentee", Message: "is not a mentee"},
		{Field: "matching[4].mentor", Message: "is not a mentor"},
	}, verr.Fields)
}

func randomRankings(r *rand.Rand, n, m int) (mentees, mentors []mentorship.Ranking) {
	me, mo := ids("e", n), ids("m", m)
	for _, id := range me {
		prefs := slices.Clone(mo)
		r.Shuffle(len(prefs), func(a, b int) { prefs[a], prefs[b] = prefs[b], prefs[a] })
		mentees = append(mentees, mentorship.Ranking{Person: id, Prefers: prefs[:r.IntN(m+1)]})
	}
	for _, id := range mo {
		prefs := slices.Clone(me)
		r.Shuffle(len(prefs), func(a, b int) { prefs[a], prefs[b] = prefs[b], prefs[a] })
		mentors = append(mentors, mentorship.Ranking{Person: id, Capacity: r.IntN(3), Prefers: prefs[:r.IntN(n+1)]})
	}
	return mentees, mentors
}

// naiveBlocking checks stability straight from the definition, with no
// shared code: a pair blocks when both list each other, are not together,
// the mentee is unmatched or ranks the mentor above their own, and the
// mentor has a free seat or ranks the mentee above one they hold.
func naiveBlocking(mentees, mentors []mentorship.Ranking, pairs []mentorship.Pair) []mentorship.Pair {
	rank := func(list []string, id string) int {
		if k := slices.Index(list, id); k >= 0 {
			return k
		}
		return 1 << 30
	}
	mine := map[string]string{}
	held := map[string][]string{}
	for _, p := range pairs {
		mine[p.Mentee] = p.Mentor
		held[p.Mentor] = append(held[p.Mentor], p.Mentee)
	}
	var out []mentorship.Pair
	for _, e := range mentees {
		for _, id := range e.Prefers { // in the documented order
			mo := mentors[slices.IndexFunc(mentors, func(r mentorship.Ranking) bool { return r.Person == id })]
			if mine[e.Person] == mo.Person || !slices.Contains(mo.Prefers, e.Person) {
				continue
			}
			cur, matched := mine[e.Person]
			if matched && rank(e.Prefers, cur) <= rank(e.Prefers, mo.Person) {
				continue
			}
			wants := len(held[mo.Person]) < mo.Capacity
			for _, h := range held[mo.Person] {
				wants = wants || rank(mo.Prefers, e.Person) < rank(mo.Prefers, h)
			}
			if wants {
				out = append(out, mentorship.Pair{Mentee: e.Person, Mentor: mo.Person})
			}
		}
	}
	return out
}

// allMatchings enumerates every matching with capacities respected and
// each pair mutually acceptable.
func allMatchings(mentees, mentors []mentorship.Ranking) [][]mentorship.Pair {
	load := map[string]int{}
	var out [][]mentorship.Pair
	var cur []mentorship.Pair
	var rec func(i int)
	rec = func(i int) {
		if i == len(mentees) {
			out = append(out, slices.Clone(cur))
			return
		}
		rec(i + 1)
		for _, mo := range mentors {
			if load[mo.Person] < mo.Capacity && slices.Contains(mentees[i].Prefers, mo.Person) && slices.Contains(mo.Prefers, mentees[i].Person) {
				load[mo.Person]++
				cur = append(cur, mentorship.Pair{Mentee: mentees[i].Person, Mentor: mo.Person})
				rec(i + 1)
				cur = cur[:len(cur)-1]
				load[mo.Person]--
			}
		}
	}
	rec(0)
	return out
}

// TestStableProperties checks on random instances that Stable's result
// respects capacities and lists, has no blocking pair, and gives every
// mentee their best partner among all stable matchings (found by
// exhaustive search); and that BlockingPairs agrees with the definition
// on every matching.
func TestStableProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for k := range 300 {
		mentees, mentors := randomRankings(r, 1+r.IntN(5), 1+r.IntN(3))
		got, err := mentorship.Stable(mentees, mentors)
		require.NoError(t, err)
		load := map[string]int{}
		mine := map[string]string{}
		for _, p := range got.Pairs {
			load[p.Mentor]++
			mine[p.Mentee] = p.Mentor
		}
		for _, mo := range mentors {
			require.LessOrEqual(t, load[mo.Person], mo.Capacity, "instance %d", k)
		}
		require.Len(t, got.Pairs, len(mentees)-len(got.Unmatched))
		require.Empty(t, naiveBlocking(mentees, mentors, got.Pairs), "instance %d: %+v %+v", k, mentees, mentors)

		for _, m := range allMatchings(mentees, mentors) {
			want := naiveBlocking(mentees, mentors, m)
			blocking, err := mentorship.BlockingPairs(mentees, mentors, m)
			require.NoError(t, err)
			if want == nil {
				want = []mentorship.Pair{}
			}
			require.Equal(t, want, blocking, "instance %d, matching %v", k, m)
			if len(want) > 0 {
				continue
			}
			theirs := map[string]string{}
			for _, p := range m {
				theirs[p.Mentee] = p.Mentor
			}
			for _, e := range mentees {
				mineRank, theirRank := slices.Index(e.Prefers, mine[e.Person]), slices.Index(e.Prefers, theirs[e.Person])
				if mine[e.Person] == "" {
					require.Empty(t, theirs[e.Person], "instance %d: a mentee unmatched by Stable is unmatched in every stable matching", k)
					continue
				}
				if theirs[e.Person] != "" {
					require.LessOrEqual(t, mineRank, theirRank, "instance %d: Stable must be mentee-optimal", k)
				}
			}
		}
	}
}

// TestStableLargerInstancesAreStable checks on random rounds too large
// for exhaustive search that Stable respects capacities and lists and
// leaves no blocking pair, by the definition and by BlockingPairs.
func TestStableLargerInstancesAreStable(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 13))
	for k := range 40 {
		mentees, mentors := randomRankings(r, 20+r.IntN(100), 5+r.IntN(30))
		got, err := mentorship.Stable(mentees, mentors)
		require.NoError(t, err)
		load := map[string]int{}
		for _, p := range got.Pairs {
			load[p.Mentor]++
			e := mentees[slices.IndexFunc(mentees, func(r mentorship.Ranking) bool { return r.Person == p.Mentee })]
			mo := mentors[slices.IndexFunc(mentors, func(r mentorship.Ranking) bool { return r.Person == p.Mentor })]
			require.True(t, slices.Contains(e.Prefers, mo.Person) && slices.Contains(mo.Prefers, e.Person), "instance %d: %v not mutually listed", k, p)
		}
		for _, mo := range mentors {
			require.LessOrEqual(t, load[mo.Person], mo.Capacity, "instance %d", k)
		}
		require.Len(t, got.Pairs, len(mentees)-len(got.Unmatched))
		require.Empty(t, naiveBlocking(mentees, mentors, got.Pairs), "instance %d", k)
		blocking, err := mentorship.BlockingPairs(mentees, mentors, got.Pairs)
		require.NoError(t, err)
		require.Empty(t, blocking, "instance %d", k)
	}
}
