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
	first := -1
	for i, r := range s {
		if r >= utf8.RuneSelf && r != utf8.RuneError && !keepAsTyped(r) && !norm.NFKC.IsNormalString(string(r)) {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i, r := range s[first:] {
		if r >= utf8.RuneSelf && r != utf8.RuneError && !keepAsTyped(r) {
			b.WriteString(norm.NFKC.String(string(r)))
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
	return b.String()
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
