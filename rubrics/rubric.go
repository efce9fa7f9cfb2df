// Package rubrics loads grading rubrics (FORMAT.md, "Rubric"): points,
// tolerances, shape and weight order, known mistakes with their credit and
// feedback, partial and carry-forward credit. Loading is strict like every nngrade
// file: an unknown key or question id is an error with its file:line:column and
// the closest valid spelling, and every problem in a file is reported at once.
//
// The package knows nothing of problem sets (it takes their question ids as a
// slice) and nothing of answers: a mistake's answer is stored as written, with its
// line, and the grader matches it by equivalence.
package rubrics

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// MaxPoints is the most a question may be worth: a class of many questions
// at this much each still totals well within what a score, kept to 4
// decimals in a 64-bit integer, can hold.
const MaxPoints = 1_000_000

// Settings are the grading settings of one question. The TOML key of each field
// is given in its comment; the zero Settings is not the default (see
// DefaultSettings).
type Settings struct {
	// Points is what the question is worth (points, default 1; 0 makes it
	// ungraded practice; never negative).
	Points float64
	// RelTol and AbsTol (rel_tol, abs_tol; defaults 1e-9 and 0) apply to
	// real-valued answers (number questions, receptive fields): right when
	// |got − want| <= AbsTol or |got − want| <= RelTol·|want| (the key), as
	// engine/tolerance.Equal decides. 0 means exact for each: rel_tol = 0 and
	// abs_tol = 0 accept only the key's value itself. Two rational numbers that
	// are equal (1/3 and 2/6) are always right, and integer answers (counts,
	// shapes) always compare exactly.
	RelTol, AbsTol float64
	// SigFigs (sig_figs, 1 to 15; 0 = off) also accepts a real-valued answer that
	// equals the key rounded to this many significant figures.
	SigFigs int
	// ShapeOrder (shape_order) is "strict" (default): a shape must be written in
	// the problem's order (channels last, H × W × C); or "any": a channels-first
	// shape (C × H × W, PyTorch's order) is also fully right.
	ShapeOrder string
	// ChannelsFirstCredit (channels_first_credit, 0 to 1, default 0) is the
	// credit for a channels-first shape under ShapeOrder "strict": its sizes are
	// right and only the order differs.
	ChannelsFirstCredit float64
	// WeightOrder (weight_order) is "strict" (default): a dense layer's weight
	// matrix as (inputs, outputs), a convolution's kernel as (kh, kw, in, out); or
	// "any": PyTorch's orders, (outputs, inputs) and (out, in, kh, kw), are also right.
	WeightOrder string
	// PartialShape (partial_shape, default false) gives a wrong shape with the
	// right number of axes PartialShapeCredit × (axes right ÷ axes), so that
	// 30 × 30 × 64 for 30 × 30 × 32 earns 2/3 of PartialShapeCredit.
	PartialShape bool
	// PartialShapeCredit (partial_shape_credit, 0 to 1, default 1) scales
	// PartialShape's fraction.
	PartialShapeCredit float64
	// CarryForward (carry_forward, default false) credits an answer that is wrong
	// but right given the student's own earlier wrong answers (conv2's shape from
	// the student's pool shape, the total from the student's layer counts), with
	// CarryForwardCredit (carry_forward_credit, 0 to 1, default 1) of the points.
	CarryForward       bool
	CarryForwardCredit float64
	// ShowAnswer (show_answer) lets feedback on a wrong answer reveal the key.
	// Unset (nil), network and number keys are shown (the numbers teach), formula
	// keys are not (the student can try again); see Reveal.
	ShowAnswer *bool
	// FormulaTol (formula_tol; unset = 0 here = the engine's default, 1e-9) is
	// the relative tolerance of formula equivalence at the test points; rel_tol
	// and abs_tol do not apply to formulas. Unlike rel_tol, formula_tol = 0 is an
	// error at load, not exact: two correct formulas written differently round
	// differently at a test point, so exact comparison there would mark right
	// answers wrong. Formulas that are polynomials are compared exactly whatever
	// FormulaTol says.
	FormulaTol float64
	// Mistakes (mistakes, an array of tables) are known wrong answers with their
	// credit and feedback, matched by the grader by equivalence, not by text.
	// They belong to a question: [defaults] cannot have them.
	Mistakes []Mistake
}

