package backlog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/footprint-hq/footprint/storage"
)

// SimConfig describes a simulated backlog for Simulate. Start from
// DefaultSimConfig and change what the comparison is about.
type SimConfig struct {
	// Seed fixes every random draw: the same seed gives the same world.
	Seed uint64 `json:"seed"`
	// Quarters is the number of prioritisation meetings replayed, at least
	// 1.
	Quarters int `json:"quarters"`
	// InitialItems are in the backlog before the first meeting.
	InitialItems int `json:"initialItems"`
	// Arrivals is the mean number of items suggested between two meetings:
	// each quarter brings a uniformly drawn 0 to 2×Arrivals.
	Arrivals int `json:"arrivals"`
	// Participants estimate every item, at least 1.
	Participants int `json:"participants"`
	// Noise is how far a participant's estimates of impact, time
	// criticality and risk reduction stray from the truth: a uniform error
	// in [−Noise, +Noise], then rounded and clamped to the scale. 0 gives
	// exact estimates.
	Noise       float64     `json:"noise"`
	Aggregation Aggregation `json:"aggregation"`
	// Capacity is the same for every meeting.
	Capacity Capacity `json:"capacity"`
	// StarvedAfter is K: an item still open after the last meeting that
	// had waited K quarters or more when that meeting passed it over (its
	// Age there, the unit of MaxWait) is starved. At least 1.
	StarvedAfter int `json:"starvedAfter"`
}

// DefaultSimConfig returns a backlog that grows faster than sprints take
// items: 12 quarters, 10 initial items, 4 arrivals per quarter, 5
// participants, noise 2, median aggregation, 3 topics per sprint, starved
// after 4 quarters.
func DefaultSimConfig(seed uint64) SimConfig {
	return SimConfig{
		Seed: seed, Quarters: 12, InitialItems: 10, Arrivals: 4, Participants: 5, Noise: 2,
		Aggregation: Median, Capacity: Capacity{MaxTopics: DefaultMaxTopics}, StarvedAfter: 4,
	}
}

// SimReport is what Simulate measured.
type SimReport struct {
	// Policy is the policy's spec in its compact form.
	Policy   string `json:"policy"`
	Quarters int    `json:"quarters"`
	// Items counts the items suggested before the last meeting.
	Items int `json:"items"`
	// Selected counts the items the meetings selected.
	Selected int `json:"selected"`
	// Value is the value delivered: the sum of the true impact of the
	// selected items.
	Value float64 `json:"value"`
	// MedianWait and MaxWait are the quarters selected items waited: their
	// Age when selected.
	MedianWait float64 `json:"medianWait"`
	MaxWait    int     `json:"maxWait"`
	// Open counts the items still open after the last meeting, and
	// Starved those of them that had waited StarvedAfter quarters or more
	// when it passed them over: their Age at the last meeting, counted as
	// MaxWait counts, so an item that waited K quarters is either selected
	// with a wait of K or starved with StarvedAfter K.
	Open    int `json:"open"`
	Starved int `json:"starved"`
}

// simItem is an item of the simulated world.
type simItem struct {
	id      string
	arrival int // meetings before its first: 0 for initial items
	impact  float64
	support int
	agg     Aggregate
	// est holds each participant's impact estimate, for ballots.
	est []float64
	// selected is set when a meeting selects the item.
	selected bool
}

