package mentorship

import (
	"fmt"

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
// largest capacity, plus O(total length of mentors' lists) to index the
// rankings. It is a pure function.
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
	n := len(mentees)
	next := make([]int, n)
	match := make([]int, n)
	held := make([][]int, len(mentors))
	free := make([]int, n)
	for i := range n {
		free[i], match[i] = i, -1
	}
	for len(free) > 0 {
		i := free[0]
		free = free[1:]
		for match[i] < 0 && next[i] < len(ix.menteeList[i]) {
			j := ix.menteeList[i][next[i]]
			next[i]++
			rank, ok := ix.mentorRank[j][i]
			if !ok || ix.capacity[j] == 0 {
				continue
			}
			if len(held[j]) < ix.capacity[j] {
				held[j] = append(held[j], i)
				match[i] = j
				continue
			}
			w := ix.worst(j, held[j])
			if rank < ix.mentorRank[j][held[j][w]] {
				match[held[j][w]] = -1
				free = append(free, held[j][w])
				held[j][w] = i
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

// BlockingPairs returns the pairs that block a matching: a mentee and a
// mentor who each list the other, are not matched together, and would
// both rather be: the mentee is unmatched or prefers this mentor to theirs,
// and the mentor has a free seat or prefers this mentee to one they hold.
// Being matched with someone one did not list counts as worse than any
// listed partner. A matching is stable when the result is empty. Pairs
// come in the order of the mentees given, then of each mentee's list.
// Time O(L + P·c) for L the total length of the lists, P the pairs and c
// the largest capacity. It is a pure function.
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
	held := make([][]int, len(mentors))
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
		case len(held[j]) >= ix.capacity[j]:
			fe = append(fe, storage.FieldError{Field: fmt.Sprintf("matching[%d].mentor", k), Message: "is matched beyond capacity"})
		default:
			match[i] = j
			held[j] = append(held[j], i)
		}
	}
	if len(fe) > 0 {
		return nil, fmt.Errorf("mentorship: blocking pairs: %w", &storage.ValidationError{Fields: fe})
	}
	out := []Pair{}
	for i, list := range ix.menteeList {
		for _, j := range list {
			if j == match[i] {
				break // the mentee prefers their own mentor to the rest
			}
			rank, ok := ix.mentorRank[j][i]
			if !ok || ix.capacity[j] == 0 {
				continue
			}
			if len(held[j]) < ix.capacity[j] || rank < ix.rankOf(j, held[j][ix.worst(j, held[j])]) {
				out = append(out, Pair{Mentee: mentees[i].Person, Mentor: mentors[j].Person})
			}
		}
	}
	return out, nil
}

// rankings indexes the two sides of a stable-matching problem.
type rankings struct {
	mentee, mentor map[string]int
	menteeList     [][]int       // mentor indices, most preferred first
	mentorRank     []map[int]int // mentor j: mentee index → rank
	capacity       []int
}

// unlisted is the rank of a partner one did not list: worse than any.
const unlisted = int(^uint(0) >> 1)

func (ix *rankings) rankOf(j, i int) int {
	if r, ok := ix.mentorRank[j][i]; ok {
		return r
	}
	return unlisted
}

// worst returns the position in held of the mentee mentor j likes least.
func (ix *rankings) worst(j int, held []int) int {
	w := 0
	for k := 1; k < len(held); k++ {
		if ix.rankOf(j, held[k]) > ix.rankOf(j, held[w]) {
			w = k
		}
	}
	return w
}

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
	lists := func(name string, rs []Ranking, other map[string]int) [][]int {
		out := make([][]int, len(rs))
		for i, r := range rs {
			seen := make(map[int]bool, len(r.Prefers))
			for k, id := range r.Prefers {
				o, ok := other[id]
				switch {
				case id == r.Person:
					bad("%s[%d].prefers[%d]", "must not be the person themselves", name, i, k)
				case !ok:
					bad("%s[%d].prefers[%d]", "is not on the other side", name, i, k)
				case seen[o]:
					bad("%s[%d].prefers[%d]", "must not repeat a value", name, i, k)
				default:
					seen[o] = true
					out[i] = append(out[i], o)
				}
			}
		}
		return out
	}
	for i, r := range mentees {
		if r.Capacity != 0 {
			bad("mentees[%d].capacity", "must be 0: a mentee takes one mentor", i)
		}
	}
	ix.menteeList = lists("mentees", mentees, ix.mentor)
	mentorList := lists("mentors", mentors, ix.mentee)
	ix.mentorRank = make([]map[int]int, len(mentors))
	ix.capacity = make([]int, len(mentors))
	for j, r := range mentors {
		if r.Capacity < 0 {
			bad("mentors[%d].capacity", "must be at least 0", j)
		}
		ix.capacity[j] = max(0, r.Capacity)
		ix.mentorRank[j] = make(map[int]int, len(mentorList[j]))
		for k, i := range mentorList[j] {
			ix.mentorRank[j][i] = k
		}
	}
	if len(fe) > 0 {
		return nil, &storage.ValidationError{Fields: fe}
	}
	return ix, nil
}
