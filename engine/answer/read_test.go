package answer

import (
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/expr"
)

func TestReadInt(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want int64
	}{
		{"plain", "146378", 146378},
		{"thousands comma", "146,378", 146378},
		{"thousands space", "146 378", 146378},
		{"thin space", "146\u2009378", 146378},
		{"narrow no-break space", "146\u202f378", 146378},
		{"no-break space", "146\u00a0378", 146378},
		{"latex grouping", "146{,}378", 146378},
		{"apostrophe grouping", "146'378", 146378},
		{"zero decimal part", "146378.0", 146378},
		{"trailing period", "2432.", 2432},
		{"exponent", "1.46378e5", 146378},
		{"exponent with sign", "1.46378E+5", 146378},
		{"latex times ten", `1.46378 \times 10^5`, 146378},
		{"latex times ten braces", `1.46378 \times 10^{5}`, 146378},
		{"unicode superscript", "1.46378×10⁵", 146378},
		{"python power", "1.46378 * 10**5", 146378},
		{"cdot power", `1.46378 \cdot 10^{5}`, 146378},
		{"exponent makes whole", "1.5e2", 150},
		{"name", "P_c = 2432", 2432},
		{"latex name", `W_{cf} = 125440`, 125440},
		{"worked equation", "P_c = W_c + B_c = 32 + 2400 = 2432", 2432},
		{"product then value", "14 × 14 × 64 = 12544", 12544},
		{"label with colon", "Total: 146,378", 146378},
		{"dollars", "$2432$", 2432},
		{"display dollars", "$$2432$$", 2432},
		{"latex parens", `\(2432\)`, 2432},
		{"boxed", `\boxed{2432}`, 2432},
		{"boxed in dollars", `$\boxed{2,432}$`, 2432},
		{"name in dollars", `$P_c = 2432$`, 2432},
		{"unit word", "2,432 parameters", 2432},
		{"unit word capitalised", "2432 Params", 2432},
		{"unit weights", "2400 weights", 2400},
		{"surrounding space", "  0 ", 0},
		{"negative", "-3", -3},
		{"unicode minus", "−3", -3},
		{"millions", "1,234,567", 1234567},
		{"largest int64", "9223372036854775807", 9223372036854775807},
		{"seed boxed equation", `$$\boxed{P_c = W_c + B_c = 32 + 2400 = 2432}$$`, 2432},
		{"seed continued line", `$$= 125440$$`, 125440},
		{"seed conv2 count", `$$P_c = W_c + B_c = 18496$$`, 18496},
		{"large with exponent", "9.2e18", 9200000000000000000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadInt(tc.in)
			if err != nil {
				t.Fatalf("ReadInt(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ReadInt(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestReadShape(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []int64
	}{
		{"x", "60x60x32", []int64{60, 60, 32}},
		{"capital X", "60 X 60 X 32", []int64{60, 60, 32}},
		{"times sign", "60 × 60 × 32", []int64{60, 60, 32}},
		{"times sign no spaces", "60×60×32", []int64{60, 60, 32}},
		{"star", "60*60*32", []int64{60, 60, 32}},
		{"latex times", `60 \times 60 \times 32`, []int64{60, 60, 32}},
		{"latex cdot", `60 \cdot 60 \cdot 32`, []int64{60, 60, 32}},
		{"tuple", "(12544, 10)", []int64{12544, 10}},
		{"tuple without space", "(12544,10)", []int64{12544, 10}},
		{"list", "[60, 60, 32]", []int64{60, 60, 32}},
		{"by", "12544 by 10", []int64{12544, 10}},
		{"grouped size before times", "12,544 × 10", []int64{12544, 10}},
		{"name and latex", `CNV_1 = 60 \times 60 \times 32`, []int64{60, 60, 32}},
		{"dollars", `$60 \times 60 \times 32$`, []int64{60, 60, 32}},
		{"latex left right", `\left(12544, 10\right)`, []int64{12544, 10}},
		{"name and unicode", "O = 30 × 30 × 32", []int64{30, 30, 32}},
		{"one size", "10", []int64{10}},
		{"bare commas", "12544, 10", []int64{12544, 10}},
		{"comma in brackets separates", "(12,544)", []int64{12, 544}},
		{"semicolons", "[60; 60; 32]", []int64{60, 60, 32}},
		{"angle brackets", "⟨60, 60, 32⟩", []int64{60, 60, 32}},
		{"zero-decimal size", "60.0 × 60 × 32", []int64{60, 60, 32}},
		{"boxed", `\boxed{14 \times 14 \times 64}`, []int64{14, 14, 64}},
		{"spaces in brackets separate", "[60 60 32]", []int64{60, 60, 32}},
		{"seed boxed shape", `$$\boxed{CNV_1 = 60 \times 60 \times 32}$$`, []int64{60, 60, 32}},
		{"seed text label", `$$\text{Output} = 14 \times 14 \times 64$$`, []int64{14, 14, 64}},
		{"seed pool", `$$O = 30 \times 30 \times 32$$`, []int64{30, 30, 32}},
		{"spaces in parentheses separate", "(128 256 512)", []int64{128, 256, 512}},
		{"space groups outside brackets", "12 544 × 10", []int64{12544, 10}},
		// Issue 9 A: Python 1-tuples, labelled axes, a shape answered as a product.
		{"python 1-tuple", "(32,)", []int64{32}},
		{"trailing comma", "[60, 60, 32,]", []int64{60, 60, 32}},
		{"labelled axes", "H=8, W=8, C=64", []int64{8, 8, 64}},
		{"labelled axes in brackets", "(H: 8, W: 8, C: 64)", []int64{8, 8, 64}},
		{"labelled axes with subscripts", "H_out = 8, W_out = 8, C_{out} = 64", []int64{8, 8, 64}},
		{"product and its value", "32 × 32 × 32 = 32768", []int64{32, 32, 32}},
		{"label, product and value", `out = 32 \times 32 \times 32 = 32,768`, []int64{32, 32, 32}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadShape(tc.in)
			if err != nil {
				t.Fatalf("ReadShape(%q): %v", tc.in, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ReadShape(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestReadNumber(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		exact string // big.Rat.RatString of the value
		float float64
	}{
		{"decimal", "0.25", "1/4", 0.25},
		{"fraction", "1/4", "1/4", 0.25},
		{"fraction exact", "1/3", "1/3", 1.0 / 3},
		{"exponent", "2.5e-3", "1/400", 0.0025},
		{"latex negative exponent", `2.5 \times 10^{-3}`, "1/400", 0.0025},
		{"superscript negative", "2.5×10⁻³", "1/400", 0.0025},
		{"whole", "146,378", "146378", 146378},
		{"name", "lr = 0.001", "1/1000", 0.001},
		{"negative", "-0.5", "-1/2", -0.5},
		{"point first", ".5", "1/2", 0.5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadNumber(tc.in)
			if err != nil {
				t.Fatalf("ReadNumber(%q): %v", tc.in, err)
			}
			if got.Rat.RatString() != tc.exact || got.Float64() != tc.float {
				t.Errorf("ReadNumber(%q) = %s (%g), want %s (%g)", tc.in, got.Rat.RatString(), got.Float64(), tc.exact, tc.float)
			}
		})
	}
}

func TestReadTuple(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []float64
	}{
		{"receptive field", "(11, 4, 5.5)", []float64{11, 4, 5.5}},
		{"brackets", "[11, 4, 5.5]", []float64{11, 4, 5.5}},
		{"bare", "11, 4, 5.5", []float64{11, 4, 5.5}},
		{"negative start", "(3, 1, -0.5)", []float64{3, 1, -0.5}},
		{"exponent", "(1e-3, 2)", []float64{0.001, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadTuple(tc.in)
			if err != nil {
				t.Fatalf("ReadTuple(%q): %v", tc.in, err)
			}
			floats := make([]float64, len(got))
			for i, n := range got {
				floats[i] = n.Float64()
			}
			if !slices.Equal(floats, tc.want) {
				t.Errorf("ReadTuple(%q) = %v, want %v", tc.in, floats, tc.want)
			}
		})
	}
}

const (
	wantInt   = "\nexpected a whole number such as 1,234, 1234 or 1.234e3"
	wantShape = "\nexpected a shape such as 32 × 32 × 16, 32x32x16 or (128, 10)"
	wantNum   = "\nexpected a number such as 0.25, 1/4, 2.5e-3 or 2.5 × 10^-3"
)

// TestReadAsWritten: one reader of a number for every kind (issue 9 A):
// thousands groups are never a product, the value after the last "=" is read,
// arithmetic and LaTeX functions are evaluated, counts included.
func TestReadAsWritten(t *testing.T) {
	ints := []struct {
		in   string
		want int64
	}{
		{"= 18496", 18496},
		{`3 \cdot 3 \cdot 32 \cdot 64 + 64 = 18496`, 18496},
		{"4*(512*512+512)", 1050624},
		{"20000*128", 2560000},
		{`\lceil 50000/128 \rceil = 391`, 391},
		{`\lceil 50000/128 \rceil`, 391},
		{`$\boxed{3 \times 3 \times 32 \times 64 + 64}$`, 18496},
		{"20{,}234", 20234},
		{`146\,378`, 146378},
		{"146,000 + 378", 146378},
		{"146 000 + 378", 146378},
		{"2^10", 1024},
		{"max(1,234)", 234}, // inside brackets a comma separates arguments
		// Fullwidth and other compatibility characters are normalised (NFKC).
		{"１４６，３７８", 146378},
		{"（３＋１）＊３２", 128},
	}
	for _, tc := range ints {
		got, err := ReadInt(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ReadInt(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	nums := []struct {
		in     string
		float  float64
		exact  string // "" when the value is not rational
		digits int
	}{
		{"2.302585", 2.302585, "460517/200000", 7},
		{"0.0015", 0.0015, "3/2000", 2},
		{`\log 10`, 2.302585092994046, "", 0},
		{`\ln(10) = 2.302585`, 2.302585, "460517/200000", 7},
		{"4*(512*512+512)", 1050624, "1050624", 0},
		{"20{,}234", 20234, "20234", 5},
		{"P_c = 2432", 2432, "2432", 4},
	}
	for _, tc := range nums {
		got, err := ReadNumber(tc.in)
		if err != nil {
			t.Errorf("ReadNumber(%q): %v", tc.in, err)
			continue
		}
		exact := ""
		if got.Rat != nil {
			exact = got.Rat.RatString()
		}
		if got.Float != tc.float || exact != tc.exact || got.Digits != tc.digits {
			t.Errorf("ReadNumber(%q) = %g %q %d digits; want %g %q %d", tc.in, got.Float, exact, got.Digits, tc.float, tc.exact, tc.digits)
		}
	}
	// Never a product of two numbers side by side.
	for _, in := range []string{"1234 567", "146 378 × 2 3", `12\,34`} {
		if v, err := ReadNumber(in); err == nil {
			t.Errorf("ReadNumber(%q) = %v, want an error", in, v.Float)
		}
	}
	if _, err := ReadInt("50000/128"); err == nil || !strings.Contains(err.Error(), "50000/128 is 390.625, not a whole number") {
		t.Errorf("ReadInt(50000/128): %v", err)
	}
	if n := (Number{Rat: big.NewRat(460517, 200000)}); n.Decimal() != "2.302585" {
		t.Errorf("Decimal() = %q", n.Decimal())
	}
}

// TestErrorInNormalisedAnswer: an error in an answer with fullwidth
// characters echoes the answer as typed, the caret under the character typed.
func TestErrorInNormalisedAnswer(t *testing.T) {
	_, err := ReadInt("１４６，３７８ ａｐｐｌｅｓ")
	want := "cannot read \"１４６，３７８ ａｐｐｌｅｓ\" as a whole number: unexpected \"apples\" after the number\n  １４６，３７８ ａｐｐｌｅｓ\n"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v\nwant prefix %s", err, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Offset != len("１４６，３７８ ") {
		t.Errorf("offset %d, want %d", e.Offset, len("１４６，３７８ "))
	}
	_, err = ReadNumber("（３＋")
	var ee *expr.Error
	if !errors.As(err, &ee) || ee.Source != "（３＋" || ee.Offset != len("（３＋") {
		t.Errorf("evaluation error %#v", err)
	}
}

func TestReadReceptiveSize(t *testing.T) {
	for _, in := range []string{"8", "8 × 8", "8x8", "(8, 8)", "size 8", "Size: 8", "size = 8", "8 px", "8 × 8 pixels", "8 × 8 = 64", `$\boxed{8 \times 8}$`} {
		if got, err := ReadReceptiveSize(in); err != nil || got != 8 {
			t.Errorf("ReadReceptiveSize(%q) = %d, %v; want 8", in, got, err)
		}
	}
	for _, in := range []string{"8 × 6", "size", "0", "8, jump 1", "8.5"} {
		if got, err := ReadReceptiveSize(in); err == nil {
			t.Errorf("ReadReceptiveSize(%q) = %d, want an error", in, got)
		} else {
			checkError(t, in, err)
		}
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		name string
		read func(string) error
		in   string
		want string
	}{
		{"shape with a gap", shapeErr, "60 × × 32",
			"cannot read \"60 × × 32\" as a shape: expected a number after \"×\"\n  60 × × 32\n       ^" + wantShape},
		{"shape ending in a sign", shapeErr, "60x60x",
			"cannot read \"60x60x\" as a shape: expected a number after \"x\"\n  60x60x\n        ^" + wantShape},
		{"words", intErr, "about 146k",
			"cannot read \"about 146k\" as a whole number: expected a number, not \"a\"\n  about 146k\n  ^" + wantInt},
		{"indian grouping", intErr, "1,46,378",
			"cannot read \"1,46,378\" as a whole number: digits are grouped in threes, as in 1,234,567\n  1,46,378\n   ^" + wantInt},
		{"group of two", intErr, "146,37",
			"cannot read \"146,37\" as a whole number: digits are grouped in threes, as in 1,234,567\n  146,37\n     ^" + wantInt},
		{"not whole", intErr, "146378.5",
			"cannot read \"146378.5\" as a whole number: 146378.5 is not a whole number\n  146378.5\n  ^" + wantInt},
		{"exponent not whole", intErr, "1.463785e5",
			"cannot read \"1.463785e5\" as a whole number: 1.463785e5 is not a whole number\n  1.463785e5\n  ^" + wantInt},
		{"unclosed", shapeErr, "(12544, 10",
			"cannot read \"(12544, 10\" as a shape: the closing \")\" is missing\n  (12544, 10\n            ^" + wantShape},
		{"trailing word", intErr, "2432 apples",
			"cannot read \"2432 apples\" as a whole number: unexpected \"apples\" after the number\n  2432 apples\n       ^" + wantInt},
		{"empty", intErr, "   ",
			"cannot read \"   \" as a whole number: there is no value\n     \n     ^" + wantInt},
		{"name only", intErr, "P_c =",
			"cannot read \"P_c =\" as a whole number: there is no value\n  P_c =\n       ^" + wantInt},
		{"beyond int64", intErr, "99999999999999999999",
			"cannot read \"99999999999999999999\" as a whole number: 99999999999999999999 is too large (the largest whole number is 9,223,372,036,854,775,807)\n  99999999999999999999\n  ^" + wantInt},
		{"exponent beyond int64", intErr, "1e19",
			"cannot read \"1e19\" as a whole number: 1e19 is too large (the largest whole number is 9,223,372,036,854,775,807)\n  1e19\n  ^" + wantInt},
		{"spelled out", shapeErr, "sixty by sixty",
			"cannot read \"sixty by sixty\" as a shape: expected a number, not \"s\"\n  sixty by sixty\n  ^" + wantShape},
		{"negative size", shapeErr, "60 × -60 × 32",
			"cannot read \"60 × -60 × 32\" as a shape: a size cannot be negative\n  60 × -60 × 32\n       ^" + wantShape},
		{"fractional size", shapeErr, "(12544, 10.5)",
			"cannot read \"(12544, 10.5)\" as a shape: 10.5 is not a whole number\n  (12544, 10.5)\n          ^" + wantShape},
		{"wrong separator", shapeErr, "60 + 60",
			"cannot read \"60 + 60\" as a shape: expected × or a comma between sizes, not \"+\"\n  60 + 60\n     ^" + wantShape},
		{"size with exponent", shapeErr, "1.2544e4 × 10",
			"cannot read \"1.2544e4 × 10\" as a shape: a size is written without an exponent\n  1.2544e4 × 10\n  ^" + wantShape},
		{"division by zero", numErr, "1/0",
			"cannot read \"1/0\" as a number: division by zero\n  1/0\n   ^" + wantNum},
		{"second line", intErr, "2432\nwhy",
			"cannot read \"2432\\nwhy\" as a whole number: unexpected \"why\" after the number\n  why\n  ^" + wantInt},
		{"invalid utf-8", intErr, "24\xff32",
			"cannot read \"24\\xff32\" as a whole number: the answer is not valid UTF-8 text\n  24?32\n  ^" + wantInt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(tc.in)
			if err == nil {
				t.Fatalf("%q read without error", tc.in)
			}
			if err.Error() != tc.want {
				t.Errorf("error for %q:\n%s\nwant:\n%s", tc.in, err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Input != tc.in {
				t.Errorf("error %T does not carry the input", err)
			}
		})
	}
}

func shapeErr(s string) error { _, err := ReadShape(s); return err }
func intErr(s string) error   { _, err := ReadInt(s); return err }
func numErr(s string) error   { _, err := ReadNumber(s); return err }

func TestLongInputIsRefused(t *testing.T) {
	in := strings.Repeat("1", MaxLength+1)
	_, err := ReadInt(in)
	want := "cannot read \"" + strings.Repeat("1", 69) + "...\" as a whole number: the answer is 4097 bytes long; at most 4096 are read\n  " +
		strings.Repeat("1", 72) + "…\n  ^" + wantInt
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestCaretInLongAnswer(t *testing.T) {
	in := "W" + strings.Repeat("_long", 30) + " = 60 × x"
	err := shapeErr(in)
	if err == nil {
		t.Fatal("no error")
	}
	checkError(t, in, err)
	lines := strings.Split(err.Error(), "\n")
	if !strings.HasPrefix(lines[1], "  …") || !strings.HasSuffix(lines[1], "= 60 × x") || !strings.HasSuffix(lines[2], strings.Repeat(" ", 36)+"^") {
		t.Errorf("echo %q does not show the end of the answer", lines[1])
	}
}

// checkError asserts what every reader error promises: an *Error whose offset is
// within the input and whose rendering puts a caret within (or just after) the
// echoed line.
func checkError(t *testing.T, in string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var input string
	var offset int
	switch e := err.(type) {
	case *Error:
		input, offset = e.Input, e.Offset
	case *expr.Error: // arithmetic that could not be evaluated
		input, offset = e.Source, e.Offset
		if input != in {
			t.Fatalf("evaluation error echoes %q, not the answer %q", input, in)
		}
	default:
		t.Fatalf("error of type %T", err)
	}
	if offset < 0 || offset > len(input) {
		t.Fatalf("offset %d outside input %q", offset, input)
	}
	e := err
	lines := strings.Split(e.Error(), "\n")
	if len(lines) < 3 {
		t.Fatalf("error for %q has no caret: %q", in, e.Error())
	}
	echo, caret := lines[1], lines[2]
	if !strings.HasPrefix(echo, "  ") || !strings.HasSuffix(caret, "^") || strings.Trim(caret, " ^") != "" {
		t.Fatalf("error for %q is not echo and caret: %q", in, e.Error())
	}
	if col := utf8.RuneCountInString(caret) - 1; col > utf8.RuneCountInString(echo) {
		t.Fatalf("caret at column %d beyond the echo %q", col, echo)
	}
}

func FuzzReadShape(f *testing.F) {
	for _, s := range []string{"size 8", "8 × 8 = 64", "8 × 6", "8x8 px", "(32,)", "H=8, W=8, C=64", "(H: 8, W: 8, C: 64)", "32 × 32 × 32 = 32768", "H=8, W=8, C=", "(32,,)", "60 × 60 × 32", "(12544, 10)", "60 × × 32", `\left(1,2\right)`, "1e5", "[", "12,544 x 10", "$\\boxed{3}$", "60x60x", "(1,\n2", "1 × 10^{-3}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ReadShape(s)
		checkError(t, s, err)
		if err == nil && len(v) == 0 {
			t.Fatalf("%q: no error and no sizes", s)
		}
		tv, err := ReadTuple(s)
		checkError(t, s, err)
		if n, err := ReadReceptiveSize(s); err == nil && n <= 0 {
			t.Fatalf("%q: receptive field size %d", s, n)
		} else {
			checkError(t, s, err)
		}
		if err == nil && len(tv) == 0 {
			t.Fatalf("%q: no error and no numbers", s)
		}
	})
}

func FuzzReadInt(f *testing.F) {
	for _, s := range []string{"146,378", "1.46378e5", "P_c = 2432", "1,46,378", "−3", "1.46378×10⁵", "1 \\times 10^{-3}", "1/0", "9223372036854775808", "2432 params",
		"= 18496", `3 \cdot 3 \cdot 32 \cdot 64 + 64 = 18496`, "4*(512*512+512)", "20000*128", `\lceil 50000/128 \rceil = 391`,
		`\log 10`, "20{,}234", `146\,378`, "146 000 + 378", "1234 567", "max(1,234)", "2.302585", "4*(512*512+", "１４６，３７８", "（３＋１）＊３２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ReadInt(s)
		checkError(t, s, err)
		n, err := ReadNumber(s)
		checkError(t, s, err)
		if err == nil && n.Rat == nil && n.Digits > 0 {
			t.Fatalf("%q: a decimal without its exact value", s)
		}
	})
}

func BenchmarkReadShape(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadShape(`CNV_1 = 60 \times 60 \times 32`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadInt(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadInt("146,378"); err != nil {
			b.Fatal(err)
		}
	}
}
