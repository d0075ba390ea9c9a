package backlog

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/footprint-hq/footprint/storage"
)

// valuer is implemented by the built-in policies. values returns the
// values Score would give, and breakdown appends to dst the components
// Score would give candidate i, so that Rank builds a breakdown only for
// the entries asked for.
type valuer interface {
	values(in Input) (vals []float64, breakdown func(i int, dst []Component) []Component, err error)
}

// valuerOf returns p as a valuer when it is one of the built-in policies
// itself. A host's type that embeds a built-in has its methods, values
// too, but may score differently: it is ranked by its Score.
func valuerOf(p Policy) (valuer, bool) {
	switch p := p.(type) {
	case Impact:
		return p, true
	case WSJF:
		return p, true
	case RICE:
		return p, true
	case Borda:
		return p, true
	case Aging:
		return p, true
	}
	return nil, false
}

// scoreAll builds every Score from a valuer, the components of all scores
// in one backing array; per is the usual number of components.
func scoreAll(v valuer, in Input, per int) ([]Score, error) {
	vals, breakdown, err := v.values(in)
	if err != nil {
		return nil, err
	}
	out := make([]Score, len(vals))
	comps := make([]Component, 0, per*len(vals))
	for i := range vals {
		start := len(comps)
		comps = breakdown(i, comps)
		out[i] = Score{Value: vals[i], Components: comps[start:len(comps):len(comps)]}
	}
	return out, nil
}

// rankKey is what sorting moves around, 24 bytes: the candidate's score
// and impact turned into unsigned numbers whose ascending order is the
// ranking's order (see descending), and its support, likewise, in the high
// half of rest, with its index in the input in the low half.
type rankKey struct {
	score, impact, rest uint64
}

func (k *rankKey) idx() int { return int(uint32(k.rest)) }

// descending maps v to a number whose ascending order is v's descending
// order, with −0 equal to +0. v must not be NaN.
func descending(v float64) uint64 {
	if v == 0 {
		v = 0 // −0 → +0
	}
	b := math.Float64bits(v)
	if b>>63 == 0 {
		b |= 1 << 63 // non-negative: above every negative
	} else {
		b = ^b // negative: the larger the magnitude, the lower
	}
	return ^b
}

// scratch holds sortKeys' buffers of at least minPooled keys between
// calls.
var scratch sync.Pool

const minPooled = 4096

// sortKeys orders keys by score, then impact, then support, keeping the
// order of keys that tie in all three: an LSD radix sort over the bytes in
// which the keys differ. Bytes every key shares are skipped, so that
// half-point impacts cost two passes rather than eight, and so is impact
// when it equals the score in every key (as under the Impact policy),
// since it then breaks no tie. It returns the sorted keys, in keys or in
// another slice of the same length: spare when it has the room, else one
// from the pool or a new one.
func sortKeys(keys, spare []rankKey) []rankKey {
	if len(keys) < 2 {
		return keys
	}
	// The digits that vary, least significant first: support (the high
	// half of rest), impact, score.
	orRest, andRest := uint64(0), ^uint64(0)
	orImpact, andImpact := uint64(0), ^uint64(0)
	orScore, andScore := uint64(0), ^uint64(0)
	sameImpact := true
	for i := range keys {
		k := &keys[i]
		orRest, andRest = orRest|k.rest, andRest&k.rest
		orImpact, andImpact = orImpact|k.impact, andImpact&k.impact
		orScore, andScore = orScore|k.score, andScore&k.score
		sameImpact = sameImpact && k.impact == k.score
	}
	type digit struct{ word, shift int }
	var digits []digit
	add := func(word int, varying uint64, from int) {
		for shift := from; shift < 64; shift += 8 {
			if varying>>shift&0xff != 0 {
				digits = append(digits, digit{word, shift})
			}
		}
	}
	add(0, orRest^andRest, 32)
	if !sameImpact {
		add(1, orImpact^andImpact, 0)
	}
	add(2, orScore^andScore, 0)
	if len(digits) == 0 {
		return keys
	}
	counts := make([][256]int, len(digits))
	for i := range keys {
		k := &keys[i]
		for d, dg := range digits {
			var w uint64
			switch dg.word {
			case 0:
				w = k.rest
			case 1:
				w = k.impact
			default:
				w = k.score
			}
			counts[d][w>>dg.shift&0xff]++
		}
	}
	var buf []rankKey
	pooled := len(keys) >= minPooled && cap(spare) < len(keys)
	if cap(spare) >= len(keys) {
		buf = spare[:len(keys)]
	} else if pooled {
		// A buffer much larger than needed is dropped: the slice not
		// returned stays with the caller's Ranking.
		if b, ok := scratch.Get().(*[]rankKey); ok && cap(*b) >= len(keys) && cap(*b) <= 2*len(keys) {
			buf = (*b)[:len(keys)]
		}
	}
	if buf == nil {
		buf = make([]rankKey, len(keys))
	}
	src, dst := keys, buf
	for d, dg := range digits {
		var next [256]int
		at := 0
		for b, c := range counts[d] {
			next[b] = at
			at += c
		}
		shift := dg.shift
		switch dg.word {
		case 0:
			for i := range src {
				b := src[i].rest >> shift & 0xff
				dst[next[b]] = src[i]
				next[b]++
			}
		case 1:
			for i := range src {
				b := src[i].impact >> shift & 0xff
				dst[next[b]] = src[i]
				next[b]++
			}
		default:
			for i := range src {
				b := src[i].score >> shift & 0xff
				dst[next[b]] = src[i]
				next[b]++
			}
		}
		src, dst = dst, src
	}
	// src holds the result; dst, the other slice, goes back to the pool.
	if pooled {
		scratch.Put(&dst)
	}
	return src
}

