"""What does a change cost or save in the test suite's time, measured side by side with another commit?

On the shared 2-core VM the suite's time moves by a fifth from one day to the next (docs/performance.md, "The test
suite"): a figure is worth comparing only with one measured in the same sitting. This script clones the repository
twice into a temporary folder, at REV and at HEAD (committed work only), lets ``tasks.py`` install each clone's test
environment (not timed), then runs ``python3 tasks.py test ARGS`` in the two clones in turn, and prints each run's
wall-clock time, the machine's busy CPU time and the share of the cores' time the hypervisor gave to other machines
(steal; ``benchmarks.machine``, Linux only), the medians and the ratios of HEAD to REV. Run it on an otherwise idle
machine: the busy time counts every process.

    python3 -m benchmarks.bench_suite [--against REV] [--runs 3] [-- PYTEST ARGUMENTS]

REV defaults to ``HEAD~1``; the pytest arguments to ``-m "not browser" -q -p no:cacheprovider``. Standard library
only: run it from the repository's root with any Python >= 3.10.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.machine import machine_shares, machine_ticks

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARGUMENTS = ["-m", "not browser", "-q", "-p", "no:cacheprovider"]


def run_or_exit(command: list[str], folder: Path | None = None) -> str:
    """``command``'s standard output; on failure, exit with what it printed."""
    done = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit status {done.returncode}):\n{done.stdout[-3000:]}"
                 f"{done.stderr[-2000:]}")
    return done.stdout


def clone(revision: str, folder: Path) -> str:
    """A clone of this repository at ``revision`` in ``folder``, its test environment installed and pytest's
    modules compiled (``--collect-only``, not timed); returns the commit's short hash and subject."""
    run_or_exit(["git", "clone", "--quiet", str(ROOT), str(folder)])
    run_or_exit(["git", "checkout", "--quiet", revision], folder)
    run_or_exit([sys.executable, "tasks.py", "test", "--collect-only", "-q", "-p", "no:cacheprovider"], folder)
    return run_or_exit(["git", "log", "-1", "--format=%h %s"], folder).strip()


def timed_suite(folder: Path, arguments: list[str]) -> tuple[float, tuple[float, float] | None, str]:
    """One run of the suite in ``folder``: wall-clock seconds, the machine's busy CPU seconds and steal share
    (``machine_shares``; None off Linux), and pytest's last line."""
    ticks, started = machine_ticks(), time.perf_counter()
    output = run_or_exit([sys.executable, "tasks.py", "test", *arguments], folder)
    wall, shares = time.perf_counter() - started, machine_shares(ticks, machine_ticks())
    return wall, shares, (output.strip().splitlines() or ["(no output)"])[-1]


def summary(label: str, runs: list[tuple[float, tuple[float, float] | None, str]]) -> tuple[float, float | None]:
    walls = [wall for wall, _, _ in runs]
    busy = [shares[0] for _, shares, _ in runs if shares is not None]
    wall_median, busy_median = statistics.median(walls), statistics.median(busy) if busy else None
    said = f"{label}: wall {', '.join(f'{w:.1f}' for w in walls)} s (median {wall_median:.1f} s)"
    if busy_median is not None:
        said += f"; busy CPU {', '.join(f'{b:.0f}' for b in busy)} s (median {busy_median:.0f} s)"
    print(said)
    return wall_median, busy_median


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD~1", help="the commit to compare HEAD with (default HEAD~1)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the suite in each clone (default 3)")
    parser.add_argument("pytest", nargs="*", help="arguments for pytest, after --")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error(f"--runs must be at least 1, not {options.runs}")
    arguments = options.pytest or DEFAULT_ARGUMENTS
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as temporary:
        clones = {}
        for name, revision in (("against", options.against), ("head", "HEAD")):
            folder = Path(temporary) / name
            print(f"{name}: {clone(revision, folder)}", flush=True)
            clones[name] = folder
        results: dict[str, list] = {name: [] for name in clones}
        for run in range(options.runs):
            for name, folder in clones.items():
                results[name].append(timed_suite(folder, arguments))
                wall, shares, last = results[name][-1]
                cpu = "" if shares is None else f", busy CPU {shares[0]:.0f} s, steal {100 * shares[1]:.0f}%"
                print(f"  run {run + 1}, {name}: {wall:.1f} s{cpu} ({last})", flush=True)
    before = summary(f"against ({options.against})", results["against"])
    now = summary("head", results["head"])
    print(f"ratio head / against: wall {now[0] / before[0]:.3f}"
          + ("" if now[1] is None or not before[1] else f", busy CPU {now[1] / before[1]:.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
