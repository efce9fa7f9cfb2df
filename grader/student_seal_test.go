package grader

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEditionSealRefusesChanges: a published edition changed in any value
// (points, the salt, a class's verdict, an entry, the seal itself, or the
// seal removed) is refused at the seal with what to do; a change to its
// comments or layout is no change to what it checks, and loads.
func TestEditionSealRefusesChanges(t *testing.T) {
	_, src := publishTest(t, solveBundled(t, "hw8"), bundledRubric(t))
	text := string(src)
	sealLine := regexp.MustCompile(`(?m)^seal = "`)
	loc := sealLine.FindStringIndex(text)
	if loc == nil {
		t.Fatalf("no seal in the edition:\n%s", text)
	}
	line := strings.Count(text[:loc[0]], "\n") + 1
	atSeal := "test.student.toml:" + strconv.Itoa(line) + ":8: "
	for _, tc := range []struct {
		what     string
		re, repl string
		at, want string
	}{
		{"points", `(?m)^points = 1\.0$`, "points = 100.0", atSeal, editionChanged},
		{"the salt", `(?m)^salt = "[^"]*"`, `salt = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="`, atSeal, editionChanged},
		{"a class's status", `(?m)^status = "incorrect"$`, `status = "correct"`, atSeal, editionChanged},
		{"a class's feedback", `(?m)^feedback = "`, `feedback = "Well done. `, atSeal, editionChanged},
		{"a sealed answer dropped", `(?m)^answers = \["[^"]*", `, `answers = [`, atSeal, editionChanged},
		{"a question's text", `(?m)^text = "`, `text = "Easy: `, atSeal, editionChanged},
		{"the seal", `(?m)^seal = "(.)`, `seal = "${1}0`, atSeal, editionChanged},
		{"the seal removed", `(?m)^seal = "[^"]*"\n`, ``, "test.student.toml:1:1: ", editionNoSeal},
	} {
		re := regexp.MustCompile(tc.re)
		if !re.MatchString(text) {
			t.Fatalf("%s: %s is not in the edition", tc.what, tc.re)
		}
		changed := re.ReplaceAllString(text, tc.repl)
		if tc.what == "the seal" && changed == text {
			changed = strings.Replace(text, `seal = "0`, `seal = "1`, 1)
		}
		if changed == text {
			t.Fatalf("%s: no change made", tc.what)
		}
		_, err := LoadStudentEdition("test.student.toml", []byte(changed))
		if err == nil || !strings.HasPrefix(err.Error(), tc.at+tc.want+"\n") {
			t.Errorf("%s changed: error %v, want %q", tc.what, err, tc.at+tc.want)
		}
	}
	for what, changed := range map[string]string{
		"comments":    strings.ReplaceAll(text, "# ", "#   ") + "\n# a comment added\n",
		"blank lines": strings.ReplaceAll(text, "\n[[questions]]", "\n\n\n[[questions]]"),
		"1.0 as 1":    regexp.MustCompile(`(?m)^points = 1\.0$`).ReplaceAllString(text, "points = 1"),
	} {
		if _, err := LoadStudentEdition("test.student.toml", []byte(changed)); err != nil {
			t.Errorf("%s changed: %v", what, err)
		}
	}
}
