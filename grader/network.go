package grader

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/engine/tolerance"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
)

// studentContext holds a student's readable network answers, so that a later
// answer can be checked against the student's own earlier ones (carry-forward).
type studentContext struct {
	// given is, by question (KeyAnswer.position), the student's answer as
	// carry-forward reads it: a count or a shape (channels last), or
	// nothing.
	given []givenAnswer
	// carried memoises carriedValue for the student, by question.
	carried []carriedResult
	// consulted is set when carry-forward is tried: the verdict being made
	// depends on the student's other answers, so a memo keys it by them.
	consulted bool
	// applied is the layers this context's worker has applied to a shape
	// (see carryPlan.apply): it is kept from one student to the next.
	applied map[*carryPlan][][]appliedShape
	// shape is room for the shape carry-forward feeds a layer.
	shape []int
	// layer is the layer result a carried value is read from.
	layer nn.LayerResult
}

// newStudentContext keeps the student's readable counts and shapes for
// carry-forward, from the answers read once for grading.
func (g *Grader) newStudentContext(answers []studentAnswer) *studentContext {
	ctx := new(studentContext)
	g.fillStudentContext(ctx, answers)
	return ctx
}

// givenAnswer is a student's answer to one question as carry-forward reads
// it: a count (isInt), a shape (isShape), or neither.
type givenAnswer struct {
	isInt, isShape bool
	count          int64
	shape          []int64
}

// count is the student's count for ka, if they gave one that could be read.
func (ctx *studentContext) count(ka *KeyAnswer) (int64, bool) {
	if ka.position >= len(ctx.given) {
		return 0, false
	}
	a := &ctx.given[ka.position]
	return a.count, a.isInt
}

// shapeOf is the student's shape for ka, if they gave one that could be read.
func (ctx *studentContext) shapeOf(ka *KeyAnswer) ([]int64, bool) {
	if ka.position >= len(ctx.given) {
		return nil, false
	}
	a := &ctx.given[ka.position]
	return a.shape, a.isShape
}

// fillStudentContext empties ctx and keeps the answers' counts and shapes
// in it: a worker grading a class reuses one context for every student.
func (g *Grader) fillStudentContext(ctx *studentContext, answers []studentAnswer) {
	n := len(g.Key.Answers)
	if len(ctx.given) != n {
		ctx.given, ctx.carried = make([]givenAnswer, n), make([]carriedResult, n)
	}
	clear(ctx.given)
	clear(ctx.carried)
	ctx.consulted = false
	for i := range answers {
		a := &answers[i] // not a copy: an answer is 144 bytes, and every student's are read here
		ka := g.questions[i].key
		if !a.given || a.err != nil {
			continue
		}
		switch ka.Kind {
		case IntegerValue:
			ctx.given[ka.position] = givenAnswer{isInt: true, count: a.value.count}
		case ShapeValue:
			v := a.value.shape
			if ka.Question.Ask.Form == nn.TensorForm && !slices.Equal(v, ka.Shape) && slices.Equal(channelsFirst(ka.Shape), v) {
				v = ka.Shape // a channels-first answer carries its sizes forward as meant
			}
			ctx.given[ka.position] = givenAnswer{isShape: true, shape: v}
		}
	}
}

// networkKind grades the questions the engine answers from a network: a count,
// a shape or a receptive field, by the value kind of the question's ask.
type networkKind struct{}

func (networkKind) solve(k *Key, q problems.Question) (KeyAnswer, error) {
	return k.solveNetworkQuestion(q)
}

func (networkKind) read(q *gradedQuestion, raw string) (reading, error) {
	ka := q.key
	return readNetworkAnswer(ka.Kind, ka.Question.Ask.Form, len(ka.Shape), raw)
}

