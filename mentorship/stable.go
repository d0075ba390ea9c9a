package mentorship

import (
	"fmt"
	"math"
	"slices"

	"github.com/footprint-hq/footprint/storage"
)

// Ranking is one person's preferences in a two-sided round.
type Ranking struct {
	Person string `json:"person"`
	// Capacity is the number of mentees a mentor takes. Mentees take one
	// mentor and must leave it 0; Stable and BlockingPairs reject any
	// other value rather than ignore it.
	Capacity int `json:"capacity,omitempty"`
	// Prefers lists people of the other side, most preferred first.
	// Anyone not listed is unacceptable: never matched with this person.
	Prefers []string `json:"prefers"`
}

// Pair is a mentee matched with a mentor.
type Pair struct {
	Mentee string `json:"mentee"`
	Mentor string `json:"mentor"`
}

// Matching is the result of Stable.
type Matching struct {
	// Pairs are in the order of the mentees given.
	Pairs []Pair `json:"pairs"`
	// Unmatched mentees, in the order given.
	Unmatched []string `json:"unmatched"`
}

// Stable matches mentees with mentors when both sides rank each other,
// so that no mentee and mentor would both rather be together than with
// whom they got (no blocking pair, see BlockingPairs) and nobody is
// matched with someone they did not list. It runs mentee-proposing
// deferred acceptance (Gale–Shapley) with mentor capacities: each free
// mentee proposes to the next mentor on their list; a mentor holds the
// best proposals up to capacity and rejects the rest. The result is the
// mentee-optimal stable matching — every mentee gets the best mentor
// they can have in any stable matching — and it is unique, so it does
// not depend on the order of proposals; output order follows the input.
// Time O(L·c) for L the total length of the mentees' lists and c the
// largest capacity, plus O(n + m + L + L') to index the rankings, L'
// being the total length of the mentors' lists, for n mentees and m
// mentors; the index is a few flat slices of that size, so memory is
// O(n + m + L + L') too. It is a pure function.
//
// Stable returns a *storage.ValidationError naming each bad field: empty
// or repeated people, a list naming someone not on the other side (or
// twice, or the person themselves), a negative capacity, a capacity set
// on a mentee.
func Stable(mentees, mentors []Ranking) (*Matching, error) {
	ix, err := indexRankings(mentees, mentors)
	if err != nil {
		return nil, wrap(err, "stable")
	}
	n, m := len(mentees), len(mentors)
	next := make([]int, n) // the next place in each mentee's list
	match := make([]int, n)
	free := make([]int, n)
	for i := range n {
		next[i], match[i], free[i] = ix.menteeStart[i], -1, n-1-i
	}
	// Mentor j holds mentees it listed, so no more than
	// min(capacity, list length): seats[seatStart[j]:][:held[j]].
	seatStart := make([]int, m+1)
	for j := range m {
		seatStart[j+1] = seatStart[j] + min(ix.capacity[j], ix.mentorStart[j+1]-ix.mentorStart[j])
	}
	seats := make([]seat, seatStart[m])
	held := make([]int, m)
	for len(free) > 0 {
		i := free[len(free)-1]
		free = free[:len(free)-1]
		for end := ix.menteeStart[i+1]; match[i] < 0 && next[i] < end; {
			k := next[i]
			next[i]++
			j, rank := int(ix.menteeList[k]), ix.rankAt[k]
			if rank < 0 || ix.capacity[j] == 0 {
				continue
			}
			h := seats[seatStart[j]:seatStart[j+1]]
			if held[j] < ix.capacity[j] {
				h[held[j]] = seat{mentee: int32(i), rank: rank}
				held[j]++
				match[i] = j
				continue
			}
			if w := worst(h); rank < h[w].rank {
				match[h[w].mentee] = -1
				free = append(free, int(h[w].mentee))
				h[w] = seat{mentee: int32(i), rank: rank}
				match[i] = j
			}
		}
	}
	out := &Matching{Pairs: []Pair{}, Unmatched: []string{}}
	for i, j := range match {
		if j < 0 {
			out.Unmatched = append(out.Unmatched, mentees[i].Person)
			continue
		}
		out.Pairs = append(out.Pairs, Pair{Mentee: mentees[i].Person, Mentor: mentors[j].Person})
	}
	return out, nil
}

