package problems

import (
	"errors"
	"fmt"

	"github.com/nngrade/nngrade/internal/tomlfile"
)

// Field names one of a question's strings that is read when the set is
// solved: its answer or lhs (Key "answer", "lhs"), a define or a variable's
// domain (Key "define" or "variables", with the Name).
type Field struct {
	Key, Name string
}

// String is the field as messages name it: "answer", "define eps", "variable n".
func (f Field) String() string {
	switch f.Key {
	case "define":
		return "define " + f.Name
	case "variables":
		return "variable " + f.Name
	}
	return f.Key
}

// FieldError is a problem with one of a question's strings: Err is the
// reader's error about that string's text.
type FieldError struct {
	Field Field
	Err   error
}

func (e *FieldError) Error() string { return e.Field.String() + ": " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

// ValueOf is where a field of the question is written (zero when unknown).
func (q Question) ValueOf(f Field) tomlfile.Value {
	switch f.Key {
	case "answer":
		return q.AnswerAt
	case "lhs":
		return q.LhsAt
	case "define":
		for _, d := range q.Define {
			if d.Name == f.Name {
				return d.At
			}
		}
	case "variables":
		for _, v := range q.Variables {
			if v.Name == f.Name {
				return v.At
			}
		}
	}
	return tomlfile.Value{}
}

// KeyError reports a problem with the key of question q, loaded from file:
// a *FieldError whose reader knows the offending character is reported at
// that character's file line and column (escapes accounted for) with the
// file's line and a caret; any other error at the question's line, as
// file:line: question "id": err.
func (q Question) KeyError(file string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		if e, ok := q.ValueOf(fe.Field).TextError(fmt.Sprintf("question %q: %s: ", q.ID, fe.Field), fe.Err); ok {
			return e
		}
	}
	return fmt.Errorf("%s:%d: question %q: %w", file, q.Line, q.ID, err)
}
