package submissions

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nngrade/nngrade/problems"
)

// A transcribed homework (FORMAT.md, "Transcribed homework") is the student's
// write-up itself, Markdown, LaTeX or plain text: each question's final
// answer is found in it (extract.go) rather than typed into a submission file.

// documentExts are the file names read as transcribed homework.
var documentExts = map[string]bool{".md": true, ".markdown": true, ".tex": true, ".txt": true}

// IsDocument reports whether path names a transcribed homework (.md,
// .markdown, .tex or .txt) rather than a submission TOML or a class CSV.
func IsDocument(path string) bool {
	return documentExts[strings.ToLower(filepath.Ext(path))]
}

// isFolderReadme is a folder's README, which describes the folder and is
// not a student's homework: a folder of write-ups often has one.
func isFolderReadme(name string) bool {
	stem := strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	return stem == "readme"
}

// Extraction is how one question's answer was found in a transcribed
// homework, for an instructor to confirm.
type Extraction struct {
	Answer string // the answer taken, as it was passed to the grader
	Line   int    // the line of the document it came from
	// Located is how the answer was tied to its question: "labelled" (the
	// student wrote the question's label: 1a, (a) under Problem 1, part a) or
	// "inferred" (from the set's structure: the layer a section names, the
	// left side of an identity, the one question of a problem).
	Located string
	// Marked is how the answer stood out as final: "answer marker"
	// (Answer:, Ans.), "boxed", "label line" (written after the label),
	// "final value" (the last `= value` of the question's derivation) or
	// "sentence" (a sentence saying a layer has no parameters).
	Marked string
}

// The values of Extraction.Located.
const (
	Labelled = "labelled"
	Inferred = "inferred"
)

// How is the extraction as the reports show it: "labelled, boxed",
// "inferred, final value".
func (e Extraction) How() string { return e.Located + ", " + e.Marked }

// IsInferred reports whether the answer was tied to its question by the
// set's structure rather than a label the student wrote.
func (e Extraction) IsInferred() bool { return e.Located == Inferred }

// LoadDocument reads a transcribed homework for set: each question's final
// answer becomes the submission's answer, with its line (Line) and how it
// was found (Extracted). A question with no answer found has none: it is
// graded missing, never guessed. The student is student when given (a
// --student flag), else an id-like token near the top of the document (a
// line of its own such as "SSR226.", "Student ID: ab123", or the name's line
// "Jane Doe (jd123)"), else the file name when it is an id (ab123.md).
func LoadDocument(set *problems.Set, name string, src []byte, student string) (*Submission, error) {
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a submission may be (%d)", name, len(src), MaxFileSize)
	}
	doc := parseDocument(name, src)
	sub := &Submission{Name: doc.name, ProblemSet: set.ID, Source: name, File: name,
		Answers: map[string]string{}, Line: map[string]int{}, Extracted: map[string]Extraction{}}
	switch {
	case student != "":
		if why := StudentIDProblem(student); why != "" && student != PlaceholderStudent {
			return nil, fmt.Errorf("%s: student id %q: %s", name, student, why)
		}
		sub.Student = student
	case doc.student != "" && !strings.EqualFold(doc.student, set.ID):
		sub.Student = doc.student
	default:
		stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		if !idPattern.MatchString(stem) || len(stem) > maxStudentID {
			return nil, fmt.Errorf("%s: no student id found: write it on a line of its own near your name (ab123), name the file after it (ab123%s), or give --student ID", name, filepath.Ext(name))
		}
		sub.Student = stem
	}
	for _, q := range set.Questions {
		e, ok := doc.extract(set, q.ID)
		if !ok {
			continue
		}
		sub.Order = append(sub.Order, q.ID)
		sub.Line[q.ID] = e.Line
		sub.Extracted[q.ID] = e
		if len(e.Answer) > MaxAnswerSize {
			sub.Answers[q.ID] = e.Answer
			sub.tooLong(q.ID, e.Answer, -1)
			continue
		}
		sub.Answers[q.ID] = e.Answer
	}
	return sub, nil
}

