package grader

import (
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/expr"
)

// Formula, identity and asymptotic questions in a student edition.
//
// The environment an answer is read in (its variables and their domains, the
// defined names such as ε = log p − log q, the names an answer may use, the
// rubric's formula_tol) is part of the question and is kept as it is. The key
// is kept as a fingerprint (engine/expr's Fingerprint): its values at test
// points drawn from a seed the salt gives, as exact rationals or as cells of
// staggered grids, and a polynomial key's parts, each hashed under the salt;
// the checker computes the same from an answer and compares hashes, through
// expr's CompareFingerprint, which decides as Compare decides against the key
// and says it cannot be sure in the thin band at the tolerance's edge. The
// rubric's known mistakes are fingerprinted the same way, in the rubric's
// order. Their verdicts (a mistake's credit and feedback, the key's display
// that a right answer is shown) are sealed under the fingerprint's own values
// at its first points: an answer that matches opens them, no other can.
//
// An asymptotic question's answer is right when lhs − answer = O(small^order):
// no fingerprint of the key decides that, but the lhs is the question itself
// (the function the student expands), so it is kept as written and the check
// is full grading's CompareAsymptotic. The key is fingerprinted only to show
// it to an answer equal to it.

// SealedFormula is what a student edition keeps of a formula, identity or
// asymptotic question (FORMAT.md, "Student edition").
type SealedFormula struct {
	Variables  []SealedDecl `toml:"variables"`
	Define     []SealedDecl `toml:"define,omitempty"`
	Allow      []string     `toml:"allow,omitempty"`
	FormulaTol float64      `toml:"formula_tol,omitempty"`
	// Lhs, Small and Order: an asymptotic question's expansion.
	Lhs   string `toml:"lhs,omitempty"`
	Small string `toml:"small,omitempty"`
	Order int    `toml:"order,omitempty"`
	// Key is the key's fingerprint; Mistakes the rubric's known mistakes', in
	// the rubric's order.
	Key      SealedPrint   `toml:"key"`
	Mistakes []SealedPrint `toml:"mistakes,omitempty"`

	once  sync.Once
	state *formulaState
	err   error
}

// SealedDecl is a variable (name and domain) or a define (name and expression).
type SealedDecl struct {
	Name  string `toml:"name"`
	Value string `toml:"value"`
}

// SealedPrint is one fingerprint as the file keeps it.
type SealedPrint struct {
	Scheme    string `toml:"scheme"`
	Seed      int64  `toml:"seed"`
	Len       int    `toml:"len,omitempty"`
	Flags     string `toml:"flags,omitempty"` // words: rational, precise, poly
	Crossings int    `toml:"crossings,omitempty"`
	// Points are the test points: flags (x exact, f float64 finite, a
	// absolute cells; "-" for none), then the coordinates, exact.
	Points []string `toml:"points"`
	// Hashes are "name=match hash" of every value of the fingerprint.
	Hashes []string `toml:"hashes"`
	// Verdicts are "match:sealed" entries of the verdict an answer matching
	// this fingerprint gets, sealed under the fingerprint's values at its
	// first points.
	Verdicts []string `toml:"verdicts"`
}

// formulaSealer seals the expression kinds; form is "formula", "identity" or
// "asymptotic".
type formulaSealer struct{ form string }

// formulaForm names the form of an expression kind's question.
func formulaForm(k *expressionKind) string {
	switch k {
	case identityKind:
		return "identity"
	case asymptoticKind:
		return "asymptotic"
	}
	return "formula"
}

// verdictPoints are the points under whose values a print's verdict is sealed:
// the first where the answer's value can be computed opens it.
const verdictPoints = 2

var verdictName = regexp.MustCompile(`^(poly|p([0-9]+)(x|e[0-9]+(rf|af)[0-9]))$`)

// sealsVerdict reports whether a value of a fingerprint seals its verdict:
// its polynomial, and its exact values and fine cells at the first points
// (a match agrees with one of them; coarse cells never decide a match).
func sealsVerdict(name string) bool {
	if !verdictName.MatchString(name) {
		return false
	}
	if name == "poly" {
		return true
	}
	i, _ := strconv.Atoi(verdictName.FindStringSubmatch(name)[2])
	return i < verdictPoints
}

// formulaSeed is the seed of a question's test points: from the salt, so that
// one publication's fingerprints are useless the next.
func formulaSeed(keys sealKeys) uint64 {
	seed := binary.BigEndian.Uint64(keys.mac("seed", "points", "")) >> 1 // a TOML integer
	return max(seed, 1)
}

