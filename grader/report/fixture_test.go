package report

import (
	"fmt"

	"github.com/nngrade/nngrade/grader"
)

// The fixture class: five students covering every status, Unicode answers as
// students write them, a multi-line caret feedback, text that CSV must quote
// (commas, quotes, line breaks), a name a spreadsheet would run as a formula,
// a student id that tries to leave the output directory, and a score (0.3 of 3
// points) whose float sum is 0.8999999999999999.

var fixtureQuestions = []grader.QuestionInfo{
	{ID: "1a", Text: "Output size of the first convolution layer (H × W × C).", MaxScore: 1},
	{ID: "1b", Text: "Trainable parameters of conv1.", MaxScore: 1},
	{ID: "1g", Text: "Total trainable parameters of the network.", MaxScore: 2},
	{ID: "2", Text: "Trainable parameters of the RNN.", MaxScore: 3},
	{ID: "3a", Text: "Express (p − q)/p in terms of ε.", MaxScore: 1},
}

// expected answers as the key displays them; 3a's rubric hides it.
var fixtureExpected = map[string]string{
	"1a": "60 × 60 × 32",
	"1b": "2,432",
	"1g": "146,378",
	"2":  "k² + k·n + k + m·k + m",
	"3a": "",
}

func q(id string, score float64, status grader.Status, answer, readAs, feedback string) grader.QuestionResult {
	var max float64
	for _, info := range fixtureQuestions {
		if info.ID == id {
			max = info.MaxScore
		}
	}
	return grader.QuestionResult{
		ID: id, Score: score, MaxScore: max, Status: status,
		Answer: answer, Expected: fixtureExpected[id], Feedback: feedback, ReadAs: readAs,
	}
}

const caretFeedback = "could not read this answer: expected a number after \"x\"\n" +
	"  60 × 60 x\n" +
	"          ^\n" +
	"write a shape as H × W × C, for example 60 × 60 × 32"

const parenFeedback = "unbalanced parenthesis: the \"(\" at column 2 is never closed\n" +
	"  k(k+m+k\n" +
	"   ^\n" +
	"close it with \")\""

// rubricCredit is a variable so the product 0.3 × 3 is computed in float64
// (0.8999999999999999) rather than exactly, as Go's constant arithmetic would.
var rubricCredit = 0.3

func fixtureClass() *grader.ClassResult {
	partialRNN := q("2", rubricCredit*3, grader.Partial, "k(k+m)+k", "k·(k + m) + k",
		"You counted the recurrent and output weights but not the input weights (k·n) or the output bias (m): missing k·n + m.")
	carried := q("1g", 2.0/3*2, grader.Partial, "146,378", "146378",
		"Right given your answer to 1b (2400): credit carried forward.")
	carried.CarriedForward = []string{"1b"}

	students := []grader.StudentResult{
		{
			Student: "ssr226", Name: "Saigam Srivatsavai", Source: "submissions/ssr226.toml",
			Questions: []grader.QuestionResult{
				q("1a", 1, grader.Correct, "60 × 60 × 32", "60 × 60 × 32", ""),
				q("1b", 1, grader.Correct, "P_c = 2432", "2432", ""),
				q("1g", 2, grader.Correct, "146,378", "146378", ""),
				partialRNN,
				q("3a", 1, grader.Correct, `1 - e^{-\epsilon}`, "1 − exp(−ε)", ""),
			},
		},
		{
			Student: "ada", Name: "Ada Lovelace", Source: "class.csv:3",
			Questions: []grader.QuestionResult{
				q("1a", 1, grader.Correct, "60x60x32", "60 × 60 × 32", ""),
				q("1b", 1, grader.Correct, "2432", "", ""),
				q("1g", 2, grader.Correct, "146378", "", ""),
				q("2", 3, grader.Correct, "k^2 + k*n + k + m*k + m", "k² + k·n + k + m·k + m", ""),
				q("3a", 1, grader.Correct, "1 - exp(-eps)", "1 − exp(−ε)", ""),
			},
		},
		{
			Student: "wchen", Name: `Chen, Wei "Will"`, Source: "class.csv:4",
			Questions: []grader.QuestionResult{
				q("1a", 0.5, grader.Partial, "[32, 60, 60]", "32 × 60 × 60",
					"Channels-first order (C, H, W): the homework asks for H × W × C."),
				q("1b", 0, grader.Incorrect, "2400", "",
					"You counted the weights (5·5·3·32 = 2400) but forgot the 32 biases."),
				carried,
				q("2", 0, grader.Missing, "", "", ""),
				q("3a", 0, grader.Incorrect, `"eps", then 1`, "",
					"Not equivalent: at p = 0.5, q = 0.25 your answer is 1, the key is 0.5.\nCheck the sign of ε."),
			},
		},
		{
			Student: "../escape", Name: `=HYPERLINK("http://example.com","click")`, Source: "submissions/bad.toml",
			Questions: []grader.QuestionResult{
				q("1a", 0, grader.Invalid, "60 × 60 x", "", caretFeedback),
				q("1b", 0, grader.Invalid, "24\x1b[31m32", "", "unexpected control character \\x1b at column 3"),
				q("1g", 0, grader.Missing, "", "", ""),
				q("2", 0, grader.Invalid, "k(k+m+k", "", parenFeedback),
				q("3a", 0, grader.Missing, "", "", ""),
			},
		},
		{
			Student: "empty",
			Questions: []grader.QuestionResult{
				q("1a", 0, grader.Missing, "", "", ""),
				q("1b", 0, grader.Missing, "", "", ""),
				q("1g", 0, grader.Missing, "", "", ""),
				q("2", 0, grader.Missing, "", "", ""),
				q("3a", 0, grader.Missing, "", "", ""),
			},
		},
	}
	return assembleClass("hw8", "Homework 8: CNN shapes, RNN parameters, KL divergence", fixtureQuestions, students)
}

