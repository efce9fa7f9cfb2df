package rubrics

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/internal/tomlfile/tomltest"
)

var hw8IDs = []string{"1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "1i", "1j", "2", "3a", "3b", "3c"}

func TestDefault(t *testing.T) {
	r := Default()
	got := r.For("anything")
	want := DefaultSettings()
	if got.Points != 1 || got.RelTol != 1e-9 || got.AbsTol != 0 || got.SigFigs != 0 ||
		got.ShapeOrder != "strict" || got.WeightOrder != "strict" || got.ChannelsFirstCredit != 0 ||
		got.PartialShape || got.PartialShapeCredit != 1 || got.CarryForward || got.CarryForwardCredit != 1 ||
		got.ShowAnswer != nil || got.FormulaTol != 0 || got.Mistakes != nil {
		t.Errorf("Default().For = %+v, want %+v", got, want)
	}
	if err := r.CheckSet("hw8"); err != nil {
		t.Errorf("the default rubric fits every set: %v", err)
	}
}

func TestLoadMergesDefaults(t *testing.T) {
	src := `problem_set = "hw8"
[defaults]
points = 2
shape_order = "any"
channels_first_credit = 0.5
show_answer = true

[questions."1h"]
points = 5
carry_forward = true
carry_forward_credit = 0.75
shape_order = "strict"
show_answer = false

[[questions."1h".mistakes]]
answer = "146368"
credit = 0.5
feedback = "One bias vector short."

[[questions."1h".mistakes]]
answer = "125440"

[questions."1c"]
partial_shape = true
partial_shape_credit = 0.5
weight_order = "any"
rel_tol = 0.01
abs_tol = 0.5
sig_figs = 3
formula_tol = 1e-6
`
	r, err := Load("r.toml", []byte(src), hw8IDs)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		id   string
		ok   func(Settings) bool
	}{
		{"unlisted question gets defaults", "1a", func(s Settings) bool {
			return s.Points == 2 && s.ShapeOrder == "any" && s.ChannelsFirstCredit == 0.5 && !s.CarryForward &&
				s.RelTol == 1e-9 && *s.ShowAnswer && s.Mistakes == nil
		}},
		{"question overrides defaults", "1h", func(s Settings) bool {
			return s.Points == 5 && s.ShapeOrder == "strict" && s.CarryForward && s.CarryForwardCredit == 0.75 &&
				!*s.ShowAnswer && s.ChannelsFirstCredit == 0.5
		}},
		{"question keeps unset defaults", "1c", func(s Settings) bool {
			return s.Points == 2 && s.ShapeOrder == "any" && s.PartialShape && s.PartialShapeCredit == 0.5 &&
				s.WeightOrder == "any" && s.RelTol == 0.01 && s.AbsTol == 0.5 && s.SigFigs == 3 && s.FormulaTol == 1e-6
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if s := r.For(tc.id); !tc.ok(s) {
				t.Errorf("For(%q) = %+v", tc.id, s)
			}
		})
	}
	ms := r.For("1h").Mistakes
	want := []Mistake{
		{Answer: "146368", Credit: 0.5, Feedback: "One bias vector short.", Line: 15},
		{Answer: "125440", Credit: 0, Line: 20},
	}
	wantAt := []string{`r.toml:16:10 "146368"`, `r.toml:21:10 "125440"`}
	if len(ms) != len(want) {
		t.Fatalf("mistakes %+v, want %+v", ms, want)
	}
	for i, m := range ms {
		// Each mistake carries where its answer is written.
		if at := m.At.Start.String() + " " + m.At.Raw; at != wantAt[i] {
			t.Errorf("mistake %d's answer at %s, want %s", i, at, wantAt[i])
		}
		m.At = tomlfile.Value{}
		if m != want[i] {
			t.Errorf("mistake %d: %+v, want %+v", i, m, want[i])
		}
	}
	if r.ProblemSet != "hw8" || r.Source != "r.toml" {
		t.Errorf("problem set %q from %q", r.ProblemSet, r.Source)
	}
	// A question's settings are its own: changing one does not touch the defaults.
	if r.Defaults.Points != 2 || r.Defaults.CarryForward {
		t.Errorf("defaults changed: %+v", r.Defaults)
	}
}

