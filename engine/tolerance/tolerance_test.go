package tolerance

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestEqual(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name           string
		a, b           float64
		absTol, relTol float64
		want           bool
	}{
		{"exact: same value", 0.1, 0.1, 0, 0, true},
		{"exact: zeros of either sign", 0, math.Copysign(0, -1), 0, 0, true},
		{"exact: one ulp apart", 1, math.Nextafter(1, 2), 0, 0, false},
		{"exact: 1e-12 relative apart", 1, 1 + 1e-12, 0, 0, false},
		{"rel: 1e-12 apart within 1e-9", 1, 1 + 1e-12, 0, 1e-9, true},
		{"rel: 1e-6 apart outside 1e-9", 1, 1 + 1e-6, 0, 1e-9, false},
		{"rel: the bound is included", 3, 4, 0, 0.25, true}, // 1 <= 0.25·4
		{"rel: just outside", 3, 4, 0, 0.24, false},
		{"rel: scales with the key, not the larger value", 4, 3, 0, 0.25, false}, // 1 > 0.25·3
		{"rel: 5% above the key", 105, 100, 0, 0.05, true},
		{"rel: 5% below the key", 95, 100, 0, 0.05, true},
		{"rel: 5.2% above the key", 105.2, 100, 0, 0.05, false},
		{"rel: cannot reach zero", 0, 1e-17, 0, 1e-9, false},
		{"abs: reaches zero", 0, 1e-17, 1e-12, 0, true},
		{"abs: the bound is included", 1, 1.5, 0.5, 0, true},
		{"abs: just outside", 1, 1.5, 0.4, 0, false},
		{"abs or rel: either is enough", 1000, 1001, 0.5, 1e-3, true},
		{"abs or rel: neither", 1000, 1002, 0.5, 1e-3, false},
		{"negative values", -2, -2.0000000001, 0, 1e-9, true},
		{"opposite signs: 2 apart, rel 1 of 1", -1, 1, 0, 1, false},
		{"opposite signs: 2 apart, rel 2 of 1", -1, 1, 0, 2, true},
		{"infinity equals itself", inf, inf, 0, 0, true},
		{"infinities of opposite sign", inf, -inf, 1, 1, false},
		{"infinity and a number", inf, 1e308, 1, 1, false},
		{"NaN equals nothing", nan, nan, 1, 1, false},
		{"NaN and a number", nan, 1, inf, 1, false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b, tt.absTol, tt.relTol); got != tt.want {
			t.Errorf("%s: Equal(%v, %v, abs %v, rel %v) = %v, want %v", tt.name, tt.a, tt.b, tt.absTol, tt.relTol, got, tt.want)
		}
	}
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// TestEqualRat is Equal's rule in exact arithmetic: the bounds that float64
// subtraction misses are included.
func TestEqualRat(t *testing.T) {
	tests := []struct {
		name           string
		a, b           string
		absTol, relTol string // "" for none
		want           bool
		// onBound: |a − b| is exactly the tolerance, which binary floats,
		// however wide, do not hold; EqualBig is not asked.
		onBound bool
	}{
		{"exact: equal", "1/3", "2/6", "", "", true, false},
		{"exact: 1e-30 apart", "1", "1.000000000000000000000000000001", "", "", false, false},
		{"rel: 0.95 against 1 within 5%", "0.95", "1", "", "0.05", true, true},
		{"rel: 1.05 against 1 within 5%", "1.05", "1", "", "0.05", true, true},
		{"rel: 1 against 0.95 is 5.26% of the key", "1", "0.95", "", "0.05", false, false},
		{"rel: 105.2 against 100 outside 5%", "105.2", "100", "", "0.05", false, false},
		{"rel: just outside", "0.9499", "1", "", "0.05", false, false},
		{"rel: integers within 10%", "105", "100", "", "0.1", true, false},
		{"rel: 100-digit key, one away, rel 1e-9", "1" + strings.Repeat("0", 99), "1" + strings.Repeat("0", 98) + "1", "", "1e-9", true, false},
		{"exact: 100-digit key, one away", "1" + strings.Repeat("0", 99), "1" + strings.Repeat("0", 98) + "1", "", "", false, false},
		{"abs: the bound is included", "0.1", "0.4", "0.3", "", true, true},
		{"abs: just outside", "0.1", "0.4000001", "0.3", "", false, false},
		{"rel: small key, 1e-7 relative", "1.5e-8", "1.5000015e-8", "", "1e-9", false, false},
		{"opposite signs", "-1", "1", "", "1", false, false},
	}
	opt := func(s string) *big.Rat {
		if s == "" {
			return nil
		}
		return rat(s)
	}
	for _, tt := range tests {
		if got := EqualRat(rat(tt.a), rat(tt.b), opt(tt.absTol), opt(tt.relTol)); got != tt.want {
			t.Errorf("%s: EqualRat(%s, %s, abs %s, rel %s) = %v, want %v", tt.name, tt.a, tt.b, tt.absTol, tt.relTol, got, tt.want)
		}
		// EqualBig agrees at high precision on the same values.
		fa := new(big.Float).SetPrec(512).SetRat(rat(tt.a))
		fb := new(big.Float).SetPrec(512).SetRat(rat(tt.b))
		if got := EqualBig(fa, fb, opt(tt.absTol), opt(tt.relTol)); got != tt.want && !tt.onBound {
			t.Errorf("%s: EqualBig = %v, want %v", tt.name, got, tt.want)
		}
	}
	inf := new(big.Float).SetInf(false)
	if EqualBig(inf, new(big.Float).SetFloat64(1e300), rat("1"), rat("1")) || !EqualBig(inf, inf, nil, nil) {
		t.Error("EqualBig: an infinity equals only itself")
	}
}

