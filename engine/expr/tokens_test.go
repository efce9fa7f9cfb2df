package expr

import (
	"reflect"
	"testing"
)

// TestNames: the names an expression uses, each at its byte offset in the
// text as given (after a rewritten rune too); nil for a text the lexer
// cannot read.
func TestNames(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []NameAt
	}{
		{"k1*k9 + floor(n)", []NameAt{{"k1", 0}, {"k9", 3}, {"floor", 8}, {"n", 14}}},
		{"3 × f1 + 2", []NameAt{{"f1", 5}}},
		{"12", nil},
		{"k1 @ 2", nil},
	} {
		if got := Names(c.src); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Names(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}
