package nn

import (
	"fmt"
	"math"
)

// LayerError is a network that cannot be built. It names the network, the layer
// and the numbers involved, e.g.
//
//	network "cnn", layer "pool2" (#4, maxpool2d): window 3 is larger than its input 2
//
// Index is the layer's 0-based position in Network.Layers (printed 1-based, as a
// reader counts). For a problem with the network as a whole (an empty input, two
// layers with one name) Layer is "" and Index is -1. Apply, which knows no network,
// leaves Network "" and Index -1.
type LayerError struct {
	Network string
	Layer   string
	Type    string // the layer's type, when known
	Index   int
	Msg     string
}

func (e *LayerError) Error() string {
	var s string
	if e.Network != "" {
		s = fmt.Sprintf("network %q", e.Network)
	}
	if e.Layer != "" || e.Index >= 0 {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("layer %q", e.Layer)
		switch {
		case e.Index >= 0 && e.Type != "":
			s += fmt.Sprintf(" (#%d, %s)", e.Index+1, e.Type)
		case e.Index >= 0:
			s += fmt.Sprintf(" (#%d)", e.Index+1)
		case e.Type != "":
			s += fmt.Sprintf(" (%s)", e.Type)
		}
	} else if e.Type != "" {
		// An unnamed layer given to Apply.
		if s != "" {
			s += ", "
		}
		s += e.Type + " layer"
	}
	if s == "" {
		return e.Msg
	}
	return s + ": " + e.Msg
}

// errorf builds the message part of a LayerError; the caller fills in where.
type msgError string

func (m msgError) Error() string { return string(m) }

func errorf(format string, args ...any) error {
	return msgError(fmt.Sprintf(format, args...))
}

// Sizes a student may type are bounded only by int64, so every product that
// becomes a count is checked: a wrong answer must give an error, never a
// wrapped-around number.

// errTooLarge is returned when a count does not fit in an int64.
var errTooLarge = msgError("the network is too large: a count exceeds 9,223,372,036,854,775,807")

// counter multiplies and adds int64 values and remembers the first overflow,
// so a formula reads as a formula and is checked once at the end.
type counter struct{ overflow bool }

func (c *counter) mul(xs ...int64) int64 {
	r := int64(1)
	for _, x := range xs {
		if x != 0 && (r > math.MaxInt64/abs64(x) || r < -math.MaxInt64/abs64(x)) {
			c.overflow = true
			return 0
		}
		r *= x
	}
	return r
}

func (c *counter) add(xs ...int64) int64 {
	r := int64(0)
	for _, x := range xs {
		if (x > 0 && r > math.MaxInt64-x) || (x < 0 && r < math.MinInt64-x) {
			c.overflow = true
			return 0
		}
		r += x
	}
	return r
}

func (c *counter) err() error {
	if c.overflow {
		return errTooLarge
	}
	return nil
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// maxDim bounds a single axis so that int arithmetic on shapes (padding, kernel
// extents) cannot overflow on any platform; products are checked separately.
const maxDim = 1 << 40
