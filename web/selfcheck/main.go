//go:build js && wasm

// Command selfcheck is the self-check page's checker, compiled to WebAssembly
// (`go generate ./web` builds it). It reads the sealed student edition the page
// carries and answers the page's calls: how an answer is read (the live
// preview), the verdicts of a Check, and the submission file to download or load
// back. It imports the grader, never a bundled set: the page holds no key.
//
// The page makes globalThis.nngradeSelfCheck = {edition: TOML text, ready(api),
// failed(message)} before it starts the program; the program calls ready with
// an object of functions, each taking and returning JSON text.
package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/submissions"
)

func main() {
	page := js.Global().Get("nngradeSelfCheck")
	c, err := open(page.Get("edition").String())
	if err != nil {
		page.Call("failed", err.Error())
		return
	}
	api := map[string]any{}
	for name, fn := range map[string]func(request []byte) any{
		"read":    c.read,
		"grade":   c.grade,
		"encode":  c.encode,
		"load":    c.load,
		"student": c.student,
	} {
		api[name] = js.FuncOf(func(_ js.Value, args []js.Value) any {
			return call(fn, args)
		})
	}
	page.Call("ready", js.ValueOf(api))
	select {} // the functions live as long as the page
}

// call runs one of the API's functions on its JSON argument and returns its
// reply as JSON text; a panic becomes an error reply, never a dead checker.
func call(fn func([]byte) any, args []js.Value) (reply any) {
	defer func() {
		if r := recover(); r != nil {
			reply = marshal(errorReply{Error: fmt.Sprintf("internal error in the checker: %v", r)})
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return marshal(errorReply{Error: "internal error: want one JSON argument"})
	}
	return marshal(fn([]byte(args[0].String())))
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(errorReply{Error: err.Error()})
	}
	return string(b)
}

type errorReply struct {
	Error string `json:"error"`
}

// checker is the edition and its sealed grader.
type checker struct {
	ed     *grader.StudentEdition
	sealed *grader.SealedGrader
}

func open(editionTOML string) (*checker, error) {
	ed, err := grader.LoadStudentEdition("edition.student.toml", []byte(editionTOML))
	if err != nil {
		return nil, err
	}
	sealed, err := grader.NewSealedGrader(ed)
	if err != nil {
		return nil, err
	}
	return &checker{ed: ed, sealed: sealed}, nil
}

type readRequest struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type readReply struct {
	ReadAs string `json:"readAs,omitempty"`
	Error  string `json:"error,omitempty"`
}

// read is the live preview: how an answer is read, or why it cannot be.
func (c *checker) read(request []byte) any {
	var r readRequest
	if err := json.Unmarshal(request, &r); err != nil {
		return errorReply{Error: err.Error()}
	}
	if why := submissions.AnswerTooLong(r.Answer); why != "" {
		return readReply{Error: why} // what Check and the instructor's grading say of it
	}
	readAs, err := c.sealed.Read(r.Question, r.Answer)
	if err != nil {
		return readReply{Error: err.Error()}
	}
	return readReply{ReadAs: readAs}
}

// answers is what the page holds: the student, and the answers in the page's order.
type answers struct {
	Student string   `json:"student"`
	Name    string   `json:"name"`
	Answers []answer `json:"answers"`
}

type answer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// draft is the submission file of the page's answers, with each question's
// text and the form of its answer as comments, as `nngrade template` writes.
func (c *checker) draft(a answers) submissions.Draft {
	title := "Answers for " + c.ed.ProblemSet
	if c.ed.Title != "" {
		title += ": " + c.ed.Title
	}
	d := submissions.Draft{
		Comment:    []string{title, "Saved by the self-check page; hand this file in as your instructor says."},
		Student:    a.Student,
		Name:       a.Name,
		ProblemSet: c.ed.ProblemSet,
	}
	given := map[string]string{}
	for _, x := range a.Answers {
		given[x.Question] = x.Answer
	}
	for _, q := range c.ed.Questions {
		comment := []string{q.Text}
		if q.Hint != "" {
			comment = append(comment, "("+q.Hint+")")
		}
		d.Answers = append(d.Answers, submissions.DraftAnswer{ID: q.ID, Comment: comment, Answer: given[q.ID]})
	}
	return d
}

type gradeReply struct {
	Result grader.StudentResult `json:"result"`
	Error  string               `json:"error,omitempty"`
}

