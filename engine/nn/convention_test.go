package nn

import "testing"

func TestConventions(t *testing.T) {
	no := false
	cases := []struct {
		name   string
		layer  Layer
		fw     Framework
		biases []int64 // biases of a 10-unit layer on 4 features under each convention
		names  []string
	}{
		{"pytorch lstm", Layer{Type: "lstm", Units: 10}, PyTorch, []int64{40}, []string{"Keras's count"}},
		{"keras lstm", Layer{Type: "lstm", Units: 10}, Keras, []int64{80}, []string{"PyTorch's count"}},
		{"pytorch gru", Layer{Type: "gru", Units: 10}, PyTorch, []int64{60, 30}, []string{"Keras's count", "Keras's GRU with reset_after = false"}},
		{"keras gru", Layer{Type: "gru", Units: 10}, Keras, []int64{60, 30}, []string{"PyTorch's count", "Keras's GRU with reset_after = false"}},
		{"keras gru reset_after false", Layer{Type: "gru", Units: 10, ResetAfter: &no}, Keras, []int64{60, 60}, []string{"PyTorch's count", "Keras's GRU with reset_after = true"}},
	}
	for _, c := range cases {
		cs := Conventions(c.layer, c.fw)
		if len(cs) != len(c.names) {
			t.Errorf("%s: %d conventions, want %d", c.name, len(cs), len(c.names))
			continue
		}
		for i, conv := range cs {
			r, err := Apply(conv.Layer, []int{5, 4}, conv.Framework)
			if err != nil {
				t.Fatal(err)
			}
			if conv.Name != c.names[i] || r.Biases != c.biases[i] {
				t.Errorf("%s #%d: %q with %d biases, want %q with %d", c.name, i, conv.Name, r.Biases, c.names[i], c.biases[i])
			}
		}
	}
}