// Ranking is the order Rank found. It holds the scores and the order
// compactly and builds entries on demand, so ranking many candidates costs
// little more than sorting their scores.
type Ranking struct {
	policy Policy
	cands  []Candidate
	vals   []float64
	// scores are the policy's scores; nil for a built-in policy, whose
	// breakdowns are built on demand.
	scores    []Score
	breakdown func(i int, dst []Component) []Component
	keys      []rankKey // in rank order
}

// Len returns the number of ranked candidates.
func (r *Ranking) Len() int { return len(r.keys) }

// Policy returns the policy that scored the candidates.
func (r *Ranking) Policy() Policy { return r.policy }

// Candidate returns the candidate at position i, from 0 (rank 1).
func (r *Ranking) Candidate(i int) Candidate { return r.cands[r.keys[i].idx()] }

// Score returns the score of the candidate at position i.
func (r *Ranking) Score(i int) Score {
	idx := r.keys[i].idx()
	if r.scores != nil {
		return r.scores[idx]
	}
	return Score{Value: r.vals[idx], Components: r.breakdown(idx, nil)}
}

// ItemIDs returns the item IDs, best first.
func (r *Ranking) ItemIDs() []string {
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = r.cands[k.idx()].ItemID
	}
	return ids
}

// Entry returns the entry at position i: rank i + 1, item, score and
// components. Explanation, Selected and Reason are left empty; Decide
// fills them.
func (r *Ranking) Entry(i int) Entry {
	s := r.Score(i)
	return Entry{ItemID: r.cands[r.keys[i].idx()].ItemID, Rank: i + 1, Score: s.Value, Components: s.Components}
}

