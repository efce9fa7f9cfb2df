package grader

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/nn"
)

// keySpellings are the ways a key's value may be written, for finding it in
// a text a student sees: a count with and without thousands separators, a
// shape in its usual notations, a number as a decimal, a fraction and rounded
// to a few figures. Spellings of one character are left out: a single digit
// is in every text.
func keySpellings(ka *KeyAnswer) []string {
	var out []string
	add := func(s ...string) {
		for _, x := range s {
			if utf8.RuneCountInString(x) > 1 {
				out = append(out, x)
			}
		}
	}
	count := func(n int64) {
		add(strconv.FormatInt(n, 10), FormatInt(n), strings.ReplaceAll(FormatInt(n), ",", " "), strings.ReplaceAll(FormatInt(n), ",", "\u202f"))
	}
	switch ka.Kind {
	case IntegerValue:
		count(ka.Int)
	case ShapeValue:
		s := ka.Shape
		if len(s) == 1 {
			count(s[0])
			break
		}
		parts := make([]string, len(s))
		for i, v := range s {
			parts[i] = strconv.FormatInt(v, 10)
		}
		for _, sep := range []string{" × ", "×", " x ", "x", " X ", "X", " * ", "*", ", ", ","} {
			joined := strings.Join(parts, sep)
			add(joined, "("+joined+")", "["+joined+"]")
		}
		add(nn.FormatMatrix(s), FormatShape(s))
	case TupleValue:
		parts := make([]string, len(ka.Tuple))
		for i, v := range ka.Tuple {
			parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		for _, sep := range []string{", ", ","} {
			joined := strings.Join(parts, sep)
			add(joined, "("+joined+")", "["+joined+"]")
		}
	case NumberValue:
		n := ka.formula.number
		add(n.String(), ka.Display)
		if n.Rat != nil {
			add(n.Rat.RatString())
			if n.IsInt() {
				if n.Rat.Num().IsInt64() {
					count(n.Rat.Num().Int64())
				}
			}
		}
		if f := n.Float; !math.IsNaN(f) && !math.IsInf(f, 0) {
			add(strconv.FormatFloat(f, 'g', -1, 64))
			for d := 2; d <= 12; d++ {
				add(strconv.FormatFloat(f, 'g', d, 64))
			}
			for d := 1; d <= 6; d++ {
				add(strconv.FormatFloat(f, 'f', d, 64))
			}
		}
	}
	return out
}

// mentions reports whether text holds spelling as a value of its own: not
// inside a longer number or word ("2432" is not in "24320" or "0.2432").
func mentions(text, spelling string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], spelling)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(spelling)
		if !continuesBefore(text[:i]) && !continuesAfter(text[end:]) {
			return true
		}
		from = i + 1
	}
}

// continuesBefore reports whether the text before a spelling makes it part of
// a longer value: a digit, a letter or "/" right before it, or a decimal point
// after a digit ("0.2432").
func continuesBefore(text string) bool {
	r, n := utf8.DecodeLastRuneInString(text)
	if r == '.' {
		r, _ = utf8.DecodeLastRuneInString(text[:len(text)-n])
		return unicode.IsDigit(r)
	}
	return r != utf8.RuneError && (unicode.IsDigit(r) || unicode.IsLetter(r) || r == '/')
}

// continuesAfter is continuesBefore for the text after a spelling: a full
// stop ends a sentence, a decimal point before a digit continues the value.
func continuesAfter(text string) bool {
	r, n := utf8.DecodeRuneInString(text)
	if r == '.' || r == '/' {
		r, _ = utf8.DecodeRuneInString(text[n:])
		return unicode.IsDigit(r)
	}
	return r != utf8.RuneError && (unicode.IsDigit(r) || unicode.IsLetter(r))
}

// hintFor is the answer form a student edition shows for a question: the
// set's hint, without its example if the example happens to be a key of the
// set (the generic "32 × 32 × 16" may be one).
func hintFor(hint string, key *Key) string {
	for i := range key.Answers {
		for _, s := range keySpellings(&key.Answers[i]) {
			if mentions(hint, s) {
				what, _, _ := strings.Cut(hint, ", e.g.")
				return what
			}
		}
	}
	return hint
}