func (s formulaSealer) seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error {
	fk := q.formula
	question := fk.question
	sf := &SealedFormula{Allow: question.Allow, FormulaTol: q.settings.FormulaTol}
	for _, v := range fk.vars {
		sf.Variables = append(sf.Variables, SealedDecl{v.Name, v.Domain})
	}
	for _, d := range fk.defs {
		sf.Define = append(sf.Define, SealedDecl{d.Name, d.Expr})
	}
	if s.form == "asymptotic" {
		sf.Lhs, sf.Small, sf.Order = question.Lhs, question.Small, question.Order
	}
	keys := p.keys(q)
	seed := formulaSeed(keys)
	// The key's print seals no verdict: a right answer's is known without it
	// (formulaSealer.check), and whatever the key's values sealed could be
	// opened by anyone who has them: an identity's are its lhs's.
	var err error
	if sf.Key, err = sealPrint(keys, "key", fk.env, fk.answer, seed, nil); err != nil {
		return fmt.Errorf("the key: %w", err)
	}
	for i, m := range q.mistakes {
		mv := mistakeVerdict(verdict{}, m.Mistake)
		v := sealedVerdict{Status: mv.status, Score: roundScore(q.settings.Points * mv.credit), Feedback: strings.Join(mv.feedback, "\n")}
		mp, err := sealPrint(keys, "mistake:"+strconv.Itoa(i), fk.env, m.answer.formula, seed, &v)
		if err != nil {
			return fmt.Errorf("known mistake %q: %w", m.Answer, err)
		}
		sf.Mistakes = append(sf.Mistakes, mp)
	}
	sq.Formula = sf
	// Any answer that is neither the key nor a known mistake: its feedback
	// is worked out when it is checked (formulaSealer.check).
	sq.Classes = []SealedClass{{Status: Incorrect}}
	return nil
}

// sealPrint fingerprints x and seals v, if any, under its first values.
func sealPrint(keys sealKeys, name string, env *expr.Env, x *expr.Expr, seed uint64, v *sealedVerdict) (SealedPrint, error) {
	fp, err := env.Fingerprint(x, seed)
	if err != nil {
		return SealedPrint{}, err
	}
	sp := SealedPrint{Scheme: expr.FingerprintScheme, Seed: int64(seed), Len: fp.Len, Crossings: fp.Crossings}
	var flags []string
	for _, f := range []struct {
		on   bool
		word string
	}{{fp.Rational, "rational"}, {fp.Precise, "precise"}, {fp.Poly, "poly"}} {
		if f.on {
			flags = append(flags, f.word)
		}
	}
	sp.Flags = strings.Join(flags, " ")
	for _, pt := range fp.Points {
		sp.Points = append(sp.Points, encodePoint(pt))
	}
	for value, canon := range fp.Values {
		sp.Hashes = append(sp.Hashes, value+"="+keys.match("fp:"+name+":"+value, canon))
		if v != nil && sealsVerdict(value) {
			entry, err := keys.seal("verdict:"+name+":"+value, canon, *v)
			if err != nil {
				return SealedPrint{}, err
			}
			sp.Verdicts = append(sp.Verdicts, entry)
		}
	}
	slices.Sort(sp.Hashes)
	slices.Sort(sp.Verdicts)
	return sp, nil
}

func encodePoint(pt expr.FingerprintPoint) string {
	var b strings.Builder
	for _, f := range []struct {
		on bool
		c  byte
	}{{pt.Exact, 'x'}, {pt.Float, 'f'}, {pt.Abs, 'a'}} {
		if f.on {
			b.WriteByte(f.c)
		}
	}
	if b.Len() == 0 {
		b.WriteByte('-')
	}
	for _, v := range pt.At {
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	return b.String()
}

func decodePoint(s string, width int) (expr.FingerprintPoint, error) {
	fields := strings.Fields(s)
	if len(fields) != width+1 || strings.Trim(fields[0], "xfa-") != "" {
		return expr.FingerprintPoint{}, fmt.Errorf("point %q is not flags (x, f, a or -) and %d coordinates", s, width)
	}
	pt := expr.FingerprintPoint{Exact: strings.Contains(fields[0], "x"), Float: strings.Contains(fields[0], "f"), Abs: strings.Contains(fields[0], "a")}
	for _, f := range fields[1:] {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return pt, fmt.Errorf("point %q: coordinate %q is not a number", s, f)
		}
		pt.At = append(pt.At, v)
	}
	return pt, nil
}