// Simulate replays cfg.Quarters prioritisation meetings under policy p and
// reports the value delivered, how long selected items waited and how many
// were starved. It is pure and deterministic: the world — arrivals, true
// values, every participant's estimates, support — is drawn from cfg.Seed
// (math/rand/v2's PCG), independently of the policy, so two policies run
// with the same config face the same items and estimates.
//
// Each quarter q = 1…Quarters: the items suggested so far and not yet
// selected are the candidates, each with Age q − 1 − arrival (quarters it
// has waited); every participant submits a ballot ranking them by their
// own impact estimate (ties by ID); Decide ranks and selects; the selected
// items are delivered and leave the backlog. Then the quarter's new items
// arrive. True values are drawn uniformly: impact 1–10, time criticality
// and risk reduction 0–10, reach 10–1000, confidence 50, 80 or 100 %,
// effort 1, 2, 3, 5, 8 or 13, support 0–10. Effort and reach estimates
// stray up to ±30 % from the truth; confidence estimates are exact.
//
// Cost: a meeting over an open backlog of n items takes time linear in n
// for the candidates and in n × Participants for the ballots (kept in
// order from meeting to meeting: arrivals are merged in and selected items
// dropped, so nothing is sorted again), plus what Rank costs on n
// candidates; only the selection is decided, without Decide's entries and
// explanations. Policies known not to read ballots (Impact, WSJF, RICE and
// Aging over one of them) get none. Items are drawn as they arrive and
// released when selected, so memory is proportional to n × Participants
// plus one int per selected item. n is what the config makes it: when
// more items arrive than a sprint takes (as in DefaultSimConfig, 4 a
// quarter on average against 3 topics), the backlog grows by the
// difference every quarter, so a run of Q quarters ranks on the order of
// Q² candidates in all and its time grows with Q²; when fewer arrive, the
// backlog stays small and the time grows with Q.
//
// It returns a *storage.ValidationError for an invalid config and the
// errors of Decide.
func Simulate(p Policy, cfg SimConfig) (*SimReport, error) { return simulate(p, cfg, nil) }

// simulate is Simulate calling trace, when not nil, after each meeting
// with the quarter, the number of candidates and the IDs selected (which
// trace must not keep).
func simulate(p Policy, cfg SimConfig, trace func(q, candidates int, selected []string)) (*SimReport, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("backlog: simulate: %w", err)
	}
	spec := p.Spec()
	rep := &SimReport{Policy: spec.String(), Quarters: cfg.Quarters}
	w := newSimWorld(cfg)
	var ballots *simBallots
	if readsBallots(p) {
		ballots = newSimBallots(cfg.Participants)
	}
	var (
		// open and cands are the open items and their candidates, in
		// arrival order: ID order while IDs have six digits (past
		// item-999999 Rank sorts them).
		open   []*simItem
		cands  []Candidate
		waits  []int
		picked []int
		ids    []string
		bufs   rankBuffers
	)
	for q := 1; q <= cfg.Quarters; q++ {
		arrived := w.arrivals(q)
		for _, it := range arrived {
			open = append(open, it)
			cands = append(cands, Candidate{ItemID: it.id, Estimate: it.agg, Estimates: cfg.Participants,
				Support: it.support})
		}
		for i, it := range open {
			cands[i].Age = q - 1 - it.arrival
		}
		snap := Snapshot{
			Quarter: Quarter{Year: 2000, Num: 1}.Add(q), Policy: spec,
			Capacity: cfg.Capacity, Aggregation: cfg.Aggregation, Candidates: cands,
		}
		if ballots != nil {
			ballots.add(arrived)
			snap.Ballots = ballots.ballots()
		}
		var err error
		picked, err = selectedIndexes(p, &snap, &bufs, picked[:0])
		if err != nil {
			return nil, fmt.Errorf("backlog: simulate quarter %d: %w", q, err)
		}
		if trace != nil {
			ids = ids[:0]
			for _, i := range picked {
				ids = append(ids, open[i].id)
			}
			trace(q, len(open), ids)
		}
		if len(picked) == 0 {
			continue
		}
		first := len(open)
		for _, i := range picked {
			it := open[i]
			it.selected = true
			first = min(first, i)
			rep.Selected++
			rep.Value += it.impact
			waits = append(waits, q-1-it.arrival)
		}
		kept := first
		for i := first; i < len(open); i++ {
			if !open[i].selected {
				open[kept], cands[kept] = open[i], cands[i]
				kept++
			}
		}
		clear(open[kept:]) // release the selected items
		clear(cands[kept:])
		open, cands = open[:kept], cands[:kept]
	}
	rep.Items = w.drawn
	rep.Open = len(open)
	for _, it := range open {
		if cfg.Quarters-1-it.arrival >= cfg.StarvedAfter { // its Age at the last meeting
			rep.Starved++
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		n := len(waits)
		rep.MaxWait = waits[n-1]
		rep.MedianWait = float64(waits[n/2])
		if n%2 == 0 {
			rep.MedianWait = float64(waits[n/2-1]+waits[n/2]) / 2
		}
	}
	return rep, nil
}

