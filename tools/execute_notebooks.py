"""Execute the notebooks whose outputs are stored, in place, reproducibly.

    python tools/execute_notebooks.py [NOTEBOOK ...]   # default: the solution edition of the assignment

Outputs are stored with the widget state (so static viewers can show the controls). What would change
from run to run without any change of content is normalised: no timing metadata, widget model ids
numbered in order of appearance, and only the language name in the notebook's metadata.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"]
MODEL_ID = re.compile(r"\b[0-9a-f]{32}\b")


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def normalise(text: str) -> str:
    """Number the widget model ids (random UUIDs) in order of appearance, so reruns give the same file."""
    numbering: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        return numbering.setdefault(match.group(0), f"{len(numbering) + 1:032x}")

    return MODEL_ID.sub(renumber, text)


def main(argv: list[str]) -> int:
    for path in [Path(p).resolve() for p in argv] or DEFAULT:
        notebook = execute(path)
        notebook.metadata["language_info"] = {"name": "python"}
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        path.write_text(normalise(nbformat.writes(notebook)) + "\n", encoding="utf-8")
        print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
