#!/usr/bin/env python3
"""Compute sympy's verdict on every pair of the equivalence corpus.

This is the reference the Go tests compare against: the check a sympy-based
grader (PrairieLearn's approach) makes, simplify(key - answer) == 0, with the
time each check takes. Asymptotic pairs use limit((lhs - answer)/small**order)
being finite. Vector pairs (simplex, vector domains) have no direct sympy
form and are recorded as unsupported (verdict null).

Pairs with a "reference" field also get the truth established independently
of nngrade's engine and of simplify (the field "reference" of the output):
  exhaustive  every point of the integer domains, key and answer evaluated
              on sympy's tree in exact rational arithmetic (Python's
              Fraction): floor, ceil, min, max, abs, whole powers;
  mpmath      200 points of each real interval at 80 significant digits.
Two values agree when |a - b| <= abs_tol or |a - b| <= rel_tol*|b|, b the key's,
the pair's tolerances read as the decimals written; without them, exact
values must be equal and mpmath values agree to rel_tol = 1e-9. A point where
the key is undefined is skipped; where only the answer is, the answer is
wrong; when no point has a defined key the reference is "undefined".

Install and run (from the repository root):
    apt-get update && apt-get install -y python3-sympy python3-mpmath
    /usr/bin/python3 engine/expr/reference/sympy_verdicts.py

Reads engine/expr/testdata/equivalence_corpus.json and writes
engine/expr/testdata/sympy_verdicts.json.
"""
import itertools
import json
import math
import os
import random
from fractions import Fraction
import signal
import statistics
import sys
import time

import mpmath
import sympy
from sympy.parsing.sympy_parser import (parse_expr, standard_transformations,
                                        implicit_multiplication_application)

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "testdata", "equivalence_corpus.json")
OUT = os.path.join(HERE, "..", "testdata", "sympy_verdicts.json")
TIMEOUT_SECONDS = 20


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def symbol_for(name, domain):
    kind = domain.split()[0]
    if kind in ("simplex", "vector"):
        raise ValueError("vector domain")
    if kind == "integer":
        lo = int(domain.split()[1].split("..")[0])
        return sympy.Symbol(name, integer=True, positive=lo > 0)
    lo = float(domain.split("(")[-1].split("[")[-1].split(",")[0])
    if lo >= 0:
        return sympy.Symbol(name, positive=True)
    return sympy.Symbol(name, real=True)


def namespace(case):
    x = sympy.Symbol("_t")
    ns = {
        "sigmoid": sympy.Lambda(x, 1 / (1 + sympy.exp(-x))),
        "relu": sympy.Lambda(x, sympy.Max(x, 0)),
        "softplus": sympy.Lambda(x, sympy.log(1 + sympy.exp(x))),
        "log2": sympy.Lambda(x, sympy.log(x, 2)),
        "log10": sympy.Lambda(x, sympy.log(x, 10)),
        "abs": sympy.Abs, "min": sympy.Min, "max": sympy.Max,
        "floor": sympy.floor, "ceil": sympy.ceiling, "diff": sympy.diff,
        "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "pi": sympy.pi,
        "sin": sympy.sin, "cos": sympy.cos, "tanh": sympy.tanh, "cosh": sympy.cosh,
        "sinh": sympy.sinh,
    }
    for name, domain in case["vars"]:
        ns[name] = symbol_for(name, domain)
    return ns


def parse(text, ns, defines):
    transformations = standard_transformations + (implicit_multiplication_application,)
    e = parse_expr(text.replace("^", "**"), local_dict=ns, transformations=transformations)
    for name, body in defines.items():
        e = e.subs(sympy.Symbol(name), parse(body, ns, {}))
    return e


def verdict(case):
    ns = namespace(case)
    defines = case.get("defines", {})
    for name in defines:
        ns[name] = sympy.Symbol(name)
    key = parse(case["key"], ns, defines)
    answer = parse(case["answer"], ns, defines)
    if case.get("kind") == "asymptotic":
        small = ns[case["small"]]
        lim = sympy.limit((key - answer) / small ** case["order"], small, 0)
        return bool(lim.is_finite)
    return sympy.simplify(key - answer) == 0


class Undefined(Exception):
    pass


def exact_value(e, point):
    """Evaluates a sympy expression exactly at a point of integers."""
    if e.is_Integer or e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    if e.is_Symbol:
        return Fraction(point[e.name])
    args = [exact_value(a, point) for a in e.args]
    if e.is_Add:
        return sum(args, Fraction(0))
    if e.is_Mul:
        r = Fraction(1)
        for a in args:
            r *= a
        return r
    if e.is_Pow:
        base, power = args
        if power.denominator != 1:
            raise NotImplementedError("fractional power " + str(e))
        if base == 0 and power < 0:
            raise Undefined()
        return base ** int(power)
    if isinstance(e, sympy.floor):
        return Fraction(math.floor(args[0]))
    if isinstance(e, sympy.ceiling):
        return Fraction(math.ceil(args[0]))
    if isinstance(e, sympy.Min):
        return min(args)
    if isinstance(e, sympy.Max):
        return max(args)
    if isinstance(e, sympy.Abs):
        return abs(args[0])
    raise NotImplementedError(type(e).__name__)


