package backlog_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

// borda is Borda as a host's policy would be: embedding hides it from
// the built-in fast paths, so it is ranked by its Score.
type borda struct{ backlog.Borda }

func (borda) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "host-borda"} }

// goldenSimPolicies are the policies the golden reports pin: every
// built-in, Aging over two of them, and two host policies (one reading the
// ballots).
var goldenSimPolicies = []backlog.Policy{
	backlog.Impact{}, backlog.WSJF{}, backlog.RICE{}, backlog.Borda{},
	backlog.Aging{Base: backlog.WSJF{}, Rate: 0.5}, backlog.Aging{Base: backlog.Borda{}, Rate: 0.1},
	borda{}, leastImpact{},
}

type goldenSimCase struct {
	name string
	cfg  backlog.SimConfig
}

// goldenSimCases are moderately sized runs: a growing backlog as in the
// default config, one with a budget, mean aggregation and an even number
// of participants, and a noiseless one that stays small.
func goldenSimCases() []goldenSimCase {
	var out []goldenSimCase
	for _, seed := range []uint64{1, 2} {
		grow := backlog.DefaultSimConfig(seed)
		grow.Quarters = 120
		budget := grow
		budget.Capacity.Budget = ptr(12.0)
		budget.Aggregation = backlog.Mean
		budget.Participants = 4
		small := backlog.SimConfig{Seed: seed, Quarters: 80, InitialItems: 50, Arrivals: 2, Participants: 1,
			Capacity: backlog.Capacity{MaxTopics: 2}, StarvedAfter: 6}
		out = append(out, goldenSimCase{"grow", grow}, goldenSimCase{"budget", budget}, goldenSimCase{"small", small})
	}
	return out
}

// simLine is a report's figures in one line.
func simLine(r *backlog.SimReport) string {
	return fmt.Sprintf("items=%d selected=%d value=%v medianWait=%v maxWait=%d open=%d starved=%d",
		r.Items, r.Selected, r.Value, r.MedianWait, r.MaxWait, r.Open, r.Starved)
}

// TestSimulateGolden pins the reports of the golden cases, recorded from
// the simulator before it was made incremental.
func TestSimulateGolden(t *testing.T) {
	var got []string
	for _, c := range goldenSimCases() {
		for _, p := range goldenSimPolicies {
			rep, err := backlog.Simulate(p, c.cfg)
			require.NoError(t, err)
			got = append(got, fmt.Sprintf("%s seed=%d %s: %s", c.name, c.cfg.Seed, p.Spec(), simLine(rep)))
		}
	}
	assert.Equal(t, simGoldenWant, got)
}

