"""Control messages between the grader, the fork server and the submissions' hosts (processes of ours only).

One JSON object per datagram (grader and server) or packet (server and host), with file descriptors attached where
a job starts (the exercise's pipes and output file). Nothing here imports NumPy or the execution half of the public
tests: the grader starts its fork server with it before it imports those. What the messages hold:
``gc_grader.protocol``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterable

from .protocol import Event, HostJob, Request

MAX_CONTROL = 65536
"""The largest control message (a job's configuration is far smaller): the size every reader of one asks for."""


def send_control(sock: socket.socket, message: Request | Event | HostJob) -> None:
    """Send one control message; a peer that is gone is not an error (its end is noticed where it is read)."""
    with contextlib.suppress(OSError):
        sock.send(json.dumps(message).encode())


def close_fds(fds: Iterable[int]) -> None:
    """Close every descriptor of ``fds`` that is still open."""
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def receive_control(sock: socket.socket, size: int, max_fds: int = 3) -> tuple[bytes, list[int]] | None:
    """One control message and the descriptors attached to it; None when the peer is gone (nothing kept open)."""
    try:
        data, fds, _, _ = socket.recv_fds(sock, size, max_fds)
    except OSError:
        return None
    if not data:
        close_fds(fds)
        return None
    return data, fds
