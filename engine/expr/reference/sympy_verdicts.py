#!/usr/bin/env python3
"""Compute sympy's verdict on every pair of the equivalence corpus.

This is the reference the Go tests compare against: the check a sympy-based
grader (PrairieLearn's approach) makes, simplify(key - answer) == 0, with the
time each check takes. Asymptotic pairs use limit((lhs - answer)/small**order)
being finite. Vector pairs (simplex, vector domains) have no direct sympy
form and are recorded as unsupported (verdict null).

Install and run (from the repository root):
    apt-get update && apt-get install -y python3-sympy
    /usr/bin/python3 engine/expr/reference/sympy_verdicts.py

Reads engine/expr/testdata/equivalence_corpus.json and writes
engine/expr/testdata/sympy_verdicts.json.
"""
import json
import os
import signal
import statistics
import sys
import time

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
        results.append(row)
        print("%-40s %-6s %s" % (row["name"], row["verdict"], row.get("error", "")), file=sys.stderr)
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