var simGoldenWant = []string{
	"grow seed=1 impact: items=480 selected=360 value=2381 medianWait=0 maxWait=88 open=120 starved=116",
	"grow seed=1 wsjf: items=480 selected=360 value=2091 medianWait=0 maxWait=69 open=120 starved=116",
	"grow seed=1 rice: items=480 selected=360 value=2152 medianWait=0 maxWait=73 open=120 starved=116",
	"grow seed=1 borda: items=480 selected=360 value=2380 medianWait=0 maxWait=97 open=120 starved=116",
	"grow seed=1 aging(rate=0.5; wsjf): items=480 selected=360 value=2021 medianWait=6 maxWait=76 open=120 starved=110",
	"grow seed=1 aging(rate=0.1; borda): items=480 selected=360 value=2133 medianWait=12 maxWait=69 open=120 starved=109",
	"grow seed=1 host-borda: items=480 selected=360 value=2380 medianWait=0 maxWait=97 open=120 starved=116",
	"grow seed=1 least-impact: items=480 selected=360 value=1537 medianWait=0 maxWait=71 open=120 starved=114",
	"budget seed=1 impact: items=502 selected=317 value=2088 medianWait=0 maxWait=42 open=185 starved=166",
	"budget seed=1 wsjf: items=502 selected=322 value=1847 medianWait=0 maxWait=21 open=180 starved=162",
	"budget seed=1 rice: items=502 selected=324 value=1940 medianWait=0 maxWait=28 open=178 starved=160",
	"budget seed=1 borda: items=502 selected=319 value=2090 medianWait=0 maxWait=42 open=183 starved=164",
	"budget seed=1 aging(rate=0.5; wsjf): items=502 selected=316 value=1827 medianWait=5.5 maxWait=46 open=186 starved=161",
	"budget seed=1 aging(rate=0.1; borda): items=502 selected=307 value=1889 medianWait=6 maxWait=73 open=195 starved=170",
	"budget seed=1 host-borda: items=502 selected=319 value=2090 medianWait=0 maxWait=42 open=183 starved=164",
	"budget seed=1 least-impact: items=502 selected=317 value=1393 medianWait=0 maxWait=38 open=185 starved=167",
	"small seed=1 impact: items=216 selected=160 value=1077 medianWait=1.5 maxWait=69 open=56 starved=56",
	"small seed=1 wsjf: items=216 selected=160 value=890 medianWait=1 maxWait=77 open=56 starved=54",
	"small seed=1 rice: items=216 selected=160 value=968 medianWait=2 maxWait=79 open=56 starved=55",
	"small seed=1 borda: items=216 selected=160 value=1077 medianWait=3 maxWait=69 open=56 starved=56",
	"small seed=1 aging(rate=0.5; wsjf): items=216 selected=160 value=906 medianWait=14 maxWait=68 open=56 starved=50",
	"small seed=1 aging(rate=0.1; borda): items=216 selected=160 value=968 medianWait=19.5 maxWait=73 open=56 starved=48",
	"small seed=1 host-borda: items=216 selected=160 value=1077 medianWait=3 maxWait=69 open=56 starved=56",
	"small seed=1 least-impact: items=216 selected=160 value=661 medianWait=1 maxWait=66 open=56 starved=52",
	"grow seed=2 impact: items=452 selected=360 value=2336 medianWait=0 maxWait=39 open=92 starved=83",
	"grow seed=2 wsjf: items=452 selected=360 value=2070 medianWait=0 maxWait=33 open=92 starved=85",
	"grow seed=2 rice: items=452 selected=360 value=2161 medianWait=0 maxWait=29 open=92 starved=85",
	"grow seed=2 borda: items=452 selected=360 value=2335 medianWait=0 maxWait=61 open=92 starved=83",
	"grow seed=2 aging(rate=0.5; wsjf): items=452 selected=360 value=2052 medianWait=5 maxWait=59 open=92 starved=76",
	"grow seed=2 aging(rate=0.1; borda): items=452 selected=360 value=2134 medianWait=7 maxWait=54 open=92 starved=73",
	"grow seed=2 host-borda: items=452 selected=360 value=2335 medianWait=0 maxWait=61 open=92 starved=83",
	"grow seed=2 least-impact: items=452 selected=360 value=1644 medianWait=0 maxWait=37 open=92 starved=83",
	"budget seed=2 impact: items=472 selected=323 value=2171 medianWait=0 maxWait=73 open=149 starved=136",
	"budget seed=2 wsjf: items=472 selected=318 value=1912 medianWait=0 maxWait=63 open=154 starved=140",
	"budget seed=2 rice: items=472 selected=327 value=2020 medianWait=0 maxWait=70 open=145 starved=131",
	"budget seed=2 borda: items=472 selected=323 value=2169 medianWait=0 maxWait=71 open=149 starved=136",
	"budget seed=2 aging(rate=0.5; wsjf): items=472 selected=326 value=1949 medianWait=7 maxWait=83 open=146 starved=125",
	"budget seed=2 aging(rate=0.1; borda): items=472 selected=313 value=2003 medianWait=8 maxWait=66 open=159 starved=137",
	"budget seed=2 host-borda: items=472 selected=323 value=2169 medianWait=0 maxWait=71 open=149 starved=136",
	"budget seed=2 least-impact: items=472 selected=319 value=1611 medianWait=0 maxWait=77 open=153 starved=139",
	"small seed=2 impact: items=190 selected=160 value=983 medianWait=1 maxWait=75 open=30 starved=26",
	"small seed=2 wsjf: items=190 selected=160 value=896 medianWait=1 maxWait=74 open=30 starved=26",
	"small seed=2 rice: items=190 selected=160 value=951 medianWait=1 maxWait=74 open=30 starved=26",
	"small seed=2 borda: items=190 selected=160 value=983 medianWait=1 maxWait=52 open=30 starved=26",
	"small seed=2 aging(rate=0.5; wsjf): items=190 selected=160 value=892 medianWait=9 maxWait=55 open=30 starved=21",
	"small seed=2 aging(rate=0.1; borda): items=190 selected=160 value=914 medianWait=11 maxWait=54 open=30 starved=17",
	"small seed=2 host-borda: items=190 selected=160 value=983 medianWait=1 maxWait=52 open=30 starved=26",
	"small seed=2 least-impact: items=190 selected=160 value=739 medianWait=1 maxWait=75 open=30 starved=26",
}
