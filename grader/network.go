package grader

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/engine/tolerance"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// studentContext holds a student's readable network answers, so that a later
// answer can be checked against the student's own earlier ones (carry-forward).
type studentContext struct {
	ints   map[string]int64   // question id -> integer answer
	shapes map[string][]int64 // question id -> shape answer, channels last
}

func (g *Grader) newStudentContext(sub *submissions.Submission) *studentContext {
	ctx := &studentContext{ints: map[string]int64{}, shapes: map[string][]int64{}}
	for _, ka := range g.Key.Answers {
		raw, ok := sub.Answers[ka.Question.ID]
		if !ok {
			continue
		}
		switch ka.Kind {
		case IntegerValue:
			if v, err := answer.ReadInt(raw); err == nil {
				ctx.ints[ka.Question.ID] = v
			}
		case ShapeValue:
			if v, err := readShape(raw, len(ka.Shape)); err == nil {
				if ka.Question.Ask.Form == nn.TensorForm && !slices.Equal(v, ka.Shape) && slices.Equal(channelsFirst(ka.Shape), v) {
					v = ka.Shape // a channels-first answer carries its sizes forward as meant
				}
				ctx.shapes[ka.Question.ID] = v
			}
		}
	}
	return ctx
}

func (g *Grader) gradeNetworkAnswer(ctx *studentContext, ka *KeyAnswer, raw string, s rubrics.Settings) verdict {
	switch ka.Kind {
	case IntegerValue:
		got, err := answer.ReadInt(raw)
		if err != nil {
			return invalid(err, "a whole number such as "+ka.exampleForm())
		}
		v := verdict{readAs: FormatInt(got)}
		if got == ka.Int {
			v.status, v.credit = Correct, 1
			return v
		}
		if m, ok := matchMistake(s.Mistakes, func(text string) bool {
			mv, err := answer.ReadInt(text)
			return err == nil && mv == got
		}); ok {
			return mistakeVerdict(v, m)
		}
		if g.carryForward(ctx, ka, s, &v, func(c carried) bool { return c.isInt && c.intValue == got }) {
			return v
		}
		v.status = Incorrect
		v.feedback = append(v.feedback, g.diagnoseInt(ka, got)...)
		return v
	case ShapeValue:
		got, err := readShape(raw, len(ka.Shape))
		if err != nil {
			return invalid(err, "a shape such as "+ka.exampleForm())
		}
		return g.gradeShape(ctx, ka, got, s)
	default:
		got, err := answer.ReadTuple(receptiveLabels.ReplaceAllString(raw, ""))
		if err != nil {
			return invalid(err, "size, jump and start such as "+ka.exampleForm())
		}
		v := verdict{readAs: fmt.Sprint(got)}
		if len(got) == len(ka.Tuple) {
			ok := true
			for i := range got {
				if !closeEnough(got[i].Float64(), ka.Tuple[i], s) {
					ok = false
				}
			}
			if ok {
				v.status, v.credit = Correct, 1
				return v
			}
		}
		v.status = Incorrect
		v.say("The receptive field is given as size, jump and start (in input pixels); yours does not match.")
		return v
	}
}

func (g *Grader) gradeShape(ctx *studentContext, ka *KeyAnswer, got []int64, s rubrics.Settings) verdict {
	v := verdict{readAs: ka.Question.Ask.DisplayShape(got)}
	if slices.Equal(got, ka.Shape) {
		v.status, v.credit = Correct, 1
		return v
	}
	if m, ok := matchMistake(s.Mistakes, func(text string) bool {
		mv, err := answer.ReadShape(text)
		return err == nil && slices.Equal(mv, got)
	}); ok {
		return mistakeVerdict(v, m)
	}
	switch ka.Question.Ask.Form {
	case nn.TensorForm:
		if len(got) == len(ka.Shape) && len(got) >= 2 && slices.Equal(got, channelsFirst(ka.Shape)) {
			if s.ShapeOrder == "any" {
				v.status, v.credit = Correct, 1
				v.say("Read as channels-first (C × H × W, PyTorch's order); accepted. The problem states shapes channels-last: %s.", FormatShape(ka.Shape))
				return v
			}
			v.credit = s.ChannelsFirstCredit
			v.status = statusFor(v.credit)
			v.say("The sizes are right but in channels-first order (C × H × W, as PyTorch prints tensors); this problem writes shapes channels-last, H × W × C.")
			return v
		}
	case nn.MatrixForm:
		if len(got) == 2 && got[0] == ka.Shape[1] && got[1] == ka.Shape[0] {
			if s.WeightOrder == "any" {
				v.status, v.credit = Correct, 1
				v.say("Read as the transposed matrix (out, in), as PyTorch stores Linear weights; accepted.")
				return v
			}
			v.status = Incorrect
			v.say("This is the transpose: homework writes a dense layer's weight matrix as (inputs, outputs); PyTorch stores it as (out, in).")
			return v
		}
	}
	if g.carryForward(ctx, ka, s, &v, func(c carried) bool { return !c.isInt && slices.Equal(c.shape, got) }) {
		return v
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
			v.say("%d of %d axes are right.", right, len(got))
		}
	}
	v.feedback = append(v.feedback, g.diagnoseShape(ka, got)...)
	return v
}

// readShape reads a shape answer; where the key has one axis (a flattened size),
// "12,544" is a number with a thousands comma, not a tuple of two sizes.
func readShape(raw string, axes int) ([]int64, error) {
	if axes == 1 {
		if n, err := answer.ReadInt(raw); err == nil {
			return []int64{n}, nil
		}
	}
	return answer.ReadShape(raw)
}

// receptiveLabels lets a receptive field be written "size 5, jump 1, start 2".
var receptiveLabels = regexp.MustCompile(`(?i)\b(size|jump|start)\s*[=:]?\s*`)

func statusFor(credit float64) Status {
	switch {
	case credit >= 1:
		return Correct
	case credit > 0:
		return Partial
	}
	return Incorrect
}

func invalid(err error, expected string) verdict {
	v := verdict{status: Invalid}
	v.say("%s", err.Error())
	return v
}

func matchMistake(ms []rubrics.Mistake, same func(text string) bool) (rubrics.Mistake, bool) {
	for _, m := range ms {
		if same(m.Answer) {
			return m, true
		}
	}
	return rubrics.Mistake{}, false
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

// exampleForm is an example of the expected notation that does not give the key away.
func (ka *KeyAnswer) exampleForm() string {
	return ka.Question.Ask.Example
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

// layerResultFor recomputes layer i of net from the given input shape.
func applyFrom(net *nn.Network, i int, in []int) (nn.LayerResult, error) {
	return nn.Apply(net.Layers[i], in, net.Framework)
}
