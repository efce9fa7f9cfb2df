package nn

import (
	"reflect"
	"slices"
	"testing"
)

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

// TestAskTableComplete fails on an ask that lacks a scope, a way to take its
// value, an example, a template hint or a worked solution, and runs each on a
// solved network in every scope it allows.
func TestAskTableComplete(t *testing.T) {
	net, sol := smallNetwork(t)
	seen := map[string]bool{}
	for _, a := range pointers(askTable) {
		if a.Name == "" || seen[a.Name] {
			t.Errorf("ask %q: empty or listed twice", a.Name)
		}
		seen[a.Name] = true
		if got, ok := AskNamed(a.Name); !ok || got != a {
			t.Errorf("AskNamed(%q) = %v, %v", a.Name, got, ok)
		}
		if a.Scope&EitherScope == 0 || int(a.Form) >= len(answerForms) || answerForms[a.Form].example == "" || a.worked == nil {
			t.Errorf("%s: scope %d, form %d, worked solution set %v", a.Name, a.Scope, a.Form, a.worked != nil)
		}
		switch {
		case a.Kind == IntegerAsk && a.Count == nil:
			t.Errorf("%s: a count without Count", a.Name)
		case a.Scope&NetworkScope != 0 && (a.Kind != IntegerAsk || a.Total == nil):
			t.Errorf("%s: a network ask must be a count with a Total", a.Name)
		case a.Kind == ShapeAsk && a.Shape == nil:
			t.Errorf("%s: a shape without Shape", a.Name)
		case a.Symbolic && a.Kind != IntegerAsk:
			t.Errorf("%s: only counts can be formulas of named sizes", a.Name)
		case (a.Kind == IntegerAsk) != (a.Form == CountForm || a.Form == ReceptiveSizeForm):
			t.Errorf("%s: kind %d but answer form %d", a.Name, a.Kind, a.Form)
		}
		var places []int
		if a.Scope&LayerScope != 0 {
			places = append(places, 0, 2)
		}
		if a.Scope&NetworkScope != 0 {
			places = append(places, -1)
		}
		for _, i := range places {
			v, err := a.Value(sol, i)
			if err != nil {
				t.Errorf("%s on layer %d: %v", a.Name, i, err)
				continue
			}
			if a.Display(v) == "" || a.Worked(net, sol, i) == "" {
				t.Errorf("%s on layer %d: display %q, worked %q", a.Name, i, a.Display(v), a.Worked(net, sol, i))
			}
		}
		if a.Scope&LayerScope == 0 {
			if _, err := a.Value(sol, 0); err == nil {
				t.Errorf("%s: a network ask answered for a layer", a.Name)
			}
		}
		if a.Scope&NetworkScope == 0 {
			if _, err := a.Value(sol, -1); err == nil {
				t.Errorf("%s: a layer ask answered for the network", a.Name)
			}
		}
	}
}

// TestAskValues pins what each ask takes from a solution.
func TestAskValues(t *testing.T) {
	_, sol := smallNetwork(t)
	cases := []struct {
		ask   string
		layer int
		want  string
	}{
		{"output_shape", 0, "10 × 10 × 4"},
		{"params", 0, "112"},
		{"weights", 0, "108"},
		{"biases", 0, "4"},
		{"weight_shape", 2, "(400, 2)"},
		{"macs", 0, "10,800"},
		{"macs", -1, "11,600"},
		{"total_params", -1, "914"},
		{"trainable_params", -1, "914"},
		{"non_trainable_params", -1, "0"},
		{"receptive_field", 0, "size 3, jump 1, start 1"},
		{"receptive_field_size", 0, "3"},
	}
	for _, c := range cases {
		a, _ := AskNamed(c.ask)
		v, err := a.Value(sol, c.layer)
		if err != nil {
			t.Errorf("%s on %d: %v", c.ask, c.layer, err)
			continue
		}
		if got := a.Display(v); got != c.want {
			t.Errorf("%s on %d = %s, want %s", c.ask, c.layer, got, c.want)
		}
	}
	flat, _ := AskNamed("weight_shape")
	if _, err := flat.Value(sol, 1); err == nil {
		t.Errorf("weight_shape of flatten: no error")
	}
}

// smallNetwork is a convolution, a flatten and a dense layer, solved.
func smallNetwork(t *testing.T) (Network, *Solution) {
	net := Network{Name: "n", Input: []int{12, 12, 3}, Layers: []Layer{
		{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}},
		{Name: "f", Type: "flatten"},
		{Name: "d", Type: "dense", Units: 2},
	}}
	sol, err := Solve(net)
	if err != nil {
		t.Fatal(err)
	}
	return net, sol
}

