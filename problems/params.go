package problems

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// Per-student values (FORMAT.md, "Per-student values"). A set's [params]
// table declares names whose values are drawn per student; a variant is the
// set with one draw's values written in (variant.go).

// Param is a per-student value: its name and the values it is drawn from.
type Param struct {
	Name    string
	Choices []int          // expanded: the list as written, or from, from+step, ..., to
	At      tomlfile.Value // where it is declared, for errors
}

// ParamValue is one param's value in a variant.
type ParamValue struct {
	Name  string
	Value int
}

// Values are a variant's values, in the order the params are declared.
type Values []ParamValue

// String is the values as messages show them: "f1 = 32, k1 = 5".
func (v Values) String() string {
	parts := make([]string, len(v))
	for i, p := range v {
		parts[i] = p.Name + " = " + strconv.Itoa(p.Value)
	}
	return strings.Join(parts, ", ")
}

// Key is a canonical form of the values, for maps: "f1=32;k1=5".
func (v Values) Key() string {
	var b strings.Builder
	for i, p := range v {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(p.Name + "=" + strconv.Itoa(p.Value))
	}
	return b.String()
}

// Map is the values by name.
func (v Values) Map() map[string]int {
	m := make(map[string]int, len(v))
	for _, p := range v {
		m[p.Name] = p.Value
	}
	return m
}

// Limits on [params], so that a set cannot ask for an enormous draw table.
const (
	// MaxChoices bounds one param's choices.
	MaxChoices = 10000
	// MaxParams bounds the params of a set.
	MaxParams = 32
	// maxParamValue bounds a value's magnitude, as layer sizes are bounded.
	maxParamValue = 1 << 31
	// MaxDrawAttempts is how many draws a student gets before Draw gives up:
	// a draw that breaks require or cannot be built is drawn again.
	MaxDrawAttempts = 1000
)

// HasParams reports whether the set declares per-student values: its key
// is then per student (Draw, Variant).
func (s *Set) HasParams() bool { return len(s.Params) > 0 }

// Combinations is the number of combinations of the params' values (the
// product of their choice counts), saturating at math.MaxInt; 1 for a set
// without params. Combinations that break require are counted too.
func (s *Set) Combinations() int {
	n := 1
	for _, p := range s.Params {
		c := len(p.Choices)
		if c > 0 && n > math.MaxInt/c {
			return math.MaxInt
		}
		n *= c
	}
	return n
}

// Combination returns the values of combination i (0 <= i < Combinations()),
// decoded in mixed radix with the last declared param varying fastest.
func (s *Set) Combination(i uint64) Values {
	v := make(Values, len(s.Params))
	for j := len(s.Params) - 1; j >= 0; j-- {
		p := s.Params[j]
		n := uint64(len(p.Choices))
		v[j] = ParamValue{Name: p.Name, Value: p.Choices[i%n]}
		i /= n
	}
	return v
}

// combinationCount is Combinations as a uint64, and whether it fits.
func (s *Set) combinationCount() (uint64, bool) {
	n := uint64(1)
	for _, p := range s.Params {
		c := uint64(len(p.Choices))
		if n > math.MaxUint64/c {
			return 0, false
		}
		n *= c
	}
	return n, true
}

// drawIndex is the combination a student's attempt draws:
// SHA-256(set id ‖ 0 ‖ seed ‖ 0 ‖ student ‖ 0 ‖ attempt in decimal), its
// first 8 bytes as a big-endian integer, modulo the number of combinations.
func (s *Set) drawIndex(student string, attempt int) uint64 {
	var buf [256]byte
	msg := append(buf[:0], s.ID...)
	msg = append(msg, 0)
	msg = append(msg, s.Seed...)
	msg = append(msg, 0)
	msg = append(msg, student...)
	msg = append(msg, 0)
	msg = strconv.AppendInt(msg, int64(attempt), 10)
	h := sha256.Sum256(msg)
	i := binary.BigEndian.Uint64(h[:8])
	if n, ok := s.combinationCount(); ok {
		i %= n
	}
	return i
}

// Draw returns a student's values: deterministic from the set's id, its
// seed and the student id (spaces around it trimmed, otherwise compared as
// given), uniform over the combinations. A draw that breaks a require
// condition or whose variant cannot be built is drawn again with the next
// attempt; after MaxDrawAttempts it is an error naming the student. A set
// without params draws no values.
func (s *Set) Draw(studentID string) (Values, error) {
	if !s.HasParams() {
		return nil, nil
	}
	student := strings.TrimSpace(studentID)
	if student == "" {
		return nil, fmt.Errorf("problem set %q has per-student values: a student id is needed to draw them", s.ID)
	}
	for attempt := 0; attempt < MaxDrawAttempts; attempt++ {
		v := s.Combination(s.drawIndex(student, attempt))
		if !s.meetsRequire(v) {
			continue
		}
		if _, err := s.Variant(v); err != nil {
			continue
		}
		return v, nil
	}
	return nil, fmt.Errorf("problem set %q: no values for student %q meet require and build after %d draws; check the set with nngrade validate", s.ID, student, MaxDrawAttempts)
}