func TestCheckSet(t *testing.T) {
	r, err := Load("r.toml", []byte("# for homework 7\nproblem_set = \"hw7\"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CheckSet("hw7"); err != nil {
		t.Errorf("CheckSet(hw7): %v", err)
	}
	want := "r.toml:2:15: the rubric is for problem set \"hw7\", not \"hw8\"\n    problem_set = \"hw7\"\n                  ^"
	if err := r.CheckSet("hw8"); err == nil || err.Error() != want {
		t.Errorf("CheckSet(hw8) = %v, want\n%s", err, want)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"unknown question", "[questions.\"1k\"]\npoints = 2\n",
			"r.toml:1:12: the problem set has no question \"1k\"; did you mean \"1a\"?\n    [questions.\"1k\"]\n               ^"},
		{"unknown question by its mistakes", "[[questions.\"4\".mistakes]]\nanswer = \"k\"\n",
			"r.toml:1:13: the problem set has no question \"4\"; did you mean \"2\"?\n    [[questions.\"4\".mistakes]]\n                ^"},
		{"unknown bare question", "[questions.1z]\npoints = 2\n",
			"r.toml:1:12: the problem set has no question \"1z\"; did you mean \"1a\"?\n    [questions.1z]\n               ^"},
		{"misspelled key", "[defaults]\npoint = 2\n",
			"r.toml:2:1: unknown key \"point\" in defaults; did you mean \"points\"?\n    point = 2\n    ^"},
		{"misspelled key in a question", "[questions.\"1a\"]\ncary_forward = true\n",
			"r.toml:2:1: unknown key \"cary_forward\" in questions.1a; did you mean \"carry_forward\"?\n    cary_forward = true\n    ^"},
		{"misspelled mistake key", "[[questions.\"2\".mistakes]]\nanswer = \"k\"\nfeedbak = \"no\"\n",
			"r.toml:3:1: unknown key \"feedbak\" in questions.2.mistakes; did you mean \"feedback\"?\n    feedbak = \"no\"\n    ^"},
		{"misspelled top-level key", "problemset = \"hw8\"\n",
			"r.toml:1:1: unknown key \"problemset\"; did you mean \"problem_set\"?\n    problemset = \"hw8\"\n    ^"},
		{"mistake credit out of range", "[questions.\"2\"]\n[[questions.\"2\".mistakes]]\nanswer = \"k\"\ncredit = 30\n",
			"r.toml:4:10: credit: a credit is a fraction of the points, from 0 to 1; got 30\n    credit = 30\n             ^"},
		{"negative mistake credit", "[[questions.\"2\".mistakes]]\nanswer = \"k\"\ncredit = -0.5\n",
			"r.toml:3:10: credit: a credit is a fraction of the points, from 0 to 1; got -0.5\n    credit = -0.5\n             ^"},
		{"carry-forward credit out of range", "[defaults]\ncarry_forward_credit = 1.5\n",
			"r.toml:2:24: carry_forward_credit: a credit is a fraction of the points, from 0 to 1; got 1.5\n    carry_forward_credit = 1.5\n                           ^"},
		{"channels-first credit out of range", "[questions.\"1a\"]\nchannels_first_credit = 2\n",
			"r.toml:2:25: channels_first_credit: a credit is a fraction of the points, from 0 to 1; got 2\n    channels_first_credit = 2\n                            ^"},
		{"bad shape order", "[defaults]\nshape_order = \"anny\"\n",
			"r.toml:2:15: shape_order: want \"strict\" or \"any\"; got \"anny\"; did you mean \"any\"?\n    shape_order = \"anny\"\n                  ^"},
		{"bad weight order", "[defaults]\nweight_order = \"transposed\"\n",
			"r.toml:2:16: weight_order: want \"strict\" or \"any\"; got \"transposed\"; valid: strict, any\n    weight_order = \"transposed\"\n                   ^"},
		{"negative points", "[questions.\"1a\"]\npoints = -1\n",
			"r.toml:2:10: points: must not be negative; got -1\n    points = -1\n             ^"},
		{"negative tolerance", "[defaults]\nrel_tol = -1e-3\n",
			"r.toml:2:11: rel_tol: must not be negative; got -0.001\n    rel_tol = -1e-3\n              ^"},
		{"points past the most", "[questions.\"1a\"]\npoints = 1e15\n",
			"r.toml:2:10: points: at most 1000000 points a question; got 1e+15\n    points = 1e15\n             ^"},
		{"nan points", "[defaults]\npoints = nan\n",
			"r.toml:2:10: points: want a finite number; got NaN\n    points = nan\n             ^"},
		{"infinite tolerance", "[defaults]\nabs_tol = inf\n",
			"r.toml:2:11: abs_tol: want a finite number; got +Inf\n    abs_tol = inf\n              ^"},
		{"sig figs", "[defaults]\nsig_figs = 0\n",
			"r.toml:2:12: sig_figs: want 1 to 15 significant figures; got 0\n    sig_figs = 0\n               ^"},
		{"mistake without answer", "[questions.\"2\"]\n[[questions.\"2\".mistakes]]\ncredit = 0.5\n",
			"r.toml:2:1: questions.2.mistakes: a mistake needs answer = \"...\", the wrong answer it describes\n    [[questions.\"2\".mistakes]]\n    ^"},
		{"mistake listed twice", "[[questions.\"2\".mistakes]]\nanswer = \"k(k+m)+k\"\n[[questions.\"2\".mistakes]]\nanswer = \"k (k + m) + k\"\n",
			"r.toml:4:10: answer: \"k (k + m) + k\" is already a mistake of this question (line 1)\n    answer = \"k (k + m) + k\"\n             ^"},
		{"mistakes in defaults", "[[defaults.mistakes]]\nanswer = \"0\"\n",
			"r.toml:1:1: mistakes belong to a question ([[questions.\"id\".mistakes]]), not to [defaults]\n    [[defaults.mistakes]]\n    ^"},
		{"wrong type", "[defaults]\npoints = \"two\"\n",
			"r.toml:2:1: key \"defaults.points\": TOML value has type string; destination has type float\n    points = \"two\"\n    ^"},
		{"syntax", "[defaults\npoints = 1\n",
			"r.toml:1:10: TOML syntax: expected '.' or ']' to end table name, but got '\\n' instead\n    [defaults\n             ^"},
		{"too deep", "[defaults]\nx = " + strings.Repeat("[", 40) + "\n",
			"r.toml:2:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("r.toml", []byte(tc.src), hw8IDs)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.HasSuffix(tc.want, ":") {
				if !strings.HasPrefix(err.Error(), tc.want) {
					t.Errorf("got\n%s\nwant it to start with\n%s", err, tc.want)
				}
				return
			}
			if err.Error() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", err, tc.want)
			}
		})
	}
}

