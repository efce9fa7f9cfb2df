package nn

import (
	"strconv"
	"strings"
)

// arith is a piece of arithmetic a worked solution shows with a layer's numbers
// substituted, written twice from one tree: as LaTeX for the reader and as plain
// text in engine/expr's syntax, so that a test can evaluate exactly what the
// reader is shown and hold it to the engine's count.
type arith struct {
	tex, text string
	prec      int // how tightly it binds: precSum, precProduct or precAtom
}

const (
	precSum = iota + 1
	precProduct
	precAtom
)

// num is a whole number as a formula writes it: 12544.
func num(v int) arith { return num64(int64(v)) }

func num64(v int64) arith {
	s := strconv.FormatInt(v, 10)
	if v < 0 {
		return arith{s, s, precSum}
	}
	return arith{s, s, precAtom}
}

// count is a whole number as a total writes it, in groups of three (146,378);
// its text has no commas, which expr would read as separate arguments.
func count(v int64) arith {
	a := num64(v)
	a.tex = texCount(v)
	return a
}

// texCount is FormatCount in math mode: 146{,}378, since TeX spaces a bare
// comma as punctuation ("146, 378").
func texCount(v int64) string { return strings.ReplaceAll(FormatCount(v), ",", "{,}") }

// decimal is a receptive field's start, which may be a half or negative.
func decimal(f float64) arith {
	s := FormatFloat(f)
	if f < 0 {
		return arith{s, s, precSum}
	}
	return arith{s, s, precAtom}
}

// wrap puts a in parentheses when it binds less tightly than prec.
func (a arith) wrap(prec int) arith {
	if a.prec >= prec {
		return a
	}
	return arith{`\left(` + a.tex + `\right)`, "(" + a.text + ")", precAtom}
}

func join(xs []arith, texOp, textOp string, prec int) arith {
	if len(xs) == 1 {
		return xs[0]
	}
	tex, text := make([]string, len(xs)), make([]string, len(xs))
	for i, x := range xs {
		x = x.wrap(prec)
		tex[i], text[i] = x.tex, x.text
	}
	return arith{strings.Join(tex, texOp), strings.Join(text, textOp), prec}
}

// sum is x_1 + x_2 + …
func sum(xs ...arith) arith { return join(xs, " + ", " + ", precSum) }

// prod is x_1 × x_2 × …
func prod(xs ...arith) arith { return join(xs, ` \times `, "*", precProduct) }

// diff is a − b.
func diff(a, b arith) arith {
	a, b = a.wrap(precSum), b.wrap(precProduct)
	return arith{a.tex + " - " + b.tex, a.text + " - " + b.text, precSum}
}

// frac is a/b written as a fraction.
func frac(a, b arith) arith {
	return arith{`\frac{` + a.tex + "}{" + b.tex + "}", "(" + a.text + ")/(" + b.text + ")", precAtom}
}

// floorFrac is ⌊a/b⌋.
func floorFrac(a, b arith) arith {
	return arith{`\left\lfloor \frac{` + a.tex + "}{" + b.tex + `} \right\rfloor`, "floor((" + a.text + ")/(" + b.text + "))", precAtom}
}

// ceilFrac is ⌈a/b⌉.
func ceilFrac(a, b arith) arith {
	return arith{`\left\lceil \frac{` + a.tex + "}{" + b.tex + `} \right\rceil`, "ceil((" + a.text + ")/(" + b.text + "))", precAtom}
}

// maxOf is max(a, b).
func maxOf(a, b arith) arith {
	return arith{`\max\left(` + a.tex + ", " + b.tex + `\right)`, "max(" + a.text + ", " + b.text + ")", precAtom}
}

// square is a².
func square(a arith) arith {
	a = a.wrap(precAtom)
	return arith{a.tex + "^2", a.text + "^2", precAtom}
}

// nums turns sizes into numbers.
func nums(s []int) []arith {
	out := make([]arith, len(s))
	for i, v := range s {
		out[i] = num(v)
	}
	return out
}

// texText escapes a name for \text{…} and `…`: layer names may hold underscores.
var texText = strings.NewReplacer(`\`, `\textbackslash{}`, "_", `\_`, "#", `\#`, "%", `\%`, "&", `\&`, "$", `\$`, "{", `\{`, "}", `\}`, "^", `\^{}`, "~", `\~{}`)

// check is one piece of arithmetic a worked solution shows and the value it
// says it comes to: what the tests evaluate.
type check struct {
	text string
	want float64
}

// doc is a worked solution being written: Markdown with LaTeX between $$, and
// the arithmetic it shows.
type doc struct {
	strings.Builder
	checks []check
}

// eq writes "lhs = a = v" (the substitution left out when a is v itself) and
// records that a comes to v. lhs "" starts with the arithmetic.
// v is written without groups of three, as the seed's formulas are.
func (d *doc) eq(lhs string, a arith, v int64) string {
	return d.eqf(lhs, a, float64(v), strconv.FormatInt(v, 10))
}

func (d *doc) eqf(lhs string, a arith, v float64, shown string) string {
	d.checks = append(d.checks, check{a.text, v})
	s := a.tex + " = " + shown
	if a.tex == shown {
		s = shown
	}
	if lhs == "" {
		return s
	}
	return lhs + " = " + s
}

// math writes a display equation as its own paragraph.
func (d *doc) math(tex string) { d.WriteString("$$" + tex + "$$\n\n") }

// para writes a paragraph of text.
func (d *doc) para(s string) { d.WriteString(s + "\n\n") }

// String is the solution without its trailing blank line.
func (d *doc) String() string { return strings.TrimRight(d.Builder.String(), "\n") }
