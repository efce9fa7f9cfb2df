package expr

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize rewrites the compatibility characters of a student's text to
// their plain forms (Unicode NFKC) before it is read: fullwidth digits and
// letters (１２８, ｘ), the micro sign µ (μ), fullwidth brackets and
// operators, the ligature ﬁ, the script ℓ. It keeps what the readers give a
// meaning of their own, which NFKC would flatten: superscripts (x², xⁿ, ᵀ),
// subscripts and the vulgar fractions (½ is one group, NFKC's "1⁄2" is not).
// Text with nothing to rewrite is returned as it is, without allocating.
func Normalize(s string) string {
	n, _ := normalize(s, false)
	return n
}

// Normalized is a text after Normalize, with the way back to the original's
// byte offsets, so that an error can point into what the student typed.
type Normalized struct {
	Text     string
	Original string
	edits    []edit // rewritten runes, in order
}

// edit is one rewritten rune: its bytes in the original and in the text.
type edit struct{ orig, text, origLen, textLen int }

// NormalizeMapped normalises s as Normalize does and keeps the offsets.
func NormalizeMapped(s string) Normalized {
	text, edits := normalize(s, true)
	return Normalized{Text: text, Original: s, edits: edits}
}

// OriginalOffset maps a byte offset in Text to the original: an offset inside
// a rewritten character goes to that character's start.
func (n Normalized) OriginalOffset(off int) int {
	delta := 0
	for _, e := range n.edits {
		if off < e.text {
			break
		}
		if off < e.text+e.textLen {
			return e.orig
		}
		delta = e.orig + e.origLen - (e.text + e.textLen)
	}
	return min(max(off+delta, 0), len(n.Original))
}

func normalize(s string, mapped bool) (string, []edit) {
	first := -1
	for i, r := range s {
		if r >= utf8.RuneSelf && r != utf8.RuneError && !keepAsTyped(r) && !norm.NFKC.IsNormalString(string(r)) {
			first = i
			break
		}
	}
	if first < 0 {
		return s, nil
	}
	var b strings.Builder
	var edits []edit
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i, r := range s[first:] {
		if r >= utf8.RuneSelf && r != utf8.RuneError && !keepAsTyped(r) {
			plain := norm.NFKC.String(string(r))
			if mapped && plain != string(r) {
				edits = append(edits, edit{orig: first + i, text: b.Len(), origLen: utf8.RuneLen(r), textLen: len(plain)})
			}
			b.WriteString(plain)
			continue
		}
		if r == utf8.RuneError {
			// Keep invalid bytes as they are, so the reader can say where they are.
			_, size := utf8.DecodeRuneInString(s[first+i:])
			b.WriteString(s[first+i : first+i+size])
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), edits
}

// keepAsTyped reports whether NFKC would take away a rune's meaning:
// superscripts and subscripts (a power, a transpose), modifier letters and
// vulgar fractions.
func keepAsTyped(r rune) bool {
	switch {
	case r == '²' || r == '³' || r == '¹' || r == 'ª' || r == 'º':
		return true
	case r >= 0x2070 && r <= 0x209F: // superscripts and subscripts
		return true
	case r >= 0x1D2C && r <= 0x1DBF: // phonetic modifier letters: ᵀ
		return true
	case r >= 0x02B0 && r <= 0x02FF: // spacing modifier letters
		return true
	case r >= 0x00BC && r <= 0x00BE || r >= 0x2150 && r <= 0x215F: // ¼ ½ ¾ ⅓ ...
		return true
	}
	return false
}