// formulaState is a loaded SealedFormula made ready for checking: its
// environment, its lhs and its fingerprints.
type formulaState struct {
	env      *expr.Env
	lhs      *expr.Expr
	key      sealedPrint
	mistakes []sealedPrint
}

// sealedPrint is a SealedPrint decoded: the fingerprint without its values,
// and the hashes and verdicts that stand for them.
type sealedPrint struct {
	name     string
	fp       *expr.Fingerprint
	hashes   map[string]string
	verdicts map[string]string
}

var hashEntry = regexp.MustCompile(`^[^=\s]+=[0-9a-f]{32}$`)

// load builds the state once; its error says what in the question is wrong.
func (sf *SealedFormula) load() (*formulaState, error) {
	sf.once.Do(func() { sf.state, sf.err = sf.build() })
	return sf.state, sf.err
}

func (sf *SealedFormula) build() (*formulaState, error) {
	if len(sf.Variables) == 0 {
		return nil, errors.New("the formula has no variables")
	}
	var vars []expr.Var
	for _, v := range sf.Variables {
		vars = append(vars, expr.Var{Name: v.Name, Domain: v.Value})
	}
	var defs []expr.Define
	for _, d := range sf.Define {
		defs = append(defs, expr.Define{Name: d.Name, Expr: d.Value})
	}
	if sf.FormulaTol < 0 {
		return nil, fmt.Errorf("formula_tol %v: a tolerance is positive, or 0 for the default", sf.FormulaTol)
	}
	env, err := expr.NewEnv(vars, defs, expr.Options{Allow: sf.Allow, RelTol: sf.FormulaTol})
	if err != nil {
		return nil, err
	}
	st := &formulaState{env: env}
	if sf.Lhs != "" {
		if st.lhs, err = env.Parse(sf.Lhs); err != nil {
			return nil, fmt.Errorf("lhs: %v", err)
		}
	}
	width := 0
	for _, v := range vars {
		d, _ := expr.ParseDomain(v.Domain)
		width += max(d.Size(), 1)
	}
	if st.key, err = decodePrint("key", sf.Key, width); err != nil {
		return nil, fmt.Errorf("key: %v", err)
	}
	for i, m := range sf.Mistakes {
		mp, err := decodePrint("mistake:"+strconv.Itoa(i), m, width)
		if err != nil {
			return nil, fmt.Errorf("mistakes[%d]: %v", i, err)
		}
		st.mistakes = append(st.mistakes, mp)
	}
	return st, nil
}

func decodePrint(name string, sp SealedPrint, width int) (sealedPrint, error) {
	if sp.Scheme != expr.FingerprintScheme {
		return sealedPrint{}, fmt.Errorf("scheme %q: this nngrade checks fingerprints of scheme %q; publish the edition again", sp.Scheme, expr.FingerprintScheme)
	}
	fp := &expr.Fingerprint{Seed: uint64(sp.Seed), Len: sp.Len, Crossings: sp.Crossings}
	for _, f := range strings.Fields(sp.Flags) {
		switch f {
		case "rational":
			fp.Rational = true
		case "precise":
			fp.Precise = true
		case "poly":
			fp.Poly = true
		default:
			return sealedPrint{}, fmt.Errorf("flags: %q is not rational, precise or poly", f)
		}
	}
	for _, s := range sp.Points {
		pt, err := decodePoint(s, width)
		if err != nil {
			return sealedPrint{}, err
		}
		fp.Points = append(fp.Points, pt)
	}
	out := sealedPrint{name: name, fp: fp, hashes: map[string]string{}, verdicts: entryMap(sp.Verdicts)}
	for _, h := range sp.Hashes {
		if !hashEntry.MatchString(h) {
			return sealedPrint{}, fmt.Errorf("hash %q is not a value's name, =, and 32 hex digits", h)
		}
		value, hash, _ := strings.Cut(h, "=")
		out.hashes[value] = hash
	}
	for _, e := range sp.Verdicts {
		if !entryPattern.MatchString(e) {
			return sealedPrint{}, fmt.Errorf("verdict %q is not a sealed entry (32 hex digits, a colon, URL-safe base64)", e)
		}
	}
	return out, nil
}

// printKey answers CompareFingerprint's questions from a print's hashes.
type printKey struct {
	keys  sealKeys
	print *sealedPrint
}

func (k printKey) Matches(name, canon string) bool {
	h, ok := k.print.hashes[name]
	return ok && h == k.keys.match("fp:"+k.print.name+":"+name, canon)
}

