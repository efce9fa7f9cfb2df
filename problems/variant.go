package problems

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// A variant is the problem set with one draw's values written in. It is
// made where the file has been decoded: the values are substituted into a
// copy of the decoded document, which the loader then checks exactly as it
// checks a set as written. So a variant is checked as strictly as any set,
// and its errors keep the file's lines and columns.

// variantSource is what a set with params keeps to make its variants.
type variantSource struct {
	doc        setDoc // as decoded; never modified
	file       *tomlfile.File
	order      documentOrder
	env        *expr.Env // the params as integer variables, for require
	conditions []*expr.Condition

	mu    sync.Mutex
	cache map[string]*variantEntry // by Values.Key
}

// variantEntry is one variant, made once however many students share it.
type variantEntry struct {
	once sync.Once
	set  *Set
	err  error
}

// Variant returns the set with the given values written in: its networks
// built with them, its question texts with {name} replaced, its expression
// keys with each param's name replaced by its value. The values must give
// every param, in declaration order, one of its choices (as Draw and
// Combination return them). Variants are made once and cached (the last
// maxCachedVariants or so); Variant is safe for concurrent use. A set without params is its own variant (for
// no values). A variant that cannot be built is an error whose every
// problem is at its place in the file, prefixed with the values: "with
// f1 = 16, k1 = 5: network "cnn", layer "pool2" ...".
func (s *Set) Variant(v Values) (*Set, error) {
	if !s.HasParams() {
		if len(v) > 0 {
			return nil, fmt.Errorf("problem set %q has no params, but values %s were given", s.ID, v)
		}
		return s, nil
	}
	if err := s.checkValues(v); err != nil {
		return nil, err
	}
	return s.variant(v, true)
}

// maxCachedVariants bounds the variants a set keeps: each holds its own
// networks and questions, so a set with many combinations (validate builds
// up to MaxCheckedCombinations of them, a class draws one a student) would
// otherwise keep them all, hundreds of megabytes for a file of a few
// kilobytes. A variant dropped from the cache is made again when asked for.
const maxCachedVariants = 1024

// variant is the variant of checked values: the cached one, or one made
// now, and cached when keep is true.
func (s *Set) variant(v Values, keep bool) (*Set, error) {
	src := s.variants
	key := v.Key()
	src.mu.Lock()
	e, ok := src.cache[key]
	if !ok {
		e = &variantEntry{}
		if keep {
			if len(src.cache) >= maxCachedVariants {
				for k := range src.cache { // any one: those in use are held by their callers
					delete(src.cache, k)
					break
				}
			}
			src.cache[key] = e
		}
	}
	src.mu.Unlock()
	e.once.Do(func() { e.set, e.err = s.makeVariant(v) })
	return e.set, e.err
}

