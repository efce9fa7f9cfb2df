// Package expr is nngrade's math answer language: it reads the formulas
// students type (plain text, Unicode or pasted LaTeX), prints them back in
// a canonical form, and decides whether an answer equals an instructor's
// key, explaining wrong answers without revealing the key.
//
// # Use
//
// Build one Env per question from its variables, defines and options, parse
// the key once, then parse and compare each student's answer:
//
//	env, err := expr.NewEnv(
//		[]expr.Var{{Name: "n", Domain: "integer 1..1000"}, {Name: "k", Domain: "integer 1..1000"}},
//		nil, expr.Options{})
//	key, err := env.Parse("k^2 + k*n")
//	ans, err := env.Parse("k(k+n)")      // a syntax error is an *Error with a caret
//	v := env.Compare(key, ans)           // v.Equivalent, v.Exact, v.Diagnosis
//
// Problem-set loaders call CheckKey on every key, CheckIdentity on an
// identity's lhs and answer, and CompareAsymptotic on an asymptotic
// question's lhs and key; EvalNumber evaluates a `number` key exactly.
//
// # What students may type
//
// Operators + - * / ^ and **, unary minus (-x^2 is -(x^2)), parentheses,
// brackets and braces, and implicit multiplication: 2k, k(k+m), (a+b)(a-b),
// and km for k·m when k and m are declared and km is not. Implicit
// multiplication binds like *, so 1/2k is (1/2)·k, and looser than ^, also
// inside a run of letters: CK^2 and kn² are C·K^2 and k·n^2. Numbers: 12, 1.5,
// 1.5e-3 (an e followed by digits is an exponent: 2e is 2·e, 2e3 is 2000).
//
// Unicode: − – for minus, × · ⋅ for times, ÷, √x, superscripts x² x³ x⁻¹,
// ⌊x⌋ ⌈x⌉, |x|, π, fractions ½ ¼ ¾ ⅓ (one group each), and Greek letters as
// names (ε, σ, ...). Compatibility characters (fullwidth ｘ１２, the micro
// sign µ) are normalised first (NFKC, see Normalize). A closing full stop
// is ignored.
//
// LaTeX: \frac{a}{b} (and \frac12), \dfrac, \tfrac, \cdot, \times, \div, x^{2},
// e^{-\epsilon}, \exp, \log, \ln, \log_{2}, \sqrt{x}, \sqrt[n]{x},
// \left( \right), \{ \}, \lfloor \rfloor, \lceil \rceil,
// \operatorname{relu}, Greek commands (\epsilon, \varepsilon, \sigma, ...),
// spacing (\, \;) and math delimiters $…$, $$…$$, \(…\), \[…\].
//
// Functions: exp, log (natural; ln is the same), log2, log10, sqrt, abs,
// floor, ceil, min, max, sin, cos, tan, sinh, cosh, tanh, sigmoid (also σ),
// relu, softplus, erf, erfc; sech, csch, coth, sec, csc, cot read as
// 1/cosh(x) and so on; a power on a function's name is a power of its value
// (\tanh^2(x), tanh²(x)), and a negative one (\sin^{-1} x) is refused as
// ambiguous; over vectors also sum, mean, dot, softmax, kl(p, q),
// entropy(p), cross_entropy(p, q). A sum may be written as mathematics:
// \sum_i p_i \epsilon_i, \sum_{i=1}^{n} p_i \log(p_i/q_i), Σ p ε or ∑_i p_i ε_i
// read as sum(p·eps): bounds are skipped (sums run over whole vectors), the
// index is dropped from subscripted vector names, and the summand is the
// product that follows (\sum_i p_i + 1 is sum(p) + 1). Elementwise functions and arithmetic
// apply entry by entry, with scalars broadcast; min or max of one vector is
// its smallest or largest entry. A one-argument function may omit its
// parentheses and then takes the product that follows, as textbooks mean
// it: sin 2x is sin(2·x), \log 2n is log(2·n), n \log n is n·log(n),
// \log p - \log q is log(p) - log(q), log x^2 is log(x^2); the product stops
// at an explicit operator and at the next function (\sin x \cos x), and a
// bracket after its first factor (\log n (n+1)) is refused as ambiguous. diff(f, x) is the derivative of the
// scalar f with respect to the declared scalar variable x, computed exactly
// with dual numbers (forward mode); diff inside diff is refused. Constants:
// e (Euler's number) and pi (π); e^x reads as exp(x).
//
// A leading label is dropped: "P = k^2 + k", "= k^2 + k" and
// "D_KL = sum(p*eps)" read as their right side. The label must start with a name that is not a
// declared variable or define; any other "=" is an error.
//
// # Names
//
// A name is looked up in this order: a declared variable or define, by its
// exact name or by any spelling of the same Greek letter (a variable
// declared "eps" also answers to ε, ϵ, epsilon, \epsilon and \varepsilon);
// a function; the constants e and pi; finally a split into declared names
// (km → k·m, fewest pieces). Declared names win: declare "e" and e is that
// variable; declare "sigma" and σ is that variable, so σ(x) is then
// sigma·x, not the sigmoid (write sigmoid(x) in such questions). A
// function's own name cannot be declared; an alias (H, ln, lg, KL, CE) can,
// and then shadows the function. A Greek letter with a suffix matches in
// any spelling (μ0, μ_0, \mu_0 for a declared mu0 or mu_0). A number such as
// 2E+3 is refused as ambiguous when E (or e) is a declared variable. Canonical output uses the declared names.
//
// # Domains and test points
//
// Domains: integer A..B; real (a, b), [a, b], (a, b], [a, b) with inf and
// -inf allowed; simplex N (N positive entries summing to 1); vector N (a, b).
// Each Env draws Options.Points test points (default 32) from a seeded
// generator (Options.Seed; same seed, same points, same verdicts). The
// first points are small and simple (consecutive integers of both parities
// from the bottom of a range, the top of the range, simple fractions of an
// interval, closed ends), so diagnoses quote readable values; the rest are
// random over the domain. Variables of one domain are staggered so that
// swapping them (n for m) changes the value.
//
// # Equivalence
//
// When key and answer both expand to polynomials with rational
// coefficients (variables, numbers, + - ·, division by a nonzero constant,
// whole powers up to degree 64 and 400 terms), they are compared exactly
// with big.Rat coefficients: k²+kn+k+mk+m+1 is never mistaken for
// k²+kn+k+mk+m, nor x² + x/10⁶ for x², whatever the values. Two different
// polynomials are reported different even on an integer range too small
// to tell them apart (fewer integers than the degree); problem sets do not
// declare such ranges.
//
// Anything else is compared at the test points. A point where the key is
// undefined (NaN or ±Inf) is skipped; a point where only the answer is
// undefined makes it wrong. Values a and b agree when
// |a − b| ≤ max(AbsTol, RelTol·|b|) with b the key's value, by default RelTol = 1e-9 and
// AbsTol = 1e-12: rounding in a different but equal formula stays orders of
// magnitude below 1e-9, while a wrong term of relative size 1e-9 or more is
// caught; the absolute part accepts values that should be 0 and are
// 1e-16. floor and ceil first round values within 1e-9 of an integer to it,
// so floating-point noise cannot move them across an integer.
//
// Where float64 cannot decide, it does not. A scalar over integer
// variables built from numbers, + − · /, whole powers (2^n too), floor,
// ceil, min, max, abs and relu is evaluated exactly (big.Rat, exact.go)
// and compared exactly, or within the caller's explicit tolerances decided
// exactly (tolerance.EqualRat). Other scalars are evaluated in float64;
// when a point's values differ, overflow, or agree only by the default
// absolute tolerance, they are computed again with math/big.Float at 128
// and 256 bits (bigfloat.go): a difference that falls with the precision is
// rounding, one that stays is real. The test points include, for integer
// variables, the ends of each range, the corners, and the points where a
// floor, ceil, min or max switches (points.go): solved exactly where the
// argument is linear in a variable, found by an exact scan within a budget
// where it is not (abs(n·n − 2209)) or where its zero depends on another
// variable (abs(n·k − 391)). When no point decides (the key is undefined
// almost everywhere, or the values are beyond any precision), or the
// answer switches where no scan reaches and the key does not, the Verdict
// is Undecided.
//
// Options.Allow limits the names an answer may use (a key is not limited):
// an answer to "express in terms of ε" that uses p is wrong, and told so.
//
// # Asymptotic answers
//
// CompareAsymptotic checks lhs − answer = O(small^order) as small → 0: it
// evaluates the difference at small = ±h for h from 0.1 (or half the
// domain) down by factors of 4 while h^order ≥ 1e-10, at several test
// points for the other variables, and requires the observed local order
// log(d₁/d₂)/log(h₁/h₂) at the smallest clear scales to reach order − ½. A
// difference lost in rounding at every scale passes.
//
// # Diagnoses
//
// Verdict.Diagnosis explains a wrong answer in one or two sentences
// addressed to the student. For polynomials it is computed from the exact
// difference key − answer: "Your answer is missing k·n + m", "has an extra
// 2·k", "is 4 times too small", "has the wrong sign", and "it does not
// depend on n, but the expected answer does". Otherwise it names the first
// test point where the answer is wrong or undefined, its value there and
// how far off it is, and, when both sides depend on one name t whose values
// reach 0, to which order in t the answer agrees ("it agrees with the
// expected answer only to first order in eps"), and which variable one
// side ignores while the other varies with it. It never prints the key;
// naming missing or extra terms, and the answer's own values, is allowed.
//
// Verdict.StudentDiagnosis is the same verdict in the words a student
// checking their own work may read: which variables' terms are wrong or
// missing and which are right ("The terms with n are wrong or missing; the
// terms with k and m are right."), a constant term, a whole factor ("is 4
// times too small") or the wrong sign; never a term of the key, nor a value
// at a test point.
//
// # Fingerprints
//
// A sealed student edition keeps a key as a fingerprint (Env.Fingerprint):
// test points drawn from a seed as the Env's own are, and the key's value at
// each in canonical forms for the caller to hash: the exact rational where
// the key evaluates exactly, else its cells in staggered grids (log2|v| for
// the relative tolerance, v for the absolute one near 0), and a polynomial
// key's parts. Env.CompareFingerprint decides an answer from the hashes
// alone, as Compare decides it against the key, with the same
// StudentDiagnosis; where a value lies in the thin band at the tolerance's
// edge, or the answer switches where the key does not, it is Undecided
// rather than a guess. fingerprint.go states the rules.
//
// # Limits
//
// Student input is bounded: MaxLength bytes, MaxNodes tree nodes, MaxDepth
// levels of nesting, literal exponents up to MaxExponent, number literals
// of at most 100 digits and exponents within e±400, vectors of at most
// MaxVectorLength entries. Over a limit is an *Error. Polynomial expansion
// that would pass its bounds falls back to test points. No panic leaves
// the package: Parse, Compare and the other entry points recover into an
// error or a verdict.
package expr
