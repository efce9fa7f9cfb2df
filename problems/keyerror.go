package problems

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// KeyError reports a problem with the key of question q, loaded from file:
// when err holds an *expr.Error inside one of the question's strings (its
// answer, lhs, a definition or a variable's domain), at the file line and
// column of the offending character (escapes accounted for) with that line
// and a caret; otherwise at the question's line, as file:line: question "id":
// err.
func (q Question) KeyError(file string, err error) error {
	var e *expr.Error
	if errors.As(err, &e) {
		// What the callers wrapped around the expression error ("answer: ",
		// "variable n: ") stays in the message; the column and echo give way
		// to the file's.
		context, _ := strings.CutSuffix(err.Error(), e.Error())
		if v, ok := q.valueWritten(e.Source, context); ok {
			return v.Error(e.Offset, fmt.Sprintf("question %q: %s%s", q.ID, context, e.Msg))
		}
	}
	return fmt.Errorf("%s:%d: question %q: %w", file, q.Line, q.ID, err)
}

// valueWritten finds the string of the question whose decoded text is text:
// its lhs when the context names it, else its answer, a definition or a
// variable's domain. It is false when none matches or its place is unknown.
func (q Question) valueWritten(text, context string) (tomlfile.Value, bool) {
	type written struct {
		text string
		at   tomlfile.Value
	}
	candidates := []written{{q.Answer, q.AnswerAt}, {q.Lhs, q.LhsAt}}
	if strings.HasPrefix(context, "lhs") {
		candidates[0], candidates[1] = candidates[1], candidates[0]
	}
	for _, d := range q.Define {
		candidates = append(candidates, written{d.Expr, d.At})
	}
	for _, v := range q.Variables {
		candidates = append(candidates, written{v.Domain, v.At})
	}
	for _, c := range candidates {
		if c.text == text && c.at.Start.IsValid() {
			return c.at, true
		}
	}
	return tomlfile.Value{}, false
}