// Mistake is a known wrong answer: answer (required), credit (0 to 1, default 0)
// and feedback.
type Mistake struct {
	Answer   string
	Credit   float64
	Feedback string
	// Line is the mistake's line in the rubric file (0 when unknown).
	Line int
	// At is where the answer is written (zero when unknown), so that an answer
	// the grader cannot read is reported at its offending character:
	// At.TextError(prefix, err).
	At tomlfile.Value
}

// Rubric is a loaded rubric.
type Rubric struct {
	// ProblemSet is the rubric's problem_set key ("" when absent); the caller
	// checks it against the set it grades, with CheckSet.
	ProblemSet string
	// Source is the file name the rubric was loaded from ("" for Default).
	Source string
	// Defaults are the [defaults] table over DefaultSettings.
	Defaults Settings
	// Questions holds the settings of each question the rubric lists, already
	// merged: a key set in [questions."id"] overrides [defaults], an unset one
	// keeps it. Use For, which also covers unlisted questions.
	Questions map[string]Settings

	file   *tomlfile.File // for positioned errors after loading
	setPos diag.Pos       // where problem_set's value is written
}

// DefaultSettings are what a question gets when no rubric says otherwise.
func DefaultSettings() Settings {
	return Settings{Points: 1, RelTol: 1e-9, ShapeOrder: "strict", WeightOrder: "strict",
		PartialShapeCredit: 1, CarryForwardCredit: 1}
}

// Default is the rubric of a set graded without one: every question worth one
// point with DefaultSettings.
func Default() *Rubric {
	return &Rubric{Defaults: DefaultSettings(), Questions: map[string]Settings{}}
}

// Reveal reports whether feedback may show the key of a wrong answer; formula
// tells whether the question's answer is a formula.
func (s Settings) Reveal(formula bool) bool {
	if s.ShowAnswer != nil {
		return *s.ShowAnswer
	}
	return !formula
}

// For returns the settings of a question: its own merged over the defaults, or
// the defaults when the rubric does not list it.
func (r *Rubric) For(questionID string) Settings {
	if s, ok := r.Questions[questionID]; ok {
		return s
	}
	return r.Defaults
}

// CheckSet returns an error at the problem_set line when the rubric names a
// problem set other than setID; a rubric without problem_set fits any set.
func (r *Rubric) CheckSet(setID string) error {
	if r.ProblemSet == "" || r.ProblemSet == setID {
		return nil
	}
	msg := fmt.Sprintf("the rubric is for problem set %q, not %q", r.ProblemSet, setID)
	if r.file == nil {
		return fmt.Errorf("%s: %s", r.Source, msg)
	}
	return r.file.Error(r.setPos, msg)
}

// settingsDoc is one table of settings as written: pointers tell set from unset.
type settingsDoc struct {
	Points              *float64     `toml:"points"`
	RelTol              *float64     `toml:"rel_tol"`
	AbsTol              *float64     `toml:"abs_tol"`
	SigFigs             *int         `toml:"sig_figs"`
	ShapeOrder          *string      `toml:"shape_order"`
	ChannelsFirstCredit *float64     `toml:"channels_first_credit"`
	WeightOrder         *string      `toml:"weight_order"`
	PartialShape        *bool        `toml:"partial_shape"`
	PartialShapeCredit  *float64     `toml:"partial_shape_credit"`
	CarryForward        *bool        `toml:"carry_forward"`
	CarryForwardCredit  *float64     `toml:"carry_forward_credit"`
	ShowAnswer          *bool        `toml:"show_answer"`
	FormulaTol          *float64     `toml:"formula_tol"`
	Mistakes            []mistakeDoc `toml:"mistakes"`
}

type mistakeDoc struct {
	Answer   string   `toml:"answer"`
	Credit   *float64 `toml:"credit"`
	Feedback string   `toml:"feedback"`
}

type rubricDoc struct {
	ProblemSet string                 `toml:"problem_set"`
	Defaults   settingsDoc            `toml:"defaults"`
	Questions  map[string]settingsDoc `toml:"questions"`
}

// MaxSize bounds a rubric file; MaxNesting bounds its arrays and inline tables.
const (
	MaxSize    = 1 << 20
	MaxNesting = 16
)

