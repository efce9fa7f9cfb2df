package report

import (
	"math"

	"github.com/nngrade/nngrade/grader"
)

// classHeadJSON is the class as JSON writes it before its students: the
// keys of grader.ClassResult, each question_info entry with its item
// analysis.
type classHeadJSON struct {
	ProblemSet string                 `json:"problem_set"`
	Title      string                 `json:"title,omitempty"`
	MaxScore   float64                `json:"max_score"`
	Questions  []questionInfoJSON     `json:"question_info,omitempty"`
	Students   []grader.StudentResult `json:"students"`
}

// questionInfoJSON is a question_info entry: FORMAT.md's id, text,
// max_score and mean, then item_analysis.
type questionInfoJSON struct {
	grader.QuestionInfo
	ItemAnalysis *itemAnalysisJSON `json:"item_analysis,omitempty"`
}

// itemAnalysisJSON is grader.ItemAnalysis as FORMAT.md's
// question_info[].item_analysis writes it: a statistic that is not a number
// (no variance, no points) is null.
type itemAnalysisJSON struct {
	Difficulty     *float64          `json:"difficulty"`
	Discrimination *float64          `json:"discrimination"`
	Counts         statusCountsJSON  `json:"counts"`
	WrongAnswers   []wrongAnswerJSON `json:"wrong_answers"`
	Ungrouped      int               `json:"ungrouped,omitempty"`
	Copies         int               `json:"copies,omitempty"`
	CopiedBy       []string          `json:"copied_by,omitempty"`
}

type statusCountsJSON struct {
	Correct   int `json:"correct"`
	Partial   int `json:"partial"`
	Incorrect int `json:"incorrect"`
	Invalid   int `json:"invalid"`
	Missing   int `json:"missing"`
	Review    int `json:"review"`
}

type wrongAnswerJSON struct {
	Answer    string        `json:"answer"`
	Count     int           `json:"count"`
	Diagnosis string        `json:"diagnosis"`
	Status    grader.Status `json:"status"`
	Score     float64       `json:"score"`
	Covered   bool          `json:"covered"`
	Students  []string      `json:"students"`
}

// itemAnalysisOf is item as JSON writes it.
func itemAnalysisOf(item *grader.ItemAnalysis) *itemAnalysisJSON {
	number := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		x = roundScore(x)
		return &x
	}
	c := item.Counts
	out := &itemAnalysisJSON{
		Difficulty:     number(item.Difficulty),
		Discrimination: number(item.Discrimination),
		Counts: statusCountsJSON{Correct: c.Correct, Partial: c.Partial, Incorrect: c.Incorrect,
			Invalid: c.Invalid, Missing: c.Missing, Review: c.Review},
		WrongAnswers: make([]wrongAnswerJSON, 0, len(item.WrongAnswers)),
		Ungrouped:    item.Ungrouped,
		Copies:       item.Copies,
		CopiedBy:     item.CopiedBy,
	}
	for _, w := range item.WrongAnswers {
		out.WrongAnswers = append(out.WrongAnswers, wrongAnswerJSON{Answer: w.Answer, Count: w.Count,
			Diagnosis: w.Diagnosis, Status: w.Status, Score: roundScore(w.Score), Covered: w.Covered,
			Students: append([]string{}, w.Students...)})
	}
	return out
}

// classHead is c without its students ("students" an empty list), every
// score rounded, each question with its item analysis from a (nil: none).
// The input is not modified.
func classHead(c *grader.ClassResult, a *grader.ClassAnalysis) *classHeadJSON {
	head := &classHeadJSON{
		ProblemSet: c.ProblemSet,
		Title:      c.Title,
		MaxScore:   roundScore(c.MaxScore),
		Students:   []grader.StudentResult{},
	}
	if c.Questions != nil {
		head.Questions = make([]questionInfoJSON, len(c.Questions))
		for i, q := range c.Questions {
			q.MaxScore = roundScore(q.MaxScore)
			q.Mean = roundScore(q.Mean)
			head.Questions[i].QuestionInfo = q
			if a != nil && i < len(a.Items) && a.Items[i].QuestionID == q.ID {
				head.Questions[i].ItemAnalysis = itemAnalysisOf(&a.Items[i])
			}
		}
	}
	return head
}
