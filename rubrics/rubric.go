// Package rubrics loads grading rubrics (FORMAT.md): points, tolerances, shape
// order, known mistakes with their credit and feedback, partial and carry-forward
// credit. Loading is strict like every nngrade file.
package rubrics

import (
	"embed"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/problems/tomlfile"
)

// Settings are the grading settings of one question.
type Settings struct {
	Points float64
	// RelTol and AbsTol apply to real-valued answers; integer answers compare exactly.
	RelTol, AbsTol float64
	// SigFigs, when > 0, accepts a numeric answer rounded to this many significant figures.
	SigFigs int
	// ShapeOrder "strict" wants shapes as the problem writes them (channels last);
	// "any" also accepts channels-first.
	ShapeOrder string
	// ChannelsFirstCredit is the credit for a channels-first shape under "strict".
	ChannelsFirstCredit float64
	// WeightOrder "strict" wants a weight matrix as (in, out); "any" also accepts (out, in).
	WeightOrder string
	// PartialShape gives PartialShapeCredit × (axes right / axes) for a shape with some axes right.
	PartialShape       bool
	PartialShapeCredit float64
	// CarryForward credits an answer that is right given the student's own earlier
	// wrong answers, with CarryForwardCredit of the points.
	CarryForward       bool
	CarryForwardCredit float64
	// ShowAnswer lets feedback on a wrong answer reveal the key. nil: network and
	// number answers are shown (a student learns from the numbers), formula keys
	// are not (a student can try again).
	ShowAnswer *bool
	// FormulaTol is the relative tolerance of formula equivalence at test points (0: the engine's default).
	FormulaTol float64
	// Mistakes are known wrong answers, matched by equivalence, with their credit and feedback.
	Mistakes []Mistake
}

// Mistake is a known wrong answer.
type Mistake struct {
	Answer   string
	Credit   float64
	Feedback string
	Line     int // in the rubric file, for errors about the mistake itself
}

// Rubric is a loaded rubric.
type Rubric struct {
	ProblemSet string
	Source     string
	Defaults   Settings
	Questions  map[string]Settings // each already merged over Defaults
}

// DefaultSettings are what a question gets when no rubric says otherwise.
func DefaultSettings() Settings {
	return Settings{Points: 1, RelTol: 1e-9, ShapeOrder: "strict", WeightOrder: "strict",
		PartialShapeCredit: 1, CarryForwardCredit: 1}
}

// Default is the rubric of a set graded without one: one point a question.
func Default() *Rubric {
	return &Rubric{Defaults: DefaultSettings(), Questions: map[string]Settings{}}
}

// Reveal reports whether feedback may show the key of a wrong answer.
func (s Settings) Reveal(formula bool) bool {
	if s.ShowAnswer != nil {
		return *s.ShowAnswer
	}
	return !formula
}

// For returns the settings of a question.
func (r *Rubric) For(id string) Settings {
	if s, ok := r.Questions[id]; ok {
		return s
	}
	return r.Defaults
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

// LoadFile reads a rubric file; ids are the problem set's question ids.
func LoadFile(p string, ids []string) (*Rubric, error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return Load(p, src, ids)
}

// Load reads a rubric. ids are the question ids of the set it grades: a question
// the set does not have is an error with the closest id. Every problem is reported.
func Load(name string, src []byte, ids []string) (*Rubric, error) {
	if len(src) > 4<<20 {
		return nil, fmt.Errorf("%s: %d bytes is larger than a rubric may be", name, len(src))
	}
	var doc rubricDoc
	_, f, errs := tomlfile.Decode(name, src, &doc)
	if errs.Fatal() {
		return nil, errs
	}
	r := &Rubric{ProblemSet: doc.ProblemSet, Source: name, Questions: map[string]Settings{}}
	def := DefaultSettings()
	apply(f, &errs, []string{"defaults"}, &def, doc.Defaults)
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
			line, col := f.Locate([]string{"questions", id}, 0)
			errs.Add(f.At(line, col, fmt.Sprintf("the problem set has no question %q%s", id, tomlfile.DidYouMean(id, ids))))
			continue
		}
		s := def
		s.Mistakes = nil
		apply(f, &errs, []string{"questions", id}, &s, doc.Questions[id])
		r.Questions[id] = s
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// apply overlays the settings written in one table and checks their values.
func apply(f *tomlfile.File, errs *tomlfile.ErrorList, table []string, s *Settings, d settingsDoc) {
	bad := func(key, format string, args ...any) {
		line, col := f.Locate(append(append([]string(nil), table...), key), 0)
		errs.Add(f.At(line, col, fmt.Sprintf("%s: %s", key, fmt.Sprintf(format, args...))))
	}
	fraction := func(key string, v *float64, dst *float64) {
		if v == nil {
			return
		}
		if *v < 0 || *v > 1 {
			bad(key, "a credit is a fraction of the points, from 0 to 1; got %g", *v)
			return
		}
		*dst = *v
	}
	nonNegative := func(key string, v *float64, dst *float64) {
		if v == nil {
			return
		}
		if *v < 0 {
			bad(key, "must not be negative; got %g", *v)
			return
		}
		*dst = *v
	}
	nonNegative("points", d.Points, &s.Points)
	nonNegative("rel_tol", d.RelTol, &s.RelTol)
	nonNegative("abs_tol", d.AbsTol, &s.AbsTol)
	nonNegative("formula_tol", d.FormulaTol, &s.FormulaTol)
	if d.SigFigs != nil {
		if *d.SigFigs < 1 || *d.SigFigs > 15 {
			bad("sig_figs", "want 1 to 15 significant figures; got %d", *d.SigFigs)
		} else {
			s.SigFigs = *d.SigFigs
		}
	}
	order := func(key string, v *string, dst *string) {
		if v == nil {
			return
		}
		if *v != "strict" && *v != "any" {
			bad(key, "want \"strict\" or \"any\"; got %q%s", *v, tomlfile.DidYouMean(*v, []string{"strict", "any"}))
			return
		}
		*dst = *v
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
	mistakePath := append(append([]string(nil), table...), "mistakes")
	for i, m := range d.Mistakes {
		line, col := f.Locate(mistakePath, i)
		if m.Answer == "" {
			errs.Add(f.At(line, col, fmt.Sprintf("%s: a mistake needs answer = \"...\"", strings.Join(mistakePath, "."))))
			continue
		}
		mk := Mistake{Answer: m.Answer, Feedback: m.Feedback, Line: line}
		if m.Credit != nil {
			if *m.Credit < 0 || *m.Credit > 1 {
				cl, col := f.LocateIn(table, line, "credit")
				errs.Add(f.At(cl, col, fmt.Sprintf("credit: a fraction of the points, from 0 to 1; got %g", *m.Credit)))
				continue
			}
			mk.Credit = *m.Credit
		}
		s.Mistakes = append(s.Mistakes, mk)
	}
}

//go:embed bundled/*.toml
var bundledFS embed.FS

// Bundled returns the rubric that ships with a bundled problem set.
func Bundled(set string) (*Rubric, bool) {
	src, err := bundledFS.ReadFile(path.Join("bundled", set+".toml"))
	if err != nil {
		return nil, false
	}
	r, err := Load("bundled:"+set+".toml", src, nil)
	if err != nil {
		panic(fmt.Sprintf("the bundled rubric for %s does not load: %v", set, err)) // a build defect, caught by the tests
	}
	return r, true
}

// BundledSource returns a bundled rubric's TOML, so a test can check it against its set.
func BundledSource(set string) ([]byte, bool) {
	src, err := bundledFS.ReadFile(path.Join("bundled", set+".toml"))
	return src, err == nil
}