// LoadFile reads a rubric file; ids are the question ids of the problem set it
// grades (nil: any id is accepted).
func LoadFile(path string, ids []string) (*Rubric, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Load(path, src, ids)
}

// Load reads a rubric named name (for errors) from src. ids are the question ids
// of the problem set it grades: a question the set does not have is an error
// with the closest id (nil ids accept any). Every problem is reported, as a
// diag.ErrorList sorted by line: syntax, unknown keys with a suggestion,
// values out of range (credit outside [0, 1], negative points or tolerances,
// shape_order or weight_order other than "strict" or "any", sig_figs outside 1 to
// 15, NaN or infinite numbers), mistakes without an answer or listed twice, and
// mistakes in [defaults]. The problem_set key is not checked here: see CheckSet.
func Load(name string, src []byte, ids []string) (*Rubric, error) {
	if len(src) > MaxSize {
		return nil, fmt.Errorf("%s: the rubric is %d bytes; at most %d are read", name, len(src), MaxSize)
	}
	if err := tomlfile.CheckNesting(name, src, MaxNesting); err != nil {
		return nil, diag.ErrorList{err}
	}
	var doc rubricDoc
	_, f, errs := tomlfile.Decode(name, src, &doc)
	if errs.Fatal() {
		errs.Sort()
		return nil, errs
	}
	r := &Rubric{ProblemSet: doc.ProblemSet, Source: name, Questions: map[string]Settings{}, file: f}
	if set, ok := f.Place("problem_set"); ok {
		r.setPos = set.Value.Start
	}
	c := checker{f: f, errs: &errs}
	def := DefaultSettings()
	c.apply([]string{"defaults"}, &def, doc.Defaults)
	if len(doc.Defaults.Mistakes) > 0 {
		at, _ := f.Nth(0, "defaults", "mistakes")
		errs.Add(f.Error(at.Key, "mistakes belong to a question ([[questions.\"id\".mistakes]]), not to [defaults]"))
		def.Mistakes = nil
	}
	r.Defaults = def
	qids := make([]string, 0, len(doc.Questions))
	for id := range doc.Questions {
		qids = append(qids, id)
	}
	sort.Strings(qids)
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = true
	}
	for _, id := range qids {
		if ids != nil && !known[id] {
			at, _ := f.Place("questions", id)
			errs.Add(f.Error(at.Name, fmt.Sprintf("the problem set has no question %q%s", id, tomlfile.DidYouMean(id, ids))))
			continue
		}
		q := def
		c.apply([]string{"questions", id}, &q, doc.Questions[id])
		r.Questions[id] = q
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// checker validates the values of settings tables, collecting every error.
type checker struct {
	f    *tomlfile.File
	errs *diag.ErrorList
}

// place is where the key at a path under table is set.
func (c checker) place(table []string, path ...any) tomlfile.Place {
	full := make([]any, 0, len(table)+len(path))
	for _, k := range table {
		full = append(full, k)
	}
	pl, _ := c.f.Place(append(full, path...)...)
	return pl
}

// bad reports a value error at the value of key in table.
func (c checker) bad(table []string, key, format string, args ...any) {
	c.errs.Add(c.f.Error(c.place(table, key).Value.Start, key+": "+fmt.Sprintf(format, args...)))
}

// apply overlays the settings written in one table on s and checks their values;
// a bad value is reported and leaves s as it was.
func (c checker) apply(table []string, s *Settings, d settingsDoc) {
	finite := func(key string, v *float64) bool {
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			c.bad(table, key, "want a finite number; got %g", *v)
			return false
		}
		return true
	}
	fraction := func(key string, v *float64, dst *float64) {
		if v == nil || !finite(key, v) {
			return
		}
		if *v < 0 || *v > 1 {
			c.bad(table, key, "a credit is a fraction of the points, from 0 to 1; got %g", *v)
			return
		}
		*dst = *v
	}
	nonNegative := func(key string, v *float64, dst *float64) {
		if v == nil || !finite(key, v) {
			return
		}
		if *v < 0 {
			c.bad(table, key, "must not be negative; got %g", *v)
			return
		}
		*dst = *v
	}
	order := func(key string, v *string, dst *string) {
		if v == nil {
			return
		}
		if *v != "strict" && *v != "any" {
			c.bad(table, key, "want \"strict\" or \"any\"; got %q%s", *v, tomlfile.DidYouMean(*v, []string{"strict", "any"}))
			return
		}
		*dst = *v
	}
	if d.Points != nil && *d.Points > MaxPoints {
		// Scores are kept to 4 decimals as whole numbers of ten-thousandths
		// (grader's roundScore, the item analysis's exact sums): past this a
		// class's totals would overflow them.
		c.bad(table, "points", "at most %d points a question; got %g", MaxPoints, *d.Points)
	} else {
		nonNegative("points", d.Points, &s.Points)
	}
	nonNegative("rel_tol", d.RelTol, &s.RelTol)
	nonNegative("abs_tol", d.AbsTol, &s.AbsTol)
	if d.FormulaTol != nil && *d.FormulaTol == 0 {
		// Unlike rel_tol, 0 cannot mean exact here: formulas are compared at test
		// points, where correct rewritings round differently.
		c.bad(table, "formula_tol", "0 would compare formulas exactly at test points, where two correct formulas written differently round differently; leave formula_tol unset for the default 1e-9, or give a tolerance such as 1e-12")
	} else {
		nonNegative("formula_tol", d.FormulaTol, &s.FormulaTol)
	}
	if d.SigFigs != nil {
		if *d.SigFigs < 1 || *d.SigFigs > 15 {
			c.bad(table, "sig_figs", "want 1 to 15 significant figures; got %d", *d.SigFigs)
		} else {
			s.SigFigs = *d.SigFigs
		}
	}
	order("shape_order", d.ShapeOrder, &s.ShapeOrder)
	order("weight_order", d.WeightOrder, &s.WeightOrder)
	fraction("channels_first_credit", d.ChannelsFirstCredit, &s.ChannelsFirstCredit)
	fraction("partial_shape_credit", d.PartialShapeCredit, &s.PartialShapeCredit)
	fraction("carry_forward_credit", d.CarryForwardCredit, &s.CarryForwardCredit)
	if d.PartialShape != nil {
		s.PartialShape = *d.PartialShape
	}
	if d.CarryForward != nil {
		s.CarryForward = *d.CarryForward
	}
	if d.ShowAnswer != nil {
		show := *d.ShowAnswer
		s.ShowAnswer = &show
	}
	s.Mistakes = c.mistakes(table, d.Mistakes)
}

