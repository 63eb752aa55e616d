"""One grading run spread over many machines: the run's seed, the deterministic split into shards.

    python -m public_tests grade PATH... --out OUT_K --shard K/N --seed S      (K = 0 ... N-1, on N machines)
    python -m public_tests merge OUT_0 ... OUT_N-1 --out OUT                    (see ``gc_grader.merge``)

Every shard finds the same submissions (the same PATHs, the same names), and keeps those whose name — the path
relative to PATH, as ``grades.csv`` gives it — hashes to its index: ``shard_of`` (SHA-256, not Python's salted
``hash``), so every submission is in exactly one shard, on every machine, and a submission stays in its shard when
other files are added. With the same ``--seed`` every shard draws the same cases, so that the merged outputs are
the ones a single run with that seed would have made.

``--shard auto/N`` takes K from the engine that started the process: ``JOB_COMPLETION_INDEX`` (a Kubernetes
Indexed Job) or ``SLURM_ARRAY_TASK_ID`` (a Slurm job array ``--array=0-(N-1)``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SEED_LIMIT = 2**63
"""Seeds are integers in [0, 2**63), as the grader draws them (``secrets.randbits(63)``)."""
INDEX_VARIABLES = ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID")
"""Where ``--shard auto/N`` finds its index: Kubernetes' Indexed Job, then Slurm's job array."""


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_seed(text: str) -> int:
    """``--seed``'s value: a decimal integer in [0, 2**63). ValueError says what is wrong."""
    if not re.fullmatch(r"\s*\d{1,19}\s*", text) or int(text) >= SEED_LIMIT:
        raise ValueError(f"--seed expects a whole number from 0 to {SEED_LIMIT - 1}; got {text!r}")
    return int(text)


def seed_digest(seed: int) -> str:
    """What a journal records of its run's seed: enough to tell two seeds apart, not the seed (the journal exists
    while submissions run, and the seed gives the run's cases)."""
    return hashlib.sha256(f"gc_grader seed {seed}".encode()).hexdigest()


def parse_shard(text: str, environ: Mapping[str, str] | None = None) -> Shard:
    """``--shard K/N`` (K from 0), or ``auto/N`` with K from ``INDEX_VARIABLES`` in ``environ``. ValueError says what
    is wrong (and, for ``auto``, which variables were looked at)."""
    environ = os.environ if environ is None else environ
    match = re.fullmatch(r"\s*(\d+|auto)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"--shard expects K/N (K from 0 to N-1) or auto/N; got {text!r}")
    count = int(match.group(2))
    if not 1 <= count <= 1_000_000:
        raise ValueError(f"--shard {text}: N must be from 1 to 1000000")
    if match.group(1) != "auto":
        index = int(match.group(1))
        if index >= count:
            raise ValueError(f"--shard {text}: K counts from 0, so it must be below N={count}")
        return Shard(index, count)
    found = {name: environ[name] for name in INDEX_VARIABLES if environ.get(name, "").strip()}
    if not found:
        raise ValueError(f"--shard auto/{count}: neither {' nor '.join(INDEX_VARIABLES)} is set; run it as a task of a "
                         f"Kubernetes Indexed Job or a Slurm job array, or give the index: --shard K/{count}")
    if len(set(found.values())) > 1:
        raise ValueError(f"--shard auto/{count}: {' and '.join(f'{k}={v}' for k, v in found.items())} disagree")
    name, value = next(iter(found.items()))
    if not value.strip().isdigit() or int(value) >= count:
        raise ValueError(f"--shard auto/{count}: {name}={value!r} is not an index from 0 to {count - 1} "
                         f"(a Slurm array must be --array=0-{count - 1}; a Kubernetes Job needs completions: {count})")
    return Shard(int(value), count)


def shard_of(name: str, count: int) -> int:
    """The shard (0 ... count-1) of the submission called ``name``: the same on every machine and Python."""
    digest = hashlib.sha256(name.encode("utf-8", errors="surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count


def positions(names: Sequence[str], shard: Shard) -> list[int]:
    """The places, in the list of every submission, of those in ``shard``."""
    return [place for place, name in enumerate(names) if shard_of(name, shard.count) == shard.index]


def names_digest(names: Sequence[str]) -> str:
    """A digest of every submission's name in order: shards that found different submissions cannot be merged."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8", errors="surrogateescape") + b"\0")
    return digest.hexdigest()


def describe(shard: Shard, names: Sequence[str], places: Sequence[int]) -> dict:
    """What ``grades.json`` records of a shard (``run.shard``), for ``merge``: which shard, and which of all the
    submissions it holds, in order."""
    return {"index": shard.index, "count": shard.count, "of_submissions": len(names),
            "submissions_sha256": names_digest(names), "positions": list(places)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``grade``'s options for a run spread over machines."""
    parser.add_argument("--seed", default=None, metavar="S",
                        help="the run's seed (a whole number below 2**63): the same random cases in every run and "
                             "shard given it; default: a fresh one, recorded in grades.json")
    parser.add_argument("--shard", default=None, metavar="K/N",
                        help="grade only the K-th of N deterministic parts (K from 0; needs --seed); auto/N takes K "
                             "from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID; then `merge` the N output folders")
