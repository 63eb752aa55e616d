"""The machine's CPU time from /proc/stat, for the benchmarks that time a whole process tree: the cores' busy
seconds, and the share of their time a hypervisor gave to other machines (steal). Standard library only."""

from __future__ import annotations

import os


def machine_ticks() -> list[int]:
    """This machine's CPU time so far, in ticks: user, nice, system, idle, iowait, irq, softirq, steal (the first
    line of /proc/stat; empty where there is none)."""
    try:
        with open("/proc/stat") as stat:
            return [int(field) for field in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return []


def machine_shares(before: list[int], after: list[int]) -> tuple[float, float] | None:
    """Between two ``machine_ticks``: the cores' busy seconds (user, nice, system, irq, softirq) and the share of
    their time the hypervisor gave to other machines (steal); None where /proc/stat is missing."""
    if len(before) < 8 or len(after) < 8 or sum(after) <= sum(before):
        return None
    delta = [b - a for a, b in zip(before, after)]
    busy = delta[0] + delta[1] + delta[2] + delta[5] + delta[6]
    return busy / os.sysconf("SC_CLK_TCK"), delta[7] / sum(delta)
