package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestExportsGradeAsTOML grades each example export (examples/hw8/exports:
// a Canvas quiz report, a Moodle quiz's responses, a Google Form's and a
// Microsoft Form's, written to the products' documented columns) as it comes,
// and the same answers as submission files under the ids the LMS knows
// (testdata/exports/KIND): every student's verdicts must be the same. The
// exports hold students with two attempts or responses (the last is graded),
// a Canvas student with no SIS id (graded under Canvas's id), a Moodle student
// with no ID number and one "-" (no answer), and a form response with a blank
// id question (graded under the email).
func TestExportsGradeAsTOML(t *testing.T) {
	for _, tc := range []struct{ export, toml string }{
		{"canvas-quiz.csv", "canvas"},
		{"moodle-responses.csv", "moodle"},
		{"google-form.csv", "google"},
		{"microsoft-form.csv", "microsoft"},
	} {
		t.Run(tc.toml, func(t *testing.T) {
			export := gradeJSON(t, filepath.Join("..", "..", "examples", "hw8", "exports", tc.export))
			files := gradeJSON(t, filepath.Join("testdata", "exports", tc.toml))
			if len(export) == 0 || len(export) != len(files) {
				t.Fatalf("%d students graded from the export, %d from the files", len(export), len(files))
			}
			for i := range export {
				if !reflect.DeepEqual(export[i], files[i]) {
					t.Errorf("student %d:\nexport: %+v\nfiles:  %+v", i, export[i], files[i])
				}
			}
		})
	}
}

// gradedStudent is what a student's grade must agree on: everything but the
// file it came from.
type gradedStudent struct {
	Student, Name string
	Score         float64
	Questions     []struct {
		ID, Status, Answer, Feedback string
		Score                        float64
	}
}

func gradeJSON(t *testing.T, path string) []gradedStudent {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nngrade", "grade", "hw8", path, "--format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("grade %s: exit %d\n%s", path, code, stderr.String())
	}
	var class struct{ Students []gradedStudent }
	if err := json.Unmarshal(stdout.Bytes(), &class); err != nil {
		t.Fatal(err)
	}
	return class.Students
}

// TestExportsRoundTrip: a gradebook for the LMS an export came from names
// each student as that export did: Canvas's user id and SIS id (the student
// with no SIS id by Canvas's id alone), Moodle's ID number and email address
// (the student with no ID number by the email alone).
func TestExportsRoundTrip(t *testing.T) {
	ex := func(name string) string { return filepath.Join("..", "..", "examples", "hw8", "exports", name) }
	for _, tc := range []struct {
		name string
		args []string
		want [][]string // the id columns of the header and of each student, in order
		cols int
	}{
		{"canvas", []string{"grade", "hw8", ex("canvas-quiz.csv"), "--format", "canvas"}, [][]string{
			{"Student", "ID", "SIS User ID", "SIS Login ID"},
			{"    Points Possible", "", "", ""},
			{"Guest, Gil", "5007", "", ""},
			{"Byron, Ada", "5001", "ab123", ""},
			{"Dunn, Carl", "5002", "cd456", ""},
			{"Fox, Eve", "5003", "ef789", ""},
		}, 4},
		{"moodle", []string{"grade", "hw8", ex("moodle-responses.csv"), "--format", "moodle"}, [][]string{
			{"ID number", "Email address", "Full name"},
			{"ab123", "ab123@uni.edu", "Ada Byron"},
			{"cd456", "cd456@uni.edu", "Carl Dunn"},
			{"ef789", "ef789@uni.edu", "Eve Fox"},
			{"", "gh012@uni.edu", "Gil Hart"},
		}, 3},
		{"moodle from nngrade's own CSV, as before", []string{"grade", "hw8", filepath.Join("..", "..", "examples", "hw8", "class.csv"), "--format", "moodle"}, [][]string{
			{"ID number", "Full name", "hw8"},
			{"ab123", "Ada Byron", "20"},
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"nngrade"}, tc.args...), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			rows, err := csv.NewReader(strings.NewReader(stdout.String())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < len(tc.want) {
				t.Fatalf("%d rows, want at least %d:\n%s", len(rows), len(tc.want), stdout.String())
			}
			for i, want := range tc.want {
				if got := rows[i][:tc.cols]; !reflect.DeepEqual(got, want) {
					t.Errorf("row %d: %q, want %q", i, got, want)
				}
			}
		})
	}
}

// TestExportsToTheOtherLMS: a Canvas quiz graded for Moodle's gradebook, and
// a Moodle quiz for Canvas's, name each student by the id they were graded
// under, as students from any other file: the other LMS's account fields,
// not in the export, would be empty and match no one.
func TestExportsToTheOtherLMS(t *testing.T) {
	ex := func(name string) string { return filepath.Join("..", "..", "examples", "hw8", "exports", name) }
	for _, tc := range []struct {
		name string
		args []string
		want [][]string
	}{
		{"canvas to moodle", []string{"grade", "hw8", ex("canvas-quiz.csv"), "--format", "moodle"}, [][]string{
			{"ID number", "Full name"}, {"5007", "Guest, Gil"}, {"ab123", "Byron, Ada"}, {"cd456", "Dunn, Carl"}, {"ef789", "Fox, Eve"},
		}},
		{"moodle to canvas", []string{"grade", "hw8", ex("moodle-responses.csv"), "--format", "canvas"}, [][]string{
			{"Student", "ID"}, {"    Points Possible", ""}, {"Ada Byron", ""}, {"Carl Dunn", ""}, {"Eve Fox", ""}, {"Gil Hart", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"nngrade"}, tc.args...), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			rows, err := csv.NewReader(strings.NewReader(stdout.String())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(tc.want), stdout.String())
			}
			for i, want := range tc.want {
				if got := rows[i][:2]; !reflect.DeepEqual(got, want) {
					t.Errorf("row %d: %q, want %q", i, got, want)
				}
			}
			if tc.name == "moodle to canvas" {
				// SIS User ID and SIS Login ID: the id graded under.
				for i, id := range []string{"ab123", "cd456", "ef789", "gh012@uni.edu"} {
					if got := rows[i+2][2:4]; got[0] != id || got[1] != id {
						t.Errorf("row %d: SIS ids %q, want %q", i+2, got, id)
					}
				}
			}
		})
	}
}