// compare is CompareFingerprint against the print.
func (sp *sealedPrint) compare(env *expr.Env, keys sealKeys, ans *expr.Expr) expr.Verdict {
	return env.CompareFingerprint(sp.fp, printKey{keys, sp}, ans)
}

// open finds the verdict sealed for an answer that matches the print.
func (sp *sealedPrint) open(env *expr.Env, keys sealKeys, ans *expr.Expr) (sealedVerdict, bool, error) {
	for i := 0; i < verdictPoints; i++ {
		values := env.AnswerValues(sp.fp, ans, i)
		names := make([]string, 0, len(values))
		for name := range values {
			if sealsVerdict(name) {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		for _, name := range names {
			var v sealedVerdict
			ok, err := keys.open(sp.verdicts, "verdict:"+sp.name+":"+name, values[name], &v)
			if ok || err != nil {
				return v, ok, err
			}
		}
	}
	return sealedVerdict{}, false, nil
}

func (formulaSealer) validate(sq *StudentQuestion) error {
	if sq.Formula == nil {
		return errors.New("a formula question needs its [questions.formula] table")
	}
	_, err := sq.Formula.load()
	return err
}

func (formulaSealer) read(sq *StudentQuestion, raw string) (reading, error) {
	if sq.Formula == nil {
		return reading{}, errors.New("the question has no formula table")
	}
	st, err := sq.Formula.load()
	if err != nil {
		return reading{}, err
	}
	got, err := st.env.Parse(raw)
	return reading{formula: got}, err
}

func (formulaSealer) readAs(_ *StudentQuestion, got reading) string { return got.formula.String() }

// check gives an answer the verdict full grading gives it under the student
// policy (judge with expressionKind.compareForStudent): right, the first known
// mistake it is, or wrong with the student's diagnosis; review where the
// fingerprints cannot be sure.
func (s formulaSealer) check(c *sealedQuestion, got reading) (sealedVerdict, error) {
	sf := c.sq.Formula
	st, err := sf.load()
	if err != nil {
		return sealedVerdict{}, err
	}
	ans := got.formula
	var res expr.Verdict
	if s.form == "asymptotic" {
		res = st.env.CompareAsymptotic(st.lhs, ans, sf.Small, sf.Order)
	} else {
		res = st.key.compare(st.env, c.keys, ans)
	}
	if res.Equivalent {
		// Full grading's verdict on a right formula: full credit, and the key
		// only where the rubric's show_answer shows it (Grader.showAnswer).
		return sealedVerdict{Status: Correct, Score: roundScore(c.sq.Points), Expected: c.sq.Answer}, nil
	}
	_, review, notes := formulaNotes(res, ans.String(), true, c.sq.Answer)
	if review {
		return sealedVerdict{Status: Review, Feedback: strings.Join(notes, "\n"), Expected: c.sq.Answer}, nil
	}
	for i := range st.mistakes {
		m := &st.mistakes[i]
		mr := m.compare(st.env, c.keys, ans)
		if mr.Undecided {
			return sealedVerdict{Status: Review, Feedback: fmt.Sprintf("Read as %s.\n%s", ans.String(), expr.UnsureDiagnosis), Expected: c.sq.Answer}, nil
		}
		if !mr.Equivalent {
			continue
		}
		v, ok, err := m.open(st.env, c.keys, ans)
		if err != nil {
			return v, err
		}
		if !ok {
			return v, errors.New("a known mistake's verdict does not open with an answer that matches it (the file was changed after it was published)")
		}
		v.Feedback = joinFeedback(v.Feedback, strings.Join(notes, "\n"))
		v.Expected = c.sq.Answer
		return v, nil
	}
	return sealedVerdict{Status: Incorrect, Feedback: strings.Join(notes, "\n"), Expected: c.sq.Answer, Note: true}, nil
}

// ValuesFoundPointByPoint lists the questions whose key is a rational
// function of integer variables sealed under a rubric's formula_tol: its
// values are then cells hashed point by point (expr.Fingerprint seals exact
// values together only when no tolerance is set), so a student can find the
// key's value at one point by trying values there, and rebuild a polynomial
// key from a few points. publish warns of them.
func (ed *StudentEdition) ValuesFoundPointByPoint() []string {
	var ids []string
	for _, q := range ed.Questions {
		if f := q.Formula; f != nil && f.FormulaTol != 0 && slices.Contains(strings.Fields(f.Key.Flags), "rational") {
			ids = append(ids, q.ID)
		}
	}
	return ids
}
