// Package web renders the self-check page: one self-contained HTML file that
// lets a student check answers offline against a sealed student edition. The
// checker is web/selfcheck compiled to WebAssembly; `go generate ./web` builds
// it into selfcheck.wasm.gz, which this package embeds.
package web

//go:generate go run gen.go

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the page's parts
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"strconv"

	"github.com/nngrade/nngrade/grader"
)

// The page's parts. selfcheck.wasm.gz and wasm_exec.js are generated (gen.go).
var (
	//go:embed page.html
	pageHTML string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
	//go:embed wasm_exec.js
	wasmExecJS string
	//go:embed selfcheck.wasm.gz
	wasmGzip []byte
)

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// Page renders the self-check page for a student edition; editionTOML is the
// edition as published (ed.Encode()), which the page's checker loads.
func Page(ed *grader.StudentEdition, editionTOML []byte) ([]byte, error) {
	if ed == nil || len(editionTOML) == 0 {
		return nil, errors.New("web.Page: no student edition")
	}
	v := view(ed)
	v.EditionTOML = string(editionTOML)
	v.CSS = template.CSS(pageCSS)
	v.Script = template.JS(pageJS)
	v.WasmExecJS = template.JS(wasmExecJS)
	// base64's alphabet needs no escaping in a JavaScript string.
	v.WasmGzip = template.JS(`"` + base64.StdEncoding.EncodeToString(wasmGzip) + `"`)
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("web.Page: %v", err)
	}
	return b.Bytes(), nil
}

// pageView is what the template shows.
type pageView struct {
	ID, Title   string
	StorageKey  string // localStorage's key for this edition's answers
	Questions   []questionView
	EditionTOML string
	CSS         template.CSS
	Script      template.JS
	WasmExecJS  template.JS
	WasmGzip    template.JS // a JavaScript string of the base64 of selfcheck.wasm.gz
}

type questionView struct {
	ID, Text, Hint string
	Index          int // the question's place, for element ids (an id may hold any character)
	Points         string
	Multiline      bool // a formula: a textarea
}

// view takes from the edition what the page shows. The storage key names the
// edition and its salt, so that a new publication (a new term) does not show
// last term's answers, and two editions opened from file:// (one origin) do not
// mix.
func view(ed *grader.StudentEdition) pageView {
	salt := sha256.Sum256([]byte(ed.Salt))
	v := pageView{ID: ed.ProblemSet, Title: ed.Title, StorageKey: "nngrade:" + ed.ProblemSet + ":" + hex.EncodeToString(salt[:6])}
	for i, q := range ed.Questions {
		v.Questions = append(v.Questions, questionView{
			ID: q.ID, Text: q.Text, Hint: q.Hint, Index: i + 1,
			Points:    pointsText(q.Points),
			Multiline: !valueForms[q.Form],
		})
	}
	return v
}

// valueForms are the answer forms of one value on one line (grader's sealers of
// counts, shapes, numbers and receptive fields); any other form is a formula,
// which gets a textarea.
var valueForms = map[string]bool{"count": true, "shape": true, "matrix": true, "number": true, "receptive": true, "receptive_size": true}

func pointsText(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if p == 1 {
		return s + " point"
	}
	return s + " points"
}