// readNetworkAnswer reads an answer to a network question whose value kind and
// answer form are given (axes: the key's number of axes, for a shape). A
// student edition reads with it too, so that both read alike. An error that
// says what would be valid gives the examples of the question's answer form,
// never a key: the reader's own examples are for any caller.
func readNetworkAnswer(kind ValueKind, form nn.AnswerForm, axes int, raw string) (got reading, err error) {
	defer func() {
		if readErr := (*answer.Error)(nil); errors.As(err, &readErr) && readErr.Expected != "" {
			readErr.Expected = form.Expected()
		}
	}()
	switch kind {
	case IntegerValue:
		if form == nn.ReceptiveSizeForm {
			n, err := answer.ReadReceptiveSize(raw) // 8, 8 × 8 or size 8
			return reading{count: n}, err
		}
		n, err := answer.ReadInt(raw)
		return reading{count: n}, err
	case ShapeValue:
		if axes == 1 {
			form = nn.CountForm // a flattened size is a whole number: an error says so
		}
		s, err := readShape(raw, axes)
		return reading{shape: s}, err
	default:
		t, err := readReceptive(raw)
		return reading{tuple: t}, err
	}
}

func (networkKind) readAs(ka *KeyAnswer, got reading) string {
	return networkReadAs(ka.Kind, ka.Question.Ask.Form, got)
}

// networkReadAs writes a read network answer as the grader understood it.
func networkReadAs(kind ValueKind, form nn.AnswerForm, got reading) string {
	switch kind {
	case IntegerValue:
		return FormatInt(got.count)
	case ShapeValue:
		ask := nn.Ask{Form: form}
		return ask.DisplayShape(got.shape)
	default:
		return fmt.Sprint(got.tuple)
	}
}

func (n networkKind) compare(q *gradedQuestion, got reading) (bool, bool, []string) {
	ka := q.key
	want := reading{count: ka.Int, shape: ka.Shape}
	for _, x := range ka.Tuple {
		want.tuple = append(want.tuple, answer.Number{Float: x})
	}
	return n.same(q, want, got), false, nil
}

// same compares the one field the question's value kind sets: counts and shapes
// exactly, a receptive field's numbers within the rubric's tolerance.
func (networkKind) same(q *gradedQuestion, a, b reading) bool {
	if a.count != b.count || !slices.Equal(a.shape, b.shape) || len(a.tuple) != len(b.tuple) {
		return false
	}
	for i := range a.tuple {
		if !closeEnough(b.tuple[i].Float64(), a.tuple[i].Float64(), q.settings) {
			return false
		}
	}
	return true
}

func (networkKind) diagnose(g *Grader, ctx *studentContext, q *gradedQuestion, got reading, v *verdict) {
	ka, s := q.key, q.settings
	switch ka.Kind {
	case IntegerValue:
		if g.carryForward(ctx, ka, s, v, func(c carried) bool { return c.matches(got) }) {
			return
		}
		v.feedback = append(v.feedback, g.diagnoseInt(q, got.count)...)
	case ShapeValue:
		g.diagnoseShapeAnswer(ctx, q, got.shape, v)
	default:
		v.say("The receptive field is given as size, jump and start (in input pixels); yours does not match.")
	}
}

func (networkKind) jsonValue(ka *KeyAnswer) any {
	switch ka.Kind {
	case IntegerValue:
		return ka.Int
	case ShapeValue:
		return ka.Shape
	default:
		return ka.Tuple
	}
}

func (networkKind) markdown(ka *KeyAnswer) string {
	switch {
	case ka.Kind != ShapeValue:
		return ka.Display
	case ka.Question.Ask.Form == nn.MatrixForm:
		return "$" + ka.Display + "$"
	default:
		return "$" + strings.ReplaceAll(ka.Display, "×", "\\times") + "$"
	}
}

