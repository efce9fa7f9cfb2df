package problems

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// network checks one [networks.NAME] table and turns it into an nn.Network.
func (l *loader) network(name string, doc networkDoc) nn.Network {
	before := len(l.errs)
	defer func() {
		if len(l.errs) > before {
			l.broken[name] = true
		}
	}()
	net := nn.Network{Name: name}
	header, _ := l.f.Place("networks", name)
	hline := tomlfile.LinePos(header.Key.Line)
	if !idPattern.MatchString(name) {
		l.errorf(header.Name, "network name %q may use only letters, digits, - and _", name)
	}
	if doc.Framework != "" {
		var err error
		if net.Framework, err = parseFramework(doc.Framework); err != nil {
			at, _ := l.f.Place("networks", name, "framework")
			l.errorf(at.Value.Start, "%v", err)
		}
	}
	if len(doc.Input) == 0 {
		at := hline
		if input, ok := l.f.Place("networks", name, "input"); ok {
			at = input.Key // input = []
		}
		l.errorf(at, "network %q has no input shape; add e.g. input = [64, 64, 3] (channels last)", name)
	}
	for axis, v := range doc.Input {
		if l.namesParam(v) {
			l.paramNets[name] = true
			net.Input = append(net.Input, 0) // per student
			continue
		}
		if name, ok := v.(string); ok && symbolPattern.MatchString(name) {
			net.Symbols = append(net.Symbols, nn.Symbol{Name: name, Layer: -1, Key: "input", Axis: axis})
			net.Input = append(net.Input, 0)
			continue
		}
		n, err := asInt(v, 1)
		if err != nil {
			at, _ := l.f.Place("networks", name, "input")
			l.errorf(at.Value.Start, "network %q: input: %v", name, err)
			break
		}
		net.Input = append(net.Input, n)
	}
	if len(doc.Layers) == 0 {
		l.errorf(hline, "network %q has no layers", name)
	}
	names := map[string]bool{}
	for i, raw := range doc.Layers {
		layer, symbols := l.layer(name, i, raw)
		net.Symbols = append(net.Symbols, symbols...)
		if names[layer.Name] {
			l.errorf(l.layerValue(name, i, "name"), "network %q: layer name %q is used twice", name, layer.Name)
		}
		names[layer.Name] = true
		net.Layers = append(net.Layers, layer)
	}
	return net
}

// layerPlace is where key is set in layer i of a network or, when it is not,
// where the layer starts.
func (l *loader) layerPlace(network string, i int, key string) diag.Pos {
	if pl, ok := l.f.Place("networks", network, "layers", i, key); ok {
		return pl.Key
	}
	return l.layerStart(network, i)
}

// layerValue is where the value of key is written in layer i of a network,
// for an error in the value; else as layerPlace.
func (l *loader) layerValue(network string, i int, key string) diag.Pos {
	if pl, ok := l.f.Place("networks", network, "layers", i, key); ok && pl.Value.Start.IsValid() {
		return pl.Value.Start
	}
	return l.layerPlace(network, i, key)
}

// layerStart is where layer i of a network starts: its inline table or its
// [[networks.NAME.layers]] header.
func (l *loader) layerStart(network string, i int) diag.Pos {
	pl, _ := l.f.Place("networks", network, "layers", i)
	return pl.Key
}