// idToken is a student id as a write-up gives it near the top: letters then
// digits ("SSR226", "ab123", "jd1234"), or an id after a label.
var (
	idAlone    = regexp.MustCompile(`^([A-Za-z]{1,6}[0-9]{1,8})[.,;]?$`)
	idLabelled = regexp.MustCompile(`(?i)\b(?:student\s*id|net\s*id|id|student|matriculation)\s*(?:number|no\.?)?\s*[:=#]\s*([A-Za-z0-9@._+-]{1,100})`)
	idInName   = regexp.MustCompile(`[(,]\s*([A-Za-z]{1,6}[0-9]{1,8})\s*\)?$`)
	nameLine   = regexp.MustCompile(`^(\p{Lu}[\p{L}'-]+)(\s+\p{Lu}[\p{L}.'-]*){1,3}$`)
	texNameCmd = regexp.MustCompile(`^\\(?:author|name|studentname)\{(.*)\}$`)
	nameLabel  = regexp.MustCompile(`(?i)^name\s*[:=]\s*(.{1,100})$`)
	// notAnID are tokens near the top that name the homework, not a student.
	notAnID = regexp.MustCompile(`(?i)^(hw|homework|problem|question|ex|q|p|set|lab|week|cs|ee|ece|ml)[0-9]`)
)

// headerLines is how far from the top the student's name and id are looked
// for: a write-up puts them under its title.
const headerLines = 20

// findStudent looks at the first lines for the student's id and name.
func (d *document) findStudent() {
	seen := 0
	for _, l := range d.lines {
		if l.text == "" {
			continue
		}
		if seen++; seen > headerLines {
			break
		}
		text := strings.Trim(stripEmphasis(l.text), " \t")
		if m := texNameCmd.FindStringSubmatch(text); m != nil {
			text = strings.TrimSpace(m[1])
		}
		if d.student == "" {
			if m := idLabelled.FindStringSubmatch(text); m != nil && idPattern.MatchString(m[1]) && !notAnID.MatchString(m[1]) {
				d.student = studentID(m[1])
				continue
			}
			if m := idAlone.FindStringSubmatch(text); m != nil && !l.heading && !notAnID.MatchString(m[1]) {
				d.student = studentID(m[1])
				continue
			}
		}
		if d.name != "" || l.heading {
			continue
		}
		if m := nameLabel.FindStringSubmatch(text); m != nil {
			d.name = strings.TrimSpace(m[1])
			continue
		}
		candidate := text
		if m := idInName.FindStringSubmatchIndex(text); m != nil {
			candidate = strings.TrimSpace(text[:m[0]])
			if d.student == "" && !notAnID.MatchString(text[m[2]:m[3]]) {
				d.student = studentID(text[m[2]:m[3]])
			}
		}
		if nameLine.MatchString(candidate) && !hasLayerOrTopicWord(candidate) {
			d.name = candidate
		}
	}
}

// studentID is an id as written, in lower case when written all in capitals
// (a transcription of a handwritten "SSR226"): gradebooks hold ids such as
// ssr226.
func studentID(s string) string {
	if strings.ToUpper(s) == s {
		return strings.ToLower(s)
	}
	return s
}

// hasLayerOrTopicWord reports whether a capitalised line is a heading in
// words ("Max Pool Layer", "Fully Connected Layer") rather than a name.
func hasLayerOrTopicWord(s string) bool {
	lower := strings.ToLower(s)
	for _, w := range []string{"layer", "problem", "homework", "solution", "question", "answer", "network", "output", "input", "parameter", "total", "assignment"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// cleanUTF8 replaces bytes that are not UTF-8 so that every later step
// works on text.
func cleanUTF8(src []byte) string {
	if utf8.Valid(src) {
		return string(src)
	}
	return strings.ToValidUTF8(string(src), "\uFFFD")
}

// isWordRune is a letter or digit.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
