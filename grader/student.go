package grader

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/problems"
)

// StudentEdition is a sealed student edition of a problem set: what a student
// needs to check their own answers, and nothing a key could be read from. It
// holds each question's text, the form its answer takes and its points, and a
// sealed key: keyed hashes (HMAC-SHA-256 under Salt) of the answers whose
// verdicts were worked out when it was published (the key, the rubric's known
// mistakes, the slips the grader's diagnosis names), each verdict encrypted
// under a key only that answer gives. docs/FORMAT.md's "Student edition"
// section is the file format; Publish makes one, SealedGrader checks with it.
type StudentEdition struct {
	// Edition is "student": problems.Load recognises the file by it and refuses it.
	Edition string `toml:"edition"`
	// Version is the sealing scheme (StudentEditionVersion).
	Version    int    `toml:"version"`
	ProblemSet string `toml:"problem_set"`
	Title      string `toml:"title,omitempty"`
	// Salt keys every hash of the edition: standard base64 of at least 16
	// bytes, drawn anew for every publication.
	Salt string `toml:"salt"`
	// Seal authenticates everything else in the file as loaded (editionSeal):
	// a damaged or hand-edited copy is refused rather than checked wrongly.
	Seal      string            `toml:"seal"`
	Questions []StudentQuestion `toml:"questions"`

	salt []byte // Salt decoded
}

// StudentEditionVersion is the sealing scheme this package writes and reads.
const StudentEditionVersion = 1

// StudentQuestion is one question of a student edition.
type StudentQuestion struct {
	ID     string  `toml:"id"`
	Text   string  `toml:"text"`
	Hint   string  `toml:"hint,omitempty"` // the answer form: "a shape, e.g. 32 × 32 × 16"
	Points float64 `toml:"points"`
	// Form is how an answer is read and checked: a key of sealers
	// ("count", "shape", "number", ...).
	Form string `toml:"form"`
	// Axes is the number of axes a shape answer has (shape and matrix forms).
	Axes int `toml:"axes,omitzero"`
	// RelStep and AbsStep are the widths of the cells a real-valued answer
	// falls in (number and receptive forms): in ln|x| for rel_tol, in x for
	// abs_tol; 0 when the rubric sets no such tolerance.
	RelStep float64 `toml:"rel_step,omitzero"`
	AbsStep float64 `toml:"abs_step,omitzero"`
	// Answers are the sealed verdicts of whole answers: "match:verdict", match
	// the hex of the answer's keyed hash, verdict encrypted under a key derived
	// from the answer (see sealing.go).
	Answers []string `toml:"answers"`
	// AxisKeys are the keyed hashes of the key's size on each axis (shapes
	// whose verdicts depend on which axes are right: partial_shape, "the
	// spatial size is right").
	AxisKeys []string `toml:"axis_keys,omitempty"`
	// Cells are the sealed verdicts of the cells near a real-valued key or
	// known mistake, in the same "match:verdict" form as Answers.
	Cells []string `toml:"cells,omitempty"`
	// Classes are the verdicts of the answers no entry of Answers matches,
	// by how many axes they have and which are right; the last one matches
	// any answer.
	Classes []SealedClass `toml:"classes"`
	// Answer is the key as full grading shows it, only when the rubric's
	// show_answer lets feedback on a wrong or missing answer reveal it.
	Answer string `toml:"answer,omitempty"`
	// Formula is the sealed part of a formula, identity or asymptotic
	// question: the environment answers are read in and the fingerprints of
	// the key and the known mistakes (student_formula.go).
	Formula *SealedFormula `toml:"formula,omitempty"`
	// Carry is said with a wrong answer that full grading might credit by
	// carry-forward from the student's own earlier answers; it names those
	// questions, never their keys.
	Carry string `toml:"carry,omitempty"`
	// CarryFrom are the questions Carry names: the checker names only those
	// the submission did not answer correctly, and says nothing when it
	// answered them all correctly.
	CarryFrom []string `toml:"carry_from,omitempty"`
}