// grade checks the answers as the instructor's grading reads them: through the
// submission file the page would save, so that Check and the download agree.
func (c *checker) grade(request []byte) any {
	var a answers
	if err := json.Unmarshal(request, &a); err != nil {
		return errorReply{Error: err.Error()}
	}
	if a.Student == "" {
		a.Student = "self-check" // the id is the download's business, not the verdicts'
	}
	sub, err := submissions.Load("answers.toml", submissions.Encode(c.draft(a)))
	if err != nil {
		// An id the file cannot hold: grade the answers under a neutral one.
		a.Student = "self-check"
		if sub, err = submissions.Load("answers.toml", submissions.Encode(c.draft(a))); err != nil {
			return gradeReply{Error: err.Error()}
		}
	}
	return gradeReply{Result: c.sealed.Grade(sub)}
}

type studentRequest struct {
	Student string `json:"student"`
}

// student says what is wrong with a student id, in a form's words ("" when
// nothing is), as it is typed: the download would be refused for it.
func (c *checker) student(request []byte) any {
	var r studentRequest
	if err := json.Unmarshal(request, &r); err != nil {
		return errorReply{Error: err.Error()}
	}
	return errorReply{Error: studentProblem(r.Student)}
}

func studentProblem(id string) string {
	if why := submissions.StudentIDProblem(id); why != "" {
		return "Student id: " + why + "."
	}
	return ""
}

type encodeReply struct {
	File     string `json:"file"`
	FileName string `json:"fileName"`
	Error    string `json:"error,omitempty"`
}

// encode writes the submission file to download, after checking that it loads
// (a student id the instructor's grading would refuse is said now, not then).
func (c *checker) encode(request []byte) any {
	var a answers
	if err := json.Unmarshal(request, &a); err != nil {
		return errorReply{Error: err.Error()}
	}
	if why := studentProblem(a.Student); why != "" {
		return encodeReply{Error: why}
	}
	file := submissions.Encode(c.draft(a))
	if _, err := submissions.Load(a.Student+".toml", file); err != nil {
		return encodeReply{Error: err.Error()}
	}
	return encodeReply{File: string(file), FileName: a.Student + "-" + c.ed.ProblemSet + ".toml"}
}

type loadRequest struct {
	FileName string `json:"fileName"`
	File     string `json:"file"`
}

type loadReply struct {
	answers
	Unknown []string `json:"unknown,omitempty"` // answers to questions the edition does not have
	// TooLong names the answers too long to grade, which are not loaded:
	// the page would hand in other text than the file holds.
	TooLong string `json:"tooLong,omitempty"`
	Error   string `json:"error,omitempty"`
}

// load reads a submission file back into the page.
func (c *checker) load(request []byte) any {
	var r loadRequest
	if err := json.Unmarshal(request, &r); err != nil {
		return errorReply{Error: err.Error()}
	}
	sub, err := submissions.Load(r.FileName, []byte(r.File))
	if err != nil {
		return loadReply{Error: err.Error()}
	}
	if sub.ProblemSet != "" && sub.ProblemSet != c.ed.ProblemSet {
		return loadReply{Error: fmt.Sprintf("%s: these are answers to problem set %q; this page checks %q", r.FileName, sub.ProblemSet, c.ed.ProblemSet)}
	}
	known := map[string]bool{}
	for _, q := range c.ed.Questions {
		known[q.ID] = true
	}
	reply := loadReply{answers: answers{Student: sub.Student, Name: sub.Name}}
	var tooLong []string
	for _, id := range sub.Order {
		if !known[id] {
			reply.Unknown = append(reply.Unknown, id)
			continue
		}
		if _, long := sub.Invalid[id]; long {
			// Only the answer's beginning was kept: loading it would hand in
			// other text. Grading marks the whole answer invalid.
			tooLong = append(tooLong, id)
			continue
		}
		text, _ := sub.Answer(id)
		reply.Answers = append(reply.Answers, answer{Question: id, Answer: text})
	}
	if len(tooLong) > 0 {
		reply.TooLong = fmt.Sprintf("Not loaded, too long to grade (an answer may have at most %d bytes; grading marks a longer one invalid): %s.",
			submissions.MaxAnswerSize, strings.Join(tooLong, ", "))
	}
	return reply
}