// Entries returns every entry, best first (see Entry).
func (r *Ranking) Entries() []Entry {
	out := make([]Entry, len(r.keys))
	if r.scores != nil {
		for i := range out {
			out[i] = r.Entry(i)
		}
		return out
	}
	var comps []Component // one backing array for the breakdowns
	for i, k := range r.keys {
		start := len(comps)
		comps = r.breakdown(k.idx(), comps)
		if i == 0 { // room for the others, assuming as many components
			comps = slices.Grow(comps, len(comps)*(len(r.keys)-1))
		}
		out[i] = Entry{ItemID: r.cands[k.idx()].ItemID, Rank: i + 1, Score: r.vals[k.idx()], Components: comps[start:len(comps):len(comps)]}
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
// Rank is fastest when the candidates come in item ID order, as stores
// list them: otherwise it first sorts them by ID.
//
// It returns an error wrapping storage.ErrInvalid when two candidates share
// an item ID or one has none, when an impact is not a number or a support
// count is negative or above 4294967295, and one wrapping ErrPolicyFailed
// when the
// policy fails, returns a wrong number of scores or a score that is not a
// finite number.
func Rank(p Policy, in Input) (*Ranking, error) { return rank(p, in, nil) }

// rankBuffers are the two key buffers of a ranking, which a caller that
// ranks again and again, dropping the previous ranking each time, passes
// to rank to reuse.
type rankBuffers struct{ keys, spare []rankKey }

// rank is Rank using bufs, when not nil, for the keys: the Ranking it
// returns is valid until the next call with the same bufs.
func rank(p Policy, in Input, bufs *rankBuffers) (*Ranking, error) {
	cands := in.Candidates
	n := len(cands)
	if n > math.MaxInt32 {
		return nil, fmt.Errorf("backlog: rank: too many candidates: %w", storage.ErrInvalid)
	}
	order, err := idOrder(cands)
	if err != nil {
		return nil, err
	}
	r := &Ranking{policy: p, cands: cands}
	if v, ok := valuerOf(p); ok {
		r.vals, r.breakdown, err = v.values(in)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrPolicyFailed, p.Spec().Name, err)
		}
	} else {
		r.scores, err = p.Score(in)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrPolicyFailed, p.Spec().Name, err)
		}
		if len(r.scores) == n {
			r.vals = make([]float64, n)
			for i := range r.scores {
				r.vals[i] = r.scores[i].Value
			}
		}
	}
	if len(r.vals) != n {
		return nil, fmt.Errorf("%w: %s returned %d scores for %d candidates", ErrPolicyFailed, p.Spec().Name, max(len(r.vals), len(r.scores)), n)
	}
	// The keys in item ID order, so that the stable sort breaks the last
	// ties by ID.
	var keys, spare []rankKey
	if bufs != nil {
		bufs.keys, bufs.spare = slices.Grow(bufs.keys[:0], n)[:n], slices.Grow(bufs.spare[:0], n)
		keys, spare = bufs.keys, bufs.spare
	} else {
		keys = make([]rankKey, n)
	}
	for at := range keys {
		i := at
		if order != nil {
			i = int(order[at])
		}
		c := &cands[i]
		v := r.vals[i]
		if math.IsNaN(c.Estimate.Impact) {
			return nil, fmt.Errorf("backlog: rank: item %s: impact is not a number: %w", c.ItemID, storage.ErrInvalid)
		}
		if c.Support < 0 || c.Support > math.MaxUint32 {
			return nil, fmt.Errorf("backlog: rank: item %s: support %d is out of range: %w", c.ItemID, c.Support, storage.ErrInvalid)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: %s scored item %s %v", ErrPolicyFailed, p.Spec().Name, c.ItemID, v)
		}
		keys[at] = rankKey{score: descending(v), impact: descending(c.Estimate.Impact),
			rest: uint64(math.MaxUint32-uint32(c.Support))<<32 | uint64(i)}
	}
	r.keys = sortKeys(keys, spare)
	return r, nil
}

// idOrder returns the candidates' indexes in ascending item ID order, or
// nil when the candidates are already in that order (the usual case:
// stores list by ID), which it checks in one pass. It reports empty and
// repeated IDs.
func idOrder(cands []Candidate) ([]int32, error) {
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
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(cands[a].ItemID, cands[b].ItemID) })
	for p := 1; p < len(order); p++ {
		if id := cands[order[p]].ItemID; cands[order[p-1]].ItemID == id {
			return nil, fmt.Errorf("backlog: rank: item %s is a candidate twice: %w", id, storage.ErrInvalid)
		}
	}
	return order, nil
}

// effortSum adds the efforts of the selected items exactly, as the decimal
// numbers they are written as: their shortest text form, as in JSON. So
// 0.1 + 0.2 is 0.3 (not 0.30000000000000004, the floating-point sum), and
// comparing the sum with the budget has no tolerance: 1000.0000009
// exceeds 1000.
//
// Efforts are short decimals in practice, such as 2.5 or 13: while the
// budget and every term have a fixed form (see fixedOf), the sum is one
// too and is added and compared in integers, without allocating. A term
// or budget without one moves the comparisons to math/big. The budget's
// exact forms are made once, when the sum is.
type effortSum struct {
	// sum is the sum while exactSum is nil.
	sum fixed
	// exactSum is the sum once a term had no fixed form, or the sum
	// outgrew it; nil before.
	exactSum *big.Rat
	// budget is the budget, nil for none; budgetFixed its fixed form when
	// budgetOK, and budgetExact its exact form, made on first need.
	budget      *float64
	budgetFixed fixed
	budgetOK    bool
	budgetExact *big.Rat
}

// newEffortSum returns an empty sum checked against budget (nil for none).
func newEffortSum(budget *float64) effortSum {
	s := effortSum{budget: budget}
	if budget != nil {
		s.budgetFixed, s.budgetOK = fixedOf(*budget)
	}
	return s
}

// fixed is the non-negative decimal m × 10^−k.
type fixed struct {
	m uint64
	k int
}

// maxPlaces is the most decimal places a fixed has.
const maxPlaces = 15

// pow10 and pow10u hold 10^0 … 10^maxPlaces, exact in float64 and uint64.
var (
	pow10  [maxPlaces + 1]float64
	pow10u [maxPlaces + 1]uint64
)

