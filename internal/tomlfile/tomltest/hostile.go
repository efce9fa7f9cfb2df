// Package tomltest holds TOML inputs for the tests of every package that reads
// TOML through internal/tomlfile: problem sets, rubrics and the like.
package tomltest

import "strings"

// Hostile are files built to make a TOML parser work hard: deep arrays and
// inline tables, dotted keys and headers of thousands of parts, an unclosed
// multi-line string of brackets, CR-only line ends. Each must be refused (or
// read) at once, never after seconds.
func Hostile() []string {
	const n = 2000
	dotted := strings.TrimSuffix(strings.Repeat("a.", n), ".")
	return []string{
		"x = " + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + "\n",
		"x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n",
		dotted + " = 1\n",
		"[" + dotted + "]\n",
		"[[" + dotted + "]]\n",
		"x = \"\"\"\n" + strings.Repeat("[{.", n) + "\"\"\"\"\"\n",
		"id = \"x\"\r[networks.a]\rinput = [1, 2]\r",
	}
}
