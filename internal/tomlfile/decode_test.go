package tomlfile

import (
	"strings"
	"testing"
)

type layerDoc struct {
	Name    string `toml:"name"`
	Type    string `toml:"type"`
	Filters int    `toml:"filters"`
	Kernel  any    `toml:"kernel"`
}

type networkDoc struct {
	Input  []int      `toml:"input"`
	Layers []layerDoc `toml:"layers"`
}

type setDoc struct {
	ID       string                `toml:"id"`
	Networks map[string]networkDoc `toml:"networks"`
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "unknown layer key suggests the closest",
			src:  "id = \"x\"\n[networks.cnn]\ninput = [4, 4, 1]\nlayers = [\n  { name = \"c\", type = \"conv2d\", filter = 3, kernel = 2 },\n]\n",
			want: "set.toml:5:34: unknown key \"filter\" in networks.cnn.layers; did you mean \"filters\"?\n" +
				"      { name = \"c\", type = \"conv2d\", filter = 3, kernel = 2 },\n" +
				"                                     ^",
		},
		{
			name: "unknown top-level key lists the valid ones when none is close",
			src:  "id = \"x\"\ntitel = \"T\"\n",
			want: "set.toml:2:1: unknown key \"titel\"; valid: id, networks\n    titel = \"T\"\n    ^",
		},
		{
			name: "syntax error has line, column and caret",
			src:  "id = \"x\"\n[networks.cnn]\ninput = [4, 4,\n",
			want: "set.toml:3:",
		},
		{
			name: "wrong type names the key and the line",
			src:  "id = \"x\"\n[networks.cnn]\ninput = \"64\"\n",
			want: "set.toml:3:1: key \"networks.cnn.input\"",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var doc setDoc
			_, _, errs := Decode("set.toml", []byte(tc.src), &doc)
			if len(errs) == 0 {
				t.Fatalf("no error; want %q", tc.want)
			}
			got := errs.Error()
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got\n%s\nwant prefix\n%s", got, tc.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	cases := []struct{ word, want string }{
		{"filter", "filters"},
		{"fitlers", "filters"},
		{"kernal", "kernel"},
		{"conv", "conv2d"},
		{"zzzzzz", ""},
	}
	valid := []string{"name", "type", "filters", "kernel", "stride", "conv2d", "dense"}
	for _, tc := range cases {
		if got := Suggest(tc.word, valid); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
