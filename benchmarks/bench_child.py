"""How much CPU time the Python work of one grading child takes, per exercise.

Run from the repository's root::

    python -m benchmarks.bench_child [--repeat 21] [--children 15]

Prints, per exercise, medians in milliseconds of CPU time (``time.process_time``: the machine may be shared):

1. In this process: ``build_cases`` of the exercise; ``execute()`` of the reference solution
   (``reference_solutions``) on every case of the exercise (the sum over the cases); and, once,
   ``Snapshot.changes()`` of ``gc_grader.child`` (what a child calls after defining and after every case).
2. A child as the grader makes it, without its sandbox: forked from this process after the fork server's preload
   and warm-up and ``prepare_observation()``; in the child, the audit hook installed and ``grade_exercise`` run on
   the solution notebook's answer cell for that exercise (define, snapshot, cases, execute); its CPU time is sent
   back. Fork and interpreter exit are not counted. POSIX only (``os.fork``).

Before/after comparisons: run this script on both trees, on the same machine, one after the other.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

import reference_solutions as reference
from gc_grader import child, forkserver
from gc_grader.assignment import SOURCE_NOTEBOOK, assignment_from_source
from gc_grader.extract import extract_program
from gc_grader.notebook_file import read_notebook
from public_tests.cases import EXERCISES, NOTEBOOK_SEED, build_cases
from public_tests.execution import execute


def cpu_ms(work: Callable[[], object], repeat: int) -> float:
    """Median CPU time of ``work()`` over ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return 1000 * statistics.median(times)


def execute_all(exercise: str) -> Callable[[], None]:
    """A call that runs the reference of ``exercise`` on all its cases (built once, outside the timing)."""
    function, cases = reference.SOLUTIONS[exercise], build_cases(exercise, NOTEBOOK_SEED)

    def run() -> None:
        for case in cases:
            execute(function, case)

    return run


def in_process(repeat: int) -> None:
    print(f"{'exercise':<26}{'build_cases':>12}{'execute, all cases':>20}{'cases':>7}")
    for exercise in EXERCISES:
        build = cpu_ms(functools.partial(build_cases, exercise, NOTEBOOK_SEED), repeat)
        run = cpu_ms(execute_all(exercise), repeat)
        print(f"{exercise:<26}{build:>9.2f} ms{run:>17.2f} ms{len(build_cases(exercise)):>7}")
    _, snapshot = child.prepare_observation()
    changes = cpu_ms(snapshot.changes, 10 * repeat)
    size = sum(len(vars(module)) for module in snapshot.modules.values())
    print(f"Snapshot.changes(), nothing changed ({len(snapshot.modules)} modules, {size} entries): "
          f"{changes * 1000:.0f} us per call")


def child_cpu_ms(program: dict, observer: child.Observer, snapshot: child.Snapshot) -> float:
    """CPU time of ``grade_exercise`` in a freshly forked child, in milliseconds."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: time the work, send the figure, leave without any cleanup
        status = 1
        try:
            os.close(read)
            sys.addaudithook(observer.hook)
            request = {"exercise": program["exercise"], "seed": NOTEBOOK_SEED}
            sent: list[dict] = []
            start = time.process_time()
            child.grade_exercise(program, observer, snapshot, lambda: request, sent.append)
            elapsed = time.process_time() - start
            if "outcomes" not in sent[-1]:
                raise RuntimeError(f"the child did not grade {program['exercise']}: {sent[-1]}")
            os.write(write, json.dumps(elapsed).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if status:
        raise RuntimeError(f"the child of {program['exercise']} failed (status {status})")
    return 1000 * json.loads(data)


def in_children(count: int) -> None:
    assignment = assignment_from_source()
    program = extract_program(read_notebook(SOURCE_NOTEBOOK), list(assignment.points), assignment.answer_ids)
    observer, snapshot = child.prepare_observation()
    print(f"\n{'exercise (one child)':<26}{'grade_exercise':>16}   (median of {count} children)")
    for exercise in assignment.points:
        job = {"chunks": [chunk.to_json() for chunk in program.for_exercise(exercise)], "exercise": exercise}
        times = [child_cpu_ms(job, observer, snapshot) for _ in range(count)]
        print(f"{exercise:<26}{statistics.median(times):>13.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21, help="repeats of each in-process measurement")
    parser.add_argument("--children", type=int, default=15, help="children forked per exercise")
    args = parser.parse_args()
    for name in forkserver.PRELOAD:  # the state the fork server forks its children from
        __import__(name)
    forkserver.warm_up()
    in_process(args.repeat)
    in_children(args.children)


if __name__ == "__main__":
    main()
