package problems

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/nn"
)

// TestEveryLayerKeyLoads walks nn's layer table: a layer with any key of its
// type set loads, and the key's value is stored as the key's own store puts it,
// so a key added to the table is read without a change to the loader.
func TestEveryLayerKeyLoads(t *testing.T) {
	samples := map[nn.KeyValueKind]struct {
		toml  string
		value nn.KeyValue
	}{
		nn.CountValue:   {"2", nn.KeyValue{Int: 2}},
		nn.AxesValue:    {"2", nn.KeyValue{Axes: []int{2}}},
		nn.FlagValue:    {"true", nn.KeyValue{Flag: true}},
		nn.RateValue:    {"0.25", nn.KeyValue{Rate: 0.25}},
		nn.PaddingValue: {"1", nn.KeyValue{Axes: []int{1}}},
	}
	for _, lt := range nn.LayerTable() {
		// The type's required keys, and a stride that allows output_padding.
		base := map[string]string{}
		for _, k := range lt.Keys {
			if k.Required {
				base[k.Name] = samples[k.Value].toml
			}
		}
		if _, ok := lt.Key("output_padding"); ok {
			base["stride"] = "3"
		}
		want, ok := loadLayer(t, lt, base, "", "")
		if !ok {
			continue
		}
		for _, k := range lt.Keys {
			if _, ok := base[k.Name]; ok {
				continue
			}
			s, ok := samples[k.Value]
			if !ok {
				t.Errorf("%s.%s: no sample for value kind %v", lt.Name, k.Name, k.Value)
				continue
			}
			got, ok := loadLayer(t, lt, base, k.Name, s.toml)
			if !ok {
				continue
			}
			expect := want
			k.Set(&expect, s.value)
			if !reflect.DeepEqual(got, expect) {
				t.Errorf("%s with %s = %s loaded as %+v, want %+v", lt.Name, k.Name, s.toml, got, expect)
			}
		}
	}
}

// loadLayer loads a one-layer network of type lt with the given keys (and key =
// value when key is set) on an input of the least rank lt takes.
func loadLayer(t *testing.T, lt *nn.LayerType, keys map[string]string, key, value string) (nn.Layer, bool) {
	t.Helper()
	fields := []string{fmt.Sprintf("type = %q", lt.Name)}
	for _, k := range lt.KeyNames() {
		if v, ok := keys[k]; ok {
			fields = append(fields, k+" = "+v)
		} else if k == key {
			fields = append(fields, k+" = "+value)
		}
	}
	input := strings.TrimSuffix(strings.Repeat("8, ", lt.Input.Min), ", ")
	src := fmt.Sprintf("id = \"t\"\n[networks.n]\ninput = [%s]\nlayers = [{ %s }]\n[[questions]]\nid = \"q\"\nnetwork = \"n\"\nask = \"total_params\"\n", input, strings.Join(fields, ", "))
	set, err := Load("t.toml", []byte(src))
	if err != nil {
		t.Errorf("%s:\n%s\n%v", lt.Name, src, err)
		return nn.Layer{}, false
	}
	net, _ := set.Network("n")
	return net.Layers[0], true
}
