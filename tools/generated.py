"""Generated notebooks: say what they are made from, and never overwrite someone's work in one.

A generated notebook records in its metadata where it comes from, the command that makes it, and a hash of its
cells as written. Before a tool writes the file again, it compares the hash with the cells on disk: when they
differ, someone worked in the file (a student doing the exercises in the student edition, say), and the file is
saved under ``work/`` before the new one is written, with a message that says where it went.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "work"
KEY = "generated"


def cells_digest(notebook: nbformat.NotebookNode) -> str:
    """A hash of the cells (sources, outputs, metadata, attachments): what a person working in the file changes."""
    return hashlib.sha256(json.dumps(notebook.cells, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def stamp(notebook: nbformat.NotebookNode, source: str, command: str) -> nbformat.NotebookNode:
    """Record in ``notebook``'s metadata that it is generated from ``source`` by ``command``."""
    notebook.metadata[KEY] = {
        "note": "Generated: do not edit. Change the source and run the command.",
        "from": source, "by": command, "cells_sha256": cells_digest(notebook),
    }
    return notebook


def holds_other_work(path: Path) -> bool:
    """Whether the notebook at ``path`` has cells that its generator did not write (or cannot be read as one)."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable: keep it, whatever it is
        return True
    recorded = notebook.metadata.get(KEY, {}).get("cells_sha256")
    return recorded != cells_digest(notebook)


def save_aside(path: Path, work: Path = WORK) -> Path:
    """Copy ``path`` into ``work`` under its own name, or a dated one if that is taken; return the copy."""
    work.mkdir(exist_ok=True)
    copy = work / path.name
    if copy.exists():
        copy = work / f"{path.stem}.saved-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
    shutil.copy2(path, copy)
    return copy


def write(notebook: nbformat.NotebookNode, path: Path, source: str, command: str, work: Path = WORK) -> None:
    """Stamp ``notebook`` and write it to ``path``, first saving aside any work found in the file there."""
    text = render(notebook, source, command)
    if path.exists() and path.read_text(encoding="utf-8") != text and holds_other_work(path):
        copy = save_aside(path, work)
        print(f"{path.name} had changes that no generator made (your work?): saved it as {copy}")
    path.write_text(text, encoding="utf-8")


def render(notebook: nbformat.NotebookNode, source: str, command: str) -> str:
    """The text ``write`` writes, for comparisons."""
    return nbformat.writes(stamp(notebook, source, command)) + "\n"
