package report

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/browsertest"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/submissions"
)

// TestVariantsReportInBrowser opens the report of a class of hw8-variants
// students, half of whom hand in the first student's answers: no console
// error, each question the copies touch says how many with links to the
// students' sections, and each student's section names their values.
func TestVariantsReportInBrowser(t *testing.T) {
	ctx := reportTab(t)
	set, err := bundledsets.Open("hw8-variants")
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{"1a": "60x60x16", "1b": "448", "1c": "30x30x16", "2": "432"}
	var subs []*submissions.Submission
	for i := range 40 {
		answers := map[string]string{"1a": "1x1x1", "1b": "1"}
		if i%2 == 1 || i == 0 {
			answers = first
		}
		subs = append(subs, &submissions.Submission{Student: fmt.Sprintf("v%02d", i), Answers: answers})
	}
	class := grader.NewVariants(set, nil, false).GradeClass(subs)
	a, err := grader.AnalyseClass(class)
	if err != nil {
		t.Fatal(err)
	}
	if a.Items[1].Copies == 0 {
		t.Fatal("no copies of 1b in the class: the test tests nothing")
	}
	var page bytes.Buffer
	if err := HTMLReport(&page, class, a, ""); err != nil {
		t.Fatal(err)
	}
	for _, m := range openReport(t, ctx, page.Bytes()) {
		t.Errorf("console: %s", m)
	}
	type shown struct {
		Copies, BrokenLinks, WithValues, Notes int
	}
	got := browsertest.Eval[shown](t, ctx, `({
		Copies: document.querySelectorAll("section.question p.copies").length,
		BrokenLinks: Array.from(document.querySelectorAll("p.copies a"), (l) => document.getElementById(l.getAttribute("href").slice(1))).filter((e) => !e).length,
		WithValues: Array.from(document.querySelectorAll("section.student p")).filter((p) => p.textContent.includes("with values s = ")).length,
		Notes: Array.from(document.querySelectorAll("section.student td b")).filter((b) => b.textContent.includes("copied from a classmate?")).length,
	})`)
	copied := 0
	for _, it := range a.Items {
		if it.Copies > 0 {
			copied++
		}
	}
	if got.Copies != copied || got.BrokenLinks != 0 || got.WithValues != class.Len() || got.Notes == 0 {
		t.Errorf("shown %+v; want %d questions with copies, no broken link, %d students with values, some notes", got, copied, class.Len())
	}
}
