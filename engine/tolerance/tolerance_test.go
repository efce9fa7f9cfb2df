package tolerance

import (
	"math"
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
		{"rel: the bound is included", 4, 3, 0, 0.25, true}, // 1 <= 0.25·4
		{"rel: just outside", 4, 3, 0, 0.24, false},
		{"rel: scales with the larger value", 3, 4, 0, 0.25, true},
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
