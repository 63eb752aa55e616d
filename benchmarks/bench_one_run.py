"""What does one grader run of one submission cost: what a platform (Gradescope, PrairieLearn, Coursera) pays for
every submission, since it starts the grader once per submission?

``python -m public_tests grade ONE.ipynb --out DIR`` on a correct submission, a fresh command each time, alternating
side by side in one run:

- before: the grader's own process with BLAS threads, one per core (``OPENBLAS_NUM_THREADS`` etc. set to the number
  of cores, which is what OpenBLAS starts when nothing is set), as the grader ran until it set them itself;
- now: the grader's default, one BLAS thread in its own process (``gc_grader.sandbox.one_blas_thread``).

    python -m benchmarks.bench_one_run [--repeat 15]

Prints the medians of the CPU time of the whole process tree (the grader, its sandboxed fork server and exercises)
and of the wall-clock time, and the ratios of "now" to "before".
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gc_grader.sandbox import THREAD_VARIABLES
from tests.corpus import notebooks as corpus  # run from the repository's root: tests/ is importable there

ROOT = Path(__file__).resolve().parent.parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(submission: Path, out: Path, environment: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (the whole process tree) and wall-clock seconds of one grader run."""
    shutil.rmtree(out, ignore_errors=True)
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "public_tests", "grade", str(submission), "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT, env=environment)
    return children_cpu() - cpu, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    unset = {name: value for name, value in os.environ.items() if name not in THREAD_VARIABLES}
    ways = {"before (BLAS threads, one per core)": {**unset, **dict.fromkeys(THREAD_VARIABLES, str(os.cpu_count()))},
            "now (one BLAS thread)": unset}
    with tempfile.TemporaryDirectory() as folder:
        submission = Path(folder) / "Gradient_Checking.ipynb"
        corpus.write(corpus.solved(), submission)
        one_run(submission, Path(folder) / "out", unset)  # warm up: the page cache
        measured: dict[str, list[tuple[float, float]]] = {way: [] for way in ways}
        for _ in range(repeat):
            for way, environment in ways.items():
                measured[way].append(one_run(submission, Path(folder) / "out", environment))
    medians = {way: tuple(statistics.median(run[i] for run in runs) for i in (0, 1)) for way, runs in measured.items()}
    print(f"one submission, {repeat} runs of each, alternating, {os.cpu_count()} cores")
    for way, (cpu, wall) in medians.items():
        print(f"{way:<38} CPU {1e3 * cpu:6.0f} ms   wall {1e3 * wall:6.0f} ms")
    (cpu_before, wall_before), (cpu_now, wall_now) = medians.values()
    print(f"{'now / before':<38} CPU {cpu_now / cpu_before:6.2f}x    wall {wall_now / wall_before:6.2f}x")


if __name__ == "__main__":
    main()
