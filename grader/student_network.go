package grader

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/nn"
)

// maxSealedAxes is the most axes a shape key in a student edition has.
const maxSealedAxes = 8

// countSealer seals a count (form "count") or a receptive field's size (form
// "receptive_size"): a whole number, compared exactly. The key, the rubric's
// known mistakes and the slips the diagnosis names are sealed one by one; any
// other answer gets the verdict full grading gives a count that is none of
// them.
type countSealer struct{ form string }

func (s countSealer) askForm() nn.AnswerForm {
	if s.form == "receptive_size" {
		return nn.ReceptiveSizeForm
	}
	return nn.CountForm
}

// sealedReadings are the answers whose verdicts a network question's edition
// seals one by one: the key, the rubric's known mistakes and every slip the
// grader's diagnosis names.
func sealedReadings(p *publication, q *gradedQuestion) []reading {
	ka := q.key
	out := []reading{{count: ka.Int, shape: ka.Shape}}
	for _, m := range q.mistakes {
		out = append(out, m.answer)
	}
	return append(out, p.g.slipAnswers(q)...)
}

func (s countSealer) seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error {
	ka := q.key
	var cands []candidate
	taken := map[int64]bool{}
	for _, r := range sealedReadings(p, q) {
		n := r.count
		taken[n] = true
		cands = append(cands, candidate{raw: strconv.FormatInt(n, 10), canonical: strconv.FormatInt(n, 10)})
	}
	if err := p.sealAnswers(q, sq, "answer", cands); err != nil {
		return err
	}
	sq.Classes = []SealedClass{p.classOf(q, 0, "", strconv.FormatInt(otherCount(ka.Int, taken), 10))}
	return nil
}

// otherCount is a count that stands for every count no entry seals: none of
// taken, and not a whole fraction or multiple of the key (which the diagnosis
// may name).
func otherCount(key int64, taken map[int64]bool) int64 {
	n := key*3 + 7919
	if n < 0 {
		n = 7919
	}
	for taken[n] || (key != 0 && (n%key == 0 || key%n == 0)) {
		n += 2
	}
	return n
}

func (countSealer) validate(*StudentQuestion) error { return nil }

func (s countSealer) read(_ *StudentQuestion, raw string) (reading, error) {
	return readNetworkAnswer(IntegerValue, s.askForm(), 0, raw)
}

func (s countSealer) readAs(_ *StudentQuestion, got reading) string {
	return networkReadAs(IntegerValue, s.askForm(), got)
}

func (countSealer) check(c *sealedQuestion, got reading) (sealedVerdict, error) {
	v, ok, err := c.lookup("answer", strconv.FormatInt(got.count, 10))
	if ok || err != nil {
		return v, err
	}
	return c.class(0, ""), nil
}

// shapeSealer seals a layer's output shape (form "shape") or a weight
// matrix's (form "matrix"): sizes compared exactly, in order. The key, the
// known mistakes and the slips are sealed one by one. Any other answer gets its
// class's verdict: by its number of axes and, where verdicts differ by which
// axes are right (partial_shape; "the spatial size is right"), by which axes
// match the key's, found with one keyed hash per axis (AxisKeys).
type shapeSealer struct{}

func shapeForm(sq *StudentQuestion) nn.AnswerForm {
	if sq.Form == "matrix" {
		return nn.MatrixForm
	}
	return nn.TensorForm
}

func shapeCanonical(s []int64) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(parts, ",")
}

