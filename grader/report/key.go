package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/plural"
)

// maxKeyText is how much of a question's text the key table shows.
const maxKeyText = 60

// KeyOptions choose what a key shows besides the answers.
type KeyOptions struct {
	// Points are the questions' points by id, from a rubric (key --rubric);
	// nil leaves points out. A question without an entry is worth nothing.
	Points map[string]float64
	// Student is whose key it is (key --student), for a set with per-student
	// values: the key is then the student's variant's, whose values it shows.
	Student string
}

// studentLine says whose variant a key is: "Student alice: s = 62, f1 = 16";
// "" for a key that is everyone's.
func (o KeyOptions) studentLine(key *grader.Key) string {
	if o.Student == "" {
		return ""
	}
	if len(key.Set.Values) == 0 {
		return "Student " + o.Student
	}
	return "Student " + o.Student + ": " + key.Set.Values.String()
}

// pointsText writes a question's points: "1 point", "2.5 points".
func pointsText(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if p == 1 {
		return s + " point"
	}
	return s + " points"
}

// totalPoints adds up the points of the key's questions.
func (o KeyOptions) totalPoints(key *grader.Key) float64 {
	var total float64
	for _, ka := range key.Answers {
		total += o.Points[ka.Question.ID]
	}
	return total
}

// KeyTable writes a solved problem set as `nngrade key` prints it: a title, a
// table of question, text (cut to one line) and answer, then each network's
// per-layer table as Summary writes it.
func KeyTable(w io.Writer, key *grader.Key) error { return KeyTableWith(w, key, KeyOptions{}) }