// TestSymbolicKeysSubstitute checks that every key the table lets be a name is
// one Network.Substitute can fill in.
func TestSymbolicKeysSubstitute(t *testing.T) {
	for _, lt := range LayerTable() {
		for _, k := range lt.Keys {
			if !k.Symbolic {
				continue
			}
			net := Network{Layers: []Layer{{Type: lt.Name}}, Symbols: []Symbol{{Name: "n", Layer: 0, Key: k.Name}}}
			if _, err := net.Substitute(map[string]int{"n": 3}); err != nil {
				t.Errorf("%s: key %q may be a name, but: %v", lt.Name, k.Name, err)
			}
		}
	}
}

// TestFrameworkNames checks that every framework a problem set can name reads back
// as the framework whose String it is, and that other names do not read.
func TestFrameworkNames(t *testing.T) {
	for _, name := range Frameworks() {
		fw, ok := ParseFramework(name)
		if !ok || fw.String() != name {
			t.Errorf("ParseFramework(%q) = %v, %v", name, fw, ok)
		}
	}
	if fw, ok := ParseFramework("keras"); !ok || fw != Keras {
		t.Errorf("ParseFramework(keras) = %v, %v", fw, ok)
	}
	for _, name := range []string{"", "Keras", "tensorflow"} {
		if _, ok := ParseFramework(name); ok {
			t.Errorf("ParseFramework(%q) reads", name)
		}
	}
}

// TestKeysStoreTheirValues walks the layer table: every key says how its value
// is stored on a Layer (per-axis keys where Setting finds them), and storing a
// value changes the layer, so the loader can read any key through the table.
func TestKeysStoreTheirValues(t *testing.T) {
	sample := map[KeyValueKind]KeyValue{
		CountValue: {Int: 7}, AxesValue: {Axes: []int{7}}, FlagValue: {Flag: true},
		RateValue: {Rate: 0.25}, PaddingValue: {Axes: []int{7}},
	}
	for _, lt := range layerTable {
		for _, k := range lt.Keys {
			perAxis := k.Value == AxesValue || k.Value == PaddingValue
			if perAxis != (k.axes != noAxes) || perAxis == (k.set != nil) {
				t.Errorf("%s.%s: a %v key needs exactly its store (axes for per-axis values, set for others)", lt.Name, k.Name, k.Value)
				continue
			}
			v, ok := sample[k.Value]
			if !ok {
				t.Errorf("%s.%s: value kind %v has no sample", lt.Name, k.Name, k.Value)
				continue
			}
			l := Layer{Type: lt.Name}
			k.Set(&l, v)
			if reflect.DeepEqual(l, Layer{Type: lt.Name}) {
				t.Errorf("%s.%s: Set stored nothing", lt.Name, k.Name)
			}
			if perAxis && !slices.Equal(l.Setting(k.Name), []int{7}) {
				t.Errorf("%s.%s: Setting after Set = %v, want [7]", lt.Name, k.Name, l.Setting(k.Name))
			}
		}
	}
	// A padding mode is stored as the mode, not as sizes.
	l := Layer{Type: "conv2d"}
	keyPadding.Set(&l, KeyValue{Mode: SamePadding})
	if l.PaddingMode != SamePadding || l.Padding != nil {
		t.Errorf("padding = \"same\" stored as %q, %v", l.PaddingMode, l.Padding)
	}
}

// TestSettingDefaults: an unset per-axis key takes its default from the layer
// table, a pool's stride its size.
func TestSettingDefaults(t *testing.T) {
	cases := []struct {
		layer Layer
		key   string
		want  []int
	}{
		{Layer{Type: "conv2d", Kernel: []int{3}}, "stride", []int{1}},
		{Layer{Type: "conv2d", Kernel: []int{3}}, "padding", []int{0}},
		{Layer{Type: "conv2d", Kernel: []int{3}}, "dilation", []int{1}},
		{Layer{Type: "conv2d", Kernel: []int{3}, Stride: []int{2, 1}}, "stride", []int{2, 1}},
		{Layer{Type: "maxpool2d", Size: []int{3, 2}}, "stride", []int{3, 2}},
		{Layer{Type: "maxpool2d", Size: []int{3}, Stride: []int{1}}, "stride", []int{1}},
		{Layer{Type: "conv_transpose2d", Kernel: []int{3}}, "output_padding", []int{0}},
		{Layer{Type: "dense", Units: 3}, "stride", nil},
		{Layer{Type: "conv2d"}, "kernel", nil},
	}
	for _, c := range cases {
		if got := c.layer.Setting(c.key); !slices.Equal(got, c.want) {
			t.Errorf("%s %s: Setting = %v, want %v", c.layer.Type, c.key, got, c.want)
		}
	}
	pool := Layer{Type: "avgpool2d", Size: []int{3, 2}}
	if got := pool.AxisSetting("stride", 1); got != 2 {
		t.Errorf("avgpool2d size (3, 2): stride of axis 1 = %d, want 2", got)
	}
}
