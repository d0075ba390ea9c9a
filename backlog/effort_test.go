package backlog

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// effortValues returns efforts of every kind: short decimals as people
// write them, the floating-point results that are not (0.1 + 0.2), values
// near the edges of fixedOf's range, and arbitrary float64s.
func effortValues(r *rand.Rand, n int) []float64 {
	vs := []float64{0, 1, 0.5, 0.1, 0.2, 0.3, plus(0.1, 0.2), 1000.0000009, 400.0000000001, 1e-17,
		math.Nextafter(1, 2), math.Nextafter(1, 0), 1 << 50, 1<<50 - 1, 1<<50 + 1, 1 << 53, 1e15, 1e-15, 1.5e-15,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 123456789.123456, 0.000001, 9.999999999999999}
	for len(vs) < n {
		switch r.IntN(5) {
		case 0: // a short decimal
			k := r.IntN(maxPlaces + 1)
			m := r.Uint64N(uint64(1) << (1 + r.IntN(52)))
			vs = append(vs, float64(m)/pow10[k])
		case 1: // half points and tenths, as medians and people give
			vs = append(vs, float64(r.IntN(400))/2, float64(r.IntN(1000))/10)
		case 2: // its neighbours
			v := float64(r.IntN(1000)) / 10
			vs = append(vs, math.Nextafter(v, 0), math.Nextafter(v, math.Inf(1)))
		case 3: // any positive float64
			vs = append(vs, math.Abs(math.Float64frombits(r.Uint64())))
		default: // the sum of two decimals, in floating point
			vs = append(vs, float64(r.IntN(100))/10+float64(r.IntN(100))/100)
		}
	}
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			vs[i] = 1
		}
	}
	return vs
}

// TestFixedOfIsTheShortestForm checks fixedOf against the shortest form
// strconv writes: the same number whenever it returns one, and one for
// every short decimal.
func TestFixedOfIsTheShortestForm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	found := 0
	for _, v := range effortValues(r, 200_000) {
		f, ok := fixedOf(v)
		if !ok {
			continue
		}
		found++
		if want := decimalOf(v); f.rat().Cmp(want) != 0 {
			t.Fatalf("fixedOf(%v) = %v × 10^-%d, want %s", v, f.m, f.k, want.RatString())
		}
		if got := f.float(); got != v {
			t.Fatalf("fixedOf(%v).float() = %v", v, got)
		}
	}
	if found < 100_000 {
		t.Errorf("fixedOf found %d of 200,000 forms, want most", found)
	}
	// Every m × 10^−k with m below 2^50 has a form (perhaps shorter).
	for k := range maxPlaces + 1 {
		for _, m := range []uint64{1, 7, 25, 999, 123456789, 1<<50 - 1} {
			if v := float64(m) / pow10[k]; !has(v) {
				t.Errorf("fixedOf(%v) (%d × 10^-%d) found no form", v, m, k)
			}
		}
	}
	for _, v := range []float64{-1, math.Inf(1), math.NaN(), plus(0.1, 0.2), math.Nextafter(1, 2), 1e300} {
		if f, ok := fixedOf(v); ok {
			t.Errorf("fixedOf(%v) = %v × 10^-%d, want none", v, f.m, f.k)
		}
	}
}

// plus adds in floating point, at run time (constants add exactly).
func plus(a, b float64) float64 { return a + b }

func has(v float64) bool {
	_, ok := fixedOf(v)
	return ok
}

// TestEffortSumIsExact runs random selections through effortSum and
// through plain exact arithmetic on the shortest forms: the same items fit
// and the sums are the same.
func TestEffortSumIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pool := effortValues(r, 5_000)
	slow := 0
	for round := range 3_000 {
		efforts := []float64{float64(1+r.IntN(20)) / 2}
		for range r.IntN(30) {
			if v := pool[r.IntN(len(pool))]; v > 0 {
				efforts = append(efforts, v)
			}
		}
		var budget float64
		switch round % 4 {
		case 0:
			budget = float64(r.IntN(200)) / 2
		case 1:
			budget = float64(r.IntN(1000)) / 10
		case 2:
			budget = pool[r.IntN(len(pool))]
		default: // a sum of some of the efforts: exactly at the edge
			sum := new(big.Rat)
			for _, e := range efforts[:r.IntN(len(efforts))] {
				sum.Add(sum, decimalOf(e))
			}
			budget, _ = sum.Float64()
		}
		s := newEffortSum(&budget)
		want := new(big.Rat)
		limit := decimalOf(budget)
		for i, e := range efforts {
			next := new(big.Rat).Add(want, decimalOf(e))
			fits := next.Cmp(limit) <= 0
			if got := s.fits(e); got != fits {
				t.Fatalf("round %d, effort %d: %v + %v fits %v: %v, want %v", round, i, want.FloatString(20), e, budget, got, fits)
			}
			if fits {
				want = next
				s.add(e)
			}
		}
		if got := s.exact(); got.Cmp(want) != 0 {
			t.Fatalf("round %d: sum %s, want %s", round, got.RatString(), want.RatString())
		}
		if v, _ := want.Float64(); s.value() != v {
			t.Fatalf("round %d: value %v, want %v", round, s.value(), v)
		}
		if s.exactSum != nil {
			slow++
		}
	}
	if slow < 300 || slow > 2_700 {
		t.Errorf("%d of 3,000 sums left the fixed form, want both kinds", slow)
	}
}
