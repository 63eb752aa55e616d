"""Which files are submissions, under which names, and which of them are the same file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import untrusted


def find_submissions(paths: Sequence[str | Path]) -> list[tuple[str, Path]]:
    """(name, path) of every notebook: PATHs that are files, and the .ipynb files under PATHs that are folders
    (hidden folders such as .ipynb_checkpoints skipped). FileNotFoundError names the PATHs that do not exist.

    Symbolic links: a PATH given on the command line is followed (the instructor chose it); inside a folder,
    nothing is: a linked folder is not entered, and a linked ``.ipynb`` gets its own row with status ``symlink``
    and no points. So no submission can take another's file (or the solution edition) for its own, and every
    file found is graded under its own name, once. A name is made one line and safe to write
    (``untrusted.name``): a file name may hold any byte but ``/``.
    """
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    found: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    names: set[str] = set()
    for given in (Path(os.path.realpath(p)) for p in paths):
        for name, path in _notebooks_in(given, prefix=given.name if len(paths) > 1 else ""):
            if path not in seen:
                seen.add(path)
                found.append((_unique(untrusted.name(name), names), path))
    return found


def _notebooks_in(given: Path, prefix: str) -> list[tuple[str, Path]]:
    """(name, path) of a file given, or of the .ipynb files under a folder given (sorted, hidden ones and linked
    folders skipped), named by their path under it, after ``prefix/`` when several PATHs were given."""
    if not given.is_dir():
        return [(given.name, given)]
    entries = []
    for root, folders, files in os.walk(given):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        entries += [Path(root) / f for f in sorted(files) if f.endswith(".ipynb") and not f.startswith(".")]
    return [((f"{prefix}/" if prefix else "") + e.relative_to(given).as_posix(), e) for e in entries]


def _unique(name: str, names: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``, ... the first not in ``names``; added to them."""
    unique, count = name, 1
    while unique in names:
        count += 1
        unique = f"{name} ({count})"
    names.add(unique)
    return unique


def same_files(submissions: Sequence[tuple[str, Path]]) -> dict[int, int]:
    """For each submission that is a file met before under another path (a hard link, a bind mount: the same
    device and inode), the index of the first: a file is graded once, as its first path."""
    first: dict[tuple[int, int], int] = {}
    copies = {}
    for index, (_, path) in enumerate(submissions):
        try:
            info = os.lstat(path)
        except OSError:
            continue  # reading it will say why
        copies[index] = first.setdefault((info.st_dev, info.st_ino), index)
    return {index: original for index, original in copies.items() if original != index}


def duplicate_names(submissions: Sequence[tuple[str, Path]]) -> dict[str, str]:
    """``same_files`` by name: the name of each submission that is a copy -> the name of the first. Found over every
    submission of the run, also when a shard grades only some of them, so that a shard says what a whole run says."""
    return {submissions[copy][0]: submissions[first][0] for copy, first in same_files(submissions).items()}


def same_file(path: Path, other: Path) -> bool:
    """Whether ``path`` (not followed if a link) is the file ``other`` is: the same device and inode."""
    try:
        a, b = os.lstat(path), os.stat(other)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
