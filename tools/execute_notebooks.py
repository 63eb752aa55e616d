"""Execute the notebooks whose outputs are stored, in place, reproducibly.

    python tools/execute_notebooks.py [NOTEBOOK ...]   # default: the solution edition of the assignment

Outputs are stored without the widget state: each explorer's output keeps the PNG of its initial state, which
every viewer shows, and nothing of the widget models goes into the student edition or nbgrader's release. What
would change from run to run without any change of content is normalised: no timing metadata, consecutive
prints joined, and only the language name in the notebook's metadata.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"]
VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                            store_widget_state=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream: how a print is split depends on timing."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def without_widget_views(outputs: list) -> list:
    """The outputs without widget views: the notebook stores no widget state for them to show.

    An explorer's output also holds a PNG of its initial state, which every viewer shows; the widget state
    (170 KB of models) would only follow the notebook into the student edition and nbgrader's release.
    """
    for output in outputs:
        output.get("data", {}).pop(VIEW, None)
    return outputs


def main(argv: list[str]) -> int:
    for path in [Path(p).resolve() for p in argv] or DEFAULT:
        notebook = execute(path)
        notebook.metadata["language_info"] = {"name": "python"}
        notebook.metadata.pop("widgets", None)  # left from an earlier run that stored the state
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                cell.outputs = without_widget_views(merge_streams(cell.outputs))
        path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