// checkValues reports values that are not a combination of the set's params.
func (s *Set) checkValues(v Values) error {
	if len(v) != len(s.Params) {
		return fmt.Errorf("problem set %q: %d values (%s) for %d params", s.ID, len(v), v, len(s.Params))
	}
	for i, p := range s.Params {
		if v[i].Name != p.Name {
			return fmt.Errorf("problem set %q: value %d is for %q, but param %d is %q", s.ID, i+1, v[i].Name, i+1, p.Name)
		}
		found := false
		for _, c := range p.Choices {
			if c == v[i].Value {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("problem set %q: %s = %d is not one of its choices", s.ID, p.Name, v[i].Value)
		}
	}
	return nil
}

func (s *Set) makeVariant(v Values) (*Set, error) {
	src := s.variants
	doc := substitute(&src.doc, v)
	l := &loader{f: src.file, broken: map[string]bool{}, paramNets: map[string]bool{}}
	set, err := l.load(s.Source, &doc, src.order)
	if err != nil {
		return nil, withValues(err, v)
	}
	set.Seed = s.Seed
	set.Values = v
	// An expression written with a param's name is no longer the text the
	// file holds at its place: a problem in it is reported at the question's
	// line, not at a column that would be wrong.
	for i := range set.Questions {
		q := &set.Questions[i]
		orig := src.doc.Questions[i]
		if a, ok := orig.Answer.(string); ok && a != q.Answer {
			q.AnswerAt = tomlfile.Value{}
		}
		if orig.Lhs != q.Lhs {
			q.LhsAt = tomlfile.Value{}
		}
		for j := range q.Define {
			if q.Define[j].Expr != orig.Define[q.Define[j].Name] {
				q.Define[j].At = tomlfile.Value{}
			}
		}
		for j := range q.Variables {
			if q.Variables[j].Domain != orig.Variables[q.Variables[j].Name] {
				q.Variables[j].At = tomlfile.Value{}
			}
		}
	}
	return set, nil
}

// substitute returns a copy of doc with values written in: in networks, a
// size that names a param (also inside a per-axis list) becomes its value;
// in question texts, {name} becomes the value ({{ and }} are braces); in
// expressions (answer, lhs, defines), a param's name as a token of the
// expression language becomes its value in parentheses; in a variable's
// domain, a bound or length that names a param becomes its value. doc is
// not changed.
func substitute(doc *setDoc, v Values) setDoc {
	ints := make(map[string]int64, len(v))
	texts := make(map[string]string, len(v))
	for _, p := range v {
		ints[p.Name] = int64(p.Value)
		texts[p.Name] = strconv.Itoa(p.Value)
	}
	out := *doc
	out.Params = nil
	out.Networks = make(map[string]networkDoc, len(doc.Networks))
	for name, net := range doc.Networks {
		c := net
		c.Input = substituteSizes(net.Input, ints)
		c.Layers = make([]map[string]any, len(net.Layers))
		for i, layer := range net.Layers {
			m := make(map[string]any, len(layer))
			for k, val := range layer {
				if k == "name" || k == "type" {
					m[k] = val
					continue
				}
				m[k] = substituteSize(val, ints)
			}
			c.Layers[i] = m
		}
		out.Networks[name] = c
	}
	out.Questions = make([]questionDoc, len(doc.Questions))
	for i, q := range doc.Questions {
		c := q
		c.Text = fillText(q.Text, texts)
		if a, ok := q.Answer.(string); ok {
			c.Answer, _ = expr.SubstituteNames(a, texts)
		}
		c.Lhs, _ = expr.SubstituteNames(q.Lhs, texts)
		if q.Variables != nil {
			c.Variables = make(map[string]string, len(q.Variables))
			for k, d := range q.Variables {
				c.Variables[k] = substituteDomain(d, texts)
			}
		}
		if q.Define != nil {
			c.Define = maps.Clone(q.Define)
			for k, d := range q.Define {
				c.Define[k], _ = expr.SubstituteNames(d, texts)
			}
		}
		out.Questions[i] = c
	}
	return out
}

// substituteDomain writes values into a variable's domain: a bound or a
// length that names a param ("integer 1..h", "vector d (0, 1)") becomes the
// value as digits, which is what a domain's bounds are. The domain's first
// word ("integer", "real", ...) is its kind, never a param.
func substituteDomain(domain string, texts map[string]string) string {
	var b strings.Builder
	first := true // the kind, the first word, is kept
	for i := 0; i < len(domain); {
		c := domain[i]
		startsName := isNameStart(c) && (i == 0 || !isNamePart(domain[i-1]) && domain[i-1] != '.')
		if !startsName {
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		for j < len(domain) && isNamePart(domain[j]) {
			j++
		}
		name := domain[i:j]
		if v, ok := texts[name]; ok && !first {
			b.WriteString(v)
		} else {
			b.WriteString(name)
		}
		first = false
		i = j
	}
	return b.String()
}

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNamePart(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' || c == '_' }

func substituteSizes(list []any, ints map[string]int64) []any {
	if list == nil {
		return nil
	}
	out := make([]any, len(list))
	for i, e := range list {
		out[i] = substituteSize(e, ints)
	}
	return out
}

func substituteSize(v any, ints map[string]int64) any {
	switch x := v.(type) {
	case string:
		if n, ok := ints[x]; ok {
			return n
		}
	case []any:
		return substituteSizes(x, ints)
	}
	return v
}

// MaxCheckedCombinations bounds the combinations CheckVariants builds: a set
// with more is checked on a sample of that many.
const MaxCheckedCombinations = 10000

// checkSampleSeed fixes the sample CheckVariants draws from a set with more
// than MaxCheckedCombinations combinations, so that validate says the same
// every time.
const checkSampleSeed = 0x6e6e6772616465 // "nngrade"

// CheckVariants builds the variant of every combination of the params'
// values that meets require (or, when there are more than
// MaxCheckedCombinations, of a sample of that many drawn from a fixed seed)
// and calls check, when it is not nil, on each variant built. It returns
// the first problem: the errors of the first variant that cannot be built
// or that check refuses, each prefixed with its values ("with f1 = 16,
// k1 = 5: ..."), or, when no combination checked meets require, an error at
// require. A combination that breaks require is no problem: it is never
// drawn. A set without params is checked as it is.
func (s *Set) CheckVariants(check func(*Set) error) error {
	if !s.HasParams() {
		if check == nil {
			return nil
		}
		return check(s)
	}
	n, fits := s.combinationCount()
	sampled := !fits || n > MaxCheckedCombinations
	var rng *rand.Rand
	count := n
	if sampled {
		rng = rand.New(rand.NewPCG(checkSampleSeed, uint64(len(s.Params))))
		count = MaxCheckedCombinations
	}
	met := 0
	for i := uint64(0); i < count; i++ {
		index := i
		if sampled {
			index = rng.Uint64()
		}
		v := s.Combination(index)
		if !s.meetsRequire(v) {
			continue
		}
		met++
		// Not kept: the variants checked are as many as the combinations, and
		// only those students draw are worth keeping.
		variant, err := s.variant(v, false)
		if err != nil {
			return err
		}
		if check == nil {
			continue
		}
		if err := check(variant); err != nil {
			return withValues(err, v)
		}
	}
	if met == 0 {
		pl, _ := s.variants.file.Place("params", "require")
		what := fmt.Sprintf("none of the %d combinations of the params' values meets require", count)
		if sampled {
			what = fmt.Sprintf("none of %d combinations sampled from the params' values meets require", count)
		}
		return s.variants.file.Error(pl.Key, what+": loosen a condition or widen the choices")
	}
	if missed := drawMissRate(met, count); missed > maxDrawMissRate {
		pl, _ := s.variants.file.Place("params", "require")
		of := fmt.Sprintf("of the %d combinations of the params' values", count)
		if sampled {
			of = fmt.Sprintf("of %d combinations sampled from the params' values", count)
		}
		return s.variants.file.Error(pl.Key, fmt.Sprintf("only %d %s meet require: a student's draw tries %d combinations, so %s would get no values; loosen a condition or widen the choices so that at least %d of them meet it",
			met, of, MaxDrawAttempts, describeRate(missed), minMet(count)))
	}
	return nil
}

// maxDrawMissRate is the largest chance, for one student, that none of the
// MaxDrawAttempts combinations drawn meets require that validate lets pass:
// about one student in a million.
const maxDrawMissRate = 1e-6

// drawMissRate is the chance that none of a student's MaxDrawAttempts draws
// meets require, when met of count combinations meet it.
func drawMissRate(met int, count uint64) float64 {
	return math.Pow(1-float64(met)/float64(count), MaxDrawAttempts)
}

// minMet is the fewest of count combinations that must meet require for
// drawMissRate to be at most maxDrawMissRate.
func minMet(count uint64) int {
	p := -math.Expm1(math.Log(maxDrawMissRate) / MaxDrawAttempts)
	return int(math.Ceil(p * float64(count)))
}

// describeRate says how many students a chance concerns: "45% of the
// students", "1 student in 3,000".
func describeRate(p float64) string {
	if p >= 0.01 {
		return fmt.Sprintf("%.0f%% of the students", 100*p)
	}
	return fmt.Sprintf("about 1 student in %d", int(math.Round(1/p)))
}

// placed is the place an error's text starts with: "file:line: " or
// "file:line:column: ".
var placed = regexp.MustCompile(`^[^:\n]+:\d+(?::\d+)?: `)

// withValues says which variant a problem is about: each message of err
// (a diag.ErrorList, a *diag.Error, errors joined, or a text that starts
// with its place) gets "with f1 = 16, k1 = 5: " after its place.
func withValues(err error, v Values) error {
	prefix := "with " + v.String() + ": "
	switch e := err.(type) {
	case diag.ErrorList:
		return prefixed(e, prefix)
	case *diag.Error:
		c := *e
		c.Msg = prefix + c.Msg
		return &c
	case interface{ Unwrap() []error }:
		var all []error
		for _, inner := range e.Unwrap() {
			all = append(all, withValues(inner, v))
		}
		return errors.Join(all...)
	}
	text := err.Error()
	if m := placed.FindString(text); m != "" {
		return errors.New(m + prefix + text[len(m):])
	}
	return errors.New(prefix + text)
}
