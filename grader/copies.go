package grader

import (
	"errors"
	"sync"

	"github.com/nngrade/nngrade/problems"
)

// Copy detection (FORMAT.md, "Copies"): a student's wrong answer that is the
// right answer of another variant of the same question was likely copied from
// a classmate with other values. The instructor's outputs say whose values it
// answers; a student's never do (SelfCheck finds no copies).

// maxCopyVariants bounds the variants a wrong answer is compared with: every
// combination of the params' values that meets require when there are at
// most this many; else the first this many of problems.Set.CheckVariants'
// fixed sample. Either way the same for every run.
const maxCopyVariants = 4096

// maxFormulaCopyVariants bounds the different keys a wrong formula is
// compared with (each comparison evaluates it at the key's test points): a
// question with more is not checked for copied formulas.
const maxFormulaCopyVariants = 512

// copyFinder holds every variant a wrong answer is compared with, made once
// for the class, and per question the variants grouped by their key: a
// wrong answer is compared with one variant of each group (a question that
// depends on one param of five has a handful of keys, not hundreds).
type copyFinder struct {
	once     sync.Once
	variants *Variants
	graders  []*Grader       // the variants, in combination order
	byKey    map[string]bool // their Values.Key
	params   []problems.Param

	mu        sync.Mutex
	questions map[int]*copyQuestion
}

// copyQuestion is one question's variants grouped by key, and the groups
// each answer text was found to match (at most maxMemoized texts).
type copyQuestion struct {
	groups   [][]int // indices in graders, by key in order of first variant
	answered map[string][]int
}

var errEnoughVariants = errors.New("enough variants")

// load makes the variants compared with.
func (f *copyFinder) load() {
	f.once.Do(func() {
		v := f.variants
		f.byKey = map[string]bool{}
		f.params = v.set.Params
		f.questions = map[int]*copyQuestion{}
		v.set.CheckVariants(func(variant *problems.Set) error {
			if len(f.graders) >= maxCopyVariants {
				return errEnoughVariants
			}
			key, err := Solve(variant)
			if err != nil {
				return nil // never drawn: Draw redraws what cannot be solved
			}
			f.graders = append(f.graders, New(key, v.rubric))
			f.byKey[variant.Values.Key()] = true
			return nil
		})
	})
}

// question is question i's groups, made on first use.
func (f *copyFinder) question(i int) *copyQuestion {
	f.mu.Lock()
	defer f.mu.Unlock()
	if q, ok := f.questions[i]; ok {
		return q
	}
	q := &copyQuestion{answered: map[string][]int{}}
	byDisplay := map[string]int{}
	for k, g := range f.graders {
		if i >= len(g.questions) {
			continue
		}
		d := g.questions[i].key.Display
		n, ok := byDisplay[d]
		if !ok {
			n = len(q.groups)
			byDisplay[d] = n
			q.groups = append(q.groups, nil)
		}
		q.groups[n] = append(q.groups[n], k)
	}
	f.questions[i] = q
	return q
}

// find is the values of another variant whose key to question i got (read
// from raw) is, with the params its key does not depend on left out (see
// relevant); nil when got is no other variant's answer. own is the grader
// of the student's variant, which got is wrong for.
func (f *copyFinder) find(own *Grader, i int, raw string, got reading) problems.Values {
	f.load()
	q := f.question(i)
	f.mu.Lock()
	matched, known := q.answered[raw]
	f.mu.Unlock()
	if !known {
		matched = f.match(own, q, i, raw, got)
		f.mu.Lock()
		if len(q.answered) < maxMemoized && len(raw) <= maxMemoizedText {
			q.answered[raw] = matched
		}
		f.mu.Unlock()
	}
	ownKey := own.Key.Set.Values.Key()
	matches := map[string]bool{}
	first := -1 // the first in combination order
	for _, n := range matched {
		for _, k := range q.groups[n] {
			values := f.graders[k].Key.Set.Values
			if values.Key() == ownKey {
				continue
			}
			matches[values.Key()] = true
			if first < 0 || k < first {
				first = k
			}
		}
	}
	if first < 0 {
		return nil
	}
	return f.relevant(f.graders[first].Key.Set.Values, matches)
}

// match is the groups of question i whose key got (read from raw) is. A
// formula is read in its question's environment: it is read again in each
// group's.
func (f *copyFinder) match(own *Grader, q *copyQuestion, i int, raw string, got reading) []int {
	kind := own.questions[i].key.kind
	formula := own.questions[i].key.Kind == FormulaValue
	if formula && len(q.groups) > maxFormulaCopyVariants {
		return nil
	}
	var matched []int
	for n, group := range q.groups {
		g := f.graders[group[0]]
		theirs := got
		if formula {
			var err error
			if theirs, err = readAnswer(&g.questions[i], raw); err != nil {
				continue
			}
		}
		if right, review, _ := safeCompare(kind, &g.questions[i], theirs); right && !review {
			matched = append(matched, n)
		}
	}
	return matched
}

// relevant is match without the params whose every other choice (that
// makes a variant) matches too: the question does not depend on them.
func (f *copyFinder) relevant(match problems.Values, matches map[string]bool) problems.Values {
	var out problems.Values
	for j, p := range f.params {
		irrelevant := true
		for _, c := range p.Choices {
			other := append(problems.Values(nil), match...)
			other[j].Value = c
			if key := other.Key(); f.byKey[key] && !matches[key] {
				irrelevant = false
				break
			}
		}
		if !irrelevant {
			out = append(out, match[j])
		}
	}
	if len(out) == 0 {
		return match
	}
	return out
}

// safeCompare is kind.compare, with a panic in the engine no match.
func safeCompare(kind questionKind, q *gradedQuestion, got reading) (right, review bool, notes []string) {
	defer func() {
		if recover() != nil {
			right, review, notes = false, false, nil
		}
	}()
	return kind.compare(q, got)
}
