package rubrics

import (
	"strings"
	"testing"
)

var hw8IDs = []string{"1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "1i", "1j", "2", "3a", "3b", "3c"}

func TestLoadMergesDefaults(t *testing.T) {
	src := `problem_set = "hw8"
[defaults]
points = 2
shape_order = "any"

[questions."1h"]
points = 5
carry_forward = true

[[questions."1h".mistakes]]
answer = "146368"
credit = 0.5
feedback = "One bias vector short."
`
	r, err := Load("r.toml", []byte(src), hw8IDs)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.For("1a"); got.Points != 2 || got.ShapeOrder != "any" || got.CarryForward {
		t.Errorf("1a settings %+v", got)
	}
	got := r.For("1h")
	if got.Points != 5 || got.ShapeOrder != "any" || !got.CarryForward || got.RelTol != 1e-9 {
		t.Errorf("1h settings %+v", got)
	}
	if len(got.Mistakes) != 1 || got.Mistakes[0].Credit != 0.5 || got.Mistakes[0].Line != 10 {
		t.Errorf("mistakes %+v", got.Mistakes)
	}
	if r.ProblemSet != "hw8" {
		t.Errorf("problem set %q", r.ProblemSet)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"unknown question", "[questions.\"1k\"]\npoints = 2\n",
			"r.toml:1:1: the problem set has no question \"1k\"; did you mean \"1a\"?"},
		{"misspelled key", "[defaults]\npoint = 2\n",
			"r.toml:2:1: unknown key \"point\" in defaults; did you mean \"points\"?"},
		{"credit out of range", "[questions.\"2\"]\n[[questions.\"2\".mistakes]]\nanswer = \"k\"\ncredit = 30\n",
			"r.toml:4:1: credit: a fraction of the points, from 0 to 1; got 30"},
		{"bad shape order", "[defaults]\nshape_order = \"anny\"\n",
			"r.toml:2:1: shape_order: want \"strict\" or \"any\"; got \"anny\"; did you mean \"any\"?"},
		{"negative points", "[questions.\"1a\"]\npoints = -1\n",
			"r.toml:2:1: points: must not be negative; got -1"},
		{"mistake without answer", "[questions.\"2\"]\n[[questions.\"2\".mistakes]]\ncredit = 0.5\n",
			"r.toml:2:1: questions.2.mistakes: a mistake needs answer = \"...\""},
		{"syntax", "[defaults\npoints = 1\n", "r.toml:1:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("r.toml", []byte(tc.src), hw8IDs)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got\n%s\nwant prefix\n%s", err, tc.want)
			}
		})
	}
}

func TestBundledHomework8(t *testing.T) {
	src, ok := BundledSource("hw8")
	if !ok {
		t.Fatal("no bundled hw8 rubric")
	}
	r, err := Load("hw8.toml", src, hw8IDs)
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, id := range hw8IDs {
		total += r.For(id).Points
	}
	if total != 20 {
		t.Errorf("bundled rubric is worth %v points, want 20", total)
	}
	if _, ok := Bundled("hw8"); !ok {
		t.Error("Bundled(hw8) not found")
	}
	if _, ok := Bundled("nope"); ok {
		t.Error("Bundled(nope) found")
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("[defaults]\npoints = 2\n")
	f.Add("[questions.\"2\"]\n[[questions.\"2\".mistakes]]\nanswer = \"k\"\ncredit = 0.3\n")
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Load("f.toml", []byte(src), hw8IDs)
		if err == nil && r == nil {
			t.Fatal("nil rubric without error")
		}
		if err != nil {
			_ = err.Error()
		}
	})
}