// meetsRequire reports whether values meet every require condition; one
// that cannot be evaluated there (a division by zero) is not met.
func (s *Set) meetsRequire(v Values) bool {
	if s.variants == nil {
		return true
	}
	var buf [MaxParams]float64
	at := buf[:len(v)]
	for i, p := range v {
		at[i] = float64(p.Value) // the Env's variables are the params, in order
	}
	for _, c := range s.variants.conditions {
		ok, err := c.HoldsAt(at)
		if err != nil || !ok {
			return false
		}
	}
	return true
}

// MeetsRequire reports whether values meet every require condition.
func (s *Set) MeetsRequire(v Values) bool { return s.meetsRequire(v) }

// paramDecls is what [params] declares.
type paramDecls struct {
	params     []Param
	require    []string
	env        *expr.Env
	conditions []*expr.Condition
}

// paramDecls reads the [params] table: each param's choices (a list, or
// {from, to, step}) and the require conditions.
func (l *loader) paramDecls(doc *setDoc, md toml.MetaData) paramDecls {
	var d paramDecls
	if doc.Params == nil {
		return d
	}
	l.params = map[string]bool{}
	header, _ := l.f.Place("params")
	var names []string
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "params" && !slices.Contains(names, k[1]) {
			names = append(names, k[1])
		}
	}
	var requireAt []tomlfile.Value
	broken := map[string]bool{} // params whose choices are wrong
	l.brokenParams = broken
	for _, name := range names {
		raw := doc.Params[name]
		pl, _ := l.f.Place("params", name)
		if name == "require" {
			d.require, requireAt = l.requireList(raw, pl)
			continue
		}
		if name == "seed" {
			l.errorf(pl.Name, "seed is a key of the set, not a param: move seed = ... above the first table")
			continue
		}
		if !symbolPattern.MatchString(name) {
			l.errorf(pl.Name, "param name %q must start with a letter and use only letters, digits and _ (at most 16)", name)
			continue
		}
		if name == "and" || name == "or" {
			l.errorf(pl.Name, "param name %q joins require's conditions, so require could not use the param; rename it", name)
			continue
		}
		// A param whose choices are wrong is still a param where the set
		// uses it: its one error is reported, not an "unknown name" or "not
		// a param" at each use.
		l.params[name] = true
		choices, ok := l.choices(name, raw, pl)
		if !ok {
			broken[name] = true
			continue
		}
		if len(d.params) == MaxParams {
			l.errorf(pl.Name, "more than %d params", MaxParams)
			break
		}
		d.params = append(d.params, Param{Name: name, Choices: choices, At: pl.Value})
	}
	if len(d.params) == 0 && len(broken) == 0 {
		at := header.Key
		if !at.IsValid() {
			at = tomlfile.LinePos(1)
		}
		l.errorf(at, "[params] declares no params; add e.g. k = [3, 5] or s = { from = 28, to = 64, step = 4 }")
		return d
	}
	if len(broken) > 0 {
		// A condition that uses a param whose choices are wrong is not read:
		// that param's error is the one to fix.
		for i := 0; i < len(d.require); i++ {
			if slices.ContainsFunc(expr.ConditionNames(d.require[i]), func(n string) bool { return broken[n] }) {
				d.require = slices.Delete(d.require, i, i+1)
				requireAt = slices.Delete(requireAt, i, i+1)
				i--
			}
		}
		if len(d.params) == 0 {
			return d
		}
	}
	// The params are the variables of the require conditions, declared to
	// the expression language as integers over their range, so that a name
	// it cannot take (a function's, "exp") is refused here.
	env, err := l.paramEnv(&d)
	if err != nil {
		return d
	}
	d.env = env
	for i, src := range d.require {
		c, err := env.ParseCondition(src)
		if err != nil {
			if e, ok := requireAt[i].TextError("require: ", err); ok {
				l.errs.Add(e)
			} else {
				l.errorf(requireAt[i].Start, "require: %v", err)
			}
			continue
		}
		d.conditions = append(d.conditions, c)
	}
	return d
}

