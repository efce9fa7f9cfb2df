package problems

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestKindTable walks the kind table: every kind is named in Kinds, takes an
// answer, and the loader refuses a key the table does not give it, listing the
// keys the table does.
func TestKindTable(t *testing.T) {
	if len(Kinds) != len(kindTable) {
		t.Fatalf("Kinds has %d names, the table %d kinds", len(Kinds), len(kindTable))
	}
	for _, name := range Kinds {
		keys, ok := Kind(name).Keys()
		if !ok || !slices.Contains(keys, "answer") {
			t.Errorf("kind %q: keys %v, known %v", name, keys, ok)
		}
		if Kind(name).Takes("kind") || !Kind(name).Takes("answer") {
			t.Errorf("kind %q: Takes disagrees with Keys %v", name, keys)
		}
	}
	if keys, ok := Kind("fromula").Keys(); ok || keys != nil {
		t.Errorf("unknown kind: keys %v, known %v", keys, ok)
	}
	// define is a key of the formula kinds only: on any other kind it is refused
	// with the table's own list of keys.
	for _, k := range []Kind{KindNumber, KindNetwork} {
		keys, _ := k.Keys()
		src := "id = \"t\"\n[networks.cnn]\ninput = [4]\nlayers = [{ name = \"d\", type = \"dense\", units = 2 }]\n\n" +
			"[[questions]]\nid = \"q\"\nkind = \"" + string(k) + "\"\nnetwork = \"cnn\"\nask = \"total_params\"\nanswer = \"1\"\ndefine = { x = \"1\" }\n"
		_, err := Load("set.toml", []byte(src))
		want := fmt.Sprintf("a %s question has no \"define\" (it takes %v)", k, keys)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s question with define: %v\nwant %s", k, err, want)
		}
	}
}

// TestKindsThatTakeLhsNeedIt: identity and asymptotic take lhs in the table, and
// so a question of either kind without one is an error; a formula takes none.
func TestKindsThatTakeLhsNeedIt(t *testing.T) {
	for _, k := range Kinds {
		src := "id = \"t\"\n\n[[questions]]\nid = \"q\"\nkind = \"" + k + "\"\nvariables = { n = \"integer 1..9\" }\nanswer = \"n\"\nsmall = \"n\"\norder = 1\n"
		_, err := Load("set.toml", []byte(src))
		needs := err != nil && strings.Contains(err.Error(), "needs lhs")
		if needs != Kind(k).Takes("lhs") {
			t.Errorf("kind %s without lhs: %v", k, err)
		}
	}
}