// diagnoseShapeAnswer judges a wrong shape that is no known mistake: the right
// sizes in another axis order, carry-forward, partial credit per axis, and the
// slip that explains it.
func (g *Grader) diagnoseShapeAnswer(ctx *studentContext, q *gradedQuestion, got []int64, v *verdict) {
	ka, s := q.key, q.settings
	if sl, ok := g.slipFor(q, reading{shape: got}); ok && sl.reorder != noReorder {
		g.judgeReordered(ka, s, sl.reorder, v)
		return
	}
	if g.carryForward(ctx, ka, s, v, func(c carried) bool { return c.matches(reading{shape: got}) }) {
		return
	}
	v.status = Incorrect
	if s.PartialShape && len(got) == len(ka.Shape) {
		right := 0
		for i := range got {
			if got[i] == ka.Shape[i] {
				right++
			}
		}
		if right > 0 {
			v.credit = s.PartialShapeCredit * float64(right) / float64(len(got))
			v.status = statusFor(v.credit)
			v.say("%d of %s %s right.", right, plural.Count(len(got), "axis", "axes"), plural.Word(right, "is", "are"))
		}
	}
	v.feedback = append(v.feedback, g.diagnoseShape(q, got)...)
}

// judgeReordered grades the key's sizes in another axis order: channels first
// for a layer's output, the transpose or PyTorch's order for a weight. The
// rubric's shape_order or weight_order = "any" accepts them; otherwise
// channels first earns channels_first_credit and a weight in the wrong order
// nothing. A student is told the orders, not the key.
func (g *Grader) judgeReordered(ka *KeyAnswer, s rubrics.Settings, order axisOrder, v *verdict) {
	switch order {
	case channelsFirstOrder:
		if s.ShapeOrder == "any" {
			v.status, v.credit, v.isKey = Correct, 1, true
			v.feedback = append(v.feedback, g.word(
				fmt.Sprintf("Read as channels-first (C × H × W, PyTorch's order); accepted. The problem states shapes channels-last: %s.", FormatShape(ka.Shape)),
				"Read as channels-first (C × H × W, PyTorch's order); accepted. The problem states shapes channels-last, H × W × C."))
			return
		}
		v.credit = s.ChannelsFirstCredit
		v.status = statusFor(v.credit)
		v.say("The sizes are right but in channels-first order (C × H × W, as PyTorch prints tensors); this problem writes shapes channels-last, H × W × C.")
	case transposedOrder:
		if s.WeightOrder == "any" {
			v.status, v.credit, v.isKey = Correct, 1, true
			v.say("Read as the transposed matrix (out, in), as PyTorch stores Linear weights; accepted.")
			return
		}
		v.status = Incorrect
		v.say("This is the transpose: homework writes a dense layer's weight matrix as (inputs, outputs); PyTorch stores it as (out, in).")
	case torchOrder:
		order, _ := torchKernelOrder(ka)
		if s.WeightOrder == "any" {
			v.status, v.credit, v.isKey = Correct, 1, true
			v.feedback = append(v.feedback, g.word(
				fmt.Sprintf("Read in PyTorch's weight order %s, as %s stores its weight; accepted. Homework writes it %s: %s.", order.torch, order.module, order.homework, ka.Display),
				fmt.Sprintf("Read in PyTorch's weight order %s, as %s stores its weight; accepted. Homework writes it %s.", order.torch, order.module, order.homework)))
			return
		}
		v.status = Incorrect
		v.feedback = append(v.feedback, g.word(
			fmt.Sprintf("The sizes are right but in PyTorch's weight order %s, as %s stores its weight; homework writes a kernel %s: %s.", order.torch, order.module, order.homework, ka.Display),
			fmt.Sprintf("The sizes are right but in PyTorch's weight order %s, as %s stores its weight; homework writes a kernel %s.", order.torch, order.module, order.homework)))
	}
}

// kernelOrder is a convolution kernel's shape in PyTorch's order, and how each
// order names its axes, for the feedback on an answer in the other order.
type kernelOrder struct {
	shape           []int64
	torch, homework string // "(out, in, kh, kw)", "(kh, kw, in, out)"
	module          string // "Conv2d"
}

