package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestProgressShowsOnlyOnALongRunOnATerminal: the count appears once a run
// has gone on for progressDelay, and never when stderr is no terminal (a
// pipe, a file, CI) or the output is JSON.
func TestProgressShowsOnlyOnALongRunOnATerminal(t *testing.T) {
	var shown bytes.Buffer
	p := newProgress(&shown, true, time.Now().Add(-2*progressDelay))
	for range 2 * progressStep {
		p.add()
	}
	time.Sleep(150 * time.Millisecond) // past the bar's throttle
	for range progressStep {
		p.add()
	}
	if out := shown.String(); !strings.Contains(out, "grading: ") || !strings.Contains(out, " students in 3 s") {
		t.Errorf("a long run on a terminal shows no count: %q", out)
	}
	p.done()
	if p.bar != nil {
		t.Error("done leaves the bar")
	}
	// A next step of the run (writing the feedback files) counts its own.
	p.next("writing feedback", "files")
	for range 2 * progressStep {
		p.add()
	}
	p.done()
	if out := shown.String(); !strings.Contains(out, "writing feedback: 256 files in 3 s") {
		t.Errorf("the next step shows no count of its own: %q", out)
	}

	var quick bytes.Buffer
	p = newProgress(&quick, true, time.Now())
	for range 3 * progressStep {
		p.add()
	}
	p.done()
	if quick.Len() != 0 {
		t.Errorf("a quick run shows progress: %q", quick.String())
	}

	var piped bytes.Buffer
	p = startProgress(&piped, "csv")
	p.start = time.Now().Add(-2 * progressDelay)
	for range 3 * progressStep {
		p.add()
	}
	p.done()
	if piped.Len() != 0 {
		t.Errorf("progress written to a writer that is no terminal: %q", piped.String())
	}
	if f, err := os.CreateTemp(t.TempDir(), "stderr"); err == nil {
		if p := startProgress(f, "table"); !p.off {
			t.Error("a file is taken for a terminal")
		}
		f.Close()
	}
	if p := startProgress(os.Stderr, "json"); !p.off {
		t.Error("progress shown for JSON output")
	}
}
