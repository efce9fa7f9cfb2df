package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
)

// fixtureKey solves testdata/key_set.toml.
func fixtureKey(t *testing.T) *grader.Key {
	t.Helper()
	path := filepath.Join("testdata", "key_set.toml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := problems.Load(path, src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

var keyCases = []struct {
	name   string // also the golden file: testdata/<name>.golden
	render func(io.Writer, *grader.Key) error
}{
	{"key_table", KeyTable},
	{"summary", Summary},
	{"key_json", KeyJSON},
	{"key_md", KeyMarkdown},
}

func TestKeyGolden(t *testing.T) {
	for _, tc := range keyCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf, fixtureKey(t)); err != nil {
				t.Fatalf("render: %v", err)
			}
			checkGolden(t, tc.name, buf.Bytes())
		})
	}
}

// TestKeyTablesIgnoreLocaleWidth is TestTablesIgnoreLocaleWidth for the key's
// tables, which once had their own table style without the setting.
func TestKeyTablesIgnoreLocaleWidth(t *testing.T) {
	for _, tc := range keyCases[:2] {
		sameUnderEastAsianWidth(t, tc.name, func(w io.Writer) error { return tc.render(w, fixtureKey(t)) })
	}
}

func TestKeyRenderersRefuseNil(t *testing.T) {
	for _, tc := range keyCases {
		var buf bytes.Buffer
		if err := tc.render(&buf, nil); err == nil {
			t.Errorf("%s: no error for a nil key", tc.name)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: wrote %q for a nil key", tc.name, buf.Bytes())
		}
	}
}
