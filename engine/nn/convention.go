package nn

// Convention is one way of counting a layer that a student may have followed
// instead of the problem's: the other framework, or another setting of a
// framework's layer (Keras's GRU reset_after). Grading recomputes the layer under
// it with Apply, so the numbers are the engine's, never a hand formula.
type Convention struct {
	Framework Framework
	// Layer is the layer as the convention builds it.
	Layer Layer
	// Name says which convention it is, for feedback: "Keras's count",
	// "Keras's GRU with reset_after = false".
	Name string
}

// Conventions lists the other conventions a layer may be counted under when the
// problem counts it under fw: the other framework with the same settings, and
// for a GRU, Keras with reset_after flipped (under PyTorch, Keras's GRU with
// reset_after = false: one bias vector per gate set, as many textbooks write it).
// A convention that counts the layer the same as fw's is still listed; a caller
// compares counts.
func Conventions(l Layer, fw Framework) []Convention {
	other := Keras
	if fw == Keras {
		other = PyTorch
	}
	out := []Convention{{Framework: other, Layer: l, Name: frameworkTitles[other] + "'s count"}}
	if l.Type == "gru" && boolOr(l.Bias, true) {
		flipped := l
		resetAfter := !boolOr(l.ResetAfter, true)
		if fw != Keras {
			resetAfter = false // PyTorch's GRU is Keras's with reset_after = true
		}
		flipped.ResetAfter = &resetAfter
		name := "Keras's GRU with reset_after = false"
		if resetAfter {
			name = "Keras's GRU with reset_after = true"
		}
		out = append(out, Convention{Framework: Keras, Layer: flipped, Name: name})
	}
	return out
}

// frameworkTitles are the frameworks as prose names them.
var frameworkTitles = []string{PyTorch: "PyTorch", Keras: "Keras"}

// Title is the framework's name in prose: "PyTorch", "Keras".
func (f Framework) Title() string {
	if f >= 0 && int(f) < len(frameworkTitles) {
		return frameworkTitles[f]
	}
	return f.String()
}
