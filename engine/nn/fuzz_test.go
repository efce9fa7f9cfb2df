package nn

import (
	"slices"
	"testing"
)

// FuzzApply feeds Apply the kind of shapes a grader takes from students'
// answers (any rank, any sizes) with arbitrary layer settings: it must return
// a result or an error, never panic or loop, and a result must be consistent.
func FuzzApply(f *testing.F) {
	f.Add(uint8(2), int64(64), int64(64), int64(3), 32, 5, 1, 0, 1, 1, false, uint8(0))
	f.Add(uint8(5), int64(7), int64(7), int64(3), 0, 3, 2, 1, 1, 1, true, uint8(0))
	f.Add(uint8(26), int64(5), int64(10), int64(0), 20, 2, 0, 0, 0, 0, true, uint8(0))
	f.Add(uint8(4), int64(7), int64(7), int64(64), 32, 4, 2, 1, 1, 2, false, uint8(2))
	f.Add(uint8(30), int64(12), int64(64), int64(0), 8, 0, 0, 0, 0, 0, false, uint8(0))
	f.Add(uint8(2), int64(1<<40), int64(1<<40), int64(1<<40), 1<<30, 1, 1, 0, 1, 1, false, uint8(1))
	types := LayerTypes()
	modes := []string{"", "valid", "same", "full"}
	f.Fuzz(func(t *testing.T, typ uint8, d0, d1, d2 int64, units, kernel, stride, padding, dilation, groups int, flag bool, mode uint8) {
		in := []int{int(d0), int(d1), int(d2)}
		// Trailing zeros shorten the shape, so every rank from 1 to 3 is reached.
		for len(in) > 1 && in[len(in)-1] == 0 {
			in = in[:len(in)-1]
		}
		l := Layer{
			Name: "l", Type: types[int(typ)%len(types)],
			Filters: units, Units: units, Heads: max(groups, 1), Vocab: units, Dim: kernel,
			Layers: groups % 4, Kernel: []int{kernel}, Stride: []int{stride}, Padding: []int{padding},
			PaddingMode: modes[int(mode)%len(modes)], Dilation: []int{dilation}, Size: []int{kernel},
			Output: []int{kernel}, Groups: groups, CeilMode: flag, Bidirectional: flag,
		}
		if l.PaddingMode != "" {
			l.Padding = nil
		}
		if stride == 0 {
			l.Stride = nil
		}
		for _, fw := range []Framework{PyTorch, Keras} {
			r, err := Apply(l, in, fw)
			if err != nil {
				if _, ok := AsLayerError(err); !ok {
					t.Fatalf("%T is not a *LayerError: %v", err, err)
				}
				continue
			}
			if len(r.OutputShape) == 0 || slices.ContainsFunc(r.OutputShape, func(d int) bool { return d < 1 }) {
				t.Fatalf("%s on %v: output shape %v", l.Type, in, r.OutputShape)
			}
			if r.Params < 0 || r.MACs < 0 || r.Trainable+r.NonTrainable != r.Params || r.Weights+r.Biases != r.Trainable {
				t.Fatalf("%s on %v: inconsistent counts %+v", l.Type, in, r)
			}
		}
	})
}
