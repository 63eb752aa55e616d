"""What the scheduler is given and what it gives back: a ``Task`` per submission, the ``Limits`` of its
exercises, an ``ExerciseRun`` per exercise in the submission's ``TaskResult``; ``describe_exit`` says how a child
that did not finish ended."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from typing import Any

from public_tests.execution import Outcome

OUTPUT_BYTES = 256 * 1024
"""What a child may write to stdout/stderr, a pipe to this process: past it, the pipe is closed (the child's next
write fails with EPIPE). Also the child's RLIMIT_FSIZE: the largest file it may write in its private /tmp."""

@dataclass
class Task:
    """A submission to run: its key and, per exercise, the program from ``gc_grader.extract``."""

    key: Any
    programs: dict[str, list[dict]]

    @property
    def exercises(self) -> tuple[str, ...]:
        return tuple(self.programs)


@dataclass
class ExerciseRun:
    """What came back for one exercise: ``status`` "ran" (with outcomes) or the kind of failure."""

    status: str
    outcomes: list[Outcome] | None = None
    message: str = ""
    observed: list[str] = field(default_factory=list)
    """What the child saw the code do (for the instructor's review)."""
    digest: str = ""
    """A hash of the line the outcomes came in: equal lines, equal outcomes (the judge's verdicts are cached by it)."""


@dataclass
class TaskResult:
    key: Any
    runs: dict[str, ExerciseRun] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    output: str = ""
    processes: int = 0


@dataclass
class Limits:
    timeout: float = 10.0
    memory_bytes: int = 1024 * 2**20
    output_bytes: int = OUTPUT_BYTES
    uid: int | None = None
    gid: int | None = None
    max_processes: int = 64
    max_files: int = 64
    sweep: bool = False
    """After each exercise, remove everything the exercise's user left (``--sandbox container``)."""


def describe_exit(status: int, out_of_memory: bool = False, memory_bytes: int = 0) -> tuple[str, str]:
    """(kind, explanation) of a child that ended without finishing, from its wait status; ``out_of_memory``: the
    kernel killed a process of its submission for reaching the cgroup's memory limit (``memory_bytes``)."""
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        number = -code
        name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
        if number in (getattr(signal, "SIGXCPU", -1), getattr(signal, "SIGALRM", -1)):
            return "timeout", f"the process was stopped by {name} (time limit)"
        if number == signal.SIGKILL and out_of_memory:
            return "crashed", (f"the kernel stopped the process: with what it held in memory, shared memory and "
                               f"files in /tmp included, it needed more than the {memory_bytes // 2**20} MiB the "
                               "grader gives a submission")
        if number == signal.SIGKILL:
            return "crashed", "the process was killed (SIGKILL)"
        return "crashed", f"the process crashed ({name})"
    if code == 70:
        return "error", "the grader's side of the process failed (exit code 70)"
    return "exited", f"the process exited with code {code} before finishing (os._exit? a crash of the interpreter?)"
