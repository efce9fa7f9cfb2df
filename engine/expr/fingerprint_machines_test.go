package expr

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateFingerprints = flag.Bool("update", false, "rewrite testdata/fingerprints.json from this machine's fingerprints")

// machineCase is a fingerprint published on one machine, with the verdicts
// full grading gave its answers there.
type machineCase struct {
	Vars    []Var
	Defines []Define
	Allow   []string
	Print   Fingerprint // Values hashed (hashValue)
	Answers []machineVerdict
}

type machineVerdict struct {
	Answer     string
	Equivalent bool
	Student    string
}

const machineFile = "testdata/fingerprints.json"

// TestFingerprintAcrossMachines checks fingerprints made on the machine that
// wrote testdata/fingerprints.json (linux/amd64, with its assembly math)
// against answers evaluated on this one: the verdicts must be full grading's
// there. Run it for the self-check page's engine with
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run AcrossMachines ./engine/expr
//
// and rewrite the file (on linux/amd64) with -update. On any machine it also
// holds the scheme to its word: a change in how values are fingerprinted
// that fails here would fail every edition already published, and must
// come with a new FingerprintScheme.
func TestFingerprintAcrossMachines(t *testing.T) {
	if *updateFingerprints {
		var cases []machineCase
		for _, c := range fingerprintCases[:5] {
			env, err := NewEnv(c.vars, c.defines, Options{Allow: c.allow})
			if err != nil {
				t.Fatal(err)
			}
			key, _ := env.Parse(c.key)
			fp, err := env.Fingerprint(key, 0x5eed)
			if err != nil {
				t.Fatal(err)
			}
			mc := machineCase{Vars: c.vars, Defines: c.defines, Allow: c.allow, Print: *fp}
			mc.Print.Values = map[string]string(sealKey(fp))
			for _, src := range append([]string{c.key}, c.answers...) {
				ans, err := env.Parse(src)
				if err != nil {
					continue
				}
				v := env.Compare(key, ans)
				mc.Answers = append(mc.Answers, machineVerdict{src, v.Equivalent, v.StudentDiagnosis})
			}
			cases = append(cases, mc)
		}
		out, err := json.MarshalIndent(cases, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.FromSlash(machineFile), append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(filepath.FromSlash(machineFile))
	if err != nil {
		t.Fatal(err)
	}
	var cases []machineCase
	if err := json.Unmarshal(src, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		env, err := NewEnv(c.Vars, c.Defines, Options{Allow: c.Allow})
		if err != nil {
			t.Fatal(err)
		}
		fp := c.Print
		sealed := hashedKey(fp.Values)
		fp.Values = nil // the checker never has them
		for _, a := range c.Answers {
			ans, err := env.Parse(a.Answer)
			if err != nil {
				t.Fatal(err)
			}
			got := env.CompareFingerprint(&fp, sealed, ans)
			if fp.Rational && !ans.rational && got.Undecided && got.StudentDiagnosis == UnsureDiagnosis {
				continue // an exact key's values are sealed together, with no cells to compare a float with
			}
			if got.Equivalent != a.Equivalent || got.Undecided || got.StudentDiagnosis != a.Student {
				t.Errorf("%q: here equivalent %v undecided %v %q; where it was published %v %q", a.Answer, got.Equivalent, got.Undecided, got.StudentDiagnosis, a.Equivalent, a.Student)
			}
		}
	}
}
