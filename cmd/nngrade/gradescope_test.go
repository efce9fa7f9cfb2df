package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
)

// gradescopeResults is what a test reads of results.json.
type gradescopeResults struct {
	Score      *float64 `json:"score"`
	Output     string   `json:"output"`
	Visibility string   `json:"visibility"`
	Tests      []struct {
		Score      float64 `json:"score"`
		MaxScore   float64 `json:"max_score"`
		Status     string  `json:"status"`
		Number     string  `json:"number"`
		Output     string  `json:"output"`
		Visibility string  `json:"visibility"`
	} `json:"tests"`
}

// installAutograder does what Gradescope does with an autograder zip, under
// root rather than /: unpacks it into autograder/source (which must then hold
// setup.sh and run_autograder), copies run_autograder to autograder/, and
// runs setup.sh with bash. It returns setup.sh's output.
func installAutograder(t *testing.T, root string, zipped []byte) string {
	t.Helper()
	for _, sh := range []string{"sh", "bash"} {
		if _, err := exec.LookPath(sh); err != nil {
			t.Skipf("no %s to run the autograder's scripts", sh)
		}
	}
	paths := gradescopePaths(root)
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.Contains(f.Name, "/") {
			t.Errorf("zip entry %s is not at the zip's root", f.Name)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Gradescope's unpacking may drop the modes: setup.sh makes what it
		// runs executable, so write every file without the execute bit.
		if err := os.MkdirAll(paths.source, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(paths.source, f.Name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"setup.sh", "run_autograder"} {
		if _, err := os.Stat(filepath.Join(paths.source, want)); err != nil {
			t.Fatalf("the zip has no %s at its root", want)
		}
	}
	run, err := os.ReadFile(filepath.Join(paths.source, "run_autograder"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "autograder", "run_autograder"), run, 0o755); err != nil {
		t.Fatal(err)
	}
	setup := exec.Command("bash", filepath.Join(paths.source, "setup.sh"))
	setup.Env = append(os.Environ(), "NNGRADE_GRADESCOPE_ROOT="+root)
	out, err := setup.CombinedOutput()
	if err != nil {
		t.Fatalf("setup.sh: %v\n%s", err, out)
	}
	return string(out)
}

// runAutograder puts an upload (name → contents) in root's
// autograder/submission, runs autograder/run_autograder from autograder/, as
// Gradescope does, and reads results.json.
func runAutograder(t *testing.T, root string, upload map[string]string) (gradescopeResults, string, error) {
	t.Helper()
	paths := gradescopePaths(root)
	os.RemoveAll(paths.submission)
	os.RemoveAll(filepath.Dir(paths.results))
	if err := os.MkdirAll(paths.submission, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, data := range upload {
		path := filepath.Join(paths.submission, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("sh", "./run_autograder")
	cmd.Dir = filepath.Join(root, "autograder")
	cmd.Env = append(os.Environ(), "NNGRADE_GRADESCOPE_ROOT="+root)
	out, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(paths.results)
	if err != nil {
		t.Fatalf("no results.json (%v); run_autograder: %v\n%s", err, runErr, out)
	}
	var r gradescopeResults
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("results.json is not JSON: %v\n%s", err, data)
	}
	if r.Score == nil {
		t.Fatalf("results.json has no score:\n%s", data)
	}
	return r, string(out), runErr
}

// testBinaryZip is an autograder zip of hw8 and its bundled rubric whose
// nngrade is this test binary: named nngrade, it runs nngrade's main (see
// TestMain), so the scripts run as on Gradescope without a build.
func testBinaryZip(t *testing.T, visibility string, setSrc, rubricSrc []byte) []byte {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binary, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	zipped, err := autograderZip(setSrc, rubricSrc, binary, visibility)
	if err != nil {
		t.Fatal(err)
	}
	return zipped
}

func hw8Sources(t *testing.T) (setSrc, rubricSrc []byte) {
	t.Helper()
	setSrc, err := bundledsets.Source("hw8")
	if err != nil {
		t.Fatal(err)
	}
	rubricSrc, ok := bundledrubrics.Source("hw8")
	if !ok {
		t.Fatal("no bundled rubric for hw8")
	}
	return setSrc, rubricSrc
}

// TestAutograderGradesUploads runs an autograder zip's scripts in a folder
// laid out as Gradescope's /autograder, on uploads good and bad: every run
// writes results.json; a wrong answer's key is not in what the student sees;
// an upload that cannot be graded says what to fix.
func TestAutograderGradesUploads(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Gradescope runs Linux")
	}
	setSrc, rubricSrc := hw8Sources(t)
	root := t.TempDir()
	if out := installAutograder(t, root, testBinaryZip(t, "visible", setSrc, rubricSrc)); !strings.Contains(out, "autograder ready: problem set hw8 (14 questions, 20 points), rubric rubric.toml") {
		t.Errorf("setup.sh says:\n%s", out)
	}
	good, err := os.ReadFile("../../examples/hw8/one.toml")
	if err != nil {
		t.Fatal(err)
	}
	const wrong = "student = \"ab12\"\nproblem_set = \"hw8\"\n[answers]\n\"1a\" = \"60 × 60 × 64\"\n\"1b\" = \"2400\"\n\"1c\" = \"30 × 30 × 32\"\n"

	t.Run("good", func(t *testing.T) {
		r, stdout, err := runAutograder(t, root, map[string]string{"one.toml": string(good)})
		if err != nil {
			t.Fatalf("run_autograder: %v\n%s", err, stdout)
		}
		if *r.Score != 20 || len(r.Tests) != 14 {
			t.Errorf("score %v with %d tests, want 20 with 14", *r.Score, len(r.Tests))
		}
		for _, test := range r.Tests {
			if test.Status != "passed" || test.Score != test.MaxScore || test.Visibility != "visible" {
				t.Errorf("test %s: %s %v / %v, %s", test.Number, test.Status, test.Score, test.MaxScore, test.Visibility)
			}
		}
		if r.Output != "Gil Hart (gh012): 20 / 20 (100%)" {
			t.Errorf("output %q", r.Output)
		}
	})

	t.Run("wrong answers hide the key", func(t *testing.T) {
		r, stdout, err := runAutograder(t, root, map[string]string{"answers.toml": wrong})
		if err != nil {
			t.Fatalf("run_autograder: %v\n%s", err, stdout)
		}
		byNumber := map[string]int{}
		for i, test := range r.Tests {
			byNumber[test.Number] = i
		}
		for id, key := range map[string]string{"1a": "60 × 60 × 32", "1b": "2,432"} {
			test := r.Tests[byNumber[id]]
			if test.Status != "failed" || test.Score != 0 {
				t.Errorf("%s: %s, %v", id, test.Status, test.Score)
			}
			if strings.Contains(test.Output, key) || strings.Contains(test.Output, "Expected") {
				t.Errorf("%s shows the student its key %s:\n%s", id, key, test.Output)
			}
		}
		if !strings.Contains(r.Tests[byNumber["1b"]].Output, "You counted the weights but not the biases") {
			t.Errorf("1b gives no feedback on the slip:\n%s", r.Tests[byNumber["1b"]].Output)
		}
		if got := r.Tests[byNumber["1c"]]; got.Status != "passed" {
			t.Errorf("1c: %s", got.Status)
		}
		// The instructor, who reads run_autograder's output, sees the keys.
		if !strings.Contains(stdout, "60 × 60 × 32") || !strings.Contains(stdout, "2,432") {
			t.Errorf("the instructor's output shows no key:\n%s", stdout)
		}
	})

	cases := []struct {
		name   string
		upload map[string]string
		score  float64
		output []string // in results.json's output
	}{
		{"in a folder, with other files", map[string]string{"hw/answers.toml": wrong, "hw/notes.pdf": "%PDF", ".DS_Store": "x", "__MACOSX/hw/._answers.toml": "x"},
			1, []string{"ab12: 1 / 20 (5%)"}},
		{"a CSV of one row", map[string]string{"answers.csv": "student,name,1a,1b\ncs1,Ada,60 × 60 × 32,\"2,432\"\n"},
			2, []string{"Ada (cs1): 2 / 20 (10%)"}},
		{"nothing", map[string]string{}, 0, []string{"Your upload has no files. Upload your answers as one TOML file (the answers template of hw8, filled in).", "your upload: 0 / 20 (0%)"}},
		{"no answers file", map[string]string{"answers.pdf": "%PDF", "scan.png": "x"}, 0,
			[]string{`Your upload has no answers file (.toml or .csv), only "answers.pdf", "scan.png". Upload your answers as one TOML file`}},
		{"only a hidden answers file", map[string]string{".answers.toml": wrong}, 0,
			[]string{`Your upload has only hidden files (".answers.toml"), which are left out; name your answers file without a leading dot.`}},
		{"a folder named as an answers file", map[string]string{"answers.toml/notes.txt": "x"}, 0,
			[]string{`"answers.toml" in your upload is not a file (a link, a folder or a special file); upload the answers file itself.`}},
		{"two answers files", map[string]string{"a.toml": wrong, "b/c.toml": wrong}, 0,
			[]string{`Your upload has 2 answers files, "a.toml", "b/c.toml"; upload exactly one, with all your answers.`}},
		{"a file that does not read", map[string]string{"answers.toml": "student = \"ab12\"\n[answers]\n\"1a\" = \"60 × 60\n"}, 0,
			[]string{"answers.toml could not be read, so nothing was graded; fix it and upload it again:\nanswers.toml:3:", "^"}},
		{"another set", map[string]string{"answers.toml": "student = \"ab12\"\nproblem_set = \"hw7\"\n[answers]\n\"1a\" = \"60 × 60 × 32\"\n"}, 0,
			[]string{`answers.toml answers problem set "hw7", not "hw8", so nothing was graded; upload your answers to hw8.`}},
		{"an unknown question", map[string]string{"answers.toml": "student = \"ab12\"\n[answers]\n\"1a\" = \"60 × 60 × 32\"\n\"1k\" = \"7\"\n"}, 1,
			[]string{`answers question "1k", which hw8 does not have`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, stdout, err := runAutograder(t, root, tc.upload)
			if err != nil {
				t.Fatalf("run_autograder: %v\n%s", err, stdout)
			}
			if *r.Score != tc.score {
				t.Errorf("score %v, want %v", *r.Score, tc.score)
			}
			if len(r.Tests) != 14 {
				t.Errorf("%d tests, want one for each of the 14 questions", len(r.Tests))
			}
			for _, want := range tc.output {
				if !strings.Contains(r.Output, want) {
					t.Errorf("output lacks %q:\n%s", want, r.Output)
				}
			}
		})
	}
}

// TestAutograderVisibility: --visibility after_published reaches
// results.json and every test, so nothing shows before the grades are
// published.
func TestAutograderVisibility(t *testing.T) {
	setSrc, rubricSrc := hw8Sources(t)
	root := t.TempDir()
	installAutograder(t, root, testBinaryZip(t, "after_published", setSrc, rubricSrc))
	r, stdout, err := runAutograder(t, root, map[string]string{"a.toml": "student = \"ab12\"\n[answers]\n\"1a\" = \"60 × 60 × 32\"\n"})
	if err != nil {
		t.Fatalf("run_autograder: %v\n%s", err, stdout)
	}
	if r.Visibility != "after_published" {
		t.Errorf("visibility %q", r.Visibility)
	}
	for _, test := range r.Tests {
		if test.Visibility != "after_published" {
			t.Errorf("test %s: visibility %q", test.Number, test.Visibility)
		}
	}
}

// TestAutograderWithoutRubric: a set with no rubric grades one point a
// question, and a problem set that does not load fails setup.sh, and on a run
// still leaves a results.json that says the fault is not the student's.
func TestAutograderWithoutRubric(t *testing.T) {
	setSrc, _ := hw8Sources(t)
	root := t.TempDir()
	if out := installAutograder(t, root, testBinaryZip(t, "visible", setSrc, nil)); !strings.Contains(out, "(14 questions, 14 points), one point a question") {
		t.Errorf("setup.sh says:\n%s", out)
	}
	r, stdout, err := runAutograder(t, root, map[string]string{"a.toml": "student = \"ab12\"\n[answers]\n\"1a\" = \"60 × 60 × 32\"\n"})
	if err != nil || *r.Score != 1 || r.Tests[0].MaxScore != 1 {
		t.Errorf("run: %v, score %v\n%s", err, *r.Score, stdout)
	}

	broken := filepath.Join(gradescopePaths(root).source, autograderSet)
	if err := os.WriteFile(broken, []byte("id = \"hw8\"\n[questions\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setup := exec.Command("bash", filepath.Join(gradescopePaths(root).source, "setup.sh"))
	setup.Env = append(os.Environ(), "NNGRADE_GRADESCOPE_ROOT="+root)
	if out, err := setup.CombinedOutput(); err == nil || !strings.Contains(string(out), "problem-set.toml:2") {
		t.Errorf("setup.sh with a broken set: %v\n%s", err, out)
	}
	r, stdout, err = runAutograder(t, root, map[string]string{"a.toml": "student = \"ab12\"\n"})
	if err == nil || !strings.Contains(stdout, "problem-set.toml:2") {
		t.Errorf("run_autograder with a broken set: %v\n%s", err, stdout)
	}
	if *r.Score != 0 || !strings.Contains(r.Output, "this is not a fault of your answers") {
		t.Errorf("results.json with a broken set: %v %q", *r.Score, r.Output)
	}
}

// TestAutograderZipLayout: the scripts and nngrade are executable in the
// zip (for unpackers that keep modes), and every file is at its root.
func TestAutograderZipLayout(t *testing.T) {
	setSrc, rubricSrc := hw8Sources(t)
	zipped, err := autograderZip(setSrc, rubricSrc, []byte("binary"), "visible")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		executable := f.Mode()&0o111 != 0
		if want := f.Name != autograderSet && f.Name != autograderRubric; executable != want {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
	}
	if want := []string{"setup.sh", "run_autograder", "nngrade", "problem-set.toml", "rubric.toml"}; !slices.Equal(names, want) {
		t.Errorf("zip holds %q, want %q", names, want)
	}
	again, _ := autograderZip(setSrc, rubricSrc, []byte("binary"), "visible")
	if !bytes.Equal(zipped, again) {
		t.Error("the same inputs gave two different zips")
	}
}

// TestGradescopeCommandEndToEnd runs `nngrade gradescope hw8 --out
// autograder.zip` as a user in nngrade's source folder would: this test's
// binary is no static nngrade, so the command builds one with the Go
// toolchain (CGO_ENABLED=0), checks it, and zips it; the zip's scripts then
// grade an upload with it in a Gradescope-like root.
func TestGradescopeCommandEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nngrade for linux/amd64")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no Go toolchain to build nngrade with")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "autograder.zip")
	t.Chdir("../..")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nngrade", "gradescope", "hw8", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "Wrote "+out+": a Gradescope autograder for hw8 (14 questions, its rubric; nngrade built from ") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	zipped, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root")
	installAutograder(t, root, zipped)
	if err := checkAutograderBinary(filepath.Join(gradescopePaths(root).source, autograderBinary)); err != nil {
		t.Errorf("the zip's nngrade: %v", err)
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return // the zip's nngrade runs on Gradescope's machines, not this one
	}
	good, err := os.ReadFile("examples/hw8/one.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, log, err := runAutograder(t, root, map[string]string{"one.toml": string(good)})
	if err != nil || *r.Score != 20 || len(r.Tests) != 14 {
		t.Errorf("run_autograder: %v, score %v, %d tests\n%s", err, *r.Score, len(r.Tests), log)
	}
}

// TestCheckAutograderBinaryRefusesOthers: this test binary is not the
// nngrade command (and, built with cgo, not static), so it is refused.
func TestCheckAutograderBinaryRefusesOthers(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	err = checkAutograderBinary(self)
	if err == nil || !strings.Contains(err.Error(), "linked dynamically") && !strings.Contains(err.Error(), "not nngrade") {
		t.Errorf("the test binary: %v", err)
	}
}

// TestListUploadTellsLinksApart: a link named as an answers file is not
// read (it could point anywhere on the machine) and is listed as not a
// file, so that the student is told so rather than that the upload has no
// answers file.
func TestListUploadTellsLinksApart(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere.toml")
	if err := os.WriteFile(target, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "a.toml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	up, err := listUpload(dir)
	if err != nil || len(up.answers) != 0 || strings.Join(up.notFiles, ",") != "a.toml" {
		t.Errorf("listUpload: %+v, %v", up, err)
	}
	if _, err := listUpload(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing folder: %v", err)
	}
}