// SealedClass is the verdict on every answer of a class: a shape answer with
// Axes axes (0: any answer) whose axes marked "1" in Right ("" when Axes is
// not the key's) match the key's.
type SealedClass struct {
	Axes     int     `toml:"axes"`
	Right    string  `toml:"right"`
	Status   Status  `toml:"status"`
	Score    float64 `toml:"score"`
	Feedback string  `toml:"feedback,omitempty"`
	Expected string  `toml:"expected,omitempty"` // only with the rubric's show_answer
	// Note is true when the carry-forward note applies to the class.
	Note bool `toml:"note,omitempty"`
}

// MaxStudentEditionSize bounds a student edition file; a larger one is
// refused before it is parsed.
const MaxStudentEditionSize = 8 << 20

// Encode writes the edition as TOML, edition = "student" on its first line
// after a comment that says what reads it (an nngrade older than publish
// lists every key as unknown: the comment comes first), and seals it.
func (ed *StudentEdition) Encode() ([]byte, error) {
	salt, err := base64.StdEncoding.DecodeString(ed.Salt)
	if err != nil {
		return nil, fmt.Errorf("salt: %v", err)
	}
	unsealed := *ed
	unsealed.Seal = ""
	src, err := unsealed.encode()
	if err != nil {
		return nil, err
	}
	// The seal is of the edition as it will be loaded, so that it is
	// computed from what the checker sees and not from the struct.
	if unsealed.Seal, err = editionSeal(salt, src); err != nil {
		return nil, err
	}
	out, err := unsealed.encode()
	if err == nil && len(out) > MaxStudentEditionSize {
		// LoadStudentEdition would refuse it: say so now, not to students.
		return nil, fmt.Errorf("the edition would be %d bytes, more than a student edition may be (%d): publish fewer questions or known mistakes in each", len(out), MaxStudentEditionSize)
	}
	return out, err
}

func (ed *StudentEdition) encode() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# A sealed student edition (format version %d), read by nngrade check (an nngrade that has\n"+
		"# nngrade publish) or by the self-check page published with it: nngrade check THIS_FILE answers.toml\n", ed.Version)
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(ed); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// editionSeal is the seal of an edition's TOML: the hex of HMAC-SHA-256
// keyed with the salt over the domain-separated message (sealKeys.mac, purpose
// "seal", question id and domain empty) whose value is the edition's
// canonical JSON: every key and value of the file as loaded but the seal, as
// encoding/json writes a map (keys sorted, no spaces; TOML integers and
// floats as JSON numbers, 1.0 as 1). Comments, layout and the order of keys
// are not sealed; every value is.
func editionSeal(salt, src []byte) (string, error) {
	var doc map[string]any
	if err := toml.Unmarshal(src, &doc); err != nil {
		return "", err
	}
	delete(doc, "seal")
	canon, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sealKeys{salt: salt}.mac("seal", "", string(canon))), nil
}

// Errors for a seal that does not match: the file was changed after it was
// published, by a damaged download or by hand.
const (
	editionChanged = "this student edition has been changed or damaged since it was published: ask your instructor for a fresh copy"
	editionNoSeal  = "this student edition has no seal: it was changed or damaged since it was published, or written by an nngrade older than its seal: ask your instructor for a fresh copy"
)

var (
	matchPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
	entryPattern = regexp.MustCompile(`^[0-9a-f]{32}:[A-Za-z0-9_-]+$`)
	rightPattern = regexp.MustCompile(`^[01]*$`)
	idPattern    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// LoadStudentEdition reads a student edition. Its error is a diag.ErrorList of
// every problem found, each at its file:line:column with what would be valid.
func LoadStudentEdition(name string, src []byte) (*StudentEdition, error) {
	return loadStudentEdition(name, src, true)
}

// loadStudentEdition is LoadStudentEdition; verifySeal false skips the seal,
// for the fuzz target, whose mutated editions would otherwise never reach
// the checker.
func loadStudentEdition(name string, src []byte, verifySeal bool) (*StudentEdition, error) {
	if len(src) > MaxStudentEditionSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a student edition may be (%d)", name, len(src), MaxStudentEditionSize)
	}
	var ed StudentEdition
	_, f, errs := tomlfile.Decode(name, src, &ed)
	if errs.Fatal() {
		return nil, errs
	}
	l := editionLoader{f: f, errs: errs, ed: &ed}
	l.check(&ed)
	l.errs.Sort()
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	// The seal last: an edition with a structural error gets that error,
	// which says what is wrong where, rather than only that it was changed.
	if verifySeal {
		if err := l.verifySeal(&ed, src); err != nil {
			return nil, err
		}
	}
	return &ed, nil
}

