package submissions

import (
	"strconv"
	"strings"
)

// Draft is a submission to write as FORMAT.md's TOML: the file `nngrade
// template` prints to be filled in, and the one the self-check page saves. One
// writer for both, so that what a student downloads is what the instructor's
// `nngrade grade` reads.
type Draft struct {
	Comment    []string // lines written first, each as a "# " comment
	Student    string
	Name       string
	ProblemSet string        // "" leaves problem_set out
	Answers    []DraftAnswer // in the order written
}

// DraftAnswer is one answer of a Draft.
type DraftAnswer struct {
	ID      string
	Comment []string // lines written above the answer as comments: the question, a hint of the form
	Answer  string
}

// Encode renders d as a submission file. Load reads it back to the same student,
// name, problem set and answers (invalid UTF-8 becomes U+FFFD: a TOML file is
// UTF-8); comments may hold any text, a line break starting a new comment line.
func Encode(d Draft) []byte {
	var b strings.Builder
	for _, c := range d.Comment {
		writeComment(&b, c)
	}
	if len(d.Comment) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("student = " + tomlString(d.Student) + "\n")
	b.WriteString("name = " + tomlString(d.Name) + "\n")
	if d.ProblemSet != "" {
		b.WriteString("problem_set = " + tomlString(d.ProblemSet) + "\n")
	}
	b.WriteString("\n[answers]\n")
	for _, a := range d.Answers {
		for _, c := range a.Comment {
			writeComment(&b, c)
		}
		b.WriteString(tomlString(a.ID) + " = " + tomlString(a.Answer) + "\n\n")
	}
	return []byte(b.String())
}

// writeComment writes text as comment lines. TOML allows no control character
// but tab in a comment: they become spaces.
func writeComment(b *strings.Builder, text string) {
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\r\n", "\n"), "\uFFFD")
	for _, line := range strings.Split(text, "\n") {
		line = strings.Map(func(r rune) rune {
			if r != '\t' && (r < 0x20 || r == 0x7f) {
				return ' '
			}
			return r
		}, line)
		b.WriteString("# " + line + "\n")
	}
}

// tomlString quotes s as a TOML basic string: printable text as it is (so that
// "60 × 60 × 32" stays readable), quotes, backslashes and control characters
// escaped as TOML knows them.
func tomlString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteString(`\u00` + strconv.FormatInt(int64(r)>>4, 16) + strconv.FormatInt(int64(r)&0xf, 16))
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
