package report

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
)

// studentEncoder appends a class's students to JSON's "students" array as
// encoding/json writes them with JSON's settings (two-space indent, no HTML
// escaping, scores rounded), byte for byte, without reflection: a class of
// 100,000 students is hundreds of megabytes of JSON, and encoding/json spends
// about 30 µs on each student. A question's result is encoded once and its
// bytes reused for every student with the same result (a class has few
// distinct answers), up to maxRenderedBytes (see renderCache).
// TestStudentEncoderIsEncodingJSON holds it to encoding/json, and
// TestStudentEncoderKnowsEveryField to the fields of grader's result types.
type studentEncoder struct {
	questions renderCache[[]byte]
}

// The depths of JSON's nesting (in indents of two spaces) at which a student's
// keys, its questions, their keys and their carried_forward ids are written.
const (
	studentDepth       = 2 // an element of the class's "students"
	studentKeyDepth    = 3
	questionDepth      = 4
	questionKeyDepth   = 5
	carriedFromIDDepth = 6
)

// appendStudent appends s as an element of "students", from its "{" to its
// "}": the indent before the "{" is the caller's.
func (e *studentEncoder) appendStudent(dst []byte, s *grader.StudentResult) []byte {
	dst = append(dst, '{')
	dst = appendKey(dst, studentKeyDepth, "student", true)
	dst = appendJSONString(dst, s.Student)
	if s.Name != "" {
		dst = appendKey(dst, studentKeyDepth, "name", false)
		dst = appendJSONString(dst, s.Name)
	}
	if s.Source != "" {
		dst = appendKey(dst, studentKeyDepth, "source", false)
		dst = appendJSONString(dst, s.Source)
	}
	if s.Submission != "" {
		dst = appendKey(dst, studentKeyDepth, "submission", false)
		dst = appendJSONString(dst, string(s.Submission))
	}
	if s.Problem != "" {
		dst = appendKey(dst, studentKeyDepth, "problem", false)
		dst = appendJSONString(dst, s.Problem)
	}
	if len(s.Params) > 0 {
		dst = appendKey(dst, studentKeyDepth, "params", false)
		dst = appendParams(dst, s.Params, studentKeyDepth)
	}
	dst = appendKey(dst, studentKeyDepth, "score", false)
	dst = appendJSONFloat(dst, roundScore(s.Score))
	dst = appendKey(dst, studentKeyDepth, "max_score", false)
	dst = appendJSONFloat(dst, roundScore(s.MaxScore))
	dst = appendKey(dst, studentKeyDepth, "questions", false)
	if len(s.Questions) == 0 {
		dst = append(dst, "[]"...)
	} else {
		dst = append(dst, '[')
		for i := range s.Questions {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendNewline(dst, questionDepth)
			dst = e.appendQuestion(dst, s, i)
		}
		dst = appendNewline(dst, studentKeyDepth)
		dst = append(dst, ']')
	}
	dst = appendNewline(dst, studentDepth)
	return append(dst, '}')
}

// appendQuestion appends s's i-th result as an element of its "questions",
// from the cache when that result was seen before.
func (e *studentEncoder) appendQuestion(dst []byte, s *grader.StudentResult, i int) []byte {
	if b, ok := e.questions.get(s, i); ok {
		return append(dst, b...)
	}
	start := len(dst)
	dst = appendQuestionJSON(dst, s.Result(i))
	b := dst[start:]
	e.questions.put(s, i, len(b), func() []byte { return append([]byte(nil), b...) })
	return dst
}

// appendQuestionJSON appends q as an element of "questions".
func appendQuestionJSON(dst []byte, q *grader.QuestionResult) []byte {
	dst = append(dst, '{')
	dst = appendKey(dst, questionKeyDepth, "id", true)
	dst = appendJSONString(dst, q.ID)
	if q.Text != "" {
		dst = appendKey(dst, questionKeyDepth, "text", false)
		dst = appendJSONString(dst, q.Text)
	}
	dst = appendKey(dst, questionKeyDepth, "score", false)
	dst = appendJSONFloat(dst, roundScore(q.Score))
	dst = appendKey(dst, questionKeyDepth, "max_score", false)
	dst = appendJSONFloat(dst, roundScore(q.MaxScore))
	dst = appendKey(dst, questionKeyDepth, "status", false)
	dst = appendJSONString(dst, string(q.Status))
	dst = appendKey(dst, questionKeyDepth, "answer", false)
	dst = appendJSONString(dst, q.Answer)
	dst = appendKey(dst, questionKeyDepth, "expected", false)
	dst = appendJSONString(dst, q.Expected)
	dst = appendKey(dst, questionKeyDepth, "feedback", false)
	dst = appendJSONString(dst, q.Feedback)
	if q.ReadAs != "" {
		dst = appendKey(dst, questionKeyDepth, "read_as", false)
		dst = appendJSONString(dst, q.ReadAs)
	}
	if len(q.CarriedForward) > 0 {
		dst = appendKey(dst, questionKeyDepth, "carried_forward", false)
		dst = append(dst, '[')
		for i, id := range q.CarriedForward {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendNewline(dst, carriedFromIDDepth)
			dst = appendJSONString(dst, id)
		}
		dst = appendNewline(dst, questionKeyDepth)
		dst = append(dst, ']')
	}
	if q.SourceLine > 0 {
		dst = appendKey(dst, questionKeyDepth, "source_line", false)
		dst = strconv.AppendInt(dst, int64(q.SourceLine), 10)
	}
	if q.Extraction != "" {
		dst = appendKey(dst, questionKeyDepth, "extraction", false)
		dst = appendJSONString(dst, q.Extraction)
	}
	if len(q.CopiedFrom) > 0 {
		dst = appendKey(dst, questionKeyDepth, "copied_from", false)
		dst = appendParams(dst, q.CopiedFrom, questionKeyDepth)
	}
	dst = appendNewline(dst, questionDepth)
	return append(dst, '}')
}

// appendParams appends a variant's values as an object whose "{" is at
// depth, one member a line, as encoding/json indents grader.Params.
func appendParams(dst []byte, p grader.Params, depth int) []byte {
	dst = append(dst, '{')
	for i, v := range p {
		dst = appendKey(dst, depth+1, v.Name, i == 0)
		dst = strconv.AppendInt(dst, int64(v.Value), 10)
	}
	dst = appendNewline(dst, depth)
	return append(dst, '}')
}

// appendKey starts an object's member: a comma unless it is the first, a new
// line indented to depth, and the quoted key with its colon and space.
func appendKey(dst []byte, depth int, key string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = appendNewline(dst, depth)
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, `": `...)
}

// appendNewline appends a line break and depth indents of two spaces.
func appendNewline(dst []byte, depth int) []byte {
	const spaces = "\n                    "
	return append(dst, spaces[:1+2*depth]...)
}

// appendJSONFloat appends x as encoding/json writes a float64: the shortest
// decimal that reads back as x, in exponent form below 1e-6 and from 1e21
// (with no leading zero in the exponent). x is finite: checkFinite saw to it.
func appendJSONFloat(dst []byte, x float64) []byte {
	format := byte('f')
	if abs := math.Abs(x); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, x, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: \" and \\, the short escapes \b \f \n \r \t, \u00XX for the other
// control characters, \u2028 and \u2029 (which break JavaScript), and \ufffd
// for each byte that is not UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