// verifySeal refuses an edition whose seal does not match its contents,
// at the seal (or the top of the file when it has none).
func (l *editionLoader) verifySeal(ed *StudentEdition, src []byte) error {
	if ed.Seal == "" {
		l.errorf(l.at("seal"), "%s", editionNoSeal)
		return l.errs.Err()
	}
	want, err := editionSeal(ed.salt, src)
	got, herr := hex.DecodeString(ed.Seal)
	wantBytes, _ := hex.DecodeString(want)
	if err != nil || herr != nil || !hmac.Equal(got, wantBytes) {
		l.errorf(l.at("seal"), "%s", editionChanged)
		return l.errs.Err()
	}
	return nil
}

type editionLoader struct {
	f    *tomlfile.File
	errs diag.ErrorList
	ed   *StudentEdition
}

// at is the place of the value at path, else of its key, else of the nearest
// enclosing table that is written in the file.
func (l *editionLoader) at(path ...any) diag.Pos {
	for n := len(path); n > 0; n-- {
		if pl, ok := l.f.Place(path[:n]...); ok {
			if n == len(path) && pl.Value.Start.IsValid() {
				return pl.Value.Start
			}
			return pl.Key
		}
	}
	return diag.Pos{Line: 1, Column: 1}
}

func (l *editionLoader) errorf(pos diag.Pos, format string, args ...any) {
	l.errs.Add(l.f.Error(pos, fmt.Sprintf(format, args...)))
}

func (l *editionLoader) check(ed *StudentEdition) {
	switch {
	case ed.Edition == "":
		l.errorf(diag.Pos{Line: 1, Column: 1}, "not a student edition: it has no edition = \"student\" (a problem set is checked with nngrade check SET ANSWERS)")
		return
	case ed.Edition != "student":
		l.errorf(l.at("edition"), "edition %q is not one nngrade knows; a student edition has edition = \"student\"", ed.Edition)
		return
	}
	if ed.Version != StudentEditionVersion {
		l.errorf(l.at("version"), "version %d: this nngrade reads student editions of version %d; publish the edition again with this nngrade, or check with the nngrade that published it", ed.Version, StudentEditionVersion)
		return
	}
	if ed.ProblemSet == "" {
		l.errorf(diag.Pos{}, "the edition has no problem_set; it names the problem set it was published from, such as problem_set = \"hw8\"")
	}
	salt, err := base64.StdEncoding.DecodeString(ed.Salt)
	switch {
	case err != nil:
		l.errorf(l.at("salt"), "salt is not base64 (%v); publish the edition again", err)
	case len(salt) < 16:
		l.errorf(l.at("salt"), "salt has %d bytes; a student edition's salt has at least 16", len(salt))
	}
	ed.salt = salt
	if len(ed.Questions) == 0 {
		l.errorf(diag.Pos{}, "the edition has no [[questions]]")
	}
	seen := map[string]int{}
	for i := range ed.Questions {
		q := &ed.Questions[i]
		l.question(i, q)
		if prev, dup := seen[q.ID]; dup && q.ID != "" {
			l.errorf(l.at("questions", i, "id"), "question id %q is used twice (first in question %d)", q.ID, prev+1)
		} else {
			seen[q.ID] = i
		}
	}
}