// torchKernelOrder is the key's kernel shape as PyTorch stores it: the two channel
// axes first, swapped, then the spatial axes. Homework's [kh, kw, C_in/groups,
// filters] is Conv2d's (filters, C_in/groups, kh, kw); a transposed convolution's
// [kh, kw, filters/groups, C_in] is ConvTranspose2d's (C_in, filters/groups, kh, kw).
func torchKernelOrder(ka *KeyAnswer) (kernelOrder, bool) {
	if ka.network == nil || ka.layerIndex < 0 || len(ka.Shape) < 3 {
		return kernelOrder{}, false
	}
	typ := ka.network.Layers[ka.layerIndex].Type
	family := nn.FamilyOf(typ)
	if family != nn.Convolution && family != nn.TransposedConvolution {
		return kernelOrder{}, false
	}
	n := len(ka.Shape)
	spatial := []string{"k"}
	if n-2 == 2 {
		spatial = []string{"kh", "kw"}
	} else if n-2 == 3 {
		spatial = []string{"kd", "kh", "kw"}
	}
	first, second := "in", "out" // homework's order of the channel axes
	module := fmt.Sprintf("Conv%dd", n-2)
	if family == nn.TransposedConvolution {
		first, second = "out", "in"
		module = fmt.Sprintf("ConvTranspose%dd", n-2)
	}
	shape := append([]int64{ka.Shape[n-1], ka.Shape[n-2]}, ka.Shape[:n-2]...)
	return kernelOrder{
		shape:    shape,
		torch:    "(" + strings.Join(append([]string{second, first}, spatial...), ", ") + ")",
		homework: "(" + strings.Join(append(slices.Clone(spatial), first, second), ", ") + ")",
		module:   module,
	}, true
}

// readShape reads a shape answer; where the key has one axis (a flattened size),
// "12,544" is a number with a thousands comma, not a tuple of two sizes.
func readShape(raw string, axes int) ([]int64, error) {
	if axes != 1 {
		return answer.ReadShape(raw)
	}
	n, err := answer.ReadInt(raw)
	if err == nil {
		return []int64{n}, nil
	}
	if shape, shapeErr := answer.ReadShape(raw); shapeErr == nil {
		return shape, nil
	}
	return nil, err // a flattened size is a whole number: say why it is not one
}

// receptiveLabels lets a receptive field be written "size 5, jump 1, start 2".
var receptiveLabels = regexp.MustCompile(`(?i)\b(size|jump|start)\s*[=:]?\s*`)

// readReceptive reads a receptive field's size, jump and start, labelled or not.
// An error echoes the answer as written, with the caret under the character the
// reader stopped at, not under the text left when the labels were taken out.
func readReceptive(raw string) ([]answer.Number, error) {
	labels := receptiveLabels.FindAllStringIndex(raw, -1)
	unlabelled := receptiveLabels.ReplaceAllString(raw, "")
	t, err := answer.ReadTuple(unlabelled)
	var readErr *answer.Error
	if err != nil && len(labels) > 0 && errors.As(err, &readErr) && readErr.Input == unlabelled {
		offset := readErr.Offset
		for _, l := range labels {
			if l[0] > offset {
				break
			}
			offset += l[1] - l[0]
		}
		readErr.Input, readErr.Offset = raw, offset
	}
	return t, err
}

func statusFor(credit float64) Status {
	switch {
	case credit >= 1:
		return Correct
	case credit > 0:
		return Partial
	}
	return Incorrect
}

func mistakeVerdict(v verdict, m rubrics.Mistake) verdict {
	v.credit = m.Credit
	v.status = statusFor(m.Credit)
	if m.Feedback != "" {
		v.say("%s", m.Feedback)
	}
	return v
}

func closeEnough(got, want float64, s rubrics.Settings) bool {
	return tolerance.Equal(got, want, s.AbsTol, s.RelTol)
}

// channelsFirst moves the last axis (channels) to the front: [H, W, C] -> [C, H, W].
func channelsFirst(s []int64) []int64 {
	if len(s) < 2 {
		return s
	}
	out := make([]int64, 0, len(s))
	out = append(out, s[len(s)-1])
	return append(out, s[:len(s)-1]...)
}