// KeyTableWith is KeyTable with options: with Points, a column of each
// question's points after its id and the total under the title.
func KeyTableWith(w io.Writer, key *grader.Key, opts KeyOptions) error {
	if key == nil {
		return fmt.Errorf("report: KeyTable: no key")
	}
	var out strings.Builder
	title := key.Set.ID
	if key.Set.Title != "" {
		title = key.Set.Title
	}
	fmt.Fprintf(&out, "Answer key: %s\n\n", title)
	if line := opts.studentLine(key); line != "" {
		fmt.Fprintf(&out, "%s\n\n", line)
	}
	if opts.Points != nil {
		fmt.Fprintf(&out, "Total: %s\n\n", pointsText(opts.totalPoints(key)))
		t := newTable(&out, tw.AlignLeft, []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft})
		t.Header("Question", "Points", "Text", "Answer")
		for _, ka := range key.Answers {
			points := strconv.FormatFloat(opts.Points[ka.Question.ID], 'f', -1, 64)
			if err := t.Append(ka.Question.ID, points, shorten(ka.Question.Text, maxKeyText), ka.Display); err != nil {
				return fmt.Errorf("report: key table, question %q: %w", ka.Question.ID, err)
			}
		}
		if err := t.Render(); err != nil {
			return fmt.Errorf("report: key table: %w", err)
		}
		return writeLayerTables(w, &out, key)
	}
	t := newTable(&out, tw.AlignLeft, leftAligned(3))
	t.Header("Question", "Text", "Answer")
	for _, ka := range key.Answers {
		if err := t.Append(ka.Question.ID, shorten(ka.Question.Text, maxKeyText), ka.Display); err != nil {
			return fmt.Errorf("report: key table, question %q: %w", ka.Question.ID, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: key table: %w", err)
	}
	return writeLayerTables(w, &out, key)
}

// writeLayerTables ends the key table with each network's per-layer table and
// writes it all to w.
func writeLayerTables(w io.Writer, out *strings.Builder, key *grader.Key) error {
	for _, net := range key.Set.Networks {
		out.WriteString("\n")
		if err := layerTable(out, net, key.Solutions[net.Name]); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// Summary writes each network's per-layer table, as torchinfo's summary and
// Keras's model.summary() do: output shape, weights, biases, parameters and
// MACs of each layer, with totals. A network whose sizes are names shows each
// layer's parameter count as a formula.
func Summary(w io.Writer, key *grader.Key) error {
	if key == nil {
		return fmt.Errorf("report: Summary: no key")
	}
	var out strings.Builder
	for i, net := range key.Set.Networks {
		if i > 0 {
			out.WriteString("\n")
		}
		if err := layerTable(&out, net, key.Solutions[net.Name]); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// leftAligned is n left-aligned columns.
func leftAligned(n int) []tw.Align {
	aligns := make([]tw.Align, n)
	for i := range aligns {
		aligns[i] = tw.AlignLeft
	}
	return aligns
}

// layerTable writes one network's layers; sol is nil for a network whose sizes
// are names.
func layerTable(w *strings.Builder, net nn.Network, sol *nn.Solution) error {
	if len(net.Symbols) > 0 {
		return symbolicTable(w, net)
	}
	if sol == nil {
		return fmt.Errorf("report: network %q has no solution", net.Name)
	}
	fmt.Fprintf(w, "Network %s: input %s (%s conventions)\n", net.Name, shapeText(net.Input), net.Framework)
	aligns := leftAligned(3)
	aligns = append(aligns, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight)
	t := newTable(w, tw.AlignLeft, aligns)
	t.Header("Layer", "Type", "Output shape", "Weights", "Biases", "Params", "MACs")
	var weights, biases int64
	for _, l := range sol.Layers {
		weights += l.Weights
		biases += l.Biases
		if err := t.Append(l.Name, l.Type, shapeText(l.OutputShape), grader.FormatInt(l.Weights), grader.FormatInt(l.Biases),
			grader.FormatInt(l.Params), grader.FormatInt(l.MACs)); err != nil {
			return fmt.Errorf("report: network %q, layer %q: %w", net.Name, l.Name, err)
		}
	}
	t.Footer("Total", "", "", grader.FormatInt(weights), grader.FormatInt(biases), grader.FormatInt(sol.TotalParams), grader.FormatInt(sol.MACs))
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: network %q: %w", net.Name, err)
	}
	fmt.Fprintf(w, "Trainable params: %s\nNon-trainable params: %s\n", grader.FormatInt(sol.Trainable), grader.FormatInt(sol.NonTrainable))
	fmt.Fprintf(w, "MACs: %s.\n", nn.MACConvention)
	return nil
}

// symbolicTable writes a network whose sizes are names: its layers, each with
// its parameter count as a formula ("?" when it has none), and the total.
func symbolicTable(w *strings.Builder, net nn.Network) error {
	fmt.Fprintf(w, "Network %s: sizes %s are names (%s conventions)\n", net.Name, strings.Join(net.SymbolNames(), ", "), net.Framework)
	t := newTable(w, tw.AlignLeft, leftAligned(3))
	t.Header("Layer", "Type", "Params")
	for i, l := range net.Layers {
		cell := "?"
		if p, err := nn.SymbolicCount(net, func(s *nn.Solution) int64 { return s.Layers[i].Params }); err == nil {
			cell = p.String()
		}
		if err := t.Append(l.Name, l.Type, cell); err != nil {
			return fmt.Errorf("report: network %q, layer %q: %w", net.Name, l.Name, err)
		}
	}
	total, err := nn.SymbolicCount(net, func(s *nn.Solution) int64 { return s.TotalParams })
	if err != nil {
		return err
	}
	t.Footer("Total", "", total.String())
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: network %q: %w", net.Name, err)
	}
	return nil
}

// shapeText writes a shape as the key does: "60 × 60 × 32" (fmt prints
// []int{60, 60, 32} as "[60 60 32]").
func shapeText(s []int) string {
	return strings.Trim(strings.ReplaceAll(fmt.Sprint(s), " ", " × "), "[]")
}

// shorten puts s on one line (runs of white space become one space) and cuts
// it to n runes, marking the cut with "…".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// KeyJSON writes a solved problem set as FORMAT.md's `key --format json`: the
// questions with their answers as text and as values, and each network with
// numeric sizes, layer by layer. A network whose sizes are names is left out:
// its counts are formulas, given in the questions.
func KeyJSON(w io.Writer, key *grader.Key) error { return KeyJSONWith(w, key, KeyOptions{}) }

// KeyJSONWith is KeyJSON with options: with Points, each question carries
// "points" and the key "total_points".
func KeyJSONWith(w io.Writer, key *grader.Key, opts KeyOptions) error {
	if key == nil {
		return fmt.Errorf("report: KeyJSON: no key")
	}
	type layerJSON struct {
		Name        string `json:"name"`
		Type        string `json:"type"`
		OutputShape []int  `json:"output_shape"`
		Params      int64  `json:"params"`
		Weights     int64  `json:"weights"`
		Biases      int64  `json:"biases"`
		WeightShape []int  `json:"weight_shape"`
		Trainable   int64  `json:"trainable_params"`
		NonTrain    int64  `json:"non_trainable_params"`
		MACs        int64  `json:"macs"`
	}
	type networkJSON struct {
		Input        []int       `json:"input"`
		Framework    string      `json:"framework"`
		TotalParams  int64       `json:"total_params"`
		Trainable    int64       `json:"trainable_params"`
		NonTrainable int64       `json:"non_trainable_params"`
		MACs         int64       `json:"macs"`
		Layers       []layerJSON `json:"layers"`
	}
	type questionJSON struct {
		ID     string   `json:"id"`
		Kind   string   `json:"kind"`
		Text   string   `json:"text,omitempty"`
		Answer string   `json:"answer"`
		Value  any      `json:"value"`
		Points *float64 `json:"points,omitempty"`
	}
	out := struct {
		ProblemSet  string                 `json:"problem_set"`
		Title       string                 `json:"title,omitempty"`
		Student     string                 `json:"student,omitempty"`
		Params      grader.Params          `json:"params,omitempty"`
		TotalPoints *float64               `json:"total_points,omitempty"`
		Questions   []questionJSON         `json:"questions"`
		Networks    map[string]networkJSON `json:"networks"`
	}{ProblemSet: key.Set.ID, Title: key.Set.Title, Student: opts.Student, Params: grader.Params(key.Set.Values), Networks: map[string]networkJSON{}}
	if opts.Points != nil {
		total := opts.totalPoints(key)
		out.TotalPoints = &total
	}
	for _, ka := range key.Answers {
		q := questionJSON{ID: ka.Question.ID, Kind: string(ka.Question.Kind), Text: ka.Question.Text, Answer: ka.Display, Value: ka.JSONValue()}
		if opts.Points != nil {
			p := opts.Points[ka.Question.ID]
			q.Points = &p
		}
		out.Questions = append(out.Questions, q)
	}
	for _, net := range key.Set.Networks {
		sol := key.Solutions[net.Name]
		if sol == nil {
			continue // sizes given as names: its counts are in the questions, as formulas
		}
		nj := networkJSON{Input: net.Input, Framework: net.Framework.String(), TotalParams: sol.TotalParams,
			Trainable: sol.Trainable, NonTrainable: sol.NonTrainable, MACs: sol.MACs, Layers: []layerJSON{}}
		for _, l := range sol.Layers {
			nj.Layers = append(nj.Layers, layerJSON{Name: l.Name, Type: l.Type, OutputShape: l.OutputShape, Params: l.Params,
				Weights: l.Weights, Biases: l.Biases, WeightShape: l.WeightShape, Trainable: l.Trainable, NonTrain: l.NonTrainable, MACs: l.MACs})
		}
		out.Networks[net.Name] = nj
	}
	return encodeJSON(w, out)
}

// inputTeX writes a network's input shape in LaTeX, a size given as a name by
// its name: 20 \times n.
func inputTeX(net nn.Network) string {
	axes := make([]string, len(net.Input))
	for i, v := range net.Input {
		axes[i] = strconv.Itoa(v)
	}
	for _, s := range net.Symbols {
		if s.Layer < 0 && s.Axis >= 0 && s.Axis < len(axes) {
			axes[s.Axis] = expr.NameLaTeX(s.Name)
		}
	}
	return strings.Join(axes, ` \times `)
}

// symbolNote says which of a network's sizes are names: " ($n$ and $h$ are
// names)"; "" when none is.
func symbolNote(net nn.Network) string {
	names := net.SymbolNames()
	if len(names) == 0 {
		return ""
	}
	for i, n := range names {
		names[i] = "$" + expr.NameLaTeX(n) + "$"
	}
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + list
	}
	return fmt.Sprintf(" (%s %s)", list, plural.Word(len(names), "is a name", "are names"))
}

// KeyMarkdown writes an answer key with worked solutions, in the style of the
// seed's handout: each network in one line, then per question its text, the
// worked solution (LaTeX between $$) and the answer.
func KeyMarkdown(w io.Writer, key *grader.Key) error { return KeyMarkdownWith(w, key, KeyOptions{}) }

// KeyMarkdownWith is KeyMarkdown with options: with Points, each question's
// heading gives its points and the title the total.
func KeyMarkdownWith(w io.Writer, key *grader.Key, opts KeyOptions) error {
	if key == nil {
		return fmt.Errorf("report: KeyMarkdown: no key")
	}
	var out strings.Builder
	title := key.Set.Title
	if title == "" {
		title = key.Set.ID
	}
	fmt.Fprintf(&out, "# Answer key: %s\n\n", title)
	if line := opts.studentLine(key); line != "" {
		fmt.Fprintf(&out, "%s.\n\n", line)
	}
	if opts.Points != nil {
		fmt.Fprintf(&out, "Total: %s.\n\n", pointsText(opts.totalPoints(key)))
	}
	for _, net := range key.Set.Networks {
		fmt.Fprintf(&out, "Network `%s`: input $%s$%s", net.Name, inputTeX(net), symbolNote(net))
		var parts []string
		for _, l := range net.Layers {
			parts = append(parts, fmt.Sprintf("`%s` (%s)", l.Name, l.Type))
		}
		fmt.Fprintf(&out, ", then %s.\n\n", strings.Join(parts, " → "))
	}
	for _, ka := range key.Answers {
		if opts.Points != nil {
			fmt.Fprintf(&out, "## %s (%s)\n\n", ka.Question.ID, pointsText(opts.Points[ka.Question.ID]))
		} else {
			fmt.Fprintf(&out, "## %s\n\n", ka.Question.ID)
		}
		if ka.Question.Text != "" {
			fmt.Fprintf(&out, "%s\n\n", strings.TrimSpace(ka.Question.Text))
		}
		if ka.Worked != "" {
			fmt.Fprintf(&out, "%s\n\n", ka.Worked)
		}
		fmt.Fprintf(&out, "**Answer:** %s\n\n", ka.MarkdownAnswer())
	}
	_, err := io.WriteString(w, out.String())
	return err
}