// readsBallots reports whether p may read the ballots: every policy but
// the built-ins that score the candidates alone.
func readsBallots(p Policy) bool {
	switch p := p.(type) {
	case Impact, WSJF, RICE:
		return false
	case Aging:
		return readsBallots(p.base())
	}
	return true
}

func (cfg SimConfig) check() error {
	var errs []storage.FieldError
	add := func(ok bool, field, msg string) {
		if !ok {
			errs = append(errs, storage.FieldError{Field: field, Message: msg})
		}
	}
	add(cfg.Quarters >= 1 && cfg.Quarters <= 10000, "quarters", "must be between 1 and 10000")
	add(cfg.InitialItems >= 0 && cfg.InitialItems <= 100000, "initialItems", "must be between 0 and 100000")
	add(cfg.Arrivals >= 0 && cfg.Arrivals <= 10000, "arrivals", "must be between 0 and 10000")
	add(cfg.Participants >= 1 && cfg.Participants <= 1000, "participants", "must be between 1 and 1000")
	add(cfg.Noise >= 0 && cfg.Noise <= 10, "noise", "must be between 0 and 10")
	add(cfg.Aggregation == "" || cfg.Aggregation == Median || cfg.Aggregation == Mean, "aggregation", "must be one of: median, mean")
	add(cfg.Capacity.MaxTopics >= 1, "capacity.maxTopics", "must be at least 1")
	add(cfg.Capacity.Budget == nil || *cfg.Capacity.Budget >= 0, "capacity.budget", "must be at least 0")
	add(cfg.StarvedAfter >= 1, "starvedAfter", "must be at least 1")
	if errs != nil {
		return &storage.ValidationError{Fields: errs}
	}
	return nil
}

// simWorld draws the items of the simulation as they arrive, all from one
// random source in arrival order: the initial items, then each quarter's
// count and items.
type simWorld struct {
	cfg SimConfig
	r   *rand.Rand
	// drawn counts the items drawn.
	drawn int
	// arrived holds the last arrivals; ests and vals are scratch for the
	// estimates of one item.
	arrived []*simItem
	ests    []Estimate
	vals    []float64
}

func newSimWorld(cfg SimConfig) *simWorld {
	return &simWorld{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		ests: make([]Estimate, cfg.Participants), vals: make([]float64, 6*cfg.Participants)}
}

// arrivals draws the items that join the backlog before meeting q: the
// initial items before the first, then those suggested in the quarter
// before. The slice is valid until the next call.
func (w *simWorld) arrivals(q int) []*simItem {
	w.arrived = w.arrived[:0]
	if q == 1 {
		for range w.cfg.InitialItems {
			w.draw(0)
		}
		return w.arrived
	}
	for range w.r.IntN(2*w.cfg.Arrivals + 1) {
		w.draw(q - 1)
	}
	return w.arrived
}