// mistakes checks a question's known mistakes and records their lines.
func (c checker) mistakes(table []string, docs []mistakeDoc) []Mistake {
	mistakePath := append(append([]string(nil), table...), "mistakes")
	where := strings.Join(mistakePath, ".")
	var out []Mistake
	seen := map[string]int{} // answer without spaces -> its line
	for i, m := range docs {
		at := c.place(table, "mistakes", i)
		line := at.Key.Line
		if strings.TrimSpace(m.Answer) == "" {
			c.errs.Add(c.f.Error(at.Key, where+": a mistake needs answer = \"...\", the wrong answer it describes"))
			continue
		}
		credit := 0.0
		creditAt := c.place(table, "mistakes", i, "credit").Value
		if m.Credit != nil {
			switch v := *m.Credit; {
			case math.IsNaN(v) || math.IsInf(v, 0):
				c.errs.Add(c.f.Error(creditAt.Start, fmt.Sprintf("credit: want a finite number; got %g", v)))
				continue
			case v < 0 || v > 1:
				c.errs.Add(c.f.Error(creditAt.Start, fmt.Sprintf("credit: a credit is a fraction of the points, from 0 to 1; got %g", v)))
				continue
			}
			credit = *m.Credit
		}
		answerAt := c.place(table, "mistakes", i, "answer").Value
		key := strings.Join(strings.Fields(m.Answer), "")
		if first, dup := seen[key]; dup {
			c.errs.Add(c.f.Error(answerAt.Start, fmt.Sprintf("answer: %q is already a mistake of this question (line %d)", m.Answer, first)))
			continue
		}
		seen[key] = line
		out = append(out, Mistake{Answer: m.Answer, Credit: credit, Feedback: m.Feedback, Line: line, At: answerAt})
	}
	return out
}
