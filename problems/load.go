package problems

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// MaxFileSize bounds a problem-set file; a larger one is refused before parsing.
const MaxFileSize = 4 << 20

type setDoc struct {
	// Edition is set only in a student edition, which Load refuses.
	Edition   string                `toml:"edition"`
	ID        string                `toml:"id"`
	Title     string                `toml:"title"`
	Seed      string                `toml:"seed"`
	Params    paramsDoc             `toml:"params"`
	Networks  map[string]networkDoc `toml:"networks"`
	Questions []questionDoc         `toml:"questions"`
}

// paramsDoc is the [params] table as decoded. It decodes itself, so that
// the keys of a range ({ from, to, step }) count as read: the loader checks
// them (paramDecls), with its own messages.
type paramsDoc map[string]any

func (p *paramsDoc) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("[params] must be a table: a line [params], then one name = [choices] a line, not %s", describe(v))
	}
	*p = m
	return nil
}

type networkDoc struct {
	Input     []any            `toml:"input"`
	Framework string           `toml:"framework"`
	Layers    []map[string]any `toml:"layers"`
}

type questionDoc struct {
	ID        string            `toml:"id"`
	Kind      string            `toml:"kind"`
	Text      string            `toml:"text"`
	Network   string            `toml:"network"`
	Layer     string            `toml:"layer"`
	Ask       string            `toml:"ask"`
	Framework string            `toml:"framework"`
	Variables map[string]string `toml:"variables"`
	Define    map[string]string `toml:"define"`
	Lhs       string            `toml:"lhs"`
	Answer    any               `toml:"answer"`
	Allow     []string          `toml:"allow"`
	Small     string            `toml:"small"`
	Order     int               `toml:"order"`
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// loader holds one file's state while it is checked.
type loader struct {
	f      *tomlfile.File
	errs   diag.ErrorList
	broken map[string]bool // networks with errors of their own: not worth building
	// params are the names [params] declares, while the set as written (not
	// a variant) is checked: a size that names one is per student, so its
	// network is built per variant (paramNets), not here.
	params    map[string]bool
	paramNets map[string]bool
	// brokenParams are the params (in params too) whose choices are wrong:
	// their uses are not errors, but messages suggest only the sound ones.
	brokenParams map[string]bool
}

func (l *loader) errorf(pos diag.Pos, format string, args ...any) {
	l.errs.Add(l.f.Error(pos, fmt.Sprintf(format, args...)))
}

// LoadFile reads and loads a problem-set file.
func LoadFile(path string) (*Set, error) {
	set, err := LoadFileAll(path)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// LoadFileAll is LoadAll for a file.
func LoadFileAll(path string) (*Set, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		if studentEditionHead(path) {
			return nil, &StudentEditionError{Name: path}
		}
		return nil, fmt.Errorf("%s: %d bytes is larger than a problem set may be (%d)", path, info.Size(), MaxFileSize)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return LoadAll(path, src)
}

// Load reads a problem set from TOML source. Its error is a diag.ErrorList
// holding every problem found, sorted by place.
func Load(name string, src []byte) (*Set, error) {
	set, err := LoadAll(name, src)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// LoadAll is Load for a validator: with its errors it also returns the part of
// the set that loaded cleanly (the networks and questions without errors of
// their own, and no question on a network that has some), so that that part's
// keys can be solved and checked too and every problem reported at once. The
// set is nil when the file cannot be parsed at all.
func LoadAll(name string, src []byte) (*Set, error) {
	if len(src) > MaxFileSize {
		if declaresStudentEdition(src[:editionHeadSize]) {
			return nil, &StudentEditionError{Name: name}
		}
		return nil, fmt.Errorf("%s: %d bytes is larger than a problem set may be (%d)", name, len(src), MaxFileSize)
	}
	var doc setDoc
	md, f, errs := tomlfile.Decode(name, src, &doc)
	l := &loader{f: f, errs: errs, broken: map[string]bool{}, paramNets: map[string]bool{}}
	if errs.Fatal() {
		return nil, errs
	}
	if md.IsDefined("edition") {
		if doc.Edition == "student" {
			return nil, &StudentEditionError{Name: name}
		}
		pl, _ := f.Place("edition")
		l.errorf(pl.Name, "unknown key \"edition\": a problem set has none (a sealed student edition has edition = \"student\")")
	}
	order := keyOrder(md)
	params := l.paramDecls(&doc, md)
	set, err := l.load(name, &doc, order)
	if set != nil {
		set.Seed = doc.Seed
	}
	if set != nil && len(params.params) > 0 {
		set.Params, set.Require = params.params, params.require
		set.variants = &variantSource{doc: doc, file: f, order: order, env: params.env, conditions: params.conditions, cache: map[string]*variantEntry{}}
	}
	return set, err
}

// load checks a decoded set: the set as written, or a variant's document
// with its values written in (variant.go). Its errors are every problem
// found, sorted; with them it returns the part of the set that loaded cleanly.
func (l *loader) load(name string, doc *setDoc, order documentOrder) (*Set, error) {
	f := l.f
	set := &Set{ID: doc.ID, Title: doc.Title, Source: name}
	switch {
	case doc.ID == "":
		l.errorf(tomlfile.LinePos(1), "the problem set has no id; add a line such as id = \"hw8\"")
	case !idPattern.MatchString(doc.ID):
		id, _ := f.Place("id")
		l.errorf(id.Value.Start, "id %q may use only letters, digits, - and _", doc.ID)
	}
	for _, name := range order.networks {
		set.Networks = append(set.Networks, l.network(name, doc.Networks[name]))
	}
	seen := map[string]int{}
	brokenQuestions := map[int]bool{}
	for i, qd := range doc.Questions {
		var vars, defs []string
		if i < len(order.questionVars) {
			vars, defs = order.questionVars[i], order.questionDefs[i]
		}
		before := len(l.errs)
		q := l.question(set, i, qd, vars, defs)
		if len(l.errs) > before {
			brokenQuestions[i] = true
		}
		if prev, dup := seen[q.ID]; dup && q.ID != "" {
			l.errorf(tomlfile.LinePos(q.Line), "question id %q is used twice (first at line %d)", q.ID, prev)
		}
		seen[q.ID] = q.Line
		set.Questions = append(set.Questions, q)
	}
	if len(doc.Questions) == 0 {
		l.errorf(diag.Pos{}, "the problem set has no [[questions]]")
	}
	for _, net := range set.Networks {
		if l.paramNets[net.Name] {
			continue // its sizes are per student: each variant builds it
		}
		// One network at a time, to know which ones cannot be built.
		before := len(l.errs)
		l.buildNetworks(&Set{Networks: []nn.Network{net}})
		if len(l.errs) > before || !l.complete(net) {
			l.broken[net.Name] = true
		}
	}
	l.errs.Sort()
	if err := l.errs.Err(); err != nil {
		return l.clean(set, brokenQuestions), err
	}
	return set, nil
}

// clean is the part of set free of errors: the networks that are not broken and
// the questions that are neither broken themselves nor on a broken network. A
// network sized by params is left out too: it is built only in a variant.
func (l *loader) clean(set *Set, brokenQuestions map[int]bool) *Set {
	part := &Set{ID: set.ID, Title: set.Title, Source: set.Source}
	for _, net := range set.Networks {
		if !l.broken[net.Name] && !l.paramNets[net.Name] {
			part.Networks = append(part.Networks, net)
		}
	}
	for i, q := range set.Questions {
		if brokenQuestions[i] || q.Network != "" && l.broken[q.Network] {
			continue
		}
		if _, ok := part.Network(q.Network); q.Network != "" && !ok {
			continue
		}
		part.Questions = append(part.Questions, q)
	}
	return part
}

// documentOrder is the order in which tables and inline-table keys appear in the
// file: Go maps forget it, and networks, variables and definitions should keep it.
type documentOrder struct {
	networks     []string
	questionVars [][]string
	questionDefs [][]string
}

func keyOrder(md toml.MetaData) documentOrder {
	var o documentOrder
	seenNet := map[string]bool{}
	q := -1
	for _, k := range md.Keys() {
		switch {
		case len(k) >= 2 && k[0] == "networks" && !seenNet[k[1]]:
			seenNet[k[1]] = true
			o.networks = append(o.networks, k[1])
		case len(k) == 1 && k[0] == "questions":
			q++
			o.questionVars = append(o.questionVars, nil)
			o.questionDefs = append(o.questionDefs, nil)
		case len(k) == 3 && k[0] == "questions" && q >= 0 && k[1] == "variables":
			o.questionVars[q] = append(o.questionVars[q], k[2])
		case len(k) == 3 && k[0] == "questions" && q >= 0 && k[1] == "define":
			o.questionDefs[q] = append(o.questionDefs[q], k[2])
		}
	}
	return o
}

// StudentEditionError is Load's error for a sealed student edition (a file
// with edition = "student", written by nngrade publish): it holds no key, so
// it cannot be solved, summarised or graded in bulk.
type StudentEditionError struct {
	Name string
}

func (e *StudentEditionError) Error() string {
	return fmt.Sprintf("%s is a sealed student edition: it holds no answers, so it cannot be solved or graded in bulk; use the instructor's problem set, or check one submission with: nngrade check %s ANSWERS", e.Name, e.Name)
}

// A student edition may be larger than a problem set (grader's
// MaxStudentEditionSize): one too large to be a set is still recognised, by
// its head, so that the caller can load it as an edition rather than refuse
// it as an oversized set.
const editionHeadSize = 64 << 10

// editionLine is the top-level key a student edition declares itself by.
var editionLine = regexp.MustCompile(`^edition\s*=\s*("student"|'student')\s*(#.*)?$`)

// declaresStudentEdition reports whether the top-level keys at the head of a
// TOML file (the lines before its first table) include edition = "student".
func declaresStudentEdition(head []byte) bool {
	for _, line := range strings.Split(string(head), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "["):
			return false
		case editionLine.MatchString(line):
			return true
		}
	}
	return false
}

// studentEditionHead reports whether the file at path declares itself a
// student edition in its head.
func studentEditionHead(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, editionHeadSize)
	n, _ := io.ReadFull(f, head)
	return declaresStudentEdition(head[:n])
}