func init() {
	pow10[0], pow10u[0] = 1, 1
	for k := 1; k <= maxPlaces; k++ {
		pow10[k], pow10u[k] = pow10[k-1]*10, pow10u[k-1]*10
	}
}

// fixedOf returns v's shortest decimal form as a fixed, when v ≥ 0 and
// that form has at most maxPlaces decimal places and fewer than 2^50
// units of its last place; otherwise false.
//
// It tries k = 0, 1, … places: m, v × 10^k rounded to an integer, is the
// decimal m × 10^−k that reads back as v when m / 10^k (computed exactly
// rounded, m and 10^k being exact) is v. Below 2^50 units, float64 values
// near v are less than a quarter unit apart, so m is the only decimal with
// k places that reads back as v, and the rounded product finds it when one
// exists. The shortest form has the fewest places of all the decimals that
// read back as v (one with fewer places would have fewer digits), so it is
// the first found. strconv.FormatFloat(v, 'g', -1, 64) writes the same
// decimal (see decimalOf); a test checks that they agree.
func fixedOf(v float64) (fixed, bool) {
	if !(v >= 0) {
		return fixed{}, false
	}
	for k := 0; k <= maxPlaces; k++ {
		x := v * pow10[k]
		if !(x < 1<<50) { // also +Inf
			return fixed{}, false
		}
		if m := math.Round(x); m/pow10[k] == v {
			return fixed{uint64(m), k}, true
		}
	}
	return fixed{}, false
}

// places returns a with k ≥ a.k places, or false when m would overflow.
func (a fixed) places(k int) (fixed, bool) {
	hi, lo := bits.Mul64(a.m, pow10u[k-a.k])
	return fixed{lo, k}, hi == 0
}

// align returns a and b with the same number of places, the larger, or
// false when one would overflow.
func align(a, b fixed) (fixed, fixed, bool) {
	ok := true
	switch {
	case a.k < b.k:
		a, ok = a.places(b.k)
	case b.k < a.k:
		b, ok = b.places(a.k)
	}
	return a, b, ok
}

// plus returns a + b, or false when it would overflow.
func (a fixed) plus(b fixed) (fixed, bool) {
	a, b, ok := align(a, b)
	if !ok {
		return fixed{}, false
	}
	m, carry := bits.Add64(a.m, b.m, 0)
	return fixed{m, a.k}, carry == 0
}

// atMost reports whether a ≤ b; ok is false when aligning them would
// overflow.
func (a fixed) atMost(b fixed) (le, ok bool) {
	a, b, ok = align(a, b)
	return a.m <= b.m, ok
}

// rat returns a as an exact number.
func (a fixed) rat() *big.Rat {
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(a.m), new(big.Int).SetUint64(pow10u[a.k]))
}

// float returns the float64 nearest to a: one correctly rounded division
// when m is exact in float64.
func (a fixed) float() float64 {
	if a.m < 1<<53 {
		return float64(a.m) / pow10[a.k]
	}
	v, _ := a.rat().Float64()
	return v
}

// decimalOf returns v's shortest decimal form as an exact number.
func decimalOf(v float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64)) // finite: always parses
	return r
}

// fits reports whether the sum plus e is at most the budget.
func (s *effortSum) fits(e float64) bool {
	if s.exactSum == nil && s.budgetOK {
		if f, ok := fixedOf(e); ok {
			if sum, ok := s.sum.plus(f); ok {
				if le, ok := sum.atMost(s.budgetFixed); ok {
					return le
				}
			}
		}
	}
	if s.budgetExact == nil {
		s.budgetExact = decimalOf(*s.budget)
	}
	sum := decimalOf(e)
	sum.Add(sum, s.exact())
	return sum.Cmp(s.budgetExact) <= 0
}

// add adds e to the sum.
func (s *effortSum) add(e float64) {
	if s.exactSum == nil {
		if f, ok := fixedOf(e); ok {
			if sum, ok := s.sum.plus(f); ok {
				s.sum = sum
				return
			}
		}
		s.exactSum = s.sum.rat()
	}
	s.exactSum.Add(s.exactSum, decimalOf(e))
}

// exact returns the sum as an exact number, which the caller must not
// change.
func (s *effortSum) exact() *big.Rat {
	if s.exactSum != nil {
		return s.exactSum
	}
	return s.sum.rat()
}

// value returns the float64 nearest to the sum. Rounding is monotonic, so
// a sum at most a budget gives a value at most the budget.
func (s *effortSum) value() float64 {
	if s.exactSum == nil {
		return s.sum.float()
	}
	v, _ := s.exactSum.Float64()
	return v
}