// draw draws one item suggested in the given quarter.
func (w *simWorld) draw(arrival int) {
	r, cfg := w.r, w.cfg
	w.drawn++
	it := &simItem{id: fmt.Sprintf("item-%06d", w.drawn), arrival: arrival}
	impact := float64(1 + r.IntN(10))
	tc, rr := float64(r.IntN(11)), float64(r.IntN(11))
	reach := float64(10 + r.IntN(991))
	conf := []float64{50, 80, 100}[r.IntN(3)]
	effort := []float64{1, 2, 3, 5, 8, 13}[r.IntN(6)]
	it.impact, it.support = impact, r.IntN(11)
	it.est = make([]float64, cfg.Participants)
	noisy := func(dst *float64, truth, lo, hi float64) *float64 {
		v := truth
		if cfg.Noise > 0 {
			v += (2*r.Float64() - 1) * cfg.Noise
		}
		*dst = math.Min(hi, math.Max(lo, math.Round(v)))
		return dst
	}
	scaled := func(dst *float64, truth float64) *float64 {
		*dst = math.Max(1, math.Round(truth*(0.7+0.6*r.Float64())))
		return dst
	}
	for i := range w.ests {
		// The draws in this order: impact, time criticality, risk
		// reduction, reach, effort.
		v := w.vals[6*i : 6*i+6]
		v[4] = conf
		w.ests[i] = Estimate{ItemID: it.id, Impact: noisy(&v[0], impact, 1, 10), TimeCriticality: noisy(&v[1], tc, 0, 10),
			RiskReduction: noisy(&v[2], rr, 0, 10), Reach: scaled(&v[3], reach), Confidence: &v[4], Effort: scaled(&v[5], effort)}
		it.est[i] = v[0]
	}
	it.agg = AggregateEstimates(w.ests, cfg.Aggregation)
	w.arrived = append(w.arrived, it)
}

// simBallots keeps every participant's ballot over the open items: ranked
// by the participant's impact estimate, highest first, ties by ID. The
// order of two items never changes, so arrivals are merged into it and
// selected items dropped from it, and it is never sorted again.
type simBallots struct {
	// order holds each participant's items, best first: the open ones and
	// those selected since the last call of ballots. list holds the open
	// ones' IDs, the Ballots of the snapshot.
	order [][]*simItem
	list  []Ballot
	tmp   []*simItem
}

func newSimBallots(participants int) *simBallots {
	b := &simBallots{order: make([][]*simItem, participants), list: make([]Ballot, participants)}
	for p := range b.list {
		b.list[p].Participant = "p" + strconv.Itoa(p+1)
	}
	return b
}

// before reports whether participant p ranks a above b.
func before(p int, a, b *simItem) bool {
	if a.est[p] != b.est[p] {
		return a.est[p] > b.est[p]
	}
	return a.id < b.id
}

// add merges the arrivals into every participant's order.
func (b *simBallots) add(arrived []*simItem) {
	if len(arrived) == 0 {
		return
	}
	for p, order := range b.order {
		add := append(b.tmp[:0], arrived...)
		slices.SortFunc(add, func(x, y *simItem) int {
			if before(p, x, y) {
				return -1
			}
			return 1 // never equal: IDs differ
		})
		// Merge from the back, into the grown slice.
		i, j := len(order)-1, len(add)-1
		order = slices.Grow(order, len(add))[:len(order)+len(add)]
		for k := len(order) - 1; j >= 0; k-- {
			if i >= 0 && before(p, add[j], order[i]) {
				order[k] = order[i]
				i--
			} else {
				order[k] = add[j]
				j--
			}
		}
		b.order[p] = order
		b.tmp = add
	}
	clear(b.tmp)
}

// ballots drops the selected items from every participant's order and
// returns the ballots over the open ones, valid until the next call of a
// method.
func (b *simBallots) ballots() []Ballot {
	for p, order := range b.order {
		ids := b.list[p].Items[:0]
		kept := 0
		for _, it := range order {
			if !it.selected {
				order[kept] = it
				kept++
				ids = append(ids, it.id)
			}
		}
		clear(order[kept:])
		b.order[p] = order[:kept]
		b.list[p].Items = ids
	}
	return b.list
}
