package problems

import (
	"fmt"
	"math"
	"strings"
)

// layerKeys lists, for each layer type, the keys it takes besides name and type.
var layerKeys = map[string][]string{}

func init() {
	conv := []string{"filters", "kernel", "stride", "padding", "dilation", "groups", "bias"}
	convT := []string{"filters", "kernel", "stride", "padding", "output_padding", "dilation", "groups", "bias"}
	pool := []string{"size", "stride", "padding", "ceil_mode"}
	rnn := []string{"units", "layers", "bidirectional", "return_sequences", "bias"}
	for _, d := range []string{"1d", "2d", "3d"} {
		layerKeys["conv"+d] = conv
		layerKeys["maxpool"+d] = pool
		layerKeys["avgpool"+d] = pool
	}
	layerKeys["conv_transpose1d"] = convT
	layerKeys["conv_transpose2d"] = convT
	layerKeys["conv_transpose3d"] = convT
	for _, t := range []string{"global_avgpool", "global_maxpool", "flatten", "relu", "leaky_relu", "gelu", "tanh", "sigmoid", "softmax", "batchnorm", "layernorm"} {
		layerKeys[t] = nil
	}
	layerKeys["adaptive_avgpool2d"] = []string{"output"}
	layerKeys["adaptive_maxpool2d"] = []string{"output"}
	layerKeys["dense"] = []string{"units", "bias"}
	layerKeys["dropout"] = []string{"rate"}
	layerKeys["embedding"] = []string{"vocab", "dim"}
	layerKeys["rnn"] = rnn
	layerKeys["lstm"] = rnn
	layerKeys["gru"] = append(append([]string(nil), rnn...), "reset_after")
	layerKeys["multihead_attention"] = []string{"heads", "bias"}
}

// suggestionOrder lists the layer types most homework uses first, so that among
// equally close spellings the likelier one is suggested ("conv" -> "conv2d").
var suggestionOrder = func() []string {
	common := []string{"conv2d", "dense", "maxpool2d", "avgpool2d", "flatten", "relu", "dropout", "batchnorm", "conv1d", "lstm"}
	out := append([]string(nil), common...)
	for _, t := range LayerTypes() {
		if !contains(common, t) {
			out = append(out, t)
		}
	}
	return out
}()

// LayerTypes lists the layer types a problem set may use, sorted.
func LayerTypes() []string {
	out := make([]string, 0, len(layerKeys))
	for t := range layerKeys {
		out = append(out, t)
	}
	sortStrings(out)
	return out
}

// spatialRank is the number of spatial axes of a layer type ("conv2d" -> 2), 0 if none.
func spatialRank(typ string) int {
	switch {
	case strings.HasSuffix(typ, "1d"):
		return 1
	case strings.HasSuffix(typ, "2d"):
		return 2
	case strings.HasSuffix(typ, "3d"):
		return 3
	}
	return 0
}

// requiredKeys are the keys a layer type cannot do without.
func requiredKeys(typ string) []string {
	switch {
	case strings.HasPrefix(typ, "conv"):
		return []string{"filters", "kernel"}
	case strings.HasPrefix(typ, "maxpool"), strings.HasPrefix(typ, "avgpool"):
		return []string{"size"}
	case strings.HasPrefix(typ, "adaptive"):
		return []string{"output"}
	case typ == "dense", typ == "rnn", typ == "lstm", typ == "gru":
		return []string{"units"}
	case typ == "embedding":
		return []string{"vocab", "dim"}
	case typ == "multihead_attention":
		return []string{"heads"}
	}
	return nil
}

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
