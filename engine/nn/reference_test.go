package nn

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// torchReference is testdata/torch_reference.json, written by
// reference/torch_reference.py from what PyTorch itself reports.
type torchReference struct {
	Torch    string `json:"torch"`
	Networks []struct {
		Name     string           `json:"name"`
		Input    []int            `json:"input"`
		Layers   []map[string]any `json:"layers"`
		Expected []struct {
			Name        string `json:"name"`
			OutputShape []int  `json:"output_shape"`
			Params      int64  `json:"params"`
			Weights     int64  `json:"weights"`
			Biases      int64  `json:"biases"`
			Buffers     int64  `json:"buffers"` // batch-norm running statistics: not parameters
			WeightShape []int  `json:"weight_shape"`
			MACs        int64  `json:"macs"`
			// Receptive is measured with gradients on a one-channel copy of the
			// network, per spatial axis; absent or null where it was not measured.
			Receptive []struct {
				Size  int     `json:"size"`
				Jump  float64 `json:"jump"`
				Start float64 `json:"start"`
			} `json:"receptive"`
		} `json:"expected"`
		TotalParams int64 `json:"total_params"`
		MACs        int64 `json:"macs"`
		// For AlexNet and VGG-16, the counts of torchvision's own model (hooks on
		// its Conv2d and Linear modules), which the layer list must reproduce.
		TorchvisionParams *int64 `json:"torchvision_params"`
		TorchvisionMACs   *int64 `json:"torchvision_macs"`
	} `json:"networks"`
}

// TestMatchesPyTorch solves every reference network and compares it with
// PyTorch layer by layer: output shape, parameters and MACs.
func TestMatchesPyTorch(t *testing.T) {
	src, err := os.ReadFile("testdata/torch_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref torchReference
	if err := json.Unmarshal(src, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Networks) < 16 {
		t.Fatalf("only %d reference networks", len(ref.Networks))
	}
	fields := 0 // receptive fields compared, over all networks
	defer func() {
		if fields < 50 {
			t.Errorf("only %d measured receptive fields in the reference file", fields)
		}
	}()
	for _, rn := range ref.Networks {
		t.Run(rn.Name, func(t *testing.T) {
			net := Network{Name: rn.Name, Input: rn.Input}
			for _, spec := range rn.Layers {
				l, err := layerFromSpec(spec)
				if err != nil {
					t.Fatal(err)
				}
				net.Layers = append(net.Layers, l)
			}
			sol, err := Solve(net)
			if err != nil {
				t.Fatal(err)
			}
			if len(sol.Layers) != len(rn.Expected) {
				t.Fatalf("%d layers, PyTorch %d", len(sol.Layers), len(rn.Expected))
			}
			for i, want := range rn.Expected {
				got := sol.Layers[i]
				if got.Name != want.Name || !slices.Equal(got.OutputShape, want.OutputShape) || got.Params != want.Params || got.MACs != want.MACs {
					t.Errorf("layer %s: shape %v params %d MACs %d; PyTorch %v %d %d",
						want.Name, got.OutputShape, got.Params, got.MACs, want.OutputShape, want.Params, want.MACs)
				}
				if got.Weights != want.Weights || got.Biases != want.Biases || !slices.Equal(got.WeightShape, want.WeightShape) {
					t.Errorf("layer %s: weights %d biases %d weight shape %v; PyTorch %d %d %v",
						want.Name, got.Weights, got.Biases, got.WeightShape, want.Weights, want.Biases, want.WeightShape)
				}
				if want.Receptive != nil {
					fields++
					r := got.Receptive
					ok := r.Known && len(r.PerAxis) == len(want.Receptive)
					for a := 0; ok && a < len(r.PerAxis); a++ {
						w := want.Receptive[a]
						ok = r.PerAxis[a].Size == w.Size && float64(r.PerAxis[a].Jump) == w.Jump && r.PerAxis[a].Start == w.Start
					}
					if !ok {
						t.Errorf("layer %s: receptive field %+v; measured in PyTorch %+v", want.Name, r, want.Receptive)
					}
				}
				// PyTorch keeps running statistics as buffers: not parameters, so
				// nothing non-trainable.
				if got.NonTrainable != 0 || got.Trainable != got.Params {
					t.Errorf("layer %s: trainable %d non-trainable %d of %d (buffers %d)", want.Name, got.Trainable, got.NonTrainable, got.Params, want.Buffers)
				}
			}
			if rn.TorchvisionParams != nil && (sol.TotalParams != *rn.TorchvisionParams || sol.MACs != *rn.TorchvisionMACs) {
				t.Errorf("torchvision's model: params %d MACs %d; ours %d %d", *rn.TorchvisionParams, *rn.TorchvisionMACs, sol.TotalParams, sol.MACs)
			}
			if sol.TotalParams != rn.TotalParams || sol.MACs != rn.MACs {
				t.Errorf("totals: params %d MACs %d; PyTorch %d %d", sol.TotalParams, sol.MACs, rn.TotalParams, rn.MACs)
			}
		})
	}
}

// layerFromSpec reads a layer written with FORMAT.md's keys, as the script
// writes them.
func layerFromSpec(spec map[string]any) (Layer, error) {
	var l Layer
	ints := func(v any) []int {
		switch x := v.(type) {
		case float64:
			return []int{int(x)}
		case []any:
			out := make([]int, len(x))
			for i, e := range x {
				out[i] = int(e.(float64))
			}
			return out
		}
		return nil
	}
	for k, v := range spec {
		switch k {
		case "name":
			l.Name = v.(string)
		case "type":
			l.Type = v.(string)
		case "filters":
			l.Filters = int(v.(float64))
		case "units":
			l.Units = int(v.(float64))
		case "heads":
			l.Heads = int(v.(float64))
		case "vocab":
			l.Vocab = int(v.(float64))
		case "dim":
			l.Dim = int(v.(float64))
		case "layers":
			l.Layers = int(v.(float64))
		case "groups":
			l.Groups = int(v.(float64))
		case "kernel":
			l.Kernel = ints(v)
		case "stride":
			l.Stride = ints(v)
		case "padding":
			if mode, ok := v.(string); ok {
				l.PaddingMode = mode
			} else {
				l.Padding = ints(v)
			}
		case "dilation":
			l.Dilation = ints(v)
		case "output_padding":
			l.OutputPadding = ints(v)
		case "size":
			l.Size = ints(v)
		case "output":
			l.Output = ints(v)
		case "rate":
			l.Rate = v.(float64)
		case "ceil_mode":
			l.CeilMode = v.(bool)
		case "bidirectional":
			l.Bidirectional = v.(bool)
		case "bias":
			b := v.(bool)
			l.Bias = &b
		case "return_sequences":
			b := v.(bool)
			l.ReturnSequences = &b
		default:
			return l, fmt.Errorf("unknown key %q in the reference file", k)
		}
	}
	return l, nil
}
