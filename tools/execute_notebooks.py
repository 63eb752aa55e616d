"""Execute the notebooks whose outputs are stored, in place, reproducibly.

    python tools/execute_notebooks.py [NOTEBOOK ...]   # default: the solution edition of the assignment

Outputs are stored with the widget state (so static viewers can show the controls). What would change
from run to run without any change of content is normalised: no timing metadata, widget model ids
numbered in an order that depends on content only, consecutive prints joined, and only the language
name in the notebook's metadata.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"]
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
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


def widget_order(notebook: nbformat.NotebookNode) -> list[str]:
    """The widget model ids in an order that depends on content only, not on the random ids.

    First the views shown in outputs, in cell order, then the models they refer to (breadth first, in
    the order of their state's sorted keys), then any others by their content.
    """
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    queue = [output["data"][VIEW]["model_id"] for cell in notebook.cells for output in cell.get("outputs", [])
             if VIEW in output.get("data", {})]
    order: list[str] = []
    while queue:
        model = queue.pop(0)
        if model in order or model not in state:
            continue
        order.append(model)
        queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model], sort_keys=True))
    rest = sorted(set(state) - set(order), key=lambda m: MODEL_ID.sub("", json.dumps(state[m], sort_keys=True)))
    return order + rest


def normalise(notebook: nbformat.NotebookNode) -> str:
    """The notebook as text, with widget model ids (random UUIDs) numbered by ``widget_order``."""
    numbering = {model: f"{number:032x}" for number, model in enumerate(widget_order(notebook), 1)}
    text = MODEL_ID.sub(lambda match: numbering.get(match.group(0), match.group(0)), nbformat.writes(notebook))
    return nbformat.writes(nbformat.reads(text, as_version=4))  # written again so keys sort by the new ids


def main(argv: list[str]) -> int:
    for path in [Path(p).resolve() for p in argv] or DEFAULT:
        notebook = execute(path)
        notebook.metadata["language_info"] = {"name": "python"}
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
        path.write_text(normalise(notebook) + "\n", encoding="utf-8")
        print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
