package submissions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRosterReadsLikeAClassCSV: a roster is read by the same rules as a class
// CSV: a byte-order mark, old Mac line ends (CR alone) and Canvas's id header.
func TestRosterReadsLikeAClassCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.csv")
	src := "\xef\xbb\xbfStudent,ID,SIS User ID\rAnn Lee,1,al1\rBo Chen,2,bc2\r"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, errs := LoadRoster(path)
	for _, err := range errs {
		if _, note := err.(*Notice); !note {
			t.Errorf("problem: %v", err)
		}
	}
	if len(got) != 2 || got[0].Student != "al1" || got[1].Student != "bc2" {
		t.Errorf("roster %+v, want al1 and bc2", got)
	}
}

// TestRosterRowErrorInCharacters: a row the CSV reader cannot read is placed at
// its line and its column in characters, as a class CSV's is.
func TestRosterRowErrorInCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(path, []byte("student,name\nal1,\"Zoë \"x\" Lee\"\nbc2,Bo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, errs := LoadRoster(path)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), path+":2:10: ") {
		t.Errorf("errors %v, want one at %s:2:10 (the stray quote after Zoë, in characters; 11 in bytes)", errs, path)
	}
	if len(got) != 1 || got[0].Student != "bc2" {
		t.Errorf("roster %+v, want bc2 still read", got)
	}
}
