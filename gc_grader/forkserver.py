"""A fork server: a clean process, NumPy and the execution half of the public tests imported, forking hosts.

Starting a Python process and importing NumPy costs far more than grading one exercise; forking a process that
has done it once costs about a millisecond. The grader starts the server fresh for each run, before any case is
drawn, so a process forked from it holds no secret of the run (not the seed, not an expected value). By default
the server runs inside bubblewrap; for each submission it forks a host (``gc_grader.host``) in
namespaces of its own (``gc_grader.sandbox``), which runs that submission's exercises one at a time.
With ``--unsafe-no-sandbox`` the server and the hosts are plain processes and the exercises only limit themselves.

Its messages with the grader (over a datagram socket pair) and with the hosts are ``gc_grader.protocol``'s.
The grader's side of it is ``gc_grader.forkclient``. The server stops when the grader closes its stdin,
killing the hosts still running.

This module imports the execution half of the public tests (through ``child`` and ``host``) where it runs, in
the server's process; ``forkclient`` imports neither: the grader starts the server before it imports NumPy.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import time
from collections import deque

from . import sandbox, seccomp
from .cgroups import SubmissionCgroups
from .control import MAX_CONTROL, close_fds, receive_control, send_control
from .protocol import EXIT_GRADER_FAILED, ChildConfig, ExitEvent, HostJob, parse_event

SETTLED_BYTES = 96 * 2**20
"""A submission's cgroup holding at most this much is ready for its next exercise (a host and an exercise that
ended hold ~25 MB)."""
SETTLE_SECONDS = 2.0
"""The longest a submission's next exercise waits for its cgroup's memory to come back."""
SETTLE_POLL_SECONDS = 0.002

PRELOAD = ("numpy", "gc_utils", "gc_utils.network", "gc_utils.checks", "testCases", "public_tests.cases",
           "public_tests.environment", "public_tests.execution", "gc_grader.child", "json", "ctypes",
           "traceback", "copy", "warnings")


def virtual_memory() -> int:
    """This process's address-space size in bytes (0 when unknown): the base of a child's memory limit."""
    with contextlib.suppress(OSError, ValueError, StopIteration), open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmSize:"))
        return int(line.split()[1]) * 1024
    return 0


def warm_up() -> None:
    """Run once what every child runs (building cases, executing a call) so that no child pays for lazy imports
    and first-call caches; with an arbitrary seed, not the run's. Then freeze the heap: forked children share it."""
    import gc
    import types

    import numpy

    from public_tests.cases import EXERCISES, build_cases, generator_state
    from public_tests.execution import execute

    ignore = types.FunctionType((lambda *args, **kwargs: None).__code__, {"np": numpy})  # a notebook's globals
    state = generator_state(0)
    for exercise in EXERCISES:
        for case in build_cases(exercise, state=state):
            execute(ignore, case)
    gc.collect()
    gc.freeze()


