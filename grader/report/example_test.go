package report_test

import (
	"fmt"
	"os"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
)

func exampleClass() *grader.ClassResult {
	return &grader.ClassResult{
		ProblemSet: "hw8",
		MaxScore:   4,
		Questions: []grader.QuestionInfo{
			{ID: "1a", MaxScore: 1, Mean: 0.75},
			{ID: "2", MaxScore: 3, Mean: 1.5},
		},
		Students: []grader.StudentResult{
			{Student: "ssr226", Name: "Saigam Srivatsavai", Score: 1.9, MaxScore: 4, Questions: []grader.QuestionResult{
				{ID: "1a", Score: 1, MaxScore: 1, Status: grader.Correct, Answer: "60 × 60 × 32"},
				{ID: "2", Score: 0.9, MaxScore: 3, Status: grader.Partial, Answer: "k(k+m)+k"},
			}},
			{Student: "bob", Score: 0.5, MaxScore: 4, Questions: []grader.QuestionResult{
				{ID: "1a", Score: 0.5, MaxScore: 1, Status: grader.Partial, Answer: "32 × 60 × 60"},
				{ID: "2", Score: 0, MaxScore: 3, Status: grader.Missing},
			}},
		},
	}
}

func ExampleClassTable() {
	if err := report.ClassTable(os.Stdout, exampleClass()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Problem set hw8 (2 students, max 4)
	// +---------+------+------+-------+-------+
	// | Student |  1a  |  2   | Total |   %   |
	// |         |  /1  |  /3  |  /4   |       |
	// +---------+------+------+-------+-------+
	// | ssr226  |    1 | 0.9~ |   1.9 | 47.5% |
	// | bob     | 0.5~ |    - |   0.5 | 12.5% |
	// +---------+------+------+-------+-------+
	// | Mean    | 0.75 |  1.5 |   1.2 |   30% |
	// +---------+------+------+-------+-------+
	// ~ partial credit   ? answer could not be read (invalid)   - no answer (missing)
}

func ExampleGradebookCSV() {
	if err := report.GradebookCSV(os.Stdout, exampleClass()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// student,name,total,1a,2
	// ssr226,Saigam Srivatsavai,1.9,1,0.9
	// bob,,0.5,0.5,0
}

func ExampleCanvas() {
	if err := report.Canvas(os.Stdout, exampleClass(), "Homework 8"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Student,ID,SIS User ID,SIS Login ID,Section,Homework 8
	// "    Points Possible",,,,,4
	// Saigam Srivatsavai,,ssr226,ssr226,,1.9
	// bob,,bob,bob,,0.5
}

func ExampleSafeFileName() {
	for _, id := range []string{"ssr226", "../x", "Zoë Smith", "CON"} {
		fmt.Println(report.SafeFileName(id))
	}
	// Output:
	// ssr226
	// ___x
	// Zo__Smith
	// _CON
}

func ExampleWriteFiles() {
	dir, err := os.MkdirTemp("", "feedback")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := report.FeedbackFiles(exampleClass())
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteFiles(dir, files); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// bob.md
	// index.csv
	// ssr226.md
}
