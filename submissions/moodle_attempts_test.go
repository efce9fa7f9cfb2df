package submissions

import (
	"strings"
	"testing"
)

// TestMoodleLastFinishedAttempt: Moodle grades a student's last finished
// attempt; one left in progress after it is passed over, and one graded for
// want of a finished one is a notice.
func TestMoodleLastFinishedAttempt(t *testing.T) {
	src := "Surname,First name,ID number,Email address,State,Started on,Completed,Time taken,Grade/2.00,Response 1,Response 2\n" +
		"Byron,Ada,ab1,ab@x.edu,Finished,\"20 November 2026, 9:00 AM\",,,,60x60x32,2432\n" +
		"Byron,Ada,ab1,ab@x.edu,In progress,\"21 November 2026, 9:00 AM\",-,,,-,-\n" +
		"Dunn,Carl,cd1,cd@x.edu,Never submitted,\"20 November 2026, 9:00 AM\",-,,,7,\n"
	subs, err := LoadCSV("m.csv", []byte(src))
	if len(subs) != 2 || subs[0].Student != "ab1" || subs[0].Source != "m.csv:2" || answerTo(subs[0], "Response 2") != "2432" {
		t.Fatalf("graded %+v", subs)
	}
	for _, want := range []string{
		`m.csv:3: the attempt of "ab1" started 21 November 2026, 9:00 AM (In progress) is not graded: the one started 20 November 2026, 9:00 AM (line 2) is`,
		`m.csv:4: the attempt of "cd1" graded is "Never submitted" in Moodle (not submitted)`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("problems: %v\nwant %s", err, want)
		}
	}
}

// TestMoodleLastName: Moodle 4 heads the surname "Last name"; its Responses
// report is still recognised, its students named and their Responses read.
func TestMoodleLastName(t *testing.T) {
	header := "Last name,First name,ID number,Email address,State,Started on,Completed,Time taken,Grade/2.00,Response 1,Right answer 1,Response 2"
	if got := RecogniseExport(strings.Split(header, ",")); got != MoodleQuiz {
		t.Fatalf("recognised as %v", got)
	}
	subs, err := LoadCSV("m.csv", []byte(header+"\nByron,Ada,ab1,ab@x.edu,Finished,\"20 November 2026, 9:00 AM\",,,,60x60x32,x,-\n"))
	if err != nil || len(subs) != 1 || subs[0].Name != "Ada Byron" || answerTo(subs[0], "Response 1") != "60x60x32" {
		t.Fatalf("%v: %+v", err, subs)
	}
	if _, ok := subs[0].Answer("Response 2"); ok {
		t.Error(`"-" read as an answer`)
	}
}
