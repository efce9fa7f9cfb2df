package expr_test

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/engine/expr"
)

// Grading Homework 8 problem 2: an Elman RNN's parameter count.
func Example() {
	env, err := expr.NewEnv([]expr.Var{
		{Name: "n", Domain: "integer 1..1000"},
		{Name: "k", Domain: "integer 1..1000"},
		{Name: "m", Domain: "integer 1..1000"},
	}, nil, expr.Options{})
	if err != nil {
		panic(err)
	}
	key, _ := env.Parse("k^2 + k*n + k + m*k + m")
	for _, typed := range []string{"k(k+m)+k", "k(k+n+1) + m(k+1)"} {
		answer, err := env.Parse(typed)
		if err != nil {
			fmt.Println(err)
			continue
		}
		v := env.Compare(key, answer)
		fmt.Printf("read as %s: equivalent=%v %s\n", answer, v.Equivalent, v.Diagnosis)
	}
	// Output:
	// read as k·(k + m) + k: equivalent=false Your answer is missing k·n + m; it does not depend on n, but the expected answer does.
	// read as k·(k + n + 1) + m·(k + 1): equivalent=true
}

func ExampleEnv_Parse() {
	env, _ := expr.NewEnv([]expr.Var{{Name: "eps", Domain: "real (-1, 1)"}}, nil, expr.Options{})
	x, _ := env.Parse(`$1 - e^{-\epsilon}$`)
	fmt.Println(x)
	fmt.Println(x.LaTeX())
	// Output:
	// 1 - exp(-eps)
	// 1 - e^{-\epsilon}
}

// A mistake comes back as an *Error that echoes the answer with a caret.
func ExampleEnv_Parse_error() {
	env, _ := expr.NewEnv([]expr.Var{{Name: "k", Domain: "integer 1..100"}, {Name: "m", Domain: "integer 1..100"}}, nil, expr.Options{})
	_, err := env.Parse("k(k+)")
	fmt.Println(err)
	// Output:
	// unexpected ")" (no matching opening bracket) at column 5
	//   k(k+)
	//       ^
}

// Homework 8 problem 3a: express (p − q)/p in terms of ε = log p − log q.
func ExampleEnv_Compare_define() {
	env, _ := expr.NewEnv(
		[]expr.Var{{Name: "p", Domain: "real (0, 1)"}, {Name: "q", Domain: "real (0, 1)"}},
		[]expr.Define{{Name: "eps", Expr: "log(p) - log(q)"}},
		expr.Options{Allow: []string{"eps"}})
	key, _ := env.Parse("1 - exp(-eps)")
	if err := env.CheckIdentity(mustParse(env, "(p - q)/p"), key); err != nil {
		fmt.Println("bad key:", err)
	}
	for _, typed := range []string{`1 - e^{-\epsilon}`, "1 - q/p", "ε"} {
		v := env.Compare(key, mustParse(env, typed))
		fmt.Println(strings.TrimSpace(fmt.Sprint(v.Equivalent, " ", v.Diagnosis)))
	}
	// Output:
	// true
	// false Your answer uses p, which this question does not allow; write it in terms of eps only.
	// false Your answer is wrong at p = 0.5, q = 0.1: it gives 1.60944, which is 0.809438 too large (101%); it agrees with the expected answer only to first order in eps (the difference is O(eps^2)).
}

func mustParse(env *expr.Env, s string) *expr.Expr {
	x, err := env.Parse(s)
	if err != nil {
		panic(err)
	}
	return x
}

// Homework 8 problem 3b: 1 − e^{−ε} to leading order.
func ExampleEnv_CompareAsymptotic() {
	env, _ := expr.NewEnv([]expr.Var{{Name: "eps", Domain: "real (-1, 1)"}}, nil, expr.Options{})
	lhs := mustParse(env, "1 - exp(-eps)")
	for _, typed := range []string{"ε", "2ε"} {
		v := env.CompareAsymptotic(lhs, mustParse(env, typed), "eps", 2)
		fmt.Println(strings.TrimSpace(fmt.Sprint(v.Equivalent, " ", v.Diagnosis)))
	}
	// Output:
	// true
	// false Your answer is right only to order zero in eps: the difference shrinks like eps^1, but must be O(eps^2).
}

func ExampleEvalNumber() {
	n, _ := expr.EvalNumber("12544 * 10")
	fmt.Println(n, n.IsInt())
	r, _ := expr.EvalNumber("log(2)")
	fmt.Println(r, r.IsInt())
	// Output:
	// 125440 true
	// 0.69314718056 false
}

func ExampleParseDomain() {
	d, _ := expr.ParseDomain("real (0, 1]")
	fmt.Println(d, d.LoOpen, d.HiOpen)
	_, err := expr.ParseDomain("integer 10..1")
	fmt.Println(err)
	// Output:
	// real (0, 1] true false
	// empty range: 10 > 1; valid domains: "integer 1..100", "real (0, 1)", "real [-1, 1]", "simplex 6", "vector 4 (-1, 1)" at column 9
	//   integer 10..1
	//           ^
}