class _Server:
    """The server's state: one host per submission (``gc_grader.host``), reached over a socket each."""

    def __init__(self, sock: socket.socket, wake: tuple[int, int], sandboxed: bool, base_memory: int) -> None:
        self.sock, self.wake, self.sandboxed, self.base_memory = sock, wake, sandboxed, base_memory
        self.hosts: dict[int, socket.socket] = {}  # group -> the server's end of that host's socket
        self.relays: dict[int, int] = {}  # pid of a host's relay (or, unsandboxed, of the host) -> group
        self.jobs: dict[int, set[int]] = {}  # group -> jobs given to its host and not yet reported ended
        self.cgroups: SubmissionCgroups | None = None
        self.oom_kills: dict[int, int] = {}  # group -> the kernel's OOM kills in its cgroup, as last reported
        self.leftover_cgroups: set[int] = set()  # groups whose cgroup could not be removed yet (EBUSY)
        self.held: dict[int, deque[tuple[int, bytes, list[int]]]] = {}  # group -> jobs not yet given to its host
        self.running: dict[int, int] = {}  # group -> the job its host runs now
        self.settling: dict[int, float] = {}  # group -> until when its cgroup may take to give memory back
        self.exclusive = False  # one exercise in the whole server at a time (--sandbox container: one user for all)
        self.draining: set[int] = set()  # exclusive: groups closed whose host has not ended yet (it may be sweeping)

    def _use_cgroups(self, plan: dict, fds: list[int]) -> None:
        """From now on, a cgroup per submission, through the run's folders ``fds`` (in ``plan``'s order)."""
        hierarchies = plan["hierarchies"]
        if len(fds) != len(hierarchies):
            raise ValueError(f"expected {len(hierarchies)} cgroup folders, got {len(fds)} descriptors")
        plan = dict(plan, hierarchies=[dict(h, fd=fd) for h, fd in zip(hierarchies, fds)])
        self.cgroups = SubmissionCgroups(plan)

    def _start_host(self, group: int) -> socket.socket:
        from . import host

        cgroups = self.cgroups
        if cgroups is not None:
            cgroups.make(group)  # raises (the job fails, and is tried again) when it cannot
            self.oom_kills[group] = 0
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

        def submission() -> int:
            if cgroups is not None:
                cgroups.enter(group)  # before anything of the submission: all it starts is in the cgroup
            if self.sandboxed:
                sandbox.isolate_submission([theirs.fileno()])
            return host.serve(theirs, contained=self.sandboxed)

        others = [h.fileno() for h in self.hosts.values()]  # no host may reach another submission's
        pid = host.fork_running(submission, [self.sock.fileno(), *self.wake, 0, mine.fileno(), *others])
        theirs.close()
        self.hosts[group], self.relays[pid], self.jobs[group] = mine, group, set()
        return mine

    def _end_host(self, group: int, status: int) -> None:
        """Forget a host; every job it had not reported ends with ``status``."""
        sock = self.hosts.pop(group, None)
        if sock is not None:
            sock.close()
            if self.exclusive and group in self.relays.values():
                self.draining.add(group)  # its host may still be removing what the last exercise left
        for _, _, fds in self.held.pop(group, ()):
            close_fds(fds)
        self.running.pop(group, None)
        self.settling.pop(group, None)
        for job in sorted(self.jobs.pop(group, ())):
            send_control(self.sock, {"event": "exit", "job": job, "status": status})

    # One exercise of a submission at a time, each with the submission's memory back: a job waits here until its
    # host has reported the previous one's end and, with cgroups, until the cgroup holds at most SETTLED_BYTES (what
    # an exercise held in its System V IPC namespace is freed a little after its last process ended; without this
    # wait the next exercise would start short of memory and could be stopped for what the previous one did).

    def _dispatch(self, group: int) -> None:
        """Give ``group``'s host its next job, if it has one waiting, runs none and its memory is back (and, when
        exclusive, no other host runs or ends one: in a container every exercise runs as one user, whom a host
        sweeps when an exercise ends)."""
        waiting = self.held.get(group)
        if not waiting or group in self.running or group in self.settling or group not in self.hosts:
            return
        if self.exclusive and (self.running or self.draining):
            return
        job, request, fds = waiting.popleft()
        try:
            socket.send_fds(self.hosts[group], [request], fds)
            self.running[group] = job
        except OSError:  # the host is gone: its relay's end reports the job
            pass
        finally:
            close_fds(fds)

    def _memory_settled(self, group: int) -> bool:
        if self.cgroups is None:
            return True
        try:
            used = self.cgroups.memory_in_use(group)
        except OSError:
            return True
        return used is None or used <= SETTLED_BYTES

    def _ended(self, group: int) -> None:
        """``group``'s running job has ended: its next one starts once the cgroup's memory is back."""
        self.running.pop(group, None)
        if not self._memory_settled(group):
            self.settling[group] = time.monotonic() + SETTLE_SECONDS
        self._dispatch_all(first=group)

    def _dispatch_all(self, first: int | None = None) -> None:
        """``_dispatch`` every group with a job waiting, ``first`` first (its host is warm)."""
        for group in sorted(self.held, key=lambda g: g != first):
            self._dispatch(group)

    def settle(self) -> None:
        """Start the next job of each submission whose memory is back (or that has waited ``SETTLE_SECONDS``)."""
        now = time.monotonic()
        for group, until in list(self.settling.items()):
            if now >= until or self._memory_settled(group):
                del self.settling[group]
                self._dispatch(group)

    def reap(self) -> None:
        """Collect every relay that has ended: its host is gone, and with it what the submission had running (its
        cgroup is removed, now or, while the kernel still tears its processes down, on a later call)."""
        from .host import ended_children

        for pid, status in ended_children() if self.relays else ():
            group = self.relays.pop(pid, None)
            if group is not None:
                self._end_host(group, status if os.WIFSIGNALED(status) else EXIT_GRADER_FAILED)
                self.oom_kills.pop(group, None)
                self.leftover_cgroups.add(group)
                if group in self.draining:
                    self.draining.discard(group)
                    self._dispatch_all()
        if self.cgroups is not None and self.leftover_cgroups:
            self.leftover_cgroups = {g for g in self.leftover_cgroups if not self.cgroups.remove(g)}

    def _out_of_memory(self, group: int) -> bool:
        """Whether the kernel killed a process of ``group`` for its memory since this was last asked."""
        if self.cgroups is None or group not in self.oom_kills:
            return False
        try:
            kills = self.cgroups.oom_kills(group)
        except OSError:
            return False
        killed, self.oom_kills[group] = kills > self.oom_kills[group], kills
        return killed

    def handle_request(self) -> bool:
        """Serve one datagram of the grader; False when the grader is gone."""
        received = receive_control(self.sock, MAX_CONTROL)
        if received is None:
            return False
        data, fds = received
        request = None
        try:
            request = json.loads(data)
            if "cgroups" in request:
                self._use_cgroups(request["cgroups"], fds)
                fds = []  # kept: they are the run's cgroup folders
            elif "close" in request:
                self._end_host(int(request["close"]), int(signal.SIGKILL))
            elif "kill" in request:
                self._kill(request["kill"])
            else:
                if len(fds) != 3:
                    raise ValueError(f"expected 3 file descriptors, got {len(fds)}")
                group, job = int(request["group"]), int(request["job"])
                if group not in self.hosts:
                    self._start_host(group)
                config: ChildConfig = {**request["config"], "base_memory": self.base_memory}
                self.exclusive = self.exclusive or bool(config.get("sweep"))
                host_job: HostJob = {"job": job, "config": config}
                self.held.setdefault(group, deque()).append((job, json.dumps(host_job).encode(), fds))
                fds = []  # held until the job is given to the host
                self.jobs[group].add(job)
                self._dispatch(group)
        except Exception as error:  # noqa: BLE001 - report and keep serving
            send_control(self.sock, {"event": "error", "job": request.get("job") if isinstance(request, dict) else None,
                              "message": f"{type(error).__name__}: {error}"})
        finally:
            close_fds(fds)
        return True

    def _kill(self, job: int) -> None:
        """End ``job``: its host kills it if it runs; if it waits here, it ends here."""
        group = next((g for g, jobs in self.jobs.items() if job in jobs), None)
        if group is None:
            return
        if self.running.get(group) == job:
            send_control(self.hosts[group], {"kill": job})
            return
        for held in [h for h in self.held.get(group, ()) if h[0] == job]:
            self.held[group].remove(held)
            close_fds(held[2])
            self.jobs[group].discard(job)
            send_control(self.sock, {"event": "exit", "job": job, "status": int(signal.SIGKILL)})

    def handle_host(self, group: int) -> None:
        """Pass a host's events on to the grader (only those about jobs it was given)."""
        received = receive_control(self.hosts[group], MAX_CONTROL, max_fds=0)
        if received is None:  # the host is gone; its relay's exit is reaped later
            self._end_host(group, EXIT_GRADER_FAILED)
            return
        message = parse_event(received[0])
        if message is None or message["event"] not in ("started", "exit") or message["job"] not in self.jobs[group]:
            return
        if message["event"] == "exit":
            job = message["job"]
            self.jobs[group].discard(job)
            exit_event: ExitEvent = {"event": "exit", "job": job, "status": message["status"],
                                     "oom": self._out_of_memory(group)}
            if self.running.get(group) == job:
                self._ended(group)
            send_control(self.sock, exit_event)
        else:
            send_control(self.sock, message)

    def kill_all(self) -> None:
        for pid in self.relays:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def serve(control_fd: int, sandboxed: bool) -> None:
    """The server's loop (see the module docstring)."""
    from . import child

    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]  # nothing importable from the work folder
    for name in PRELOAD:
        __import__(name)
    warm_up()
    child.prepare_observation()  # after the warm-up: it leaves the guarded modules as every child finds them
    sandbox.prepare_forks()
    filtered = seccomp.prepare()  # what each exercise's process installs on itself (child.prepare)
    sock = socket.socket(fileno=control_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    server = _Server(sock, (wake_r, wake_w), sandboxed, virtual_memory())
    send_control(sock, {"event": "ready", "pid": os.getpid(), "sandboxed": sandboxed, "seccomp": filtered})
    try:
        while True:
            hosts = {s.fileno(): g for g, s in server.hosts.items()}
            wait = SETTLE_POLL_SECONDS if server.settling else 1.0
            readable, _, _ = select.select([sock, wake_r, sys.stdin, *hosts], [], [], wait)
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
                return  # the grader is gone
            if wake_r in readable:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 4096)
            for fd in readable:
                if fd in hosts and hosts[fd] in server.hosts:
                    server.handle_host(hosts[fd])
            server.reap()
            server.settle()
            if sock in readable and not server.handle_request():
                return
    finally:
        server.kill_all()