// chooser applies a capacity to the items going down a ranking, as Decide
// describes.
type chooser struct {
	capa     Capacity
	selected int
	used     effortSum
}

func newChooser(capa Capacity) chooser {
	return chooser{capa: capa, used: newEffortSum(capa.Budget)}
}

// next decides on the next item down the ranking, of the given score and
// effort estimate, and returns the reason; ReasonSelected selects it.
func (c *chooser) next(score float64, effort *float64) Reason {
	switch {
	case !(score > 0):
		return ReasonNoScore
	case c.full():
		return ReasonTopicsFull
	case c.capa.Budget != nil && effort == nil:
		return ReasonNoEffort
	case c.capa.Budget != nil && !c.used.fits(*effort):
		return ReasonOverBudget
	}
	c.selected++
	if effort != nil {
		c.used.add(*effort)
	}
	return ReasonSelected
}

// full reports whether MaxTopics items are selected: none further down the
// ranking will be.
func (c *chooser) full() bool { return c.selected >= c.capa.MaxTopics }

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
// nearest to that exact sum, so it never exceeds the budget. Efforts and
// budgets as people write them (at most 15 significant digits and 15
// decimal places) are added and compared as integers, so a budget costs
// little beside ranking and explaining; others take math/big.
//
// Every entry gets its explanation (see Explain). Decide is pure: the same
// policy and snapshot always give the same Result, which is how a closed
// meeting is reproduced. It returns a *storage.ValidationError for a
// capacity below one topic, a budget that is negative or infinite, or an
// effort that is not above 0 or infinite, and the errors of Rank.
func Decide(p Policy, snap Snapshot) (*Result, error) {
	if err := snap.checkCapacity(); err != nil {
		return nil, err
	}
	ranking, err := Rank(p, snap.Input())
	if err != nil {
		return nil, err
	}
	entries := ranking.Entries()
	res := &Result{Entries: entries, Selected: []string{}}
	ch := newChooser(snap.Capacity)
	for r := range entries {
		e := &entries[r]
		c := &snap.Candidates[ranking.keys[r].idx()]
		e.Explanation = Explain(p, *c, Score{Value: e.Score, Components: e.Components})
		e.Reason = ch.next(e.Score, c.Estimate.Effort)
		if e.Reason == ReasonSelected {
			e.Selected = true
			res.Selected = append(res.Selected, e.ItemID)
		}
	}
	res.Effort = ch.used.value()
	return res, nil
}

// selectedIndexes appends to dst the indexes in snap.Candidates of the
// items Decide(p, snap) selects, best ranked first, and returns the
// errors Decide would. It builds no entries or explanations, stops going
// down the ranking once the topics are full, and ranks in bufs (see
// rank).
func selectedIndexes(p Policy, snap *Snapshot, bufs *rankBuffers, dst []int) ([]int, error) {
	if err := snap.checkCapacity(); err != nil {
		return dst, err
	}
	ranking, err := rank(p, snap.Input(), bufs)
	if err != nil {
		return dst, err
	}
	ch := newChooser(snap.Capacity)
	for r := 0; r < len(ranking.keys) && !ch.full(); r++ {
		i := ranking.keys[r].idx()
		if ch.next(ranking.vals[i], snap.Candidates[i].Estimate.Effort) == ReasonSelected {
			dst = append(dst, i)
		}
	}
	return dst, nil
}

// checkCapacity returns Decide's validation errors: a capacity below one
// topic, a budget that is negative or infinite, an effort that is not
// above 0 or infinite.
func (snap *Snapshot) checkCapacity() error {
	var errs []storage.FieldError
	capa := snap.Capacity
	if capa.MaxTopics < 1 {
		errs = append(errs, storage.FieldError{Field: "capacity.maxTopics", Message: "must be at least 1"})
	}
	if b := capa.Budget; b != nil && (!(*b >= 0) || math.IsInf(*b, 1)) {
		errs = append(errs, storage.FieldError{Field: "capacity.budget", Message: "must be a finite number of at least 0"})
	}
	for i := range snap.Candidates {
		if e := snap.Candidates[i].Estimate.Effort; e != nil && (!(*e > 0) || math.IsInf(*e, 1)) {
			errs = append(errs, storage.FieldError{Field: fmt.Sprintf("candidates[%d].estimate.effort", i), Message: "must be a finite number greater than 0"})
		}
	}
	if errs != nil {
		return fmt.Errorf("backlog: decide: %w", &storage.ValidationError{Fields: errs})
	}
	return nil
}
