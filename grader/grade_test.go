package grader

import (
	"os"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

func loadQuiz(t *testing.T) *Key { return solveFile(t, "testdata/quiz.toml") }

// solveFile loads and solves a problem-set file of testdata, failing the test or
// benchmark when it does not load or solve.
func solveFile(t testing.TB, path string) *Key {
	t.Helper()
	set, err := problems.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func TestSolveHomework8Network(t *testing.T) {
	key := loadQuiz(t)
	want := map[string]string{
		"conv1_shape":  "60 × 60 × 32",
		"conv1_params": "2,432",
		"pool_shape":   "30 × 30 × 32",
		"conv2_shape":  "14 × 14 × 64",
		"conv2_params": "18,496",
		"fc_params":    "125,450",
		"total":        "146,378",
		"fc_weights":   "(12544, 10)",
		"c1_shape":     "28 × 28 × 8",
		"p1_shape":     "13 × 13 × 8",
		"c2_shape":     "7 × 7 × 16",
		"d_params":     "3,925",
	}
	for id, display := range want {
		ka, ok := key.Answer(id)
		if !ok {
			t.Fatalf("no answer for %s", id)
		}
		if ka.Display != display {
			t.Errorf("%s: key %q, want %q", id, ka.Display, display)
		}
	}
}

// grade grades one answer with the given rubric settings on every question.
func grade(t *testing.T, key *Key, r *rubrics.Rubric, answers map[string]string) map[string]QuestionResult {
	t.Helper()
	sub := &submissions.Submission{Student: "s1", Answers: answers}
	res := New(key, r).Grade(sub)
	out := map[string]QuestionResult{}
	for _, q := range res.Questions {
		out[q.ID] = q
	}
	return out
}

func carryForwardRubric() *rubrics.Rubric {
	r := rubrics.Default()
	r.Defaults.CarryForward = true
	r.Defaults.CarryForwardCredit = 1
	return r
}

func TestGradeNetworkAnswers(t *testing.T) {
	key := loadQuiz(t)
	cases := []struct {
		name     string
		id       string
		answer   string
		status   Status
		feedback string // a part of the feedback that must appear
	}{
		{"seed notation", "conv1_shape", `CNV_1 = 60 \times 60 \times 32`, Correct, ""},
		{"named count", "conv1_params", "P_c = 2432", Correct, ""},
		{"grouped count", "total", "146,378", Correct, ""},
		{"seed weight matrix", "fc_weights", "(12544, 10)", Correct, ""},
		{"channels first", "conv1_shape", "32 × 60 × 60", Incorrect, "channels-first"},
		{"transposed weights", "fc_weights", "(10, 12544)", Incorrect, "transpose"},
		{"bias forgotten", "conv1_params", "2400", Incorrect, "forgot the biases"},
		{"channels left out", "conv1_params", "832", Incorrect, "spans all 3 input channels"},
		{"stride ignored", "conv2_shape", "28 × 28 × 64", Incorrect, "stride"},
		{"plus one forgotten", "conv2_shape", "13 × 13 × 64", Incorrect, "+ 1"},
		{"rounded up", "conv2_shape", "15 × 15 × 64", Incorrect, "floor"},
		{"padding ignored", "c1_shape", "26 × 26 × 8", Incorrect, "padding"},
		{"pool rounded up", "p1_shape", "14 × 14 × 8", Incorrect, "rounds it down"},
		{"flatten from wrong layer", "fc_params", "288010", Incorrect, "output of `pool1` (30 × 30 × 32 = 28,800 values); the layer is fed 12,544 values"},
		{"layer left out of total", "total", "143946", Incorrect, "`conv1`"},
		{"a layer's biases left out of the total", "total", "146368", Incorrect, "the 10 biases of `fc`"},
		{"pool has no parameters", "conv1_params", "0", Incorrect, ""},
		{"unreadable", "conv1_shape", "60 × × 32", Invalid, "^"},
		{"words", "total", "about 146k", Invalid, "about 146k"},
		{"missing", "total", "", Missing, "No answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := grade(t, key, rubrics.Default(), map[string]string{tc.id: tc.answer})[tc.id]
			if got.Status != tc.status {
				t.Fatalf("%s %q: status %s, want %s (feedback %q)", tc.id, tc.answer, got.Status, tc.status, got.Feedback)
			}
			if !strings.Contains(got.Feedback, tc.feedback) {
				t.Errorf("%s %q: feedback %q does not mention %q", tc.id, tc.answer, got.Feedback, tc.feedback)
			}
			if (got.Status == Correct) != (got.Score == got.MaxScore) {
				t.Errorf("score %v of %v with status %s", got.Score, got.MaxScore, got.Status)
			}
		})
	}
}

func TestCarryForward(t *testing.T) {
	key := loadQuiz(t)
	// The pool output is wrong (31 instead of 30); conv2, fc and the total are
	// computed correctly from it: floor((31-3)/2)+1 = 15; fc = 15*15*64*10+10.
	answers := map[string]string{
		"conv1_shape":  "60 × 60 × 32",
		"conv1_params": "2432",
		"pool_shape":   "31 × 31 × 32",
		"conv2_shape":  "15 × 15 × 64",
		"conv2_params": "18496",
		"fc_params":    "144010",
		"total":        "164938",
		"fc_weights":   "(14400, 10)",
		// second network: c1 wrong (26 for 28, padding ignored), p1 from it: floor((26-3)/2)+1 = 12
		"c1_shape": "26 × 26 × 8",
		"p1_shape": "12 × 12 × 8",
		"c2_shape": "6 × 6 × 16",
		"d_params": "2885",
	}
	with := grade(t, key, carryForwardRubric(), answers)
	without := grade(t, key, rubrics.Default(), answers)
	for _, id := range []string{"conv2_shape", "fc_params", "total", "fc_weights", "p1_shape", "c2_shape", "d_params"} {
		if with[id].Status != Correct || with[id].Score != with[id].MaxScore {
			t.Errorf("%s with carry_forward: %s %v (%s)", id, with[id].Status, with[id].Score, with[id].Feedback)
		}
		if !strings.Contains(with[id].Feedback, "Carried forward") {
			t.Errorf("%s: feedback %q does not say it was carried forward", id, with[id].Feedback)
		}
		if without[id].Status != Incorrect {
			t.Errorf("%s without carry_forward: %s, want incorrect", id, without[id].Status)
		}
	}
	if got := with["conv2_shape"].CarriedForward; len(got) != 1 || got[0] != "pool_shape" {
		t.Errorf("conv2_shape carried from %v, want [pool_shape]", got)
	}
	if !strings.Contains(with["conv2_shape"].Feedback, "pool_shape (31 × 31 × 32)") {
		t.Errorf("feedback does not name the earlier answer: %q", with["conv2_shape"].Feedback)
	}
	if with["pool_shape"].Status != Incorrect {
		t.Errorf("the wrong answer itself is %s", with["pool_shape"].Status)
	}
	// Partial carry-forward credit.
	r := carryForwardRubric()
	r.Defaults.CarryForwardCredit = 0.5
	half := grade(t, key, r, answers)
	if half["conv2_shape"].Status != Partial || half["conv2_shape"].Score != 0.5 {
		t.Errorf("half credit: %s %v", half["conv2_shape"].Status, half["conv2_shape"].Score)
	}
	// A later answer that is wrong even given the earlier one earns nothing.
	answers["conv2_shape"] = "16 × 16 × 64"
	if got := grade(t, key, carryForwardRubric(), answers)["conv2_shape"]; got.Status != Incorrect {
		t.Errorf("inconsistent later answer: %s", got.Status)
	}
}

func TestShapeOrderAny(t *testing.T) {
	key := loadQuiz(t)
	r := rubrics.Default()
	r.Defaults.ShapeOrder = "any"
	r.Defaults.WeightOrder = "any"
	got := grade(t, key, r, map[string]string{"conv1_shape": "(32, 60, 60)", "fc_weights": "(10, 12544)"})
	for _, id := range []string{"conv1_shape", "fc_weights"} {
		if q := got[id]; q.Status != Correct {
			t.Errorf("%s: %s (%s)", id, q.Status, q.Feedback)
		}
	}
}

func TestGradeClassIsDeterministic(t *testing.T) {
	key := loadQuiz(t)
	subs := []*submissions.Submission{
		{Student: "b", Answers: map[string]string{"total": "146378"}},
		{Student: "a", Answers: map[string]string{"total": "1"}},
	}
	g := New(key, rubrics.Default())
	c1, c2 := g.GradeClass(subs), g.GradeClass(subs)
	if c1.Students[0].Student != "a" {
		t.Errorf("students not sorted: %s first", c1.Students[0].Student)
	}
	if c1.MaxScore != 12 || c1.Students[1].Score != 1 {
		t.Errorf("max %v, b scored %v", c1.MaxScore, c1.Students[1].Score)
	}
	for i := range c1.Questions {
		if c1.Questions[i] != c2.Questions[i] {
			t.Errorf("question %d differs between runs", i)
		}
	}
}

func TestQuestionAsksForTheOtherFrameworksCount(t *testing.T) {
	src := `id = "fw"
[networks.seq]
input = [5, 10]
layers = [{ name = "lstm", type = "lstm", units = 20 }]

[[questions]]
id = "torch"
network = "seq"
layer = "lstm"
ask = "params"

[[questions]]
id = "keras"
network = "seq"
layer = "lstm"
ask = "params"
framework = "keras"
`
	set, err := problems.Load("fw.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int64{"torch": 2560, "keras": 2480} {
		if ka, _ := key.Answer(id); ka.Int != want {
			t.Errorf("%s: %d, want %d", id, ka.Int, want)
		}
	}
}

// TestSymbolicNetwork: a count on a network whose sizes are names is derived from
// the architecture, checked against the instructor's key, and graded as a formula.
func TestSymbolicNetwork(t *testing.T) {
	src, err := os.ReadFile("testdata/rnn.toml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := problems.Load("rnn.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	got := grade(t, key, rubrics.Default(), map[string]string{"2": "k(k+n+m+1)+m", "2b": "k(k+m)+k"})
	if got["2"].Status != Correct {
		t.Errorf("2: %s %q", got["2"].Status, got["2"].Feedback)
	}
	if q := got["2b"]; q.Status != Incorrect || !strings.Contains(q.Feedback, "n") {
		t.Errorf("2b: %s %q", q.Status, q.Feedback)
	}
	wrong := strings.Replace(string(src), `answer = "k^2 + k*n + k + m*k + m"`, `answer = "k^2 + k*n + m*k + m"`, 1)
	set, err = problems.Load("rnn.toml", []byte(wrong))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Solve(set); err == nil || !strings.Contains(err.Error(), `rnn.toml:12: question "2": the key "k^2 + k*n + m*k + m" is not the count the architecture gives`) {
		t.Errorf("a wrong hand-written key: %v", err)
	}
}

func TestPartialShapeNumberAndReceptiveField(t *testing.T) {
	src := `id = "misc"
[networks.n]
input = [32, 32, 3]
layers = [{ name = "c1", type = "conv2d", filters = 8, kernel = 3 }, { name = "c2", type = "conv2d", filters = 8, kernel = 3 }]

[[questions]]
id = "shape"
network = "n"
layer = "c1"
ask = "output_shape"

[[questions]]
id = "rf"
network = "n"
layer = "c2"
ask = "receptive_field"

[[questions]]
id = "lr"
kind = "number"
answer = "1/3"
`
	set, err := problems.Load("misc.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	r := rubrics.Default()
	r.Defaults.PartialShape = true
	r.Defaults.PartialShapeCredit = 0.6
	r.Defaults.SigFigs = 3
	cases := []struct {
		id, answer string
		status     Status
		score      float64
	}{
		{"shape", "30 × 30 × 16", Partial, 0.4}, // two of three axes right: 0.6 · 2/3
		{"shape", "31 × 31 × 16", Incorrect, 0},
		{"rf", "(5, 1, 2)", Correct, 1},
		{"rf", "size 5, jump 1, start 2", Correct, 1},
		{"rf", "size = 5, jump = 1", Incorrect, 0},
		{"rf", "(3, 1, 1)", Incorrect, 0},
		{"lr", "0.333", Correct, 1}, // three significant figures
		{"lr", "1/3", Correct, 1},
		{"lr", "0.33", Incorrect, 0},
	}
	for _, tc := range cases {
		got := grade(t, key, r, map[string]string{tc.id: tc.answer})[tc.id]
		if got.Status != tc.status || got.Score != tc.score {
			t.Errorf("%s %q: %s %v, want %s %v (%s)", tc.id, tc.answer, got.Status, got.Score, tc.status, tc.score, got.Feedback)
		}
	}
}
