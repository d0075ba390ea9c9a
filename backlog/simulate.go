package backlog

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

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
}

// Simulate replays cfg.Quarters prioritisation meetings under policy p and
// reports the value delivered, how long selected items waited and how many
// were starved. It is pure and deterministic: the world — arrivals, true
// values, every participant's estimates, support — is drawn first from
// cfg.Seed (math/rand/v2's PCG), independently of the policy, so two
// policies run with the same config face the same items and estimates.
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
	world := cfg.world()
	rep := &SimReport{Policy: p.Spec().String(), Quarters: cfg.Quarters}
	var waits []int
	open := []*simItem{}
	next := 0
	for q := 1; q <= cfg.Quarters; q++ {
		for next < len(world) && world[next].arrival < q {
			open = append(open, world[next])
			next++
		}
		snap := Snapshot{
			Quarter: Quarter{Year: 2000, Num: 1}.Add(q), Policy: p.Spec(),
			Capacity: cfg.Capacity, Aggregation: cfg.Aggregation,
			Candidates: make([]Candidate, len(open)),
		}
		for i, it := range open {
			snap.Candidates[i] = Candidate{ItemID: it.id, Estimate: it.agg, Estimates: cfg.Participants,
				Support: it.support, Age: q - 1 - it.arrival}
		}
		snap.Ballots = ballots(open, cfg.Participants)
		res, err := Decide(p, snap)
		if err != nil {
			return nil, fmt.Errorf("backlog: simulate quarter %d: %w", q, err)
		}
		if trace != nil {
			trace(q, len(open), res.Selected)
		}
		selected := make(map[string]bool, len(res.Selected))
		for _, id := range res.Selected {
			selected[id] = true
		}
		kept := open[:0]
		for _, it := range open {
			if !selected[it.id] {
				kept = append(kept, it)
				continue
			}
			rep.Selected++
			rep.Value += it.impact
			waits = append(waits, q-1-it.arrival)
		}
		open = kept
	}
	rep.Items = next
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

// world draws every item of the simulation, in arrival order.
func (cfg SimConfig) world() []*simItem {
	r := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	var items []*simItem
	add := func(arrival int) {
		it := &simItem{id: fmt.Sprintf("item-%06d", len(items)+1), arrival: arrival}
		impact := float64(1 + r.IntN(10))
		tc, rr := float64(r.IntN(11)), float64(r.IntN(11))
		reach := float64(10 + r.IntN(991))
		conf := []float64{50, 80, 100}[r.IntN(3)]
		effort := []float64{1, 2, 3, 5, 8, 13}[r.IntN(6)]
		it.impact, it.support = impact, r.IntN(11)
		ests := make([]Estimate, cfg.Participants)
		it.est = make([]float64, cfg.Participants)
		for i := range ests {
			noisy := func(truth, lo, hi float64) *float64 {
				v := truth
				if cfg.Noise > 0 {
					v += (2*r.Float64() - 1) * cfg.Noise
				}
				v = math.Min(hi, math.Max(lo, math.Round(v)))
				return &v
			}
			scaled := func(truth float64) *float64 {
				v := math.Max(1, math.Round(truth*(0.7+0.6*r.Float64())))
				return &v
			}
			c := conf
			ests[i] = Estimate{ItemID: it.id, Impact: noisy(impact, 1, 10), TimeCriticality: noisy(tc, 0, 10),
				RiskReduction: noisy(rr, 0, 10), Reach: scaled(reach), Confidence: &c, Effort: scaled(effort)}
			it.est[i] = *ests[i].Impact
		}
		it.agg = AggregateEstimates(ests, cfg.Aggregation)
		items = append(items, it)
	}
	for range cfg.InitialItems {
		add(0)
	}
	for q := 1; q < cfg.Quarters; q++ {
		for range r.IntN(2*cfg.Arrivals + 1) {
			add(q)
		}
	}
	return items
}

// ballots ranks the open items once per participant by that participant's
// impact estimate, ties by ID.
func ballots(open []*simItem, participants int) []Ballot {
	out := make([]Ballot, participants)
	order := slices.Clone(open)
	for p := range participants {
		slices.SortStableFunc(order, func(a, b *simItem) int {
			if c := cmp.Compare(b.est[p], a.est[p]); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		ids := make([]string, len(order))
		for i, it := range order {
			ids[i] = it.id
		}
		out[p] = Ballot{Participant: fmt.Sprintf("p%d", p+1), Items: ids}
	}
	return out
}
