package backlog

import "fmt"

// Borda counts points over the participants' ranked ballots. A ballot
// ranking m candidates gives its first m points, its second m − 1, … and
// its last 1; candidates it leaves out get 0, and entries that are not
// candidates, or repeat an earlier entry, are ignored. The score is the
// sum over all ballots.
type Borda struct{}

// Spec returns {Name: "borda"}.
func (Borda) Spec() PolicySpec { return PolicySpec{Name: PolicyBorda} }

// Score computes Borda points with components points and ballots (the
// number of ballots that rank the candidate).
func (p Borda) Score(in Input) ([]Score, error) { return scoreAll(p, in, 2) }

func (Borda) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	n := len(in.Candidates)
	index := make(map[string]int, n)
	for i, c := range in.Candidates {
		index[c.ItemID] = i
	}
	points := make([]float64, n)
	ballots := make([]float64, n)
	seen := make([]int, n) // ballot number + 1 that last counted a candidate
	var ranked []int       // one ballot's candidates, reused
	for b, ballot := range in.Ballots {
		ranked = ranked[:0]
		for _, id := range ballot.Items {
			if i, ok := index[id]; ok && seen[i] != b+1 {
				seen[i] = b + 1
				ranked = append(ranked, i)
			}
		}
		for p, i := range ranked {
			points[i] += float64(len(ranked) - p)
			ballots[i]++
		}
	}
	return points, func(i int, dst []Component) []Component {
		return append(dst, Component{"points", points[i]}, Component{"ballots", ballots[i]})
	}, nil
}

// Explain says "12 points from 3 ballots".
func (Borda) Explain(_ Candidate, s Score) string {
	ballots := 0.0
	for _, c := range s.Components {
		if c.Name == "ballots" {
			ballots = c.Value
		}
	}
	return fmt.Sprintf("%s points from %s", num(s.Value), count(int(ballots), "ballot"))
}