// shapeRaw writes a shape as an answer the shape reader reads back.
func shapeRaw(s []int64) string {
	if len(s) == 1 {
		return strconv.FormatInt(s[0], 10)
	}
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (shapeSealer) seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error {
	ka := q.key
	n := len(ka.Shape)
	sq.Axes = n
	var cands []candidate
	taken := map[string]bool{}
	for _, r := range sealedReadings(p, q) {
		s := r.shape
		taken[shapeCanonical(s)] = true
		cands = append(cands, candidate{raw: shapeRaw(s), canonical: shapeCanonical(s)})
	}
	if err := p.sealAnswers(q, sq, "answer", cands); err != nil {
		return err
	}
	// Answers with another number of axes: one class a length, each graded
	// by full grading, up to one less than the most the reader reads; the
	// last class (axes = 0) holds the answers with that most. A single
	// class for "9 or more" would carry the count of the answer it was
	// graded on ("your answer has 9") to a 10-axis answer.
	for axes := 1; axes < answer.MaxAxes; axes++ {
		if axes != n {
			sq.Classes = append(sq.Classes, p.classOf(q, axes, "", shapeRaw(otherShape(ka.Shape, axes, "", taken))))
		}
	}
	// Answers with the key's number of axes: one class for each set of axes
	// that are right, kept only if the verdicts differ.
	var byRight []SealedClass
	for mask := 0; mask < 1<<n-1; mask++ {
		right := rightString(mask, n)
		byRight = append(byRight, p.classOf(q, n, right, shapeRaw(otherShape(ka.Shape, n, right, taken))))
	}
	if allSameVerdict(byRight) {
		only := byRight[0]
		only.Right = ""
		sq.Classes = append(sq.Classes, only)
	} else {
		sq.Classes = append(sq.Classes, byRight...)
		keys := p.keys(q)
		for i, size := range ka.Shape {
			sq.AxisKeys = append(sq.AxisKeys, keys.match(axisDomain(i), strconv.FormatInt(size, 10)))
		}
	}
	sq.Classes = append(sq.Classes, p.classOf(q, 0, "", shapeRaw(otherShape(ka.Shape, answer.MaxAxes, "", taken))))
	return nil
}

func axisDomain(i int) string { return "axis:" + strconv.Itoa(i) }

// rightString writes which axes a mask marks right: "110" for the first two of three.
func rightString(mask, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
		if mask&(1<<i) != 0 {
			b[i] = '1'
		}
	}
	return string(b)
}

// otherShape is a shape with the given number of axes that stands for its
// class: the key's size on the axes right marks, sizes of no slip elsewhere,
// and none of the shapes sealed one by one.
func otherShape(key []int64, axes int, right string, taken map[string]bool) []int64 {
	out := make([]int64, axes)
	for bump := int64(0); ; bump += 2 {
		for i := range out {
			if i < len(right) && right[i] == '1' {
				out[i] = key[i]
				continue
			}
			base := int64(7)
			if i < len(key) {
				base = key[i]
			}
			out[i] = base*3 + 7919 + int64(2*i) + bump
		}
		if !taken[shapeCanonical(out)] {
			return out
		}
	}
}

func allSameVerdict(cs []SealedClass) bool {
	for _, c := range cs[1:] {
		if c.Status != cs[0].Status || c.Score != cs[0].Score || c.Feedback != cs[0].Feedback || c.Expected != cs[0].Expected || c.Note != cs[0].Note {
			return false
		}
	}
	return true
}

func (shapeSealer) validate(sq *StudentQuestion) error {
	if sq.Axes < 1 || sq.Axes > maxSealedAxes {
		return fmt.Errorf("axes = %d: a shape question's key has 1 to %d axes", sq.Axes, maxSealedAxes)
	}
	if len(sq.AxisKeys) != 0 && len(sq.AxisKeys) != sq.Axes {
		return fmt.Errorf("%d axis_keys for %d axes: one a axis, or none", len(sq.AxisKeys), sq.Axes)
	}
	return nil
}

func (shapeSealer) read(sq *StudentQuestion, raw string) (reading, error) {
	return readNetworkAnswer(ShapeValue, shapeForm(sq), sq.Axes, raw)
}

func (shapeSealer) readAs(sq *StudentQuestion, got reading) string {
	return networkReadAs(ShapeValue, shapeForm(sq), got)
}

func (shapeSealer) check(c *sealedQuestion, got reading) (sealedVerdict, error) {
	v, ok, err := c.lookup("answer", shapeCanonical(got.shape))
	if ok || err != nil {
		return v, err
	}
	n := len(got.shape)
	right := ""
	if keys := c.sq.AxisKeys; n == c.sq.Axes && len(keys) == n {
		b := []byte(strings.Repeat("0", n))
		for i, size := range got.shape {
			if c.keys.match(axisDomain(i), strconv.FormatInt(size, 10)) == keys[i] {
				b[i] = '1'
			}
		}
		right = string(b)
	}
	return c.class(n, right), nil
}
