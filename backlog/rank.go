package backlog

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"

	"github.com/footprint-hq/footprint/storage"
)

// rankKey is what sorting moves around: the score and the candidate's
// index, 16 bytes. Ties in score, rare for real-valued scores, are broken
// from a side table of tieKeys.
type rankKey struct {
	score float64
	idx   int32
}

// tieKey holds the tie-breakers of one candidate: impact descending, then
// support descending and ID position ascending, packed into one number
// (support in the high half, inverted, and position in the low half).
type tieKey struct {
	impact float64
	rest   uint64
}

func packTie(support int, pos int32) uint64 {
	return uint64(math.MaxInt32-int32(min(support, math.MaxInt32)))<<32 | uint64(uint32(pos))
}

// compareKeys orders by score descending, then by the tie-breakers.
func compareKeys(ties []tieKey) func(a, b rankKey) int {
	return func(a, b rankKey) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		ta, tb := &ties[a.idx], &ties[b.idx]
		if ta.impact != tb.impact {
			if ta.impact > tb.impact {
				return -1
			}
			return 1
		}
		return cmp.Compare(ta.rest, tb.rest)
	}
}

// Ranking is the order Rank found. It holds the scores and the order
// compactly and builds entries on demand, so ranking many candidates costs
// little more than sorting their scores.
type Ranking struct {
	policy Policy
	cands  []Candidate
	scores []Score
	keys   []rankKey // in rank order
}

// Len returns the number of ranked candidates.
func (r *Ranking) Len() int { return len(r.keys) }

// Policy returns the policy that scored the candidates.
func (r *Ranking) Policy() Policy { return r.policy }

// Candidate returns the candidate at position i, from 0 (rank 1).
func (r *Ranking) Candidate(i int) Candidate { return r.cands[r.keys[i].idx] }

// Score returns the score of the candidate at position i.
func (r *Ranking) Score(i int) Score { return r.scores[r.keys[i].idx] }

// ItemIDs returns the item IDs, best first.
func (r *Ranking) ItemIDs() []string {
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = r.cands[k.idx].ItemID
	}
	return ids
}

// Entry returns the entry at position i: rank i + 1, item, score and
// components. Explanation, Selected and Reason are left empty; Decide
// fills them.
func (r *Ranking) Entry(i int) Entry {
	k := r.keys[i]
	s := &r.scores[k.idx]
	return Entry{ItemID: r.cands[k.idx].ItemID, Rank: i + 1, Score: s.Value, Components: s.Components}
}

// Entries returns every entry, best first (see Entry).
func (r *Ranking) Entries() []Entry {
	out := make([]Entry, len(r.keys))
	for i := range out {
		out[i] = r.Entry(i)
	}
	return out
}

// Explain returns the explanation of the score at position i (see the
// package function Explain).
func (r *Ranking) Explain(i int) string {
	return Explain(r.policy, r.Candidate(i), r.Score(i))
}

// Rank scores the candidates with p and orders them, best first. Ties in
// score are broken by higher aggregated impact, then more support, then
// item ID ascending (for ULIDs: the earlier suggestion first), so the
// order is total and deterministic, and does not depend on the order of
// the input. Every candidate appears exactly once. The Ranking shares the
// candidates with in; do not change them while using it.
//
// It returns an error wrapping storage.ErrInvalid when two candidates share
// an item ID or one has none, and one wrapping ErrPolicyFailed when the
// policy fails, returns a wrong number of scores or a score that is not a
// finite number.
func Rank(p Policy, in Input) (*Ranking, error) {
	cands := in.Candidates
	n := len(cands)
	if n > math.MaxInt32 {
		return nil, fmt.Errorf("backlog: rank: too many candidates: %w", storage.ErrInvalid)
	}
	pos, err := idPositions(cands)
	if err != nil {
		return nil, err
	}
	scores, err := p.Score(in)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrPolicyFailed, p.Spec().Name, err)
	}
	if len(scores) != n {
		return nil, fmt.Errorf("%w: %s returned %d scores for %d candidates", ErrPolicyFailed, p.Spec().Name, len(scores), n)
	}
	keys := make([]rankKey, n)
	ties := make([]tieKey, n)
	for i := range cands {
		c := &cands[i]
		v := scores[i].Value
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: %s scored item %s %v", ErrPolicyFailed, p.Spec().Name, c.ItemID, v)
		}
		if math.IsNaN(c.Estimate.Impact) {
			return nil, fmt.Errorf("backlog: rank: item %s: impact is not a number: %w", c.ItemID, storage.ErrInvalid)
		}
		at := int32(i)
		if pos != nil {
			at = pos[i]
		}
		keys[i] = rankKey{score: v, idx: int32(i)}
		ties[i] = tieKey{impact: c.Estimate.Impact, rest: packTie(c.Support, at)}
	}
	slices.SortFunc(keys, compareKeys(ties))
	return &Ranking{policy: p, cands: cands, scores: scores, keys: keys}, nil
}

// idPositions returns each candidate's position in ascending item ID
// order, or nil when the candidates are already in that order (the usual
// case: stores list by ID). It reports empty and repeated IDs.
func idPositions(cands []Candidate) ([]int32, error) {
	sorted := true
	for i := range cands {
		if cands[i].ItemID == "" {
			return nil, fmt.Errorf("backlog: rank: candidate %d has no item ID: %w", i, storage.ErrInvalid)
		}
		if i > 0 && cands[i-1].ItemID >= cands[i].ItemID {
			sorted = false
		}
	}
	if sorted {
		return nil, nil
	}
	order := make([]int32, len(cands))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(cands[a].ItemID, cands[b].ItemID) })
	pos := make([]int32, len(cands))
	for p, i := range order {
		if p > 0 && cands[order[p-1]].ItemID == cands[i].ItemID {
			return nil, fmt.Errorf("backlog: rank: item %s is a candidate twice: %w", cands[i].ItemID, storage.ErrInvalid)
		}
		pos[i] = int32(p)
	}
	return pos, nil
}