def tolerances(case, exact):
    absolute = Fraction(repr(case["abs_tol"])) if case.get("abs_tol") else Fraction(0)
    relative = Fraction(repr(case["rel_tol"])) if case.get("rel_tol") else None
    if relative is None:
        relative = Fraction(0) if exact else Fraction(1, 10**9)
    return absolute, relative


def agree(a, b, absolute, relative):
    """a agrees with the key's value b (engine/tolerance.Equal's rule)."""
    d = abs(a - b)
    return d <= absolute or d <= relative * abs(b)


def integer_points(case):
    ranges = []
    for name, domain in case["vars"]:
        kind, span = domain.split(None, 1)
        if kind != "integer":
            raise ValueError("exhaustive needs integer domains")
        lo, hi = (int(t) for t in span.split(".."))
        ranges.append([(name, v) for v in range(lo, hi + 1)])
    for combo in itertools.product(*ranges):
        yield dict(combo)


def real_points(case, count=200):
    rng = random.Random(1)
    axes = []
    for name, domain in case["vars"]:
        kind, span = domain.split(None, 1)
        if kind != "real":
            raise ValueError("mpmath needs real domains")
        lo_text, hi_text = span[1:-1].split(",")
        lo, hi = mpmath.mpf(lo_text.strip()), mpmath.mpf(hi_text.strip())
        values = [lo + (hi - lo) * mpmath.mpf(i + 1) / (count + 1) for i in range(count // 2)]
        values += [lo + (hi - lo) * mpmath.mpf(rng.random()) for _ in range(count - len(values))]
        if span[0] == "[":
            values.append(lo)
        if span[-1] == "]":
            values.append(hi)
        axes.append((name, values))
    for i in range(max(len(v) for _, v in axes)):
        yield {name: values[i % len(values)] for name, values in axes}


def mp_value(f, point, names):
    try:
        v = f(*[point[n] for n in names])
    except (ValueError, ZeroDivisionError, OverflowError):
        raise Undefined()
    if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
        raise Undefined()
    return v


def reference(case):
    """The truth for the pair, established without nngrade's engine."""
    ns = namespace(case)
    defines = case.get("defines", {})
    key = parse(case["key"], ns, defines)
    answer = parse(case["answer"], ns, defines)
    method = case["reference"]
    exact = method == "exhaustive"
    absolute, relative = tolerances(case, exact)
    if exact:
        points = integer_points(case)
        value = exact_value
        kf, af = key, answer
    else:
        mpmath.mp.dps = 80
        names = [n for n, _ in case["vars"]]
        syms = [ns[n] for n in names]
        kf = sympy.lambdify(syms, key, modules="mpmath")
        af = sympy.lambdify(syms, answer, modules="mpmath")
        points = real_points(case)
        value = lambda f, p: mp_value(f, p, names)
        absolute = mpmath.mpf(absolute.numerator) / absolute.denominator
        relative = mpmath.mpf(relative.numerator) / relative.denominator
    defined = 0
    for point in points:
        try:
            k = value(kf, point)
        except Undefined:
            continue
        except ZeroDivisionError:
            continue
        defined += 1
        try:
            a = value(af, point)
        except (Undefined, ZeroDivisionError):
            return False
        if not agree(a, k, absolute, relative):
            return False
    if defined == 0:
        return "undefined"
    return True


def main():
    with open(CORPUS) as f:
        cases = json.load(f)
    signal.signal(signal.SIGALRM, on_alarm)
    results, times = [], []
    for case in cases:
        row = {"name": case["name"], "verdict": None, "seconds": None}
        start = time.perf_counter()
        signal.alarm(TIMEOUT_SECONDS)
        try:
            row["verdict"] = verdict(case)
        except ValueError as err:
            row["error"] = "unsupported: " + str(err)
        except Timeout:
            row["error"] = "timeout after %ds" % TIMEOUT_SECONDS
        except Exception as err:  # sympy raises many kinds; record them all
            row["error"] = "%s: %s" % (type(err).__name__, err)
        finally:
            signal.alarm(0)
        if row.get("error") is None or row["error"].startswith("timeout"):
            row["seconds"] = round(time.perf_counter() - start, 6)
            times.append(row["seconds"])
        if case.get("reference"):
            row["reference"] = reference(case)
        results.append(row)
        print("%-40s %-6s %-6s %s" % (row["name"], row["verdict"], row.get("reference", ""), row.get("error", "")), file=sys.stderr)
    out = {
        "sympy_version": sympy.__version__,
        "median_seconds": round(statistics.median(times), 6) if times else None,
        "pairs": results,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
