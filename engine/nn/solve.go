package nn

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// maxLayers bounds a network so that a hostile problem set cannot make Solve
// run for long; real architectures have a few hundred layers at most.
const maxLayers = 10000

// layerFunc computes one layer on an input shape. It returns a message error
// (errorf) that its caller wraps in a LayerError naming the layer.
type layerFunc func(l Layer, in []int, fw Framework) (LayerResult, rfStep, error)

// Apply computes one layer on the input shape in (channels last) under the
// framework's conventions. It works for any input shape, so a grader can
// recompute later layers from a student's own (possibly wrong) earlier answer.
// Apply knows nothing of the layer's position, so it leaves Receptive zero:
// receptive fields come from Solve. Its errors are *LayerError with Network ""
// and Index -1.
func Apply(l Layer, in []int, fw Framework) (LayerResult, error) {
	res, _, err := apply(l, in, fw)
	if err != nil {
		return LayerResult{}, &LayerError{Layer: l.Name, Type: l.Type, Index: -1, Msg: err.Error()}
	}
	return res, nil
}

func apply(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	t, ok := layerTypes[l.Type]
	if !ok {
		return LayerResult{}, rfStep{}, errorf("unknown layer type %q; valid types are %s", l.Type, strings.Join(LayerTypes(), ", "))
	}
	if len(in) == 0 {
		return LayerResult{}, rfStep{}, errorf("its input shape is empty")
	}
	for _, d := range in {
		if d < 1 || d > maxDim {
			return LayerResult{}, rfStep{}, errorf("input shape %s has a size %d; every size must be from 1 to %d", shapeString(in), d, maxDim)
		}
	}
	if err := t.Input.check(in); err != nil {
		return LayerResult{}, rfStep{}, err
	}
	res, rf, err := t.solve(l, in, fw)
	if err != nil {
		return LayerResult{}, rfStep{}, err
	}
	res.Name = l.Name
	res.Type = l.Type
	res.InputShape = slices.Clone(in)
	if res.Params == 0 && res.Trainable == 0 && res.NonTrainable == 0 {
		// Layers whose trainable parameters are exactly weights + biases.
		var c counter
		res.Trainable = c.add(res.Weights, res.Biases)
		res.Params = res.Trainable
		if err := c.err(); err != nil {
			return LayerResult{}, rfStep{}, err
		}
	}
	return res, rf, nil
}

// Solve computes every layer of net and the network's totals. Layers without a
// name are named after their type and 1-based position ("conv2d_1"). Every
// error is a *LayerError.
func Solve(net Network) (*Solution, error) {
	netErr := func(format string, args ...any) error {
		return &LayerError{Network: net.Name, Index: -1, Msg: fmt.Sprintf(format, args...)}
	}
	if len(net.Symbols) > 0 {
		return nil, netErr("its sizes %s are names, so it has no numeric solution; ask for its counts as formulas", strings.Join(net.SymbolNames(), ", "))
	}
	if len(net.Input) == 0 {
		return nil, netErr("the input shape is empty; give it channels last, e.g. [64, 64, 3] or [10]")
	}
	for _, d := range net.Input {
		if d < 1 || d > maxDim {
			return nil, netErr("input shape %s has a size %d; every size must be from 1 to %d", shapeString(net.Input), d, maxDim)
		}
	}
	if len(net.Layers) == 0 {
		return nil, netErr("it has no layers")
	}
	if len(net.Layers) > maxLayers {
		return nil, netErr("it has %d layers; at most %d are allowed", len(net.Layers), maxLayers)
	}
	if net.Framework != PyTorch && net.Framework != Keras {
		return nil, netErr("unknown framework %d", int(net.Framework))
	}
	names := make(map[string]int, len(net.Layers))
	sol := &Solution{Network: net.Name, Layers: make([]LayerResult, 0, len(net.Layers))}
	shape := net.Input
	rf := newReceptiveState(net)
	var c counter
	for i, l := range net.Layers {
		if l.Name == "" {
			l.Name = fmt.Sprintf("%s_%d", l.Type, i+1)
		}
		if j, dup := names[l.Name]; dup {
			return nil, &LayerError{Network: net.Name, Layer: l.Name, Type: l.Type, Index: i,
				Msg: fmt.Sprintf("the name is already used by layer #%d; layer names must be unique", j+1)}
		}
		names[l.Name] = i
		res, step, err := apply(l, shape, net.Framework)
		if err != nil {
			return nil, &LayerError{Network: net.Name, Layer: l.Name, Type: l.Type, Index: i, Msg: err.Error()}
		}
		res.Receptive = rf.advance(step, shape)
		sol.Layers = append(sol.Layers, res)
		sol.TotalParams = c.add(sol.TotalParams, res.Params)
		sol.Trainable = c.add(sol.Trainable, res.Trainable)
		sol.NonTrainable = c.add(sol.NonTrainable, res.NonTrainable)
		sol.MACs = c.add(sol.MACs, res.MACs)
		if c.overflow {
			return nil, &LayerError{Network: net.Name, Layer: l.Name, Type: l.Type, Index: i, Msg: errTooLarge.Error()}
		}
		shape = res.OutputShape
	}
	return sol, nil
}

// Layer returns the result of the layer with the given name, or nil.
func (s *Solution) Layer(name string) *LayerResult {
	for i := range s.Layers {
		if s.Layers[i].Name == name {
			return &s.Layers[i]
		}
	}
	return nil
}

// AsLayerError reports whether err is (or wraps) a *LayerError and returns it.
func AsLayerError(err error) (*LayerError, bool) {
	var le *LayerError
	ok := errors.As(err, &le)
	return le, ok
}

// shapeString writes a shape as homework does in a list: [60, 60, 32].
func shapeString(s []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", d)
	}
	b.WriteByte(']')
	return b.String()
}

// product multiplies shape sizes with overflow checking.
func product(c *counter, s []int) int64 {
	r := int64(1)
	for _, d := range s {
		r = c.mul(r, int64(d))
	}
	return r
}

// boolOr reads an optional flag.
func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}