// seat is a mentee a mentor holds, with the rank the mentor gives them.
type seat struct{ mentee, rank int32 }

// worst returns the place in held of the mentee the mentor likes least.
func worst(held []seat) int {
	w := 0
	for k := 1; k < len(held); k++ {
		if held[k].rank > held[w].rank {
			w = k
		}
	}
	return w
}

// BlockingPairs returns the pairs that block a matching: a mentee and a
// mentor who each list the other, are not matched together, and would
// both rather be: the mentee is unmatched or prefers this mentor to theirs,
// and the mentor has a free seat or prefers this mentee to one they hold.
// Being matched with someone one did not list counts as worse than any
// listed partner. A matching is stable when the result is empty. Pairs
// come in the order of the mentees given, then of each mentee's list.
// Time O(n + m + L + P) for n mentees, m mentors, L the total length of
// the lists and P the pairs. It is a pure function.
//
// It returns a *storage.ValidationError for bad rankings (as Stable) or a
// bad matching: an unknown person, a mentee matched twice, a mentor over
// capacity.
func BlockingPairs(mentees, mentors []Ranking, matching []Pair) ([]Pair, error) {
	ix, err := indexRankings(mentees, mentors)
	if err != nil {
		return nil, wrap(err, "blocking pairs")
	}
	match := make([]int, len(mentees))
	for i := range match {
		match[i] = -1
	}
	held := make([]int, len(mentors))
	var fe []storage.FieldError
	for k, p := range matching {
		i, okI := ix.mentee[p.Mentee]
		j, okJ := ix.mentor[p.Mentor]
		switch {
		case !okI:
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf("matching[%d].mentee", k), Message: "is not a mentee"})
		case !okJ:
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf("matching[%d].mentor", k), Message: "is not a mentor"})
		case match[i] >= 0:
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf("matching[%d].mentee", k), Message: "is matched twice"})
		case held[j] >= ix.capacity[j]:
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf("matching[%d].mentor", k), Message: "is matched beyond capacity"})
		default:
			match[i] = j
			held[j]++
		}
	}
	if len(fe) > 0 {
		return nil, fmt.Errorf("mentorship: blocking pairs: %w", &storage.ValidationError{Fields: fe})
	}
	// The rank each mentor gives the mentee it likes least among those it
	// holds; unlisted if it holds one it did not list.
	least := make([]int32, len(mentors))
	for j := range mentors {
		listed := 0
		for k, i := range ix.mentorList[ix.mentorStart[j]:ix.mentorStart[j+1]] {
			if match[i] == j {
				least[j] = int32(k)
				listed++
			}
		}
		if listed < held[j] {
			least[j] = unlisted
		}
	}
	out := []Pair{}
	for i := range mentees {
		for k := ix.menteeStart[i]; k < ix.menteeStart[i+1]; k++ {
			j, rank := int(ix.menteeList[k]), ix.rankAt[k]
			if j == match[i] {
				break // the mentee prefers their own mentor to the rest
			}
			if rank < 0 || ix.capacity[j] == 0 {
				continue
			}
			if held[j] < ix.capacity[j] || rank < least[j] {
				out = append(out, Pair{Mentee: mentees[i].Person, Mentor: mentors[j].Person})
			}
		}
	}
	return out, nil
}

// rankings indexes the two sides of a stable-matching problem on flat
// slices: mentee i's list is menteeList[menteeStart[i]:menteeStart[i+1]],
// mentor indices most preferred first, and rankAt[k] is the rank mentor
// menteeList[k] gives mentee i, −1 if it does not list them; mentor j's
// list of mentee indices is mentorList[mentorStart[j]:mentorStart[j+1]].
// Indices and ranks are int32: a side of 2³¹ people would not fit in
// memory.
type rankings struct {
	mentee, mentor map[string]int
	menteeStart    []int
	menteeList     []int32
	rankAt         []int32
	mentorStart    []int
	mentorList     []int32
	capacity       []int
}