func TestLoadReportsEveryError(t *testing.T) {
	src := "[defaults]\npoints = -1\nshape_order = \"channels\"\n\n[questions.\"9\"]\npoints = 1\n"
	_, err := Load("r.toml", []byte(src), hw8IDs)
	if err == nil {
		t.Fatal("no error")
	}
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(l, "r.toml:") {
			lines = append(lines, l)
		}
	}
	want := []string{
		"r.toml:2:10: points: must not be negative; got -1",
		"r.toml:3:15: shape_order: want \"strict\" or \"any\"; got \"channels\"; valid: strict, any",
		"r.toml:5:12: the problem set has no question \"9\"; did you mean \"2\"?",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadWithoutIDsAcceptsAnyQuestion(t *testing.T) {
	r, err := Load("r.toml", []byte("[questions.\"q17\"]\npoints = 4\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.For("q17").Points; got != 4 {
		t.Errorf("points %v", got)
	}
}

func TestLoadTooLarge(t *testing.T) {
	_, err := Load("big.toml", make([]byte, MaxSize+1), nil)
	want := "big.toml: the rubric is 1048577 bytes; at most 1048576 are read"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestReveal(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		name    string
		show    *bool
		formula bool
		want    bool
	}{
		{"unset network", nil, false, true},
		{"unset formula", nil, true, false},
		{"shown formula", &yes, true, true},
		{"hidden network", &no, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Settings{ShowAnswer: tc.show}).Reveal(tc.formula); got != tc.want {
				t.Errorf("Reveal(%v) = %v, want %v", tc.formula, got, tc.want)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("[defaults]\npoints = 2\n")
	f.Add("[questions.\"2\"]\n[[questions.\"2\".mistakes]]\nanswer = \"k\"\ncredit = 0.3\n")
	f.Add("problem_set = \"hw8\"\n[questions]\n\"1a\" = { points = 2, mistakes = [{ answer = \"1\" }, { answer = \"1\" }] }\n")
	f.Add("[defaults]\nrel_tol = nan\nsig_figs = 99\nshape_order = \"x\"\n[[defaults.mistakes]]\n")
	if src, err := os.ReadFile("bundled/hw8.toml"); err == nil { // the file package bundled embeds
		f.Add(string(src))
	}
	errortest.AddSeeds(f, "testdata/errors/*.toml")
	for _, src := range tomltest.Hostile() {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Load("f.toml", []byte(src), hw8IDs)
		if err == nil && r == nil {
			t.Fatal("nil rubric without error")
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.toml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, id := range hw8IDs {
			s := r.For(id)
			if s.Points < 0 || math.IsNaN(s.Points) || s.CarryForwardCredit < 0 || s.CarryForwardCredit > 1 {
				t.Fatalf("%s: settings out of range: %+v", id, s)
			}
			for _, m := range s.Mistakes {
				if m.Answer == "" || m.Credit < 0 || m.Credit > 1 {
					t.Fatalf("%s: bad mistake %+v", id, m)
				}
			}
		}
	})
}

func BenchmarkFor(b *testing.B) {
	r, err := LoadFile("bundled/hw8.toml", nil) // the file package bundled embeds
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, id := range hw8IDs {
			_ = r.For(id)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rubric.toml")
	if err := os.WriteFile(p, []byte("[questions.\"2\"]\npoints = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadFile(p, hw8IDs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != p || r.For("2").Points != 3 {
		t.Errorf("LoadFile = %+v", r)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.toml"), hw8IDs); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

func TestInlineMistakes(t *testing.T) {
	src := "[questions]\n\"2\" = { points = 3, mistakes = [\n  { answer = \"k\", credit = 0.1 },\n  { answer = \"n\" },\n] }\n"
	r, err := Load("r.toml", []byte(src), hw8IDs)
	if err != nil {
		t.Fatal(err)
	}
	ms := r.For("2").Mistakes
	if len(ms) != 2 || ms[0].Answer != "k" || ms[0].Credit != 0.1 || ms[1].Answer != "n" || ms[0].Line == 0 {
		t.Errorf("mistakes %+v", ms)
	}
}
