package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// The ask table: every value a network question may ask for (FORMAT.md's `ask`),
// with where it applies, what kind of value it is, how it is taken from a
// Solution, how it is written and how its worked solution reads. The problems
// loader looks an ask up once (AskNamed) and everything after holds the *Ask.

// AskScope says whether an ask is about one layer, the whole network, or either.
type AskScope int

const (
	LayerScope   AskScope = 1 << iota // needs layer =
	NetworkScope                      // takes no layer =
	// EitherScope is a layer's value with layer =, the network's without (macs).
	EitherScope = LayerScope | NetworkScope
)

// AskKind is the kind of value an ask has.
type AskKind int

const (
	IntegerAsk AskKind = iota // a count
	ShapeAsk                  // a list of sizes
	TupleAsk                  // a receptive field: size, jump, start
)

// AnswerForm is how an answer is written, and so which slips of notation it invites.
type AnswerForm int

const (
	CountForm         AnswerForm = iota // 146,378
	TensorForm                          // a layer's output, channels last: 60 × 60 × 32; channels first is a known slip
	MatrixForm                          // a weight matrix in homework order: (12544, 10); the transpose is a known slip
	ReceptiveForm                       // size 5, jump 1, start 2
	ReceptiveSizeForm                   // a receptive field's size alone: 5, 5 × 5 or size 5
)

// answerForms says, for each AnswerForm, what an answer is, an example of its
// notation that gives no key away (a submission template's hint), and other
// notations of the same example that a reader's error shows.
var answerForms = [...]struct{ what, example, others string }{
	CountForm:         {"a whole number", "1,234", "1234 or 1.234e3"},
	TensorForm:        {"a shape", "32 × 32 × 16", "32x32x16 or [32, 32, 16]"},
	MatrixForm:        {"a matrix shape", "(128, 10)", "128 × 10"},
	ReceptiveForm:     {"size, jump, start", "(5, 1, 2)", "size 5, jump 1, start 2"},
	ReceptiveSizeForm: {"a receptive field's size in input pixels", "5", "5 × 5 or size 5"},
}

// Hint says what to write and shows the notation: "a shape, e.g. 32 × 32 × 16".
func (f AnswerForm) Hint() string {
	return answerForms[f].what + ", e.g. " + answerForms[f].example
}

// Expected says what an answer that cannot be read should have been, with the
// form's example in several notations: "a shape such as 32 × 32 × 16,
// 32x32x16 or [32, 32, 16]". Its examples are the form's, never a key, so a
// student may be shown it.
func (f AnswerForm) Expected() string {
	a := answerForms[f]
	if strings.Contains(a.others, " or ") {
		return a.what + " such as " + a.example + ", " + a.others
	}
	return a.what + " such as " + a.example + " or " + a.others
}

// Parts says which trainable parameters a count adds up, so that a diagnosis can
// name the part a wrong count left out or added.
type Parts int

const (
	WeightsPart Parts = 1 << iota
	BiasesPart
)

// Ask is one value a network question may ask for.
type Ask struct {
	Name  string // "output_shape"
	Scope AskScope
	Kind  AskKind
	Form  AnswerForm
	Parts Parts // 0 for a count that is not of parameters (MACs, non-trainable)
	// MultiplyAccumulates is true for a count of multiply-accumulates, which a
	// student may give as FLOPs (a multiply and an add each: twice as many).
	MultiplyAccumulates bool
	// Symbolic is true when a network whose sizes are names may ask it: the key
	// is then the count as a formula (SymbolicCount of Count or Total).
	Symbolic bool
	// Count is an integer ask's value for one layer; for a network ask it is the
	// term each layer adds to the total.
	Count func(*LayerResult) int64
	// Total is a network ask's value.
	Total func(*Solution) int64
	// Shape is a shape ask's value; nil when the layer has none.
	Shape  func(*LayerResult) []int
	worked func(w work, d *doc)
}

// String is the ask's name, as FORMAT.md spells it.
func (a *Ask) String() string { return a.Name }

// AskValue is an ask's value, in the field its Kind names.
type AskValue struct {
	Int   int64
	Shape []int64
	Tuple []float64
}

func params(l *LayerResult) int64    { return l.Params }
func macs(l *LayerResult) int64      { return l.MACs }
func trainable(l *LayerResult) int64 { return l.Trainable }

// askTable is every ask, in FORMAT.md's order.
var askTable = []Ask{
	{Name: "output_shape", Scope: LayerScope, Kind: ShapeAsk, Form: TensorForm,
		Shape: func(l *LayerResult) []int { return l.OutputShape }, worked: workedShape},
	{Name: "params", Scope: LayerScope, Kind: IntegerAsk, Form: CountForm, Parts: WeightsPart | BiasesPart, Symbolic: true,
		Count: params, worked: workedParams("")},
	{Name: "weights", Scope: LayerScope, Kind: IntegerAsk, Form: CountForm, Parts: WeightsPart, Symbolic: true,
		Count: func(l *LayerResult) int64 { return l.Weights }, worked: workedParams("Weights only")},
	{Name: "biases", Scope: LayerScope, Kind: IntegerAsk, Form: CountForm, Parts: BiasesPart, Symbolic: true,
		Count: func(l *LayerResult) int64 { return l.Biases }, worked: workedParams("Biases only")},
	{Name: "weight_shape", Scope: LayerScope, Kind: ShapeAsk, Form: MatrixForm,
		Shape: func(l *LayerResult) []int { return l.WeightShape }, worked: workedWeightShape},
	{Name: "total_params", Scope: NetworkScope, Kind: IntegerAsk, Form: CountForm, Parts: WeightsPart | BiasesPart, Symbolic: true,
		Count: params, Total: func(s *Solution) int64 { return s.TotalParams }, worked: workedTotal},
	{Name: "trainable_params", Scope: NetworkScope, Kind: IntegerAsk, Form: CountForm, Parts: WeightsPart | BiasesPart, Symbolic: true,
		Count: trainable, Total: func(s *Solution) int64 { return s.Trainable }, worked: workedTotal},
	{Name: "non_trainable_params", Scope: NetworkScope, Kind: IntegerAsk, Form: CountForm, Symbolic: true,
		Count: func(l *LayerResult) int64 { return l.NonTrainable }, Total: func(s *Solution) int64 { return s.NonTrainable }, worked: workedTotal},
	{Name: "macs", Scope: EitherScope, Kind: IntegerAsk, Form: CountForm, Symbolic: true, MultiplyAccumulates: true,
		Count: macs, Total: func(s *Solution) int64 { return s.MACs }, worked: workedMACs},
	{Name: "receptive_field", Scope: LayerScope, Kind: TupleAsk, Form: ReceptiveForm, worked: workedReceptive},
	{Name: "receptive_field_size", Scope: LayerScope, Kind: IntegerAsk, Form: ReceptiveSizeForm,
		Count: func(l *LayerResult) int64 { return int64(l.Receptive.Size) }, worked: workedReceptiveSize},
}

