"""How much the public tests' feedback observes, and how fast a public test answers in the notebook.

Run from the repository's root (so that ``tests.corpus`` is importable without touching sys.path)::

    python -m benchmarks.bench_feedback [--repeat 7]

1. Over the wrong submissions of ``tests/corpus/submissions.py`` and the catalogue of ``public_tests.mistakes``
   (each written as a student would), counts the failure messages that state an *observed fact*: a line
   "Observed: ..." beyond the bare "it returned X; expected: Y." / "it raised ...", i.e. what the code called
   and how, which formula its number is, a shape, a changed argument, an impossible value. Also counts the
   messages that carry a certain hint of the catalogue, and those with neither.
2. Times ``<exercise>_test(function)`` as the notebook calls it, for a correct and a wrong function per
   exercise: the first call (nothing cached yet) and the median of the next ``--repeat`` calls.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import time
from contextlib import redirect_stdout

import numpy as np

import public_tests
import reference_solutions as reference
from gc_utils import relu, sigmoid
from public_tests.mistakes import CATALOGUE
from tests.corpus.submissions import PASS, SUBMISSIONS

NUMBER = r"[-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|nan|inf)"
BARE = re.compile(rf"^Observed: (it returned {NUMBER}\; expected: ({NUMBER}|a relative difference below .*)"
                  r"|it raised .*)$")
"""A line that only compares the returned number with the expected one, or quotes an error."""


def define(source: str, name: str):
    namespace = {"np": np, "relu": relu, "sigmoid": sigmoid, "forward_propagation": reference.forward_propagation}
    exec(source, namespace)  # noqa: S102 - the corpus is this repository's own code
    return namespace[name]


def wrong_functions() -> list[tuple[str, str, object]]:
    """(name, exercise, function) of every wrong submission of the corpus and of the catalogue."""
    found = [(s.name, s.exercise, define(s.source, s.exercise)) for s in SUBMISSIONS if s.verdict != PASS]
    return found + [(f"catalogue: {m.name}", m.exercise, m.function) for m in CATALOGUE]


def observed_facts(message: str) -> list[str]:
    lines = [line.strip() for line in message.splitlines()[1:]]
    return [line for line in lines if line.startswith("Observed:") and not BARE.match(line)]


def count(functions) -> None:
    kinds = {"observed fact": 0, "certain hint": 0, "both": 0, "neither": 0, "not implemented": 0}
    neither = []
    for name, exercise, function in functions:
        report = public_tests.run(exercise, function)
        assert not report.passed, name
        if "is not implemented yet" in report.message:
            kinds["not implemented"] += 1
            continue
        fact = bool(observed_facts(report.message))
        hint = "\n  Hint: " in report.message
        kinds["both" if fact and hint else "observed fact" if fact else "certain hint" if hint else "neither"] += 1
        if not fact:
            neither.append(name)
    judged = len(functions) - kinds["not implemented"]
    with_fact = kinds["observed fact"] + kinds["both"]
    print(f"wrong submissions judged: {judged} (corpus and catalogue; {kinds['not implemented']} stubs left out)")
    print(f"  with an observed fact:  {with_fact} ({100 * with_fact / judged:.0f}%)"
          f"  [of which also a certain catalogue hint: {kinds['both']}]")
    print(f"  certain hint only:      {kinds['certain hint']}")
    print(f"  neither:                {kinds['neither']}")
    print("  without an observed fact: " + (", ".join(neither) or "none"))


def seconds(test, function) -> float:
    """Wall time of one ``test(function)``, as a notebook cell makes it (its output and failure discarded)."""
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        try:
            test(function)
        except AssertionError:
            pass
    return time.perf_counter() - start


def timings(repeat: int) -> None:
    print(f"{'public test':<28}{'function':<40}{'first call':>12}{'median next':>13}")
    wrong = {m.exercise: m for m in reversed(CATALOGUE)}
    for exercise in reference.SOLUTIONS:
        test = getattr(public_tests, f"{exercise}_test")
        for label, function in (("correct", reference.SOLUTIONS[exercise]),
                                (f"wrong ({wrong[exercise].name})", wrong[exercise].function)):
            first = seconds(test, function)
            median = statistics.median(seconds(test, function) for _ in range(repeat))
            print(f"{exercise + '_test':<28}{label:<40}{first * 1000:>10.0f} ms{median * 1000:>10.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    timings(args.repeat)  # first: its "first call" must find nothing cached
    print()
    count(wrong_functions())


if __name__ == "__main__":
    main()