// paramEnv declares the params to the expression language as integers over
// their range, for the require conditions: a name it cannot take (a
// function's, "exp") is reported at the param and the param dropped.
func (l *loader) paramEnv(d *paramDecls) (*expr.Env, error) {
	for len(d.params) > 0 {
		var vars []expr.Var
		for _, p := range d.params {
			lo, hi := slices.Min(p.Choices), slices.Max(p.Choices)
			vars = append(vars, expr.Var{Name: p.Name, Domain: fmt.Sprintf("integer %d..%d", lo, hi)})
		}
		env, err := expr.NewEnv(vars, nil, expr.Options{Points: 8})
		if err == nil {
			return env, nil
		}
		de, ok := err.(*expr.DeclError)
		i := slices.IndexFunc(d.params, func(p Param) bool { return ok && p.Name == de.Name })
		if i < 0 {
			header, _ := l.f.Place("params")
			l.errorf(header.Key, "[params]: %v", err)
			return nil, err
		}
		pl, _ := l.f.Place("params", de.Name)
		l.errorf(pl.Name, "param %q: %v", de.Name, de.Err)
		delete(l.params, de.Name)
		d.params = slices.Delete(d.params, i, i+1)
	}
	return nil, fmt.Errorf("no params")
}

// requireList reads require = ["...", ...].
func (l *loader) requireList(raw any, pl tomlfile.Place) ([]string, []tomlfile.Value) {
	list, ok := raw.([]any)
	if !ok {
		l.errorf(pl.Value.Start, "require: want a list of conditions, e.g. require = [\"s - k + 1 >= 8\"], got %s", describe(raw))
		return nil, nil
	}
	var out []string
	var at []tomlfile.Value
	for i, e := range list {
		el, _ := l.f.Place("params", "require", i)
		s, ok := e.(string)
		if !ok {
			l.errorf(el.Key, "require: want a condition in quotes, e.g. \"s - k + 1 >= 8\", got %s", describe(e))
			continue
		}
		out = append(out, s)
		at = append(at, el.Value)
	}
	return out, at
}

// choices reads a param's values: a list of whole numbers, a table
// {from, to, step}, or one whole number.
func (l *loader) choices(name string, raw any, pl tomlfile.Place) ([]int, bool) {
	at := pl.Value.Start
	if !at.IsValid() {
		at = pl.Name
	}
	bad := func(format string, args ...any) ([]int, bool) {
		l.errorf(at, "param %q: %s", name, fmt.Sprintf(format, args...))
		return nil, false
	}
	value := func(v any) (int, error) {
		n, ok := v.(int64)
		if !ok {
			return 0, fmt.Errorf("want a whole number, got %s", describe(v))
		}
		if n < -maxParamValue || n > maxParamValue {
			return 0, fmt.Errorf("%d is out of range (at most %d in size)", n, int64(maxParamValue))
		}
		return int(n), nil
	}
	switch x := raw.(type) {
	case int64:
		n, err := value(x)
		if err != nil {
			return bad("%v", err)
		}
		return []int{n}, true
	case []any:
		if len(x) == 0 {
			return bad("no choices; list the values to draw from, e.g. %s = [3, 5]", name)
		}
		if len(x) > MaxChoices {
			return bad("%d choices; at most %d", len(x), MaxChoices)
		}
		out := make([]int, 0, len(x))
		for i, e := range x {
			n, err := value(e)
			if el, ok := l.f.Place("params", name, i); ok && el.Key.IsValid() {
				at = el.Key
			}
			if err != nil {
				return bad("choice %d: %v", i+1, err)
			}
			if slices.Contains(out, n) {
				return bad("%d is listed twice: each choice is drawn equally often, so list it once", n)
			}
			out = append(out, n)
		}
		return out, true
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if k != "from" && k != "to" && k != "step" {
				if kp, ok := l.f.Place("params", name, k); ok {
					at = kp.Name
				}
				return bad("unknown key %q in a range%s (a range is { from = 28, to = 64, step = 4 })", k, tomlfile.DidYouMean(k, []string{"from", "to", "step"}))
			}
		}
		get := func(k string, def int, required bool) (int, bool) {
			v, ok := x[k]
			if !ok {
				if required {
					bad("a range needs %q, as in { from = 28, to = 64, step = 4 }", k)
					return 0, false
				}
				return def, true
			}
			n, err := value(v)
			if err != nil {
				if kp, ok := l.f.Place("params", name, k); ok && kp.Value.Start.IsValid() {
					at = kp.Value.Start
				}
				bad("%s: %v", k, err)
				return 0, false
			}
			return n, true
		}
		from, ok1 := get("from", 0, true)
		to, ok2 := get("to", 0, true)
		step, ok3 := get("step", 1, false)
		if !ok1 || !ok2 || !ok3 {
			return nil, false
		}
		switch {
		case step < 1:
			return bad("step = %d: a step is at least 1", step)
		case to < from:
			return bad("to = %d is below from = %d; a range counts up from from to to", to, from)
		case (to-from)%step != 0:
			last := from + (to-from)/step*step
			return bad("to = %d is not reached from %d in steps of %d; the last value would be %d: make to = %d or %d", to, from, step, last, last, last+step)
		case (to-from)/step+1 > MaxChoices:
			return bad("%d choices; at most %d", (to-from)/step+1, MaxChoices)
		}
		var out []int
		for v := from; v <= to; v += step {
			out = append(out, v)
		}
		return out, true
	}
	return bad("want a list of choices, e.g. [16, 32, 64], or a range { from = 28, to = 64, step = 4 }; got %s", describe(raw))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// namesParam reports whether a layer or input value names a param: "k1",
