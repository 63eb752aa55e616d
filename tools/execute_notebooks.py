"""Execute the notebooks whose outputs are stored (the solution editions), in place, reproducibly.

    python tools/execute_notebooks.py [--measure-again] [NOTEBOOK ...]   # default: every solution edition

Outputs are stored without the widget state: each explorer's output keeps the PNG of its initial state, which
every viewer shows, and nothing of the widget models goes into the student edition or nbgrader's release. What
would change from run to run without any change of content is normalised (``STEPS``): no timing metadata, only
the language name in the notebook's metadata, consecutive prints joined. A notebook whose new outputs differ from
the stored ones only in values the sanitizer masks (timings, round-off digits) is left as it is
(``stored_outputs.store``), so that executing an unchanged notebook again changes no file. ``--measure-again``
stores the new timings and timed figures anyway (run it on a quiet machine: they are what the text describes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from notebook_steps import (  # tools/notebook_steps.py: this script's folder is first on sys.path when it runs
    apply,
    drop_widget_state,
    keep_allowed_metadata,
    merge_streams,
)
from stored_outputs import read_rules, store  # tools/stored_outputs.py, likewise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb")) + sorted(
    (ROOT / "notebooks" / "solutions").glob("*/*.ipynb"))  # the translations (ko/)
STEPS = (keep_allowed_metadata, merge_streams, drop_widget_state)
OUTCOMES = {"written": "outputs written", "unchanged": "unchanged",
            "kept": "kept as stored (only what nbval ignores differs: timings, round-off digits, timed figures)"}


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                            store_widget_state=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def main(argv: list[str]) -> int:
    rules = read_rules()
    keep_masked = "--measure-again" not in argv
    for path in [Path(p).resolve() for p in argv if p != "--measure-again"] or DEFAULT:
        outcome = store(path, apply(STEPS, execute(path)), rules, keep_masked)
        print(f"executed {path.relative_to(ROOT)}: {OUTCOMES[outcome]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
