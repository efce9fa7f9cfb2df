package nn

import "testing"

// TestLayerTableComplete fails on a layer type that lacks a solver, a key list,
// an input rank or a worked-solution formula, or whose keys contradict themselves.
func TestLayerTableComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, lt := range LayerTable() {
		if lt.Name == "" || seen[lt.Name] {
			t.Errorf("layer type %q: empty or listed twice", lt.Name)
		}
		seen[lt.Name] = true
		if lt.solve == nil {
			t.Errorf("%s: no solver", lt.Name)
		}
		if lt.Keys == nil {
			t.Errorf("%s: no key list (a type without keys says so with noKeys)", lt.Name)
		}
		if lt.Input.Min < 1 || (lt.Input.Max != 0 && lt.Input.Max < lt.Input.Min) {
			t.Errorf("%s: input rank %+v", lt.Name, lt.Input)
		}
		if lt.SpatialRank > 0 && lt.Input.Min != lt.SpatialRank+1 {
			t.Errorf("%s: %d spatial axes but an input of rank %d", lt.Name, lt.SpatialRank, lt.Input.Min)
		}
		f := lt.Formulas
		if f.Output == "" || f.Params == "" {
			t.Errorf("%s: no worked-solution formula for the output or the parameters: %+v", lt.Name, f)
		}
		if lt.Weights != (f.Weights != "") {
			t.Errorf("%s: Weights is %v but the weights formula is %q", lt.Name, lt.Weights, f.Weights)
		}
		keys := map[string]bool{}
		for _, k := range lt.Keys {
			if keys[k.Name] {
				t.Errorf("%s: key %q twice", lt.Name, k.Name)
			}
			keys[k.Name] = true
			if k.Required == (k.Default != "") {
				t.Errorf("%s: key %q: a key is either required or has a default (required %v, default %q)", lt.Name, k.Name, k.Required, k.Default)
			}
		}
	}
}

// TestLayerTypesBySpelling keeps the common types first, so "conv" suggests conv2d.
func TestLayerTypesBySpelling(t *testing.T) {
	order := LayerTypesBySpelling()
	if len(order) != len(layerTable) || order[0] != "conv2d" || order[1] != "dense" {
		t.Errorf("LayerTypesBySpelling() = %v", order)
	}
}
