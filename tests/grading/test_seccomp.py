"""The seccomp filter of an exercise's process (``gc_grader.seccomp``): what it denies, what still works.

Every test that installs the filter does so in a forked child, which reports back through a pipe or its wait
status. A probe is also run without the filter ("control"), to show that it would not fail with EPERM anyway.
The numbers, opcodes and constants here are written out again, from the kernel's headers, on purpose: the tests
check the module's tables, they do not reuse them.
"""

from __future__ import annotations

import ctypes
import errno
import json
import mmap
import os
import re
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import numpy as np
import pytest

from gc_grader import seccomp

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(os, "fork"),
                                reason="seccomp filters are Linux's")

MACHINE = os.uname().machine if hasattr(os, "uname") else ""
NATIVE = MACHINE in ("x86_64", "aarch64") and struct.calcsize("P") == 8
needs_native = pytest.mark.skipif(not NATIVE, reason=f"no filter for this machine ({MACHINE})")
x86_64_only = pytest.mark.skipif(MACHINE != "x86_64" or not NATIVE, reason="x86_64's other ABIs")

LIBC = ctypes.CDLL(None, use_errno=True)  # the test's own handle: argument types set here touch nobody else's
# From <asm/unistd_64.h> and <asm-generic/unistd.h>: the calls the C library has no wrapper for.
SYSCALLS = {
    "x86_64": {"getpid": 39, "clone": 56, "keyctl": 250, "perf_event_open": 298, "bpf": 321,
               "io_uring_setup": 425, "clone3": 435},
    "aarch64": {"getpid": 172, "clone": 220, "keyctl": 219, "perf_event_open": 241, "bpf": 280,
                "io_uring_setup": 425, "clone3": 435},
}
CLONE_THREAD, CLONE_NEWUSER = 0x10000, 0x10000000
NAMESPACES = {"CLONE_NEWTIME": 0x80, "CLONE_NEWNS": 0x20000, "CLONE_NEWCGROUP": 0x2000000,
              "CLONE_NEWUTS": 0x4000000, "CLONE_NEWIPC": 0x8000000, "CLONE_NEWUSER": 0x10000000,
              "CLONE_NEWPID": 0x20000000, "CLONE_NEWNET": 0x40000000}
TIOCSTI, TIOCLINUX, FIONREAD = 0x5412, 0x541C, 0x541B
ADDR_NO_RANDOMIZE = 0x0040000
# <linux/seccomp.h>, <linux/audit.h>
RET_KILL_PROCESS, RET_ERRNO, RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7, "i386": 0x40000003}


# ------------------------------------------------------------------------------------- running in a child