// symbolPattern is a size given as a name: units = "k".
var symbolPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,15}$`)

// layer checks one layer's inline table; sizes given as names come back as symbols.
func (l *loader) layer(network string, i int, raw map[string]any) (nn.Layer, []nn.Symbol) {
	var layer nn.Layer
	var symbols []nn.Symbol
	// An error names the layer as well as it is known so far; an unknown or
	// missing key is reported at the key (or the layer), a bad value at the value.
	label := fmt.Sprintf("network %q, layer %d", network, i+1)
	if s, ok := raw["name"].(string); ok && idPattern.MatchString(s) {
		label = fmt.Sprintf("network %q, layer %q", network, s)
	}
	report := func(at diag.Pos, format string, args ...any) {
		l.errorf(at, "%s: %s", label, fmt.Sprintf(format, args...))
	}
	fail := func(key string, format string, args ...any) { report(l.layerPlace(network, i, key), format, args...) }
	bad := func(key string, format string, args ...any) { report(l.layerValue(network, i, key), format, args...) }
	typ, err := asString(raw["type"])
	if raw["type"] == nil {
		fail("type", "no type; add e.g. type = \"conv2d\"")
		return layer, nil
	}
	if err != nil {
		bad("type", "type: %v", err)
		return layer, nil
	}
	lt, known := nn.LayerTypeNamed(typ)
	if !known {
		bad("type", "unknown layer type %q%s", typ, tomlfile.DidYouMean(typ, nn.LayerTypesBySpelling()))
		return layer, nil
	}
	valid := lt.KeyNames()
	layer.Type = typ
	layer.Name = fmt.Sprintf("%s_%d", typ, i+1)
	if v, ok := raw["name"]; ok {
		s, err := asString(v)
		if err != nil || !idPattern.MatchString(s) {
			bad("name", "name must be letters, digits, - and _, got %s", describe(v))
		} else {
			layer.Name = s
		}
	}
	label = fmt.Sprintf("network %q, layer %q (%s)", network, layer.Name, typ)
	allowed := append([]string{"name", "type"}, valid...)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	suggested := map[string]bool{}
	for _, k := range keys {
		if !contains(allowed, k) {
			fail(k, "unknown key %q for a %s layer%s", k, typ, tomlfile.DidYouMean(k, allowed))
			suggested[tomlfile.Suggest(k, allowed)] = true
		}
	}
	for _, k := range lt.RequiredKeys() {
		if _, ok := raw[k]; !ok && !suggested[k] {
			report(l.layerStart(network, i), "a %s layer needs %q", typ, k)
		}
	}
	rank := lt.SpatialRank
	for _, k := range keys {
		key, ok := lt.Key(k)
		if !ok {
			continue
		}
		v := raw[k]
		if l.namesParam(v) {
			l.paramNets[network] = true // per student: each variant reads it
			continue
		}
		if name, ok := v.(string); ok && key.Symbolic && symbolPattern.MatchString(name) {
			symbols = append(symbols, nn.Symbol{Name: name, Layer: i, Key: k})
			continue
		}
		value, err := readKeyValue(key, v, rank)
		key.Set(&layer, value)
		if err != nil {
			bad(k, "%s: %v", k, err)
		}
	}
	return layer, symbols
}

// readKeyValue reads a layer key's value by the kind of value the key takes.
// rank is the layer type's number of spatial axes, for per-axis values.
func readKeyValue(key nn.Key, v any, rank int) (nn.KeyValue, error) {
	var value nn.KeyValue
	var err error
	switch key.Value {
	case nn.CountValue:
		value.Int, err = asInt(v, key.Min)
	case nn.AxesValue:
		value.Axes, err = asAxes(v, rank, key.Min)
	case nn.FlagValue:
		value.Flag, err = asBool(v)
	case nn.RateValue:
		f, isFloat := v.(float64)
		if n, isInt := v.(int64); isInt {
			f, isFloat = float64(n), true
		}
		if !isFloat || f < 0 || f >= 1 {
			err = fmt.Errorf("want a rate in [0, 1), got %s", describe(v))
		}
		value.Rate = f
	case nn.PaddingValue:
		if s, isStr := v.(string); isStr {
			if !nn.IsPaddingMode(s) {
				err = fmt.Errorf("want %s, got %q%s", nn.PaddingChoices(), s, tomlfile.DidYouMean(s, nn.PaddingModes()))
			}
			value.Mode = s
		} else {
			value.Axes, err = asAxes(v, rank, key.Min)
		}
	}
	return value, err
}

// parseFramework reads a network's or a question's framework = value.
func parseFramework(name string) (nn.Framework, error) {
	fw, ok := nn.ParseFramework(name)
	if !ok {
		return fw, fmt.Errorf("unknown framework %q%s", name, tomlfile.DidYouMean(name, nn.Frameworks()))
	}
	return fw, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// buildNetworks solves each network that loaded cleanly, so that an impossible one
// (a window larger than its input, channels not divisible by groups) is reported at
// the offending layer's line.
func (l *loader) buildNetworks(set *Set) {
	for _, net := range set.Networks {
		if !l.complete(net) {
			continue
		}
		var err error
		if len(net.Symbols) > 0 {
			_, err = nn.SymbolicCount(net, func(s *nn.Solution) int64 { return s.TotalParams })
		} else {
			_, err = nn.Solve(net)
		}
		if err == nil {
			continue
		}
		header, _ := l.f.Place("networks", net.Name)
		at := header.Key
		if le, ok := nn.AsLayerError(err); ok && le.Index >= 0 {
			at = l.layerPlace(net.Name, le.Index, "type")
		}
		l.errorf(at, "%s", strings.TrimPrefix(err.Error(), "nn: "))
	}
}

// complete reports whether a network loaded without errors of its own, so that
// building it says something new.
func (l *loader) complete(net nn.Network) bool {
	if len(net.Input) == 0 || len(net.Layers) == 0 {
		return false
	}
	for _, layer := range net.Layers {
		if layer.Type == "" {
			return false
		}
	}
	return !l.broken[net.Name]
}
