package answer_test

import (
	"fmt"

	"github.com/nngrade/nngrade/engine/answer"
)

func ExampleReadShape() {
	shape, err := answer.ReadShape(`CNV_1 = 60 \times 60 \times 32`)
	fmt.Println(shape, err)
	_, err = answer.ReadShape("60 × × 32")
	fmt.Println(err)
	// Output:
	// [60 60 32] <nil>
	// cannot read "60 × × 32" as a shape: expected a number after "×"
	//   60 × × 32
	//        ^
	// expected a shape such as 32 × 32 × 16, 32x32x16 or (128, 10)
}

func ExampleReadInt() {
	for _, s := range []string{"146,378", "1.46378×10⁵", `$\boxed{2,432}$`, "P_c = 2432 parameters"} {
		n, err := answer.ReadInt(s)
		fmt.Println(n, err)
	}
	// Output:
	// 146378 <nil>
	// 146378 <nil>
	// 2432 <nil>
	// 2432 <nil>
}

func ExampleReadNumber() {
	n, _ := answer.ReadNumber("2.5 × 10^-3")
	fmt.Println(n.Rat.RatString(), n.Float64())
	// Output: 1/400 0.0025
}