// or a per-axis list holding one (["k1", 3]). Only the set as written is
// asked; a variant's values are numbers.
func (l *loader) namesParam(v any) bool {
	switch x := v.(type) {
	case string:
		return l.params[x]
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && l.params[s] {
				return true
			}
		}
	}
	return false
}

// checkParamUse checks, in the set as written, what a question does with
// params: a variable or define may not take a param's name (which would it
// be?), allow may not list one (in a variant it is a number, not a name an
// answer may use), and a {name} in its text must name a param.
func (l *loader) checkParamUse(i int, q *Question, label string) {
	if len(l.params) == 0 {
		return
	}
	for _, v := range q.Variables {
		if l.params[v.Name] {
			pl, _ := l.f.Place("questions", i, "variables", v.Name)
			l.errorf(pl.Name, "%s: variable %q has the name of a param: in a variant %s is a number; rename the variable", label, v.Name, v.Name)
		}
	}
	for _, d := range q.Define {
		if l.params[d.Name] {
			pl, _ := l.f.Place("questions", i, "define", d.Name)
			l.errorf(pl.Name, "%s: define %q has the name of a param: in a variant %s is a number; rename the define", label, d.Name, d.Name)
		}
	}
	for j, name := range q.Allow {
		if l.params[name] {
			at := tomlfile.LinePos(q.Line)
			if el, ok := l.f.Place("questions", i, "allow", j); ok && el.Key.IsValid() {
				at = el.Key
			}
			l.errorf(at, "%s: allow: %q is a param: in a variant it is a number, which an answer may always use; leave it out of allow", label, name)
		}
	}
	tv, _ := l.f.Place("questions", i, "text")
	names := make([]string, 0, len(l.params))
	for n := range l.params {
		if l.brokenParams[n] {
			continue // its own error is reported; suggest the params that work
		}
		names = append(names, n)
	}
	slices.Sort(names)
	forEachPlaceholder(q.Text, func(start, end int, name string) {
		if l.params[name] {
			return
		}
		msg := fmt.Sprintf("%s: text: {%s} is not a param%s (params: %s); write {{ and }} for braces themselves", label, name, tomlfile.DidYouMean(name, names), strings.Join(names, ", "))
		if tv.Value.Start.IsValid() {
			e := tv.Value.Error(start, msg)
			e.Pos.File = l.f.Name
			l.errs.Add(e)
			return
		}
		l.errorf(tomlfile.LinePos(q.Line), "%s", msg)
	})
}

// forEachPlaceholder calls visit for each {name} in a question text, with
// its byte offsets; {{ and }} are braces themselves and start none.
func forEachPlaceholder(text string, visit func(start, end int, name string)) {
	for i := 0; i < len(text); i++ {
		switch {
		case strings.HasPrefix(text[i:], "{{"), strings.HasPrefix(text[i:], "}}"):
			i++
		case text[i] == '{':
			j := strings.IndexByte(text[i+1:], '}')
			if j < 0 {
				return
			}
			name := text[i+1 : i+1+j]
			if placeholderName(name) {
				visit(i, i+j+2, name)
				i += j + 1
			}
		}
	}
}

// placeholderName reports whether the text between braces is a name, so a
// placeholder: {f1} is one, {1} and {a + b} are text.
func placeholderName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r != '_' && (r < '0' || r > '9')) {
			return false
		}
	}
	return true
}

// fillText writes a variant's values into a question text: {name} becomes
// the value, {{ and }} become { and }.
func fillText(text string, values map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch {
		case strings.HasPrefix(text[i:], "{{"):
			b.WriteByte('{')
			i++
		case strings.HasPrefix(text[i:], "}}"):
			b.WriteByte('}')
			i++
		case text[i] == '{':
			j := strings.IndexByte(text[i+1:], '}')
			if j >= 0 {
				if v, ok := values[text[i+1:i+1+j]]; ok {
					b.WriteString(v)
					i += j + 1
					continue
				}
			}
			b.WriteByte('{')
		default:
			b.WriteByte(text[i])
		}
	}
	return b.String()
}

// prefixed is errs with each message prefixed, for a variant's errors:
// "with f1 = 16, k1 = 5: ...".
func prefixed(errs diag.ErrorList, prefix string) diag.ErrorList {
	out := make(diag.ErrorList, len(errs))
	for i, e := range errs {
		c := *e
		c.Msg = prefix + c.Msg
		out[i] = &c
	}
	return out
}
