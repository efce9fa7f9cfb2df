package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress counts the students graded on a terminal, for a run long enough to
// wonder about: nothing shows before progressDelay has passed, and nothing at
// all unless stderr is a terminal and the output is not JSON (a program
// reading it runs in a pipe, CI or a script, where a bar is noise).
type progress struct {
	w          io.Writer
	start      time.Time
	what, unit string // "grading", "students"
	count      int
	bar        *progressbar.ProgressBar // nil until shown
	off        bool
}

// progressDelay is how long a run goes on before it shows its progress.
const progressDelay = 1500 * time.Millisecond

// startProgress starts counting; format is the run's --format.
func startProgress(stderr io.Writer, format string) *progress {
	f, isFile := stderr.(*os.File)
	return newProgress(stderr, isFile && term.IsTerminal(int(f.Fd())) && format != "json", time.Now())
}

func newProgress(w io.Writer, show bool, start time.Time) *progress {
	return &progress{w: w, start: start, what: "grading", unit: "students", off: !show}
}

// next counts a next step of the same run, such as writing the feedback
// files: what it does and what it counts.
func (p *progress) next(what, unit string) {
	p.what, p.unit, p.count = what, unit, 0
}

// add counts one more (a student graded, a file written).
func (p *progress) add() {
	p.count++
	if p.off || p.count%progressStep != 0 {
		return
	}
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		// A spinner and the count so far since the run began: a rate or an
		// elapsed time of the bar's own would leave out the first seconds.
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(p.w), progressbar.OptionSpinnerType(14),
			progressbar.OptionSetElapsedTime(false), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	p.bar.Describe(fmt.Sprintf("%s: %d %s in %.0f s", p.what, p.count, p.unit, time.Since(p.start).Seconds()))
	p.bar.Add(progressStep)
}

// progressStep is how many students go by between looks at the clock.
const progressStep = 256

// done removes the bar, if one was shown, before the run writes its report.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
