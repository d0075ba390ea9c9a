package backlog

import (
	"fmt"
	"hash/fnv"
	"testing"
)

// hostBorda is Borda as a host's policy would be: embedding hides it from
// the built-in fast paths, so it is ranked by its Score.
type hostBorda struct{ Borda }

func (hostBorda) Spec() PolicySpec { return PolicySpec{Name: "host-borda"} }

// traceCases are moderately sized runs: a growing backlog as in the
// default config, the same with a budget, mean aggregation and an even
// number of participants, and a noiseless one with one participant that
// stays small.
func traceCases(seed uint64) []struct {
	name string
	cfg  SimConfig
} {
	grow := DefaultSimConfig(seed)
	grow.Quarters = 120
	budget := grow
	b := 12.0
	budget.Capacity.Budget = &b
	budget.Aggregation = Mean
	budget.Participants = 4
	small := SimConfig{Seed: seed, Quarters: 80, InitialItems: 50, Arrivals: 2, Participants: 1,
		Capacity: Capacity{MaxTopics: 2}, StarvedAfter: 6}
	return []struct {
		name string
		cfg  SimConfig
	}{{"grow", grow}, {"budget", budget}, {"small", small}}
}

// TestSimulateTrace pins every meeting's selection, in order, of the trace
// cases under every built-in policy and a host policy: a hash of
// "quarter:id,id,…" over all quarters. The hashes were recorded from the
// simulator before it was made incremental; a change to the world, the
// ballots or the selection changes them.
func TestSimulateTrace(t *testing.T) {
	want := map[string]uint64{}
	for _, w := range simTraceWant {
		want[fmt.Sprintf("%s/%d/%s", w.name, w.seed, w.policy)] = w.hash
	}
	policies := []Policy{Impact{}, WSJF{}, RICE{}, Borda{}, Aging{Base: WSJF{}, Rate: 0.5},
		Aging{Base: Borda{}, Rate: 0.1}, hostBorda{}}
	checked := 0
	for _, seed := range []uint64{1, 2} {
		for _, c := range traceCases(seed) {
			for _, p := range policies {
				key := fmt.Sprintf("%s/%d/%s", c.name, seed, p.Spec())
				h := fnv.New64a()
				meetings := 0
				_, err := simulate(p, c.cfg, func(q, _ int, ids []string) {
					meetings++
					fmt.Fprintf(h, "%d:", q)
					for _, id := range ids {
						fmt.Fprintf(h, "%s,", id)
					}
				})
				if err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				if meetings != c.cfg.Quarters {
					t.Errorf("%s: traced %d meetings, want %d", key, meetings, c.cfg.Quarters)
				}
				if got, ok := want[key]; !ok || h.Sum64() != got {
					t.Errorf("%s: selections hash %#x, want %#x", key, h.Sum64(), got)
				}
				checked++
			}
		}
	}
	if checked != len(simTraceWant) {
		t.Errorf("checked %d runs, %d recorded", checked, len(simTraceWant))
	}
}

var simTraceWant = []struct {
	name   string
	seed   uint64
	policy string
	hash   uint64
}{
	{"grow", 1, "impact", 0xb2768023e409a49c},
	{"grow", 1, "wsjf", 0xdc5cd20a680272da},
	{"grow", 1, "rice", 0x437f3f4271b726e1},
	{"grow", 1, "borda", 0x976b69a0587e8d58},
	{"grow", 1, "aging(rate=0.5; wsjf)", 0x6ec3dd3ed64aa8e1},
	{"grow", 1, "aging(rate=0.1; borda)", 0x1824c95d9a8ad77e},
	{"grow", 1, "host-borda", 0x976b69a0587e8d58},
	{"budget", 1, "impact", 0x36c0303b8214c77b},
	{"budget", 1, "wsjf", 0xc2478448c5dc4fc},
	{"budget", 1, "rice", 0x4176b9848df1bfd2},
	{"budget", 1, "borda", 0xfdb6fcb2cc7b70f1},
	{"budget", 1, "aging(rate=0.5; wsjf)", 0x2b1050b5e5fd28},
	{"budget", 1, "aging(rate=0.1; borda)", 0x7ebdab3de140514a},
	{"budget", 1, "host-borda", 0xfdb6fcb2cc7b70f1},
	{"small", 1, "impact", 0xe8fdbcd8c16601b1},
	{"small", 1, "wsjf", 0xce28e54f10b4e01b},
	{"small", 1, "rice", 0x3dcb96ef19dbbf18},
	{"small", 1, "borda", 0xa9b377ba82b04f22},
	{"small", 1, "aging(rate=0.5; wsjf)", 0x5f8cc5abd0364113},
	{"small", 1, "aging(rate=0.1; borda)", 0x392083fa6f171380},
	{"small", 1, "host-borda", 0xa9b377ba82b04f22},
	{"grow", 2, "impact", 0x3a35dc768e51f8f6},
	{"grow", 2, "wsjf", 0xdbdfdf0cc2c2fafa},
	{"grow", 2, "rice", 0xb05a1cb7c7b629f6},
	{"grow", 2, "borda", 0x8d874c9686861209},
	{"grow", 2, "aging(rate=0.5; wsjf)", 0x704be0c336844842},
	{"grow", 2, "aging(rate=0.1; borda)", 0x22b15f52a98cafc5},
	{"grow", 2, "host-borda", 0x8d874c9686861209},
	{"budget", 2, "impact", 0x23eb5bf38ec1ca9e},
	{"budget", 2, "wsjf", 0x7aa84b59a5d5bda},
	{"budget", 2, "rice", 0x83306ad40a7308f7},
	{"budget", 2, "borda", 0x5cf796220335401c},
	{"budget", 2, "aging(rate=0.5; wsjf)", 0xa4c24a71e5b255a0},
	{"budget", 2, "aging(rate=0.1; borda)", 0x20e718b31b6d6a92},
	{"budget", 2, "host-borda", 0x5cf796220335401c},
	{"small", 2, "impact", 0xbfe046f4dc9f861},
	{"small", 2, "wsjf", 0xb5039a64a16ce614},
	{"small", 2, "rice", 0x66bc2fdf5b0bfea2},
	{"small", 2, "borda", 0x5f330e40ef7f5164},
	{"small", 2, "aging(rate=0.5; wsjf)", 0xdaca9f86db1b4789},
	{"small", 2, "aging(rate=0.1; borda)", 0x42da6d586caed416},
	{"small", 2, "host-borda", 0x5f330e40ef7f5164},
}
