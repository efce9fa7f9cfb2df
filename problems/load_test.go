package problems

import (
	"os"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/internal/tomlfile/tomltest"
)

// TestBundledHomework8 reads the file package bundled embeds; the test cannot
// import that package, which imports this one.
func TestBundledHomework8(t *testing.T) {
	set, err := LoadFile("bundled/hw8.toml")
	if err != nil {
		t.Fatal(err)
	}
	if set.ID != "hw8" || len(set.Networks) != 1 || len(set.Questions) != 14 {
		t.Fatalf("hw8: id %q, %d networks, %d questions", set.ID, len(set.Networks), len(set.Questions))
	}
	net := set.Networks[0]
	if net.Name != "cnn" || len(net.Layers) != 5 || net.Layers[2].Stride[0] != 2 {
		t.Errorf("network %+v", net)
	}
	q, ok := set.Question("3a")
	if !ok || q.Kind != "identity" || len(q.Variables) != 2 || q.Variables[0].Name != "p" || q.Define[0].Name != "eps" || q.Allow[0] != "eps" {
		t.Errorf("3a %+v", q)
	}
	q, _ = set.Question("2")
	if names := varNames(q.Variables); strings.Join(names, ",") != "n,k,m" {
		t.Errorf("variables of 2 in order %v, want n,k,m (document order)", names)
	}
}

const header = "id = \"t\"\n\n[networks.cnn]\ninput = [8, 8, 1]\nlayers = [\n"

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // every line of the error, in order
	}{
		{
			name: "misspelled layer key, type and ask reported together",
			src: header + "  { name = \"c1\", type = \"conv2d\", filter = 4, kernel = 3 },\n" +
				"  { name = \"c2\", type = \"conv\", filters = 4, kernel = 3 },\n]\n\n" +
				"[[questions]]\nid = \"1\"\nnetwork = \"cnn\"\nask = \"total_param\"\n",
			want: []string{
				`set.toml:6:35: network "cnn", layer "c1" (conv2d): unknown key "filter" for a conv2d layer; did you mean "filters"?`,
				`set.toml:7:25: network "cnn", layer "c2": unknown layer type "conv"; did you mean "conv2d"?`,
				`set.toml:13:7: question "1": unknown ask "total_param"; did you mean "total_params"?`,
			},
		},
		{
			name: "impossible network names the layer and numbers",
			src: header + "  { name = \"pool1\", type = \"maxpool2d\", size = 4 },\n" +
				"  { name = \"pool2\", type = \"maxpool2d\", size = 3 },\n]\n\n" +
				"[[questions]]\nid = \"1\"\nnetwork = \"cnn\"\nask = \"total_params\"\n",
			want: []string{`set.toml:7:`, `pool2`, `3`, `2`},
		},
		{
			name: "duplicate ids and unknown references",
			src: header + "  { name = \"c1\", type = \"conv2d\", filters = 4, kernel = 3 },\n]\n\n" +
				"[[questions]]\nid = \"1\"\nnetwork = \"cnm\"\nask = \"params\"\n\n" +
				"[[questions]]\nid = \"1\"\nnetwork = \"cnn\"\nlayer = \"c2\"\nask = \"params\"\n",
			want: []string{
				`set.toml:11:11: question "1": unknown network "cnm"; did you mean "cnn"?`,
				`set.toml:14: question id "1" is used twice (first at line 9)`,
				`set.toml:17:9: question "1": network "cnn" has no layer "c2"; did you mean "c1"?`,
			},
		},
		{
			name: "syntax error with caret",
			src:  "id = \"t\"\n[networks.cnn\n",
			want: []string{"set.toml:2:14: TOML syntax:"},
		},
		{
			name: "formula question without variables; unknown kind",
			src: "id = \"t\"\n\n[[questions]]\nid = \"a\"\nkind = \"formula\"\nanswer = \"n\"\n\n" +
				"[[questions]]\nid = \"b\"\nkind = \"fromula\"\n",
			want: []string{
				`set.toml:3:1: question "a": a formula question needs variables`,
				`set.toml:10:8: question "b": unknown kind "fromula"; did you mean "formula"?`,
			},
		},
		{
			name: "wrong rank and weight shape of a pool",
			src: header + "  { name = \"p\", type = \"maxpool2d\", size = [2, 2, 2] },\n]\n\n" +
				"[[questions]]\nid = \"1\"\nnetwork = \"cnn\"\nlayer = \"p\"\nask = \"weight_shape\"\n",
			want: []string{
				`set.toml:6:44: network "cnn", layer "p" (maxpool2d): size: want one value or 2 (one per spatial axis), got 3`,
				`set.toml:13:7: question "1": layer "p" is a maxpool2d layer, which has no weight matrix`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("set.toml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			got := err.Error()
			at := 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("error\n%s\ndoes not contain, in order,\n%s", got, w)
				}
				at += i + len(w)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	src, _ := os.ReadFile("bundled/hw8.toml")
	f.Add(string(src))
	f.Add(header + "  { type = \"conv2d\", filters = 4, kernel = 3, padding = \"same\" },\n]\n")
	errortest.AddSeeds(f, "testdata/errors/*.toml")
	errortest.AddSeeds(f, "testdata/params-errors/*.toml")
	if src, err := os.ReadFile("bundled/hw8-variants.toml"); err == nil {
		f.Add(string(src))
	}
	for _, src := range tomltest.Hostile() {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		set, err := Load("f.toml", []byte(src))
		if err == nil && set == nil {
			t.Fatal("nil set without error")
		}
		if err != nil {
			_ = err.Error()
			return
		}
		// A set with params draws and builds a variant too: the draw and the
		// substitution read the same untrusted text.
		if set.HasParams() {
			if v, err := set.Draw("fuzz"); err == nil {
				if _, err := set.Variant(v); err != nil {
					t.Fatalf("Draw gave values %s whose variant fails: %v", v, err)
				}
			}
		}
	})
}
