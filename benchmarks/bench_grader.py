"""How many submissions per minute does `python -m public_tests grade` grade, next to the nbclient approach?

Generates a batch of student submissions from the student edition (each exercise correct with probability 0.6,
else one of the common mistakes of tests/corpus/submissions.py), then, in one run on this machine:

- grades the whole batch with `python -m public_tests grade --jobs N` (a fresh command each time, interpreter
  start included), several times; the median is reported;
- executes whole notebooks, each in a fresh kernel with nbclient (what nbgrader-style autograding does) and reads
  the test cells' outputs, N notebooks at a time (the same N), on a subset of the batch; the per-notebook rate
  is extrapolated to the batch, and said so. Where the two grade the same notebook, their verdicts are compared.

    python -m benchmarks.bench_grader [--submissions 200] [--nbclient 16] [--repeat 3] [--jobs N]

Targets: at least 1,000 submissions per minute on 2 cores with the sandbox on, and at least 10 times the nbclient
approach.

On Linux each grader run also prints, from /proc/stat, the machine's busy CPU time per submission (on an otherwise
idle machine: the grader's, sandboxes included) and the share of the cores' time the hypervisor gave to other
machines meanwhile ("steal"): on a shared virtual machine the wall time depends on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from benchmarks.machine import machine_shares, machine_ticks
from gc_grader.assignment import TEST_CELLS
from gc_grader.grader import default_jobs
from tests.corpus import notebooks as corpus  # run from the repository's root: tests/ is importable from there
from tests.corpus.submissions import PASS, SUBMISSIONS

ROOT = Path(__file__).resolve().parent.parent

GRADED = corpus.GRADED


def generate(folder: Path, count: int, seed: int = 0) -> dict[str, dict[str, bool]]:
    """Write ``count`` submissions; returns name -> exercise -> whether it was written correct."""
    rng = random.Random(seed)
    variants = {e: [s for s in SUBMISSIONS if s.exercise == e] for e in GRADED}
    truth = {}
    for index in range(count):
        notebook, correct = corpus.solved(), {}
        for exercise in GRADED:
            if rng.random() < 0.6:
                choice = rng.choice([None] + [s for s in variants[exercise] if s.verdict == PASS])
            else:
                choice = rng.choice([s for s in variants[exercise] if s.verdict != PASS])
            if choice is not None:
                notebook = corpus.with_answer(exercise, choice.source, notebook)
            correct[exercise] = choice is None or choice.verdict == PASS
        name = f"student-{index:04d}.ipynb"
        corpus.write(notebook, folder / name)
        truth[name] = correct
    return truth


def time_grader(folder: Path, jobs: int, repeat: int) -> tuple[list[float], dict]:
    seconds, grades, notes = [], {}, set()
    for attempt in range(repeat):
        out = folder.parent / f"out-{attempt}"
        ticks, start = machine_ticks(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "public_tests", "grade", str(folder), "--out", str(out),
                               "--jobs", str(jobs)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, cwd=folder.parent)
        seconds.append(time.perf_counter() - start)
        shares = machine_shares(ticks, machine_ticks())
        busy = "" if shares is None else (
            f", the machine's cores busy {1000 * shares[0] / len(list(folder.glob('*.ipynb'))):.0f} ms per submission, "
            f"{100 * shares[1]:.0f}% of their time stolen by the hypervisor")
        print(f"  run {attempt + 1}: {seconds[-1]:.2f} s{busy}")
        notes.update(line for line in done.stderr.splitlines() if line.startswith("warning"))
    for note in sorted(notes):
        print(f"  (grader {note})")
    rows = json.loads((out / "grades.json").read_text())["submissions"]
    grades = {r["submission"]: {e: r["exercises"][e]["passed"] for e in GRADED} for r in rows}
    return seconds, grades


def nbclient_grade(path: str) -> dict[str, bool]:
    """Execute the whole notebook in a fresh kernel; an exercise passes when its test cell raised nothing."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    passed = {}
    for cell in notebook.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        exercise = TEST_CELLS.get(grade_id, grade_id.removesuffix("_test"))  # the bug fix's check has its own name
        if exercise in GRADED and grade_id != exercise:
            passed[exercise] = not any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    return passed


def _quiet() -> None:
    """Silence the kernels' start-up warnings in the nbclient workers."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def time_nbclient(paths: list[Path], jobs: int) -> tuple[float, dict]:
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, initializer=_quiet) as pool:
        results = list(pool.map(nbclient_grade, map(str, paths)))
    return time.perf_counter() - start, {p.name: r for p, r in zip(paths, results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--nbclient", type=int, default=16, help="notebooks executed with nbclient (a subset)")
    parser.add_argument("--repeat", type=int, default=3, help="grader runs over the whole batch")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="for both (the grader's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submissions"
        truth = generate(folder, args.submissions)
        full = sum(all(c.values()) for c in truth.values())
        print(f"Batch: {args.submissions} generated submissions ({full} fully correct; each exercise correct with "
              f"probability 0.6, else a common mistake); {args.jobs} jobs; {os.cpu_count()} cores.")

        seconds, grades = time_grader(folder, args.jobs, args.repeat)
        grader_rate = args.submissions / statistics.median(seconds) * 60
        print(f"grader   : {args.submissions} submissions in {', '.join(f'{s:.2f}' for s in seconds)} s "
              f"(median {statistics.median(seconds):.2f} s) -> {grader_rate:.0f} submissions/min")

        subset = sorted(folder.glob("*.ipynb"))[: args.nbclient]
        elapsed, nb_grades = time_nbclient(subset, args.jobs)
        nb_rate = len(subset) / elapsed * 60
        print(f"nbclient : {len(subset)} of the {args.submissions} notebooks ({args.jobs} kernels at a time; a subset, "
              f"one run, extrapolated) in {elapsed:.2f} s -> {nb_rate:.1f} submissions/min; the whole batch would "
              f"take about {args.submissions / nb_rate:.0f} min")
        print(f"ratio    : {grader_rate / nb_rate:.0f}x (target >= 10x; grader target >= 1000/min, sandboxed)")

        agree = sum(nb_grades[n] == grades[n] for n in nb_grades)
        wrong = sum(grades[n] != truth[n] for n in truth)
        print(f"verdicts : grader and nbclient agree on {agree} of {len(nb_grades)} notebooks; the grader matches "
              f"the generator's intent on {len(truth) - wrong} of {len(truth)}")


if __name__ == "__main__":
    main()
