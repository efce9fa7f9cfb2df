package problems

import (
	"fmt"
	"math"
)

// The keys each layer type takes, which are required and how many spatial axes
// they have come from the engine's layer table (nn.LayerTypeNamed); this file
// reads their values.

// asInt reads a TOML integer (int64) into an int, or says what is wrong.
func asInt(v any, min int) (int, error) {
	n, ok := v.(int64)
	if !ok {
		if f, isFloat := v.(float64); isFloat && f == math.Trunc(f) {
			n, ok = int64(f), true
		}
	}
	if !ok {
		return 0, fmt.Errorf("want a whole number, got %s", describe(v))
	}
	if n < int64(min) || n > 1<<31 {
		return 0, fmt.Errorf("want a whole number of at least %d, got %d", min, n)
	}
	return int(n), nil
}

// asAxes reads an int or a per-axis list of ints.
func asAxes(v any, rank, min int) ([]int, error) {
	switch x := v.(type) {
	case []any:
		if rank > 0 && len(x) != rank {
			return nil, fmt.Errorf("want one value or %d (one per spatial axis), got %d", rank, len(x))
		}
		out := make([]int, len(x))
		for i, e := range x {
			n, err := asInt(e, min)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	default:
		n, err := asInt(v, min)
		if err != nil {
			return nil, fmt.Errorf("%v, or a list with one per spatial axis", err)
		}
		return []int{n}, nil
	}
}

func asBool(v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("want true or false, got %s", describe(v))
	}
	return b, nil
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %s", describe(v))
	}
	return s, nil
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the number %d", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
