package answer

import (
	"slices"
	"strings"
	"testing"
)

func TestReadInt(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"146378", 146378},
		{"146,378", 146378},
		{"146 378", 146378},
		{"146\u2009378", 146378},
		{"146\u00a0378", 146378},
		{"146{,}378", 146378},
		{"146378.0", 146378},
		{"1.46378e5", 146378},
		{"1.46378E+5", 146378},
		{`1.46378 \times 10^5`, 146378},
		{`1.46378 \times 10^{5}`, 146378},
		{"1.46378×10⁵", 146378},
		{"1.46378 * 10**5", 146378},
		{"P_c = 2432", 2432},
		{`W_{cf} = 125440`, 125440},
		{"P_c = W_c + B_c = 32 + 2400 = 2432", 2432},
		{"$2432$", 2432},
		{`\boxed{2432}`, 2432},
		{`$\boxed{2,432}$`, 2432},
		{"2,432 parameters", 2432},
		{"Total: 146,378", 146378},
		{"  0 ", 0},
		{"1,234,567", 1234567},
		{"1.5e2", 150},
		{"2432.", 2432},
		{"14 × 14 × 64 = 12544", 12544},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
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
		in   string
		want []int64
	}{
		{"60x60x32", []int64{60, 60, 32}},
		{"60 X 60 X 32", []int64{60, 60, 32}},
		{"60 × 60 × 32", []int64{60, 60, 32}},
		{"60*60*32", []int64{60, 60, 32}},
		{`60 \times 60 \times 32`, []int64{60, 60, 32}},
		{"(12544, 10)", []int64{12544, 10}},
		{"(12544,10)", []int64{12544, 10}},
		{"[60, 60, 32]", []int64{60, 60, 32}},
		{"12544 by 10", []int64{12544, 10}},
		{"12,544 × 10", []int64{12544, 10}},
		{`CNV_1 = 60 \times 60 \times 32`, []int64{60, 60, 32}},
		{`$60 \times 60 \times 32$`, []int64{60, 60, 32}},
		{`\left(12544, 10\right)`, []int64{12544, 10}},
		{"O = 30 × 30 × 32", []int64{30, 30, 32}},
		{"10", []int64{10}},
		{"12544, 10", []int64{12544, 10}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
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

func TestReadErrors(t *testing.T) {
	cases := []struct {
		name string
		read func(string) error
		in   string
		want string
	}{
		{"shape with a gap", shapeErr, "60 × × 32",
			"cannot read \"60 × × 32\": expected a number, not \"×\"\n  60 × × 32\n       ^\nexpected a shape such as 60 × 60 × 32, 60x60x32 or (12544, 10)"},
		{"words", intErr, "about 146k",
			"cannot read \"about 146k\": expected a number, not \"a\"\n  about 146k\n  ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"bad groups", intErr, "1,46,378",
			"cannot read \"1,46,378\": digit groups must have three digits\n  1,46,378\n   ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"fraction", intErr, "146378.5",
			"cannot read \"146378.5\": 146378.500000 is not a whole number\n  146378.5\n  ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"unclosed", shapeErr, "(12544, 10",
			"cannot read \"(12544, 10\": the closing \")\" is missing\n  (12544, 10\n            ^\nexpected a shape such as 60 × 60 × 32, 60x60x32 or (12544, 10)"},
		{"trailing junk", intErr, "2432 apples",
			"cannot read \"2432 apples\": unexpected \"a\" after the number\n  2432 apples\n       ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"empty", intErr, "   ",
			"cannot read \"   \": there is no value\n     \n     ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"too large", intErr, "99999999999999999999",
			"cannot read \"99999999999999999999\": the number is too large\n  99999999999999999999\n  ^\nexpected a whole number such as 2432, 146,378 or 1.46378e5"},
		{"sixty", shapeErr, "sixty by sixty",
			"cannot read \"sixty by sixty\": expected a number, not \"s\"\n  sixty by sixty\n  ^\nexpected a shape such as 60 × 60 × 32, 60x60x32 or (12544, 10)"},
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
		})
	}
}

func shapeErr(s string) error { _, err := ReadShape(s); return err }
func intErr(s string) error   { _, err := ReadInt(s); return err }

func TestReadTupleAndNumber(t *testing.T) {
	got, err := ReadTuple("(11, 4, 5.5)")
	if err != nil || len(got) != 3 || got[2].Float64() != 5.5 {
		t.Fatalf("ReadTuple = %v, %v", got, err)
	}
	n, err := ReadNumber("0.25")
	if err != nil || n.Rat.String() != "1/4" {
		t.Fatalf("ReadNumber(0.25) = %v, %v", n, err)
	}
}

func TestLongInputIsRefused(t *testing.T) {
	_, err := ReadInt(strings.Repeat("1", MaxLength+1))
	if err == nil || !strings.Contains(err.Error(), "longer than 4096 bytes") {
		t.Fatalf("got %v", err)
	}
}

// checkError asserts what every reader error promises: a caret within the input.
func checkError(t *testing.T, in string, err error) {
	if err == nil {
		return
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error of type %T", err)
	}
	if e.Offset < 0 || e.Offset > len(e.Input) {
		t.Fatalf("offset %d outside input %q", e.Offset, e.Input)
	}
	_ = e.Error()
}

func FuzzReadShape(f *testing.F) {
	for _, s := range []string{"60 × 60 × 32", "(12544, 10)", "60 × × 32", `\left(1,2\right)`, "1e5", "[", "12,544 x 10", "$\\boxed{3}$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ReadShape(s)
		checkError(t, s, err)
		if err == nil && len(v) == 0 {
			t.Fatalf("%q: no error and no sizes", s)
		}
	})
}

func FuzzReadInt(f *testing.F) {
	for _, s := range []string{"146,378", "1.46378e5", "P_c = 2432", "1,46,378", "−3", "1.46378×10⁵", "1 \\times 10^{-3}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ReadInt(s)
		checkError(t, s, err)
		_, err = ReadNumber(s)
		checkError(t, s, err)
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