// effortSum adds efforts exactly, as the decimal numbers they are written
// as: their shortest text form, as in JSON. So 0.1 + 0.2 is 0.3 (not
// 0.30000000000000004, the floating-point sum), and comparing the sum with
// a budget has no tolerance: 1000.0000009 exceeds 1000.
type effortSum struct {
	// whole is the sum while every term is a whole number and the sum
	// stays below 2^53, where float64 arithmetic is exact.
	whole float64
	// dec is the exact decimal sum once a term is not; nil before.
	dec *big.Rat
}

// maxExact bounds the whole numbers float64 adds exactly.
const maxExact = 1 << 53

func isWhole(v float64) bool { return v == math.Trunc(v) && math.Abs(v) < maxExact }

// decimalOf returns v's shortest decimal form as an exact number.
func decimalOf(v float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64)) // finite: always parses
	return r
}

// fits reports whether the sum plus e is at most budget.
func (s *effortSum) fits(e, budget float64) bool {
	if s.dec == nil && isWhole(e) && isWhole(budget) && s.whole+math.Abs(e) < maxExact {
		return s.whole+e <= budget
	}
	sum := decimalOf(e)
	sum.Add(sum, s.exact())
	return sum.Cmp(decimalOf(budget)) <= 0
}

// add adds e to the sum.
func (s *effortSum) add(e float64) {
	if s.dec == nil && isWhole(e) && s.whole+math.Abs(e) < maxExact {
		s.whole += e
		return
	}
	s.dec = s.exact()
	s.dec.Add(s.dec, decimalOf(e))
}

// exact returns the sum as an exact number, which the caller may change.
func (s *effortSum) exact() *big.Rat {
	if s.dec != nil {
		return s.dec
	}
	return new(big.Rat).SetFloat64(s.whole)
}

// value returns the float64 nearest to the sum. Rounding is monotonic, so
// a sum at most a budget gives a value at most the budget.
func (s *effortSum) value() float64 {
	if s.dec == nil {
		return s.whole
	}
	v, _ := s.dec.Float64()
	return v
}

// Decide ranks the snapshot's candidates with p and selects what fits the
// capacity: going down the ranking, an item is
//
//  1. skipped with ReasonNoScore when its score is not above zero;
//  2. skipped with ReasonTopicsFull once MaxTopics items are selected;
//  3. with a budget, skipped with ReasonNoEffort when it has no effort
//     estimate, and with ReasonOverBudget when its effort exceeds what the
//     items selected so far left of the budget (a later, smaller item may
//     still fit);
//  4. otherwise selected (ReasonSelected).
//
// Efforts are added and compared with the budget exactly, as the decimal
// numbers they are written as (their shortest form, as in JSON), with no
// tolerance: 0.1 + 0.2 fits a budget of 0.3, and an effort of
// 1000.0000009 does not fit a budget of 1000. Result.Effort is the float64
// nearest to that exact sum, so it never exceeds the budget.
//
// Every entry gets its explanation (see Explain). Decide is pure: the same
// policy and snapshot always give the same Result, which is how a closed
// meeting is reproduced. It returns a *storage.ValidationError for a
// capacity below one topic, a budget that is negative or infinite, or an
// effort that is not above 0 or infinite, and the errors of Rank.
func Decide(p Policy, snap Snapshot) (*Result, error) {
	var errs []storage.FieldError
	capa := snap.Capacity
	if capa.MaxTopics < 1 {
		errs = append(errs, storage.FieldError{Field: "capacity.maxTopics", Message: "must be at least 1"})
	}
	if b := capa.Budget; b != nil && (!(*b >= 0) || math.IsInf(*b, 1)) {
		errs = append(errs, storage.FieldError{Field: "capacity.budget", Message: "must be a finite number of at least 0"})
	}
	for i, c := range snap.Candidates {
		if e := c.Estimate.Effort; e != nil && (!(*e > 0) || math.IsInf(*e, 1)) {
			errs = append(errs, storage.FieldError{Field: fmt.Sprintf("candidates[%d].estimate.effort", i), Message: "must be a finite number greater than 0"})
		}
	}
	if errs != nil {
		return nil, fmt.Errorf("backlog: decide: %w", &storage.ValidationError{Fields: errs})
	}
	ranking, err := Rank(p, snap.Input())
	if err != nil {
		return nil, err
	}
	entries := ranking.Entries()
	res := &Result{Entries: entries, Selected: []string{}}
	var used effortSum
	for r := range entries {
		e := &entries[r]
		c := &snap.Candidates[ranking.keys[r].idx]
		e.Explanation = Explain(p, *c, Score{Value: e.Score, Components: e.Components})
		effort := c.Estimate.Effort
		switch {
		case !(e.Score > 0):
			e.Reason = ReasonNoScore
		case len(res.Selected) >= capa.MaxTopics:
			e.Reason = ReasonTopicsFull
		case capa.Budget != nil && effort == nil:
			e.Reason = ReasonNoEffort
		case capa.Budget != nil && !used.fits(*effort, *capa.Budget):
			e.Reason = ReasonOverBudget
		default:
			e.Selected, e.Reason = true, ReasonSelected
			res.Selected = append(res.Selected, e.ItemID)
			if effort != nil {
				used.add(*effort)
			}
		}
	}
	res.Effort = used.value()
	return res, nil
}