// unlisted is the rank of a partner one did not list: worse than any.
const unlisted = math.MaxInt32

func indexRankings(mentees, mentors []Ranking) (*rankings, error) {
	var fe []storage.FieldError
	bad := func(field, msg string, args ...any) {
		if len(fe) < 50 {
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf(field, args...), Message: msg})
		}
	}
	ids := func(name string, rs []Ranking) map[string]int {
		m := make(map[string]int, len(rs))
		for i, r := range rs {
			switch _, seen := m[r.Person]; {
			case r.Person == "":
				bad("%s[%d].person", "must not be empty", name, i)
			case seen:
				bad("%s[%d].person", "must not repeat a value", name, i)
			default:
				m[r.Person] = i
			}
		}
		return m
	}
	ix := &rankings{mentee: ids("mentees", mentees), mentor: ids("mentors", mentors)}
	// lists flattens the lists of rs, people of the other side, whose
	// indices other gives.
	lists := func(name string, rs []Ranking, other map[string]int, sides int) ([]int, []int32) {
		total := 0
		for _, r := range rs {
			total += len(r.Prefers)
		}
		start, list := make([]int, len(rs)+1), make([]int32, 0, total)
		seen := make([]int, sides) // i+1 once rs[i] listed them
		for i, r := range rs {
			for k, id := range r.Prefers {
				o, ok := other[id]
				switch {
				case id == r.Person:
					bad("%s[%d].prefers[%d]", "must not be the person themselves", name, i, k)
				case !ok:
					bad("%s[%d].prefers[%d]", "is not on the other side", name, i, k)
				case seen[o] == i+1:
					bad("%s[%d].prefers[%d]", "must not repeat a value", name, i, k)
				default:
					seen[o] = i + 1
					list = append(list, int32(o))
				}
			}
			start[i+1] = len(list)
		}
		return start, list
	}
	for i, r := range mentees {
		if r.Capacity != 0 {
			bad("mentees[%d].capacity", "must be 0: a mentee takes one mentor", i)
		}
	}
	ix.menteeStart, ix.menteeList = lists("mentees", mentees, ix.mentor, len(mentors))
	ix.mentorStart, ix.mentorList = lists("mentors", mentors, ix.mentee, len(mentees))
	ix.capacity = make([]int, len(mentors))
	for j, r := range mentors {
		if r.Capacity < 0 {
			bad("mentors[%d].capacity", "must be at least 0", j)
		}
		ix.capacity[j] = max(0, r.Capacity)
	}
	if len(fe) > 0 {
		return nil, &storage.ValidationError{Fields: fe}
	}
	ix.rankAt = ix.ranks(len(mentees), len(mentors))
	return ix, nil
}

// ranks returns rankAt: it lists, for each mentee, the mentors that list
// them with the rank they give (the mentors' lists turned around), and
// reads each mentee's list against theirs.
func (ix *rankings) ranks(n, m int) []int32 {
	start := make([]int, n+1)
	for _, i := range ix.mentorList {
		start[i+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	type by struct{ mentor, rank int32 }
	listedBy := make([]by, len(ix.mentorList))
	fill := slices.Clone(start[:n])
	for j := range m {
		for k, i := range ix.mentorList[ix.mentorStart[j]:ix.mentorStart[j+1]] {
			listedBy[fill[i]] = by{int32(j), int32(k)}
			fill[i]++
		}
	}
	rankAt := make([]int32, len(ix.menteeList))
	rank := make([]int32, m) // the rank mentors give the mentee at hand, or −1
	for j := range rank {
		rank[j] = -1
	}
	for i := range n {
		theirs := listedBy[start[i]:start[i+1]]
		for _, b := range theirs {
			rank[b.mentor] = b.rank
		}
		for k := ix.menteeStart[i]; k < ix.menteeStart[i+1]; k++ {
			rankAt[k] = rank[ix.menteeList[k]]
		}
		for _, b := range theirs {
			rank[b.mentor] = -1
		}
	}
	return rankAt
}
