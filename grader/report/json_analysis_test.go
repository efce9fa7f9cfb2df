package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/submissions"
)

// gradeHomework8CSV grades a class CSV of Homework 8 under the bundled
// rubric, as `nngrade grade hw8 FILE` does (a ClassGrader, read by Each).
func gradeHomework8CSV(t *testing.T, path string) *grader.ClassResult {
	t.Helper()
	key, r := homework8(t)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := submissions.LoadCSV(path, src)
	if err != nil {
		t.Fatal(err)
	}
	cg := grader.New(key, r).NewClassGrader()
	for _, s := range subs {
		cg.Add(s)
	}
	return cg.Finish()
}

// TestJSONItemAnalysis: question_info[].item_analysis of two known classes
// (the example class, and grader's analysis class, written to repeat wrong
// answers), as golden files of question_info, and each difficulty and
// discrimination checked against the students' scores in the same JSON by
// the textbook formulas.
func TestJSONItemAnalysis(t *testing.T) {
	for _, tc := range []struct{ name, path string }{
		{"item_analysis_example", "../../examples/hw8/class.csv"},
		{"item_analysis_class", "../testdata/analysis_class.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, gradeHomework8CSV(t, tc.path)); err != nil {
				t.Fatal(err)
			}
			var out struct {
				Questions []struct {
					ID           string  `json:"id"`
					MaxScore     float64 `json:"max_score"`
					ItemAnalysis struct {
						Difficulty, Discrimination *float64
						Counts                     map[string]int
						WrongAnswers               []struct{ Count int } `json:"wrong_answers"`
					} `json:"item_analysis"`
				} `json:"question_info"`
				Students []struct {
					Score     float64
					Questions []struct {
						ID     string
						Score  float64
						Status string
					}
				}
			}
			if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			var raw struct {
				QuestionInfo json.RawMessage `json:"question_info"`
			}
			json.Unmarshal(buf.Bytes(), &raw)
			var golden bytes.Buffer
			json.Indent(&golden, raw.QuestionInfo, "", "  ")
			golden.WriteByte('\n')
			checkGolden(t, tc.name, golden.Bytes())

			if len(out.Questions) != 14 || len(out.Students) == 0 {
				t.Fatalf("%d questions, %d students", len(out.Questions), len(out.Students))
			}
			for i, q := range out.Questions {
				var xs, ys []float64
				counts := map[string]int{}
				for _, s := range out.Students {
					sq := s.Questions[i]
					counts[sq.Status]++
					xs = append(xs, sq.Score)
					ys = append(ys, s.Score-sq.Score)
				}
				ia := q.ItemAnalysis
				for status, n := range counts {
					if ia.Counts[status] != n {
						t.Errorf("%s: %d %s, want %d", q.ID, ia.Counts[status], status, n)
					}
				}
				wantDifficulty := meanOf(xs) / q.MaxScore
				if ia.Difficulty == nil || math.Abs(*ia.Difficulty-wantDifficulty) > 5e-5 {
					t.Errorf("%s: difficulty %v, want %.4f", q.ID, ia.Difficulty, wantDifficulty)
				}
				want := pearsonOf(xs, ys)
				switch got := ia.Discrimination; {
				case math.IsNaN(want) && got != nil:
					t.Errorf("%s: discrimination %v, want null", q.ID, *got)
				case !math.IsNaN(want) && (got == nil || math.Abs(*got-want) > 5e-5):
					t.Errorf("%s: discrimination %v, want %.4f", q.ID, got, want)
				}
				wrong := counts["incorrect"] + counts["partial"]
				for _, w := range ia.WrongAnswers {
					wrong -= w.Count
				}
				if wrong < 0 {
					t.Errorf("%s: more wrong answers listed than the class wrote", q.ID)
				}
			}
		})
	}
}

func meanOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// pearsonOf is the correlation of xs and ys, two passes; NaN when either
// does not vary.
func pearsonOf(xs, ys []float64) float64 {
	mx, my := meanOf(xs), meanOf(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestStatsTable: `grade --stats` of grader's analysis class, as a golden
// file; and a class with nobody graded says so.
func TestStatsTable(t *testing.T) {
	c := gradeHomework8CSV(t, "../testdata/analysis_class.csv")
	a, err := grader.AnalyseClass(c)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := StatsTable(&buf, c, a); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "stats_class", buf.Bytes())

	// An answer with no diagnosis gets no line for it; a question with
	// answers left ungrouped says how many.
	hand := &grader.ClassAnalysis{Students: 2, Totals: []float64{0, 1}, MaxScore: 1, Items: []grader.ItemAnalysis{{
		QuestionID: "x", MaxScore: 1, Difficulty: 0.5, Discrimination: math.NaN(), Ungrouped: 3,
		Counts:       grader.StatusCounts{Correct: 1, Incorrect: 1},
		WrongAnswers: []grader.WrongAnswer{{Answer: "7", Status: grader.Incorrect, Count: 1, Students: []string{"b"}}},
	}}}
	buf.Reset()
	if err := StatsTable(&buf, &grader.ClassResult{ProblemSet: "p", MaxScore: 1}, hand); err != nil {
		t.Fatal(err)
	}
	want := "x    7: 1 student (b), incorrect 0 / 1\n       and 3 wrong answers not grouped: the question has more different wrong answers than are counted\n"
	if !strings.Contains(buf.String(), want) || !strings.Contains(buf.String(), "|        0.5 |              - |") {
		t.Errorf("a hand-made analysis:\n%s\nwant in it:\n%s", buf.String(), want)
	}

	empty := &grader.ClassResult{ProblemSet: "p", MaxScore: 1, Questions: []grader.QuestionInfo{{ID: "x", MaxScore: 1}}}
	a, _ = grader.AnalyseClass(empty)
	buf.Reset()
	if err := StatsTable(&buf, empty, a); err != nil || !bytes.Contains(buf.Bytes(), []byte("nothing to analyse")) {
		t.Errorf("an empty class: %v\n%s", err, buf.Bytes())
	}
}
