package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/grader"
)

func cmdKey(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set (a file, or a bundled name such as hw8)")
	}
	key, err := loadKey(c.Args().First())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch f := c.String("format"); f {
	case "table":
		err = keyTables(&buf, key)
	case "json":
		err = keyJSON(&buf, key)
	case "markdown", "md":
		err = keyMarkdown(&buf, key)
	default:
		return usageError(c, "unknown --format %q; valid: table, json, markdown", f)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

func cmdSummary(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	key, err := loadKey(c.Args().First())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for i, net := range key.Set.Networks {
		if i > 0 {
			buf.WriteString("\n")
		}
		if err := layerTable(&buf, net, key.Solutions[net.Name]); err != nil {
			return err
		}
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

// newTable is the plain ASCII style of every nngrade table: stable in golden files
// and in any terminal or pager.
func newTable(w io.Writer, header []string, rightAligned map[int]bool) *tablewriter.Table {
	aligns := make([]tw.Align, len(header))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
		if rightAligned[i] {
			aligns[i] = tw.AlignRight
		}
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
	)
	t.Header(header)
	return t
}

func keyTables(w io.Writer, key *grader.Key) error {
	title := key.Set.ID
	if key.Set.Title != "" {
		title = key.Set.Title
	}
	fmt.Fprintf(w, "Answer key: %s\n\n", title)
	t := newTable(w, []string{"Question", "Text", "Answer"}, nil)
	for _, ka := range key.Answers {
		if err := t.Append([]string{ka.Question.ID, shorten(ka.Question.Text, 60), ka.Display}); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	for _, net := range key.Set.Networks {
		fmt.Fprintln(w)
		if err := layerTable(w, net, key.Solutions[net.Name]); err != nil {
			return err
		}
	}
	return nil
}

// layerTable prints one network's layers as torchinfo and Keras's summary do.
func layerTable(w io.Writer, net nn.Network, sol *nn.Solution) error {
	if len(net.Symbols) > 0 {
		return symbolicTable(w, net)
	}
	fmt.Fprintf(w, "Network %s: input %s (%s conventions)\n", net.Name, shapeText(net.Input), net.Framework)
	t := newTable(w, []string{"Layer", "Type", "Output shape", "Weights", "Biases", "Params", "MACs"},
		map[int]bool{3: true, 4: true, 5: true, 6: true})
	for _, l := range sol.Layers {
		if err := t.Append([]string{l.Name, l.Type, shapeText(l.OutputShape), count(l.Weights), count(l.Biases), count(l.Params), count(l.MACs)}); err != nil {
			return err
		}
	}
	var weights, biases int64
	for _, l := range sol.Layers {
		weights += l.Weights
		biases += l.Biases
	}
	t.Footer([]string{"Total", "", "", grader.FormatInt(weights), grader.FormatInt(biases), grader.FormatInt(sol.TotalParams), grader.FormatInt(sol.MACs)})
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintf(w, "Trainable params: %s\nNon-trainable params: %s\n", grader.FormatInt(sol.Trainable), grader.FormatInt(sol.NonTrainable))
	fmt.Fprintf(w, "MACs: %s.\n", nn.MACConvention)
	return nil
}

// symbolicTable prints a network whose sizes are names: its layers and its
// parameter count as a formula.
func symbolicTable(w io.Writer, net nn.Network) error {
	fmt.Fprintf(w, "Network %s: sizes %s are names (%s conventions)\n", net.Name, strings.Join(net.SymbolNames(), ", "), net.Framework)
	t := newTable(w, []string{"Layer", "Type", "Params"}, nil)
	for i, l := range net.Layers {
		i := i
		p, err := nn.SymbolicCount(net, func(s *nn.Solution) int64 { return s.Layers[i].Params })
		cell := ""
		if err != nil {
			cell = "?"
		} else {
			cell = p.String()
		}
		if err := t.Append([]string{l.Name, l.Type, cell}); err != nil {
			return err
		}
	}
	total, err := nn.SymbolicCount(net, func(s *nn.Solution) int64 { return s.TotalParams })
	if err != nil {
		return err
	}
	t.Footer([]string{"Total", "", total.String()})
	return t.Render()
}

func count(v int64) string {
	if v == 0 {
		return "0"
	}
	return grader.FormatInt(v)
}

func shapeText(s []int) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, " × ")
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// keyJSON is FORMAT.md's `key --format json`.
func keyJSON(w io.Writer, key *grader.Key) error {
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
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Text   string `json:"text,omitempty"`
		Answer string `json:"answer"`
		Value  any    `json:"value"`
	}
	out := struct {
		ProblemSet string                 `json:"problem_set"`
		Title      string                 `json:"title,omitempty"`
		Questions  []questionJSON         `json:"questions"`
		Networks   map[string]networkJSON `json:"networks"`
	}{ProblemSet: key.Set.ID, Title: key.Set.Title, Networks: map[string]networkJSON{}}
	for _, ka := range key.Answers {
		out.Questions = append(out.Questions, questionJSON{ID: ka.Question.ID, Kind: string(ka.Question.Kind), Text: ka.Question.Text, Answer: ka.Display, Value: ka.JSONValue()})
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// keyMarkdown is an answer key with worked solutions in the seed's style.
func keyMarkdown(w io.Writer, key *grader.Key) error {
	title := key.Set.Title
	if title == "" {
		title = key.Set.ID
	}
	fmt.Fprintf(w, "# Answer key: %s\n\n", title)
	for _, net := range key.Set.Networks {
		input := shapeText(net.Input)
		for _, s := range net.Symbols {
			if s.Layer < 0 {
				input = "sizes " + strings.Join(net.SymbolNames(), ", ")
			}
		}
		fmt.Fprintf(w, "Network `%s`: input $%s$", net.Name, strings.ReplaceAll(input, "×", "\\times"))
		var parts []string
		for _, l := range net.Layers {
			parts = append(parts, fmt.Sprintf("`%s` (%s)", l.Name, l.Type))
		}
		fmt.Fprintf(w, ", then %s.\n\n", strings.Join(parts, " → "))
	}
	for _, ka := range key.Answers {
		fmt.Fprintf(w, "## %s\n\n", ka.Question.ID)
		if ka.Question.Text != "" {
			fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(ka.Question.Text))
		}
		if ka.Worked != "" {
			fmt.Fprintf(w, "%s\n\n", ka.Worked)
		}
		fmt.Fprintf(w, "**Answer:** %s\n\n", ka.MarkdownAnswer())
	}
	return nil
}
