package submissions

import (
	"fmt"
	"strings"
	"testing"
)

// hostileTOML are submission files built to make a TOML parser work hard:
// deep inline tables and arrays, and dotted keys and headers of thousands of
// parts. Each is about 4 KB, the size of a student's file.
func hostileTOML() map[string]string {
	const n = 2000
	return map[string]string{
		"inline tables": "student = \"a\"\nx = " + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + "\n",
		"arrays":        "student = \"a\"\nx = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n",
		"dotted key":    "student = \"a\"\n" + strings.TrimSuffix(strings.Repeat("a.", n), ".") + " = 1\n",
		"dotted header": "student = \"a\"\n[" + strings.TrimSuffix(strings.Repeat("a.", n), ".") + "]\n",
		"array header":  "student = \"a\"\n[[" + strings.TrimSuffix(strings.Repeat("a.", n), ".") + "]]\n",
		"unknown keys":  "student = \"a\"\n" + unknownKeys(n),
	}
}

// BenchmarkLoadHostile measures how long a hostile submission takes to be
// refused: linear in its size, never seconds.
func BenchmarkLoadHostile(b *testing.B) {
	for name, src := range hostileTOML() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				_, _ = Load("f.toml", []byte(src))
			}
		})
	}
}

// unknownKeys is n keys no submission has, one a line.
func unknownKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	return b.String()
}