// Asks lists every ask's name in FORMAT.md's order, for messages and suggestions.
func Asks() []string {
	out := make([]string, len(askTable))
	for i, a := range askTable {
		out[i] = a.Name
	}
	return out
}

// AskNamed returns the ask with the given name.
func AskNamed(name string) (*Ask, bool) {
	for i := range askTable {
		if askTable[i].Name == name {
			return &askTable[i], true
		}
	}
	return nil, false
}

// Value takes the ask's value from a solution: of layer i, or of the whole
// network when i is -1.
func (a *Ask) Value(sol *Solution, i int) (AskValue, error) {
	if i < 0 {
		if a.Scope&NetworkScope == 0 {
			return AskValue{}, fmt.Errorf("ask %q needs a layer", a.Name)
		}
		return AskValue{Int: a.Total(sol)}, nil
	}
	if a.Scope&LayerScope == 0 {
		return AskValue{}, fmt.Errorf("ask %q is about the whole network", a.Name)
	}
	return a.LayerValue(&sol.Layers[i])
}

// LayerValue takes the ask's value from one layer's result.
func (a *Ask) LayerValue(lr *LayerResult) (AskValue, error) {
	if (a.Form == ReceptiveSizeForm || a.Kind == TupleAsk) && !lr.Receptive.Known {
		// Its size would read 0, and a student answering 0 would be right.
		return AskValue{}, fmt.Errorf("the receptive field of layer %q (%s) is not defined in input pixels: a layer up to it (a transposed convolution, an adaptive pool with unequal bins) does not map its units to windows of the input, or the network has no positional axes", lr.Name, lr.Type)
	}
	switch a.Kind {
	case IntegerAsk:
		return AskValue{Int: a.Count(lr)}, nil
	case ShapeAsk:
		s := a.Shape(lr)
		if s == nil {
			return AskValue{}, fmt.Errorf("layer %q (%s) has no weight matrix", lr.Name, lr.Type)
		}
		return AskValue{Shape: int64s(s)}, nil
	}
	rf := lr.Receptive
	return AskValue{Tuple: []float64{float64(rf.Size), float64(rf.Jump), rf.Start}}, nil
}

// Display writes a value in the ask's answer form: "146,378", "60 × 60 × 32",
// "(12544, 10)", "size 5, jump 1, start 2".
func (a *Ask) Display(v AskValue) string {
	switch a.Form {
	case CountForm, ReceptiveSizeForm:
		return FormatCount(v.Int)
	case TensorForm:
		return FormatShape(v.Shape)
	case MatrixForm:
		return FormatMatrix(v.Shape)
	}
	return fmt.Sprintf("size %s, jump %s, start %s", FormatFloat(v.Tuple[0]), FormatFloat(v.Tuple[1]), FormatFloat(v.Tuple[2]))
}

// DisplayShape writes a shape answer (the key's or a student's) in the ask's form.
func (a *Ask) DisplayShape(s []int64) string {
	if a.Form == MatrixForm {
		return FormatMatrix(s)
	}
	return FormatShape(s)
}

// Worked is the worked solution of the ask on layer i of net (-1: the whole
// network) in the seed's style: the formula, the numbers substituted, the result
// (Markdown with LaTeX).
func (a *Ask) Worked(net Network, sol *Solution, i int) string {
	return a.workedDoc(net, sol, i).String()
}

// workedDoc is Worked with the arithmetic it shows, for the tests to evaluate.
func (a *Ask) workedDoc(net Network, sol *Solution, i int) *doc {
	w := work{ask: a, net: net, sol: sol, index: i}
	if i >= 0 {
		w.layer, w.result = net.Layers[i], sol.Layers[i]
	}
	d := &doc{}
	a.worked(w, d)
	return d
}

// FormatCount writes a count the way homework does: 146,378.
func FormatCount(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatShape writes a shape the way homework does: 60 × 60 × 32.
func FormatShape(s []int64) string {
	return joinInt64s(s, " × ")
}

// FormatMatrix writes a weight matrix's shape as the seed does: (12544, 10).
func FormatMatrix(s []int64) string {
	return "(" + joinInt64s(s, ", ") + ")"
}

// FormatFloat writes a number in the fewest digits that read back exactly.
func FormatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func joinInt64s(s []int64, sep string) string {
	var b strings.Builder
	for i, v := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(strconv.FormatInt(v, 10))
	}
	return b.String()
}

func int64s(s []int) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}
