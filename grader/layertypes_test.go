package grader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/problems"
)

// sampleValues are values for every required layer key, small enough for any input
// of sizes 8.
var sampleValues = map[string]string{
	"filters": "4", "kernel": "3", "size": "2", "output": "[2, 2]",
	"units": "5", "vocab": "10", "dim": "4", "heads": "2",
}

// TestEveryLayerTypeLoadsAndSolves checks that validate and key agree on every
// layer type: a small network of each type in the engine's table loads (the
// loader accepts the type and its required keys), solves, and its key prints.
// It also holds the table's Weights to what the engine computes.
func TestEveryLayerTypeLoadsAndSolves(t *testing.T) {
	for _, lt := range nn.LayerTable() {
		t.Run(lt.Name, func(t *testing.T) {
			input := strings.TrimSuffix(strings.Repeat("8, ", lt.Input.Min), ", ")
			layer := fmt.Sprintf("name = \"l\", type = %q", lt.Name)
			for _, k := range lt.RequiredKeys() {
				v, ok := sampleValues[k]
				if !ok {
					t.Fatalf("no sample value for required key %q: add one to sampleValues", k)
				}
				layer += fmt.Sprintf(", %s = %s", k, v)
			}
			asks := []string{"output_shape", "params", "macs"}
			if lt.Weights {
				asks = append(asks, "weight_shape")
			}
			src := fmt.Sprintf("id = \"t\"\n\n[networks.n]\ninput = [%s]\nlayers = [ { %s } ]\n", input, layer)
			for i, ask := range asks {
				src += fmt.Sprintf("\n[[questions]]\nid = \"%d\"\nnetwork = \"n\"\nlayer = \"l\"\nask = %q\n", i+1, ask)
			}
			set, err := problems.Load("t.toml", []byte(src))
			if err != nil {
				t.Fatalf("validate:\n%s\n%v", src, err)
			}
			key, err := Solve(set)
			if err != nil {
				t.Fatalf("key:\n%s\n%v", src, err)
			}
			for _, ka := range key.Answers {
				if ka.Display == "" || ka.MarkdownAnswer() == "" || ka.Worked == "" {
					t.Errorf("%s: the key prints %q, Markdown %q, worked %q", ka.Question.Ask, ka.Display, ka.MarkdownAnswer(), ka.Worked)
				}
			}
			if got := key.Solutions["n"].Layers[0].WeightShape != nil; got != lt.Weights {
				t.Errorf("the table says Weights %v, but the engine's WeightShape is %v", lt.Weights, key.Solutions["n"].Layers[0].WeightShape)
			}
		})
	}
}

// TestLayerDefaults checks that FORMAT.md's defaults are the engine's: a layer of
// each type with every optional key set to its documented default loads (so the
// loader reads every key of the table) and solves exactly as the layer without them.
func TestLayerDefaults(t *testing.T) {
	for _, lt := range nn.LayerTable() {
		t.Run(lt.Name, func(t *testing.T) {
			input := strings.TrimSuffix(strings.Repeat("8, ", lt.Input.Min), ", ")
			required := ""
			for _, k := range lt.RequiredKeys() {
				required += fmt.Sprintf(", %s = %s", k, sampleValues[k])
			}
			explicit := required
			for _, k := range lt.Keys {
				switch {
				case k.Required:
				case k.Default == "= size":
					explicit += fmt.Sprintf(", %s = %s", k.Name, sampleValues["size"])
				default:
					explicit += fmt.Sprintf(", %s = %s", k.Name, k.Default)
				}
			}
			var results []nn.LayerResult
			for _, keys := range []string{required, explicit} {
				src := fmt.Sprintf("id = \"t\"\n\n[networks.n]\ninput = [%s]\nlayers = [ { name = \"l\", type = %q%s } ]\n%s", input, lt.Name, keys, totalQuestion)
				set, err := problems.Load("t.toml", []byte(src))
				if err != nil {
					t.Fatalf("%s\n%v", src, err)
				}
				sol, err := nn.Solve(set.Networks[0])
				if err != nil {
					t.Fatalf("%s\n%v", src, err)
				}
				results = append(results, sol.Layers[0])
			}
			if fmt.Sprint(results[0]) != fmt.Sprint(results[1]) {
				t.Errorf("the documented defaults change the layer:\nwithout %s:\n\t%+v\nwith%s:\n\t%+v", required, results[0], explicit, results[1])
			}
		})
	}
}

// totalQuestion makes a set of one network loadable.
const totalQuestion = "\n[[questions]]\nid = \"1\"\nnetwork = \"n\"\nask = \"total_params\"\n"

// TestLoaderRejectsUnknownLayerType checks the loader takes its types from the
// engine's table: conv_transpose3d, which the engine does not solve, is refused.
func TestLoaderRejectsUnknownLayerType(t *testing.T) {
	src := "id = \"t\"\n\n[networks.n]\ninput = [8, 8, 8, 3]\nlayers = [ { type = \"conv_transpose3d\", filters = 4, kernel = 3 } ]\n"
	_, err := problems.Load("t.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `unknown layer type "conv_transpose3d"`) {
		t.Errorf("conv_transpose3d: %v", err)
	}
}
