package problems

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/nn"
)

// docRow is one type's row of FORMAT.md's "Layer types and their keys".
type docRow struct {
	keys []string // "stride (1)", "filters"
	note string
}

// TestFormatLayerTable keeps FORMAT.md's layer table and the engine's layer table
// (nn.LayerTable) the same: types, keys, defaults and notes.
func TestFormatLayerTable(t *testing.T) {
	src, err := os.ReadFile("../docs/FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseLayerDoc(string(src))
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, lt := range nn.LayerTable() {
		row, ok := doc[lt.Name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: in the engine's table but not in FORMAT.md", lt.Name))
			continue
		}
		delete(doc, lt.Name)
		if want := docKeys(lt); !slices.Equal(row.keys, want) {
			problems = append(problems, fmt.Sprintf("%s: FORMAT.md lists keys\n\t%s\nbut the engine takes\n\t%s", lt.Name, strings.Join(row.keys, ", "), strings.Join(want, ", ")))
		}
		if row.note != lt.Note {
			problems = append(problems, fmt.Sprintf("%s: FORMAT.md notes %q, the engine's table %q", lt.Name, row.note, lt.Note))
		}
	}
	for name := range doc {
		problems = append(problems, fmt.Sprintf("%s: in FORMAT.md but the engine has no such type", name))
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		t.Errorf("docs/FORMAT.md's layer table disagrees with nn.LayerTable:\n%s\n\nThe engine's table as FORMAT.md rows:\n%s",
			strings.Join(problems, "\n"), layerDocRows())
	}
}

// docKeys writes a type's keys as FORMAT.md does: "filters", "stride (1)".
func docKeys(lt *nn.LayerType) []string {
	out := make([]string, len(lt.Keys))
	for i, k := range lt.Keys {
		out[i] = k.Name
		if k.Default != "" {
			out[i] += " (" + k.Default + ")"
		}
	}
	return out
}

// layerDocRows renders the engine's table as FORMAT.md's rows, types with the same
// keys and notes sharing a row, for pasting into the docs.
func layerDocRows() string {
	var b strings.Builder
	b.WriteString("| type | keys (default) | notes |\n| --- | --- | --- |\n")
	table := nn.LayerTable()
	for i := 0; i < len(table); {
		j, names := i, []string{}
		for ; j < len(table) && slices.Equal(docKeys(table[j]), docKeys(table[i])) && table[j].Note == table[i].Note; j++ {
			names = append(names, table[j].Name)
		}
		keys := strings.Join(docKeys(table[i]), ", ")
		if keys == "" {
			keys = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", strings.Join(names, ", "), keys, table[i].Note)
		i = j
	}
	return b.String()
}

// parseLayerDoc reads the Markdown table that follows "Layer types and their keys"
// into one row per type.
func parseLayerDoc(src string) (map[string]docRow, error) {
	_, after, ok := strings.Cut(src, "Layer types and their keys")
	if !ok {
		return nil, fmt.Errorf("FORMAT.md has no \"Layer types and their keys\"")
	}
	rows := map[string]docRow{}
	inTable := false
	for _, line := range strings.Split(after, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 3 {
			return nil, fmt.Errorf("FORMAT.md layer table: want 3 cells (type, keys, notes), got %d in %q", len(cells), line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[0] == "type" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		row := docRow{keys: splitTopLevel(cells[1]), note: cells[2]}
		if cells[1] == "—" {
			row.keys = []string{}
		}
		for _, name := range strings.Split(cells[0], ",") {
			name = strings.TrimSpace(name)
			if _, dup := rows[name]; dup {
				return nil, fmt.Errorf("FORMAT.md layer table lists %s twice", name)
			}
			rows[name] = row
		}
	}
	return rows, nil
}

// splitTopLevel splits a list at the commas outside parentheses and brackets.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// TestFormatAsks keeps FORMAT.md's list of `ask` values the engine's ask table.
func TestFormatAsks(t *testing.T) {
	src, err := os.ReadFile("../docs/FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	const intro = "`ask` values for network questions:"
	_, after, ok := strings.Cut(string(src), intro)
	if !ok {
		t.Fatalf("FORMAT.md has no %q", intro)
	}
	list, _, _ := strings.Cut(after, ".")
	var doc []string
	for _, name := range strings.Split(list, ",") {
		doc = append(doc, strings.TrimSpace(name))
	}
	if want := nn.Asks(); !slices.Equal(doc, want) {
		t.Errorf("FORMAT.md lists the asks\n\t%s\nbut the engine's table has\n\t%s", strings.Join(doc, ", "), strings.Join(want, ", "))
	}
}