// assembleClass fills in what the grader computes: student totals, the class
// maximum and each question's mean.
func assembleClass(id, title string, questions []grader.QuestionInfo, students []grader.StudentResult) *grader.ClassResult {
	c := &grader.ClassResult{ProblemSet: id, Title: title}
	c.Questions = append([]grader.QuestionInfo(nil), questions...)
	for _, info := range c.Questions {
		c.MaxScore += info.MaxScore
	}
	for i := range students {
		s := &students[i]
		s.Score, s.MaxScore = 0, c.MaxScore
		for _, r := range s.Questions {
			s.Score += r.Score
		}
	}
	for i := range c.Questions {
		var sum float64
		for _, s := range students {
			for _, r := range s.Questions {
				if r.ID == c.Questions[i].ID {
					sum += r.Score
				}
			}
		}
		if len(students) > 0 {
			c.Questions[i].Mean = sum / float64(len(students))
		}
	}
	c.Students = students
	return c
}

// bigClass is a class of n students × m questions with every status, for
// benchmarks and the wide-table test.
func bigClass(n, m int) *grader.ClassResult {
	questions := make([]grader.QuestionInfo, m)
	for j := range questions {
		questions[j] = grader.QuestionInfo{ID: fmt.Sprintf("q%d", j+1), Text: "question", MaxScore: float64(1 + j%3)}
	}
	statuses := []grader.Status{grader.Correct, grader.Partial, grader.Incorrect, grader.Invalid, grader.Missing}
	students := make([]grader.StudentResult, n)
	for i := range students {
		s := grader.StudentResult{Student: fmt.Sprintf("s%04d", i), Name: fmt.Sprintf("Student %d", i)}
		for j, info := range questions {
			st := statuses[(i+j)%len(statuses)]
			r := grader.QuestionResult{ID: info.ID, MaxScore: info.MaxScore, Status: st,
				Answer: "60 × 60 × 32", Expected: "60 × 60 × 32"}
			switch st {
			case grader.Correct:
				r.Score = info.MaxScore
			case grader.Partial:
				r.Score = info.MaxScore / 3
				r.Feedback = "channels-first order"
			case grader.Invalid:
				r.Answer = "60 × 60 x"
				r.Feedback = caretFeedback
			case grader.Missing:
				r.Answer = ""
			}
			s.Questions = append(s.Questions, r)
		}
		students[i] = s
	}
	return assembleClass("big", "A big class", questions, students)
}
