package bundled

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestSetNamesSource(t *testing.T) {
	if got := strings.Join(Names(), ","); got != "hw8,hw8-variants" {
		t.Errorf("Names() = %s, want hw8,hw8-variants", got)
	}
	set, err := Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	if set.ID != "hw8" || set.Source != "bundled:hw8" {
		t.Errorf("Set(hw8): id %q, source %q", set.ID, set.Source)
	}
	src, err := Source("hw8")
	disk, _ := os.ReadFile("hw8.toml")
	if err != nil || !bytes.Equal(src, disk) {
		t.Errorf("Source(hw8) is not hw8.toml: %v", err)
	}
	if _, err := Set("../bundled/hw8"); err == nil {
		t.Error("Set reads a path, not only a name")
	}
}

func TestOpen(t *testing.T) {
	if _, err := Open("hw9"); err == nil || !strings.Contains(err.Error(), `did you mean "hw8"?`) {
		t.Errorf("Open(hw9): %v", err)
	}
	if _, err := Open("missing/set.toml"); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Open(missing): %v", err)
	}
	if set, err := Open("hw8"); err != nil || set.ID != "hw8" {
		t.Errorf("Open(hw8): %v", err)
	}
	if set, err := Open("hw8.toml"); err != nil || set.Source != "hw8.toml" {
		t.Errorf("Open(hw8.toml), a file here: %v", err)
	}
}
