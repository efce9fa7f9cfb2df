package nn

import "slices"

// Receptive fields follow the standard recurrence (Araujo et al., "Computing
// Receptive Fields of Convolutional Neural Networks", Distill 2019), per
// positional axis, in input pixels:
//
//	size  += (k-1)·dilation·jump
//	start += ((k-1)/2·dilation − pad_left)·jump      (jump before the layer)
//	jump  *= stride
//
// start is the centre of the first output unit's field (it may be fractional or
// negative when padding reaches outside the input).
//
// Layers that act on each position alone (activations, dropout, norms, dense on
// the last axis, embedding) leave the field as it is. Layers that mix every
// position are windows as large as their input: a global or adaptive pool, a
// flatten and an RNN that returns only its last state are a window of the whole
// extent with stride = extent; an RNN that returns sequences is a causal window
// (position t sees 0..t: kernel = extent, left pad = extent−1); a bidirectional
// RNN and attention see every position from every position (kernel =
// 2·extent−1, pad = extent−1). After a transposed convolution the jump is a
// fraction of a pixel, which Receptive cannot hold: Known becomes false for it
// and every later layer.

type rfKind int

const (
	rfPointwise rfKind = iota
	rfWindow
	rfGlobal
	rfCausal
	rfAll
	rfLost
)

// rfStep is what a layer does to the receptive field.
type rfStep struct {
	kind                              rfKind
	kernel, stride, dilation, padLeft []int
}

// receptiveState is the field of the current layer's units along each
// positional axis of the network's input.
type receptiveState struct {
	axes  []ReceptiveAxis
	known bool
}

// newReceptiveState starts at the input: every pixel sees itself. Positional
// axes are all but the channel axis; a rank-1 input has none ([features]),
// except in front of an embedding, where it is a sequence of tokens.
func newReceptiveState(net Network) *receptiveState {
	n := len(net.Input) - 1
	if len(net.Input) == 1 && len(net.Layers) > 0 && net.Layers[0].Type == "embedding" {
		n = 1
	}
	st := &receptiveState{axes: make([]ReceptiveAxis, n), known: n > 0}
	for i := range st.axes {
		st.axes[i] = ReceptiveAxis{Size: 1, Jump: 1, Start: 0}
	}
	return st
}

// advance applies one layer (on input shape in) and returns its receptive field.
func (st *receptiveState) advance(step rfStep, in []int) Receptive {
	if st.known {
		st.apply(step, in)
	}
	if !st.known || len(st.axes) == 0 {
		return Receptive{}
	}
	r := Receptive{Size: st.axes[0].Size, Jump: st.axes[0].Jump, Start: st.axes[0].Start,
		PerAxis: slices.Clone(st.axes), Known: true}
	return r
}

func (st *receptiveState) apply(step rfStep, in []int) {
	switch step.kind {
	case rfPointwise:
		return
	case rfLost:
		st.known = false
		return
	}
	for i := range st.axes {
		k, s, d, pad, ok := st.axisWindow(step, in, i)
		if !ok {
			st.known = false
			return
		}
		st.window(i, k, s, d, pad)
	}
}

// axisWindow is the window a layer slides along positional axis i of its input
// in: its own kernel for a window layer, one as large as the input for a layer
// that mixes positions. ok is false for a layer that acts on each position
// alone, one that loses the field, or an input whose positional axes are not
// the field's. The worked solution of a receptive field shows these numbers.
func (st *receptiveState) axisWindow(step rfStep, in []int, i int) (k, s, d, pad int, ok bool) {
	// The positional extents of the input: all axes but channels, or the
	// tokens of an embedding's input.
	extent := in
	if len(in) == len(st.axes)+1 {
		extent = in[:len(in)-1]
	}
	switch step.kind {
	case rfWindow:
		if len(step.kernel) != len(st.axes) {
			return 0, 0, 0, 0, false
		}
		return step.kernel[i], step.stride[i], step.dilation[i], step.padLeft[i], true
	case rfGlobal, rfCausal, rfAll:
		if len(extent) != len(st.axes) {
			return 0, 0, 0, 0, false
		}
	default:
		return 0, 0, 0, 0, false
	}
	e := extent[i]
	switch step.kind {
	case rfGlobal:
		return e, e, 1, 0, true
	case rfCausal:
		return e, 1, 1, e - 1, true
	}
	return 2*e - 1, 1, 1, e - 1, true
}

func (st *receptiveState) window(i, k, s, d, pad int) {
	a := &st.axes[i]
	a.Start += (float64((k-1)*d)/2 - float64(pad)) * float64(a.Jump)
	a.Size += (k - 1) * d * a.Jump
	a.Jump *= s
	// Sizes are bounded by maxDim, but a deep stack of strides could still
	// overflow the jump; such a field is meaningless, so stop tracking it.
	if a.Jump > maxDim || a.Size > maxDim || a.Size < 0 {
		st.known = false
	}
}