def in_child(work, install: bool = True) -> tuple[object, int]:
    """Fork; the child installs the filter (unless told not to), runs ``work()`` and sends back its JSON-able
    result. Returns (the result, or None when the child sent nothing; the child's wait status)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.close(read)
            if install:
                assert not seccomp.install().startswith(seccomp.NOT_INSTALLED)
            data = json.dumps(work()).encode()
            while data:
                data = data[os.write(write, data):]
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    return (json.loads(data) if data else None), status


def errno_of(result: int) -> int:
    """0 when a C call succeeded (``result`` is not -1), else its errno."""
    return ctypes.get_errno() if result == -1 else 0


def syscall(name: str, *args: int) -> int:
    """The errno of system call ``name`` (by this machine's number) with ``args``; 0 when it succeeded."""
    ctypes.set_errno(0)
    return errno_of(LIBC.syscall(ctypes.c_long(SYSCALLS[MACHINE][name]), *(ctypes.c_long(a) for a in args)))


def ioctl_on_pipe(request: int) -> int:
    """The errno of ``ioctl(pipe, request, &int)`` (0 when it succeeded)."""
    read, write = os.pipe()
    value = ctypes.c_int(0)
    ctypes.set_errno(0)
    try:
        return errno_of(LIBC.ioctl(read, ctypes.c_ulong(request), ctypes.byref(value)))
    finally:
        os.close(read)
        os.close(write)


def seccomp_status() -> dict[str, int]:
    """``Seccomp`` (2: filtered) and ``Seccomp_filters`` of /proc/self/status."""
    with open("/proc/self/status") as status:
        return {key: int(value) for key, value in (line.split(":") for line in status)
                if key in ("Seccomp", "Seccomp_filters")}


def install_program(program: bytes) -> int:
    """Install ``program`` as one more filter, through prctl directly; its errno (0 when installed)."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("@HP", len(program) // 8, ctypes.addressof(buffer))  # struct sock_fprog
    LIBC.prctl(38, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    ctypes.set_errno(0)
    return errno_of(LIBC.prctl(22, ctypes.c_ulong(2), ctypes.c_char_p(fprog), ctypes.c_ulong(0), ctypes.c_ulong(0)))


ALLOW_EVERYTHING = struct.pack("=HBBI", 0x06, 0, 0, RET_ALLOW)


# ------------------------------------------------------------------------------------- denied

PROBES = {
    "unshare(CLONE_NEWUSER)": lambda: errno_of(LIBC.unshare(CLONE_NEWUSER)),
    "mount": lambda: errno_of(LIBC.mount(b"none", b"/nonexistent/seccomp-probe", b"tmpfs", ctypes.c_ulong(0), None)),
    "ptrace(PTRACE_TRACEME)": lambda: errno_of(LIBC.ptrace(ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0),
                                                           ctypes.c_long(0))),
    "keyctl(KEYCTL_GET_KEYRING_ID)": lambda: syscall("keyctl", 0, -1, 0),
    "bpf(invalid command)": lambda: syscall("bpf", 0x7FFFFFFF, 0, 0),
    "perf_event_open(NULL)": lambda: syscall("perf_event_open", 0, 0, -1, -1, 0),
    "io_uring_setup(0, NULL)": lambda: syscall("io_uring_setup", 0, 0),
    "ioctl(TIOCSTI)": lambda: ioctl_on_pipe(TIOCSTI),
    "ioctl(TIOCSTI | 1 << 32)": lambda: ioctl_on_pipe(TIOCSTI | 1 << 32),  # the kernel reads 32 bits
    "ioctl(TIOCLINUX)": lambda: ioctl_on_pipe(TIOCLINUX),
    "personality(ADDR_NO_RANDOMIZE)": lambda: errno_of(LIBC.personality(ctypes.c_ulong(ADDR_NO_RANDOMIZE))),
    "socket(AF_INET, SOCK_STREAM)": lambda: errno_of(LIBC.socket(2, 1, 0)),
    "socket(AF_INET6, SOCK_DGRAM)": lambda: errno_of(LIBC.socket(10, 2, 0)),
    "socket(AF_NETLINK, SOCK_RAW)": lambda: errno_of(LIBC.socket(16, 3, 0)),
    # CLONE_THREAD without CLONE_SIGHAND is invalid: without the filter the kernel answers EINVAL, starting nothing
    **{f"clone({name})": (lambda flag=flag: syscall("clone", flag | CLONE_THREAD, 0, 0, 0, 0))
       for name, flag in NAMESPACES.items()},
}


@needs_native
@pytest.mark.parametrize("probe", PROBES)
def test_a_denied_call_fails_with_eperm_and_would_not_without_the_filter(probe):
    control, status = in_child(PROBES[probe], install=False)
    assert os.waitstatus_to_exitcode(status) == 0
    if control == errno.EPERM:
        pytest.skip(f"{probe} fails with EPERM here without the filter too: the probe tells nothing")
    denied, status = in_child(PROBES[probe])
    assert os.waitstatus_to_exitcode(status) == 0
    assert denied == errno.EPERM, f"{probe}: {errno.errorcode.get(denied, denied)} (without the filter: {control})"


@needs_native
def test_clone3_answers_enosys_so_that_the_c_library_falls_back_to_clone():
    control, _ = in_child(lambda: syscall("clone3", 0, 0), install=False)
    assert control == errno.EINVAL  # a NULL clone_args of size 0
    assert in_child(lambda: syscall("clone3", 0, 0))[0] == errno.ENOSYS


@needs_native
def test_calls_checked_by_argument_are_allowed_with_other_arguments():
    def work():
        return {"FIONREAD": ioctl_on_pipe(FIONREAD), "TCGETS": ioctl_on_pipe(0x5401),
                "ask persona": LIBC.personality(ctypes.c_ulong(0xFFFFFFFF)),
                "set PER_LINUX": LIBC.personality(ctypes.c_ulong(0))}

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found["FIONREAD"] == 0 and found["TCGETS"] == errno.ENOTTY  # a pipe is no terminal
    assert found["ask persona"] >= 0 and found["set PER_LINUX"] >= 0


# ------------------------------------------------------------------------------------- still working

@needs_native
def test_numpy_computes_after_install():
    a = np.arange(12.0).reshape(3, 4)

    def work():
        b = np.linalg.solve(a[:, :3] + 10 * np.eye(3), np.ones(3))
        return [float(np.linalg.norm(a)), (a @ a.T).tolist(), b.tolist(), float(np.sum(np.exp(-a)))]

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found == [float(np.linalg.norm(a)), (a @ a.T).tolist(),
                     np.linalg.solve(a[:, :3] + 10 * np.eye(3), np.ones(3)).tolist(), float(np.sum(np.exp(-a)))]


@needs_native
def test_fork_threads_and_programs_still_start():
    def work():
        pid = os.fork()  # the C library's fork: clone without a namespace flag
        if pid == 0:
            os._exit(7)
        forked = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        seen = []
        thread = threading.Thread(target=lambda: seen.append(threading.get_ident()))  # clone3, ENOSYS, clone
        thread.start()
        thread.join()
        true = subprocess.run(["/bin/true"], check=False).returncode
        echo = subprocess.run(["/bin/echo", "hi"], capture_output=True, text=True, check=False).stdout
        return [forked, len(seen), seen[0] != threading.get_ident(), true, echo]

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found == [7, 1, True, 0, "hi\n"]


@needs_native
def test_files_and_imports_still_work(tmp_path):
    installed = Path(np.__file__)
    fresh = next(name for name in ("colorsys", "sndhdr", "tabnanny", "pydoc_data.topics") if name not in sys.modules)

    def work():
        (tmp_path / "out.txt").write_text("written")
        __import__(fresh)
        print("printed", file=sys.stderr)
        return [len(installed.read_bytes()), (tmp_path / "out.txt").read_text(), fresh in sys.modules,
                len(os.listdir(installed.parent)) > 0]

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found == [len(installed.read_bytes()), "written", True, True]


# ------------------------------------------------------------------------------------- for good

@needs_native
def test_the_filter_is_inherited_by_processes_and_programs_started_afterwards():
    def work():
        pid = os.fork()
        if pid == 0:
            os._exit(errno_of(LIBC.unshare(CLONE_NEWUSER)))
        in_forked = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        status = subprocess.run(["cat", "/proc/self/status"], capture_output=True, text=True, check=False).stdout
        return [in_forked, re.findall(r"^Seccomp:\s*(\d+)", status, re.MULTILINE)]

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found == [errno.EPERM, ["2"]]


@needs_native
def test_a_later_permissive_filter_reallows_nothing():
    def work():
        before = seccomp_status()
        installed = install_program(ALLOW_EVERYTHING)
        again = seccomp.install()
        return [before, installed, again, seccomp_status(), errno_of(LIBC.unshare(CLONE_NEWUSER)),
                syscall("bpf", 0x7FFFFFFF, 0, 0)]

    found, status = in_child(work)
    assert os.waitstatus_to_exitcode(status) == 0
    before, installed, again, after, unshared, bpf = found
    assert before == {"Seccomp": 2, "Seccomp_filters": 1}
    assert installed == 0 and not again.startswith(seccomp.NOT_INSTALLED)
    assert after == {"Seccomp": 2, "Seccomp_filters": 3}
    assert unshared == errno.EPERM and bpf == errno.EPERM


@needs_native
def test_the_permissive_filter_of_the_test_does_allow_without_ours():
    """The control of the test above: alone, ``ALLOW_EVERYTHING`` lets unshare through."""
    found, _ = in_child(lambda: [install_program(ALLOW_EVERYTHING), errno_of(LIBC.unshare(CLONE_NEWUSER))],
                        install=False)
    assert found == [0, 0]


# ------------------------------------------------------------------------------------- other ABIs

@x86_64_only
def test_an_x32_call_kills_the_process_but_minus_one_is_let_through():
    control, _ = in_child(_x32_getpid, install=False)
    assert control in (errno.ENOSYS, 0)  # a kernel without x32 / with it
    _, status = in_child(_x32_getpid)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS
    found, _ = in_child(lambda: errno_of(LIBC.syscall(ctypes.c_long(-1))))
    assert found == errno.ENOSYS


def _x32_getpid() -> int:
    ctypes.set_errno(0)
    return errno_of(LIBC.syscall(ctypes.c_long(0x40000000 | SYSCALLS["x86_64"]["getpid"])))


def _int80_getpid() -> int:
    """getpid through the 32-bit ABI (``int 0x80``): machine code in an executable page."""
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(b"\xb8\x14\x00\x00\x00\xcd\x80\xc3")  # mov eax, 20 (i386 getpid); int 0x80; ret
    code = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
    return code()


@x86_64_only
def test_a_32_bit_call_kills_the_process():
    control, status = in_child(lambda: _int80_getpid() > 0, install=False)
    if control is None:
        pytest.skip(f"this kernel runs no 32-bit calls (without the filter: wait status {status})")
    assert control is True
    _, status = in_child(_int80_getpid)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS


# ------------------------------------------------------------------------------------- the program itself

def decode(program: bytes) -> list[tuple[int, int, int, int]]:
    assert len(program) % 8 == 0
    return list(struct.iter_unpack("=HBBI", program))


def run_filter(program: bytes, nr: int, arch: int, args: tuple[int, ...] = (0,) * 6) -> int:
    """What ``program`` answers for ``seccomp_data`` (nr, arch, args): an independent classic BPF interpreter."""
    data = struct.pack("=IIQ6Q", nr & 0xFFFFFFFF, arch, 0, *args, *(0,) * (6 - len(args)))
    instructions, pc, a = decode(program), 0, 0
    while True:
        code, jt, jf, k = instructions[pc]
        pc += 1
        if code == 0x20:  # ld [k]
            a = struct.unpack_from("=I", data, k)[0]
        elif code in (0x15, 0x25, 0x35, 0x45):  # jeq, jgt, jge, jset
            taken = {0x15: a == k, 0x25: a > k, 0x35: a >= k, 0x45: bool(a & k)}[code]
            pc += jt if taken else jf
        elif code == 0x05:  # ja
            pc += k
        elif code == 0x54:  # and
            a &= k
        elif code == 0x06:  # ret
            return k
        else:
            raise AssertionError(f"opcode {code:#x} at {pc - 1}")


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_the_program_is_well_formed(arch):
    program = seccomp.build_filter(arch)
    instructions = decode(program)
    assert 0 < len(instructions) <= 4096
    for index, (code, jt, jf, k) in enumerate(instructions):
        following = index + 1
        assert code in (0x20, 0x15, 0x25, 0x35, 0x45, 0x05, 0x54, 0x06), f"opcode {code:#x} at {index}"
        if code in (0x15, 0x25, 0x35, 0x45):
            assert following + jt < len(instructions) and following + jf < len(instructions), index
        elif code == 0x05:
            assert following + k < len(instructions), index
        else:
            assert jt == jf == 0, index
        if code == 0x20:
            assert k % 4 == 0 and k < 64, index  # a word of struct seccomp_data
        if code == 0x06:
            assert k in (RET_ALLOW, RET_ERRNO | errno.EPERM, RET_ERRNO | errno.ENOSYS, RET_KILL_PROCESS), index
    assert instructions[-1][0] == 0x06  # ends with a return
    assert instructions[0] == (0x20, 0, 0, 4)  # looks at the architecture first


ALLOWED_HERE = {  # read, write, openat, mmap, futex, exit_group, getpid, clone (fork's flags), ioctl, personality,
    # socket(AF_UNIX)
    "x86_64": [(0, ()), (1, ()), (257, ()), (9, ()), (202, ()), (231, ()), (39, ()), (56, (0x01200011,)),
               (16, (0, FIONREAD)), (135, (0xFFFFFFFF,)), (135, (0,)), (41, (1,))],
    "aarch64": [(63, ()), (64, ()), (56, ()), (222, ()), (98, ()), (94, ()), (172, ()), (220, (0x01200011,)),
                (29, (0, FIONREAD)), (92, (0xFFFFFFFF,)), (92, (0,)), (198, (1,))],
}
DENIED_HERE = {  # ptrace, unshare, mount, keyctl, bpf, perf_event_open, io_uring_setup, clone, ioctl, personality,
    # socket (AF_INET, AF_INET6)
    "x86_64": [(101, ()), (272, ()), (165, ()), (250, ()), (321, ()), (298, ()), (425, ()),
               (56, (CLONE_NEWUSER | 0x11,)), (16, (0, TIOCSTI)), (16, (0, TIOCSTI | 1 << 32)), (135, (8,)),
               (135, (ADDR_NO_RANDOMIZE,)), (41, (2,)), (41, (10,)), (41, (2 | 1 << 32,))],
    "aarch64": [(117, ()), (97, ()), (40, ()), (219, ()), (280, ()), (241, ()), (425, ()),
                (220, (CLONE_NEWUSER | 0x11,)), (29, (0, TIOCSTI)), (29, (0, TIOCSTI | 1 << 32)), (92, (8,)),
                (92, (ADDR_NO_RANDOMIZE,)), (198, (2,)), (198, (10,))],
}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_the_program_answers_what_the_module_says(arch):
    program, native = seccomp.build_filter(arch), AUDIT_ARCH[arch]
    for nr, args in ALLOWED_HERE[arch]:
        assert run_filter(program, nr, native, args) == RET_ALLOW, (nr, args)
    for nr, args in DENIED_HERE[arch]:
        assert run_filter(program, nr, native, args) == RET_ERRNO | errno.EPERM, (nr, args)
    for flag in NAMESPACES.values():
        assert run_filter(program, SYSCALLS[arch]["clone"], native, (flag | 0x11,)) == RET_ERRNO | errno.EPERM
    assert run_filter(program, 435, native) == RET_ERRNO | errno.ENOSYS
    for foreign in set(AUDIT_ARCH.values()) - {native}:
        assert run_filter(program, 20, foreign) == RET_KILL_PROCESS
    denied = {seccomp.NUMBERS[arch][name] for name in seccomp.DENIED if name in seccomp.NUMBERS[arch]}
    checked = {seccomp.NUMBERS[arch][name] for name in ("clone", "ioctl", "personality", "socket", "clone3")}
    for nr in range(1024):  # every other number, with arguments that would trip an argument check
        if nr not in checked:
            expected = RET_ERRNO | errno.EPERM if nr in denied else RET_ALLOW
            assert run_filter(program, nr, native, (0xFFFFFFFF, TIOCSTI)) == expected, nr
    if arch == "x86_64":
        assert run_filter(program, 0x40000000 | 39, native) == RET_KILL_PROCESS
        assert run_filter(program, -1, native) == RET_ALLOW  # the kernel answers ENOSYS
    else:
        assert run_filter(program, -1, native) == RET_ALLOW


HEADERS = {"x86_64": ["/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"],
           "aarch64": ["/usr/include/asm-generic/unistd.h"]}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_the_tables_agree_with_this_machines_kernel_headers(arch):
    header = next((Path(path) for path in HEADERS[arch] if Path(path).is_file()), None)
    if header is None:
        pytest.skip(f"no kernel headers for {arch} here")
    defined = {name: int(number) for name, number in
               re.findall(r"^#define __NR(?:3264)?_(\w+)\s+(\d+)\s*$", header.read_text(), re.MULTILINE)}
    table = seccomp.NUMBERS[arch]
    for name, number in table.items():
        if name in defined:
            assert defined[name] == number, name
        else:  # newer than these headers: the numbers every architecture shares
            assert number >= 424, name
    for name in (*seccomp.DENIED, *seccomp.BY_ARGUMENT, *seccomp.UNIMPLEMENTED):
        assert (name in table) == (name in defined or table.get(name, 0) >= 424), f"{name} on {arch}"
    for name in ("iopl", "ioperm", "modify_ldt", "uselib"):
        assert (name in table) == (arch == "x86_64")


# ------------------------------------------------------------------------------------- other machines, cost

def test_an_unsupported_architecture_is_named_with_the_supported_ones():
    with pytest.raises(ValueError, match=r"'riscv64'.*x86_64, aarch64"):
        seccomp.build_filter("riscv64")


def test_where_no_filter_fits_install_installs_nothing_and_says_why():
    def work():
        seccomp._this_architecture.cache_clear()
        os.uname = lambda: types.SimpleNamespace(machine="riscv64")  # in the child only
        return [seccomp.install(), seccomp.prepare(), seccomp_status()["Seccomp"]]

    found, status = in_child(work, install=False)
    assert os.waitstatus_to_exitcode(status) == 0
    said, prepared, mode = found
    assert said == prepared and said.startswith(seccomp.NOT_INSTALLED) and "riscv64" in said
    assert mode == 0
    assert seccomp._architecture_of("linux", "x86_64", 32)[0] is None  # a 32-bit Python on a 64-bit kernel
    assert seccomp._architecture_of("darwin", "x86_64", 64)[0] is None
    assert seccomp._architecture_of("linux", "aarch64", 64) == ("aarch64", "")


@needs_native
def test_installing_is_cheap_and_builds_nothing_after_prepare():
    assert seccomp.prepare() == seccomp._describe(MACHINE)

    def work():
        seccomp.build_filter = seccomp._program = None  # in the child only: nothing may be built here
        start = time.perf_counter_ns()
        said = seccomp.install()
        return [time.perf_counter_ns() - start, said]

    costs = []
    for _ in range(15):
        (cost, said), status = in_child(work, install=False)
        assert os.waitstatus_to_exitcode(status) == 0 and said == seccomp._describe(MACHINE)
        costs.append(cost)
    assert statistics.median(costs) < 1_000_000, f"install took {statistics.median(costs) / 1000:.0f} µs"
