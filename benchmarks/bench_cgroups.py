"""What a cgroup per submission costs: making it, entering it from a forked process, removing it.

    python -m benchmarks.bench_cgroups              # 5 rounds of 100 submissions (as root, cgroups available)
    python -m benchmarks.bench_cgroups --rounds 9

Each submission of a grading run gets a cgroup of its own (``gc_grader.cgroups``): the fork server makes it before
the submission's host starts, the process that starts the host enters it, and the server removes it once the host
has ended. This prints the median of those three steps together, per round and over all rounds. The goal: well
under a millisecond per submission (a submission's four exercises take ~25 ms of CPU).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from gc_grader.cgroups import CgroupsUnavailable, RunCgroups, SubmissionCgroups

MEMORY_BYTES, PROCESSES = 64 * 2**20, 8


def entered_in_child(cgroups: SubmissionCgroups, group: int) -> float:
    """Seconds a forked process takes to enter ``group``'s cgroup (it reports them through a pipe)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            started = time.perf_counter()
            cgroups.enter(group)
            os.write(write, str(time.perf_counter() - started).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    said = os.read(read, 64)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise RuntimeError(f"entering the cgroup failed in the child (wait status {status})")
    return float(said)


def one_round(cgroups: SubmissionCgroups, groups: range) -> list[float]:
    """make + enter + remove, in seconds, for each of ``groups``."""
    costs = []
    for group in groups:
        started = time.perf_counter()
        cgroups.make(group)
        made = time.perf_counter() - started
        entered = entered_in_child(cgroups, group)
        started = time.perf_counter()
        if not cgroups.remove(group):
            raise RuntimeError(f"the cgroup of submission {group} could not be removed")
        costs.append(made + entered + time.perf_counter() - started)
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=100, help="submissions per round")
    args = parser.parse_args(argv)
    try:
        run = RunCgroups.create(MEMORY_BYTES, PROCESSES)
    except CgroupsUnavailable as error:
        print(f"no cgroups here: {error}", file=sys.stderr)
        return 1
    try:
        cgroups = SubmissionCgroups(run.plan())
        medians = []
        for index in range(args.rounds):
            first = 1000 + index * args.submissions
            median = statistics.median(one_round(cgroups, range(first, first + args.submissions)))
            medians.append(median)
            print(f"round {index + 1}: median {median * 1e3:.3f} ms per submission (make + enter + remove)")
        print(f"median of {args.rounds} rounds: {statistics.median(medians) * 1e3:.3f} ms per submission")
    finally:
        run.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