func TestDecimal(t *testing.T) {
	for x, want := range map[float64]string{0.05: "1/20", 0.1: "1/10", 1e-9: "1/1000000000", 2.5: "5/2"} {
		if got := Decimal(x); got == nil || got.RatString() != want {
			t.Errorf("Decimal(%v) = %v, want %s", x, got, want)
		}
	}
	for _, x := range []float64{0, -1, math.Inf(1), math.NaN()} {
		if got := Decimal(x); got != nil {
			t.Errorf("Decimal(%v) = %v, want nil (no tolerance)", x, got)
		}
	}
}

// TestSubBig: far-apart operands give the larger one (rounded to z's
// precision) without shifting a mantissa by the gap; near ones are big.Float's
// own difference.
func TestSubBig(t *testing.T) {
	huge := new(big.Float).SetMantExp(big.NewFloat(1), 1<<30) // 2^(2^30): Sub would shift by 2^30 bits
	one := big.NewFloat(1)
	if got := SubBig(new(big.Float).SetPrec(64), huge, one); got.Cmp(huge) != 0 {
		t.Errorf("2^(2^30) − 1 = %v, want 2^(2^30) at 64 bits", got)
	}
	if got := SubBig(new(big.Float).SetPrec(64), one, huge); got.Cmp(new(big.Float).Neg(huge)) != 0 {
		t.Errorf("1 − 2^(2^30) = %v, want −2^(2^30)", got)
	}
	if got := AddBig(new(big.Float).SetPrec(64), one, huge); got.Cmp(huge) != 0 {
		t.Errorf("1 + 2^(2^30) = %v", got)
	}
	for _, c := range [][2]float64{{3, 1}, {1, 3}, {1, 1e-19}, {1e10, 1}, {-2, 5}} {
		x, y := big.NewFloat(c[0]), big.NewFloat(c[1])
		want := new(big.Float).SetPrec(64).Sub(x, y)
		if got := SubBig(new(big.Float).SetPrec(64), x, y); got.Cmp(want) != 0 {
			t.Errorf("%v − %v = %v, want %v", c[0], c[1], got, want)
		}
	}
}
