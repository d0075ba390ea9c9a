package backlog

import (
	"fmt"
	"testing"
)

// BenchmarkSimulate runs DefaultSimConfig(1) for 500 to 4,000 quarters
// under Impact and Borda (which reads the ballots). That backlog grows by
// construction: 4 items arrive per quarter on average and a sprint takes
// 3, so about one item a quarter is never selected and the meetings rank
// ever more candidates. Besides the usual figures it reports cands, the
// candidates summed over all meetings, and ns/cand, the time per
// candidate per meeting: it stays flat when a meeting's cost is
// proportional to its backlog.
func BenchmarkSimulate(b *testing.B) {
	for _, p := range []Policy{Impact{}, Borda{}} {
		for _, quarters := range []int{500, 1000, 2000, 4000} {
			b.Run(fmt.Sprintf("%s/quarters=%d", p.Spec().Name, quarters), func(b *testing.B) {
				cfg := DefaultSimConfig(1)
				cfg.Quarters = quarters
				cands := 0
				if _, err := simulate(p, cfg, func(_, n int, _ []string) { cands += n }); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Simulate(p, cfg); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cands), "cands")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cands), "ns/cand")
			})
		}
	}
}
