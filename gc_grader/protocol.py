"""Every message between the grader's processes, in one place: who sends it, to whom, and its fields.

Four kinds of process take part in a run: the grader (``scheduler``), its fork server (``forkserver``), one host
per submission (``host``) and one child per exercise (``child``). Each message is one JSON object: a datagram
between the grader and the server, a packet between the server and a host (both ``control``), a frame on a
child's job pipe and a line on its result pipe (both ``wire``). The types below say what each one holds; a
receiver still checks every field it reads, since the server, the hosts and the children run in the sandbox (and
a child runs the submission's code).

Grader -> server:

- ``CgroupsRequest`` once, before the first job, with the run's cgroup folders attached as directory descriptors
  (``cgroups``): from then on every submission gets a cgroup of its own, made before its host starts and entered
  by the process that starts it;
- ``JobRequest`` with three descriptors attached (the exercise's job pipe to read, its result pipe to write, its
  output pipe): passed on to the submission's host (``HostJob``), started on the first job of that submission;
- ``KillRequest`` ends that job (the host kills its process and whatever it started); ``CloseRequest`` ends the
  submission's host and its namespaces.

Server -> grader: ``ReadyEvent`` once, then ``StartedEvent`` and ``ExitEvent`` for every job (``oom``: the
kernel killed a process of the submission for its memory since the submission's previous exit), or an
``ErrorEvent``. ``GoneEvent`` is what the grader's side reads when the server has gone.

Server -> host: ``HostJob`` (queued and run in order), ``KillRequest``; the end of the connection ends the host,
after it killed everything. Host -> server: ``StartedEvent`` and ``ExitEvent`` (without ``oom``) for every job
it was given.

Grader -> child: ``ProgramMessage`` (what to define), then, once the child has said ``DefinedMessage``,
``ExerciseMessage`` (what to run, and the run's seed as the generator state it gives). Child -> grader:
``DefinedMessage``, one ``ResultMessage``, ``DoneMessage``.
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict, cast

# ------------------------------------------------------------------------------ grader -> server -> host


class ChildConfig(TypedDict, total=False):
    """How an exercise's process limits itself (``child.prepare``); the grader sets the first ten fields, the
    server adds ``base_memory`` and, in a container, the host ``private``."""

    memory_bytes: int
    output_bytes: int
    cpu_seconds: int
    alarm_seconds: int
    max_processes: int | None
    max_files: int
    uid: int | None
    gid: int | None
    workdir: str | None
    """None when sandboxed (a private /tmp), else the run's working folder."""
    sweep: bool
    """Remove what the exercise's user left once it ends (``--sandbox container``)."""
    base_memory: int
    """The server's address space when it forked: RLIMIT_AS is this plus ``memory_bytes``."""
    private: bool
    """``workdir`` is the exercise's own folder (its home and temporary folder)."""


class CgroupsRequest(TypedDict):
    cgroups: dict[str, Any]
    """``cgroups.RunCgroups.plan``: the hierarchies, in the order of the attached folders."""


class JobRequest(TypedDict):
    job: int
    group: int
    """The submission: its jobs run one after the other in one host."""
    config: ChildConfig


class HostJob(TypedDict):
    job: int
    config: ChildConfig


class KillRequest(TypedDict):
    kill: int


class CloseRequest(TypedDict):
    close: int


Request = CgroupsRequest | JobRequest | KillRequest | CloseRequest


class ReadyEvent(TypedDict):
    event: Literal["ready"]
    pid: int
    sandboxed: bool
    seccomp: str
    """What each exercise's seccomp filter denies (``seccomp.prepare``)."""


class StartedEvent(TypedDict):
    event: Literal["started"]
    job: int
    pid: int


class _ExitEvent(TypedDict):
    event: Literal["exit"]
    job: int
    status: int
    """A wait status, as ``os.waitpid`` gives it (70 << 8: the grader's side of the process failed)."""


class ExitEvent(_ExitEvent, total=False):
    oom: bool


class ErrorEvent(TypedDict):
    event: Literal["error"]
    job: int | None
    message: str


class GoneEvent(TypedDict):
    event: Literal["gone"]


Event = ReadyEvent | StartedEvent | ExitEvent | ErrorEvent | GoneEvent

EXIT_GRADER_FAILED = 70 << 8
"""The wait status reported for a job whose process could not run through a failure on the grader's side."""

_EVENT_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "ready": {"pid": int, "sandboxed": bool, "seccomp": str},
    "started": {"job": int, "pid": int},
    "exit": {"job": int, "status": int},
    "error": {"job": (int, type(None)), "message": str},
    "gone": {},
}


def parse_event(data: bytes) -> Event | None:
    """An event read from the server or a host, its fields checked (an ``oom`` that is not ``true`` is false);
    None for anything that is not one."""
    try:
        message = json.loads(data)
    except (ValueError, RecursionError):
        return None
    event = message.get("event") if isinstance(message, dict) else None
    fields = _EVENT_FIELDS.get(event) if isinstance(event, str) else None
    if fields is None or not all(_is(message.get(name), kind) for name, kind in fields.items()):
        return None
    if message["event"] == "exit":
        message["oom"] = message.get("oom") is True
    return cast(Event, message)


def _is(value: object, kind: type | tuple[type, ...]) -> bool:
    """Whether ``value`` is exactly of type ``kind`` (or one of them): a JSON ``true`` is no int."""
    return type(value) in (kind if isinstance(kind, tuple) else (kind,))


# ------------------------------------------------------------------------------ grader <-> child


class ProgramMessage(TypedDict):
    chunks: list[dict[str, Any]]
    """``extract.Chunk.to_json`` of each statement to run, in order."""
    exercise: str


class ExerciseMessage(TypedDict):
    exercise: str
    state: dict[str, Any]
    """``public_tests.cases.generator_state(seed)``: the child rebuilds the cases from it."""


class DefinedMessage(TypedDict):
    type: Literal["defined"]
    notes: list[str]


class _ResultMessage(TypedDict):
    type: Literal["result"]
    exercise: str
    observed: list[str]
    """What the child saw the code do, for the instructor's review."""


class ResultMessage(_ResultMessage, total=False):
    """Exactly one of ``outcomes`` (one ``wire.encode_outcome`` per case), ``sabotaged`` or ``missing`` (why)."""

    outcomes: list[dict[str, Any]]
    sabotaged: str
    missing: str


class DoneMessage(TypedDict):
    type: Literal["done"]


ChildMessage = DefinedMessage | ResultMessage | DoneMessage