func (l *editionLoader) question(i int, q *StudentQuestion) {
	switch {
	case q.ID == "":
		l.errorf(l.at("questions", i), "question %d has no id", i+1)
	case !idPattern.MatchString(q.ID):
		l.errorf(l.at("questions", i, "id"), "id %q may use only letters, digits, - and _", q.ID)
	}
	if q.Points < 0 || math.IsNaN(q.Points) || math.IsInf(q.Points, 0) {
		l.errorf(l.at("questions", i, "points"), "points %v: a question is worth 0 or more points", q.Points)
	}
	s, ok := sealers[q.Form]
	if !ok {
		what := fmt.Sprintf("form %q is not one a student edition has (valid: %s)", q.Form, strings.Join(sealerForms(), ", "))
		if q.Form == "" {
			what = fmt.Sprintf("question %q has no form (valid: %s)", q.ID, strings.Join(sealerForms(), ", "))
			l.errorf(l.at("questions", i), "%s", what)
		} else {
			l.errorf(l.at("questions", i, "form"), "%s%s", what, tomlfile.DidYouMean(q.Form, sealerForms()))
		}
		return
	}
	for j, e := range q.Answers {
		if !entryPattern.MatchString(e) {
			l.errorf(l.at("questions", i, "answers", j), "answers[%d] is not a sealed answer (32 hex digits, a colon, URL-safe base64); publish the edition again", j)
		}
	}
	for j, e := range q.Cells {
		if !entryPattern.MatchString(e) {
			l.errorf(l.at("questions", i, "cells", j), "cells[%d] is not a sealed cell (32 hex digits, a colon, URL-safe base64); publish the edition again", j)
		}
	}
	for j, h := range q.AxisKeys {
		if !matchPattern.MatchString(h) {
			l.errorf(l.at("questions", i, "axis_keys", j), "axis_keys[%d] is not a keyed hash (32 hex digits)", j)
		}
	}
	if q.RelStep < 0 || math.IsNaN(q.RelStep) || math.IsInf(q.RelStep, 0) {
		l.errorf(l.at("questions", i, "rel_step"), "rel_step %v: a cell width is a positive number, or 0 for none", q.RelStep)
	}
	if q.AbsStep < 0 || math.IsNaN(q.AbsStep) || math.IsInf(q.AbsStep, 0) {
		l.errorf(l.at("questions", i, "abs_step"), "abs_step %v: a cell width is a positive number, or 0 for none", q.AbsStep)
	}
	for j, c := range q.Classes {
		switch {
		case c.Axes < 0 || c.Axes > answer.MaxAxes:
			l.errorf(l.at("questions", i, "classes", j, "axes"), "axes %d: a class is of answers with 1 to %d axes, or 0 for any answer", c.Axes, answer.MaxAxes)
		case !rightPattern.MatchString(c.Right) || (c.Right != "" && len(c.Right) != c.Axes):
			l.errorf(l.at("questions", i, "classes", j, "right"), "right %q: one 0 or 1 per axis of the class (%d), or \"\"", c.Right, c.Axes)
		}
		if !validStatus(c.Status) {
			l.errorf(l.at("questions", i, "classes", j, "status"), "status %q is not a verdict (valid: correct, partial, incorrect, review)", c.Status)
		}
		if c.Score < 0 || c.Score > q.Points || math.IsNaN(c.Score) {
			l.errorf(l.at("questions", i, "classes", j, "score"), "score %v: between 0 and the question's points (%v)", c.Score, q.Points)
		}
	}
	if n := len(q.Classes); n == 0 || q.Classes[n-1].Axes != 0 {
		l.errorf(l.at("questions", i, "classes"), "question %q: its last class must match any answer (axes = 0)", q.ID)
	}
	if err := s.validate(q); err != nil {
		l.errorf(l.at("questions", i, "form"), "question %q: %v", q.ID, err)
	}
	for j, id := range q.CarryFrom {
		if !slices.ContainsFunc(l.ed.Questions, func(o StudentQuestion) bool { return o.ID == id && o.ID != q.ID }) {
			l.errorf(l.at("questions", i, "carry_from", j), "carry_from[%d] = %q is not another question of this edition", j, id)
		}
	}
}

func validStatus(s Status) bool {
	switch s {
	case Correct, Partial, Incorrect, Review:
		return true
	}
	return false
}

// Set is the problem set as far as the edition tells it: its id, title and
// question ids and texts, for checking a submission against (submissions'
// Check) and writing a template. It has no networks and no keys.
func (ed *StudentEdition) Set() *problems.Set {
	set := &problems.Set{ID: ed.ProblemSet, Title: ed.Title}
	for _, q := range ed.Questions {
		set.Questions = append(set.Questions, problems.Question{ID: q.ID, Text: q.Text})
	}
	return set
}

// matchHex is a match hash as the file writes it.
func matchHex(b []byte) string { return hex.EncodeToString(b) }
