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

// maxFormulaCopyVariants bounds the variants a wrong formula is compared
// with (each comparison evaluates it at the key's test points): a set with
// more is not checked for copied formulas.
const maxFormulaCopyVariants = 512

// copyFinder holds every variant a wrong answer is compared with, made once
// for the class.
type copyFinder struct {
	once     sync.Once
	variants *Variants
	graders  []*Grader       // the variants, in combination order
	byKey    map[string]bool // their Values.Key
	params   []problems.Param
}

var errEnoughVariants = errors.New("enough variants")

// load makes the variants compared with.
func (f *copyFinder) load() {
	f.once.Do(func() {
		v := f.variants
		f.byKey = map[string]bool{}
		f.params = v.set.Params
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

// find is the values of another variant whose key to question i got (read
// from raw) is, with the params its key does not depend on left out (see relevant); nil
// when got is no other variant's answer. own is the grader of the student's
// variant, which got is wrong for.
func (f *copyFinder) find(own *Grader, i int, raw string, got reading) problems.Values {
	f.load()
	kind := own.questions[i].key.kind
	// A formula is read in its question's environment: it is read again in
	// each variant's.
	formula := own.questions[i].key.Kind == FormulaValue
	if formula && len(f.graders) > maxFormulaCopyVariants {
		return nil
	}
	ownKey := own.Key.Set.Values.Key()
	matches := map[string]bool{}
	var first problems.Values
	for _, g := range f.graders {
		values := g.Key.Set.Values
		if values.Key() == ownKey || i >= len(g.questions) {
			continue
		}
		theirs := got
		if formula {
			var err error
			if theirs, err = readAnswer(&g.questions[i], raw); err != nil {
				continue
			}
		}
		if right, review, _ := safeCompare(kind, &g.questions[i], theirs); right && !review {
			matches[values.Key()] = true
			if first == nil {
				first = values
			}
		}
	}
	if first == nil {
		return nil
	}
	return f.relevant(first, matches)
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
