"""Draw the lesson's two flow diagrams (1-D and N-D model) and embed them in the assignment's source notebook.

    python tools/draw_figures.py

Each diagram becomes an attachment of the Markdown cell that shows it (``![alt](attachment:flow_1d.png)``), so it
travels with the notebook: the student edition generated from it, Colab, GitHub's viewer, nbgrader's release and
feedback, and a student's working copy in any folder all show it. Idempotent: the PNGs carry no timestamp or
version metadata, so a rerun gives identical bytes on the same matplotlib version.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import matplotlib
import nbformat

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
FORWARD, BACKWARD, BOX, TEXT = "#0072B2", "#D55E00", "#F0F0F0", "#222222"  # Okabe-Ito blue and vermillion


def _box(ax, x, y, text, width=1.5, height=0.7, colour=BOX):
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
                                facecolor=colour, edgecolor=TEXT, linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=11, color=TEXT)


def _arrow(ax, start, end, colour, label="", offset=0.25):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=colour, linewidth=1.6))
    if label:
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + offset, label, ha="center", va="center",
                fontsize=10, color=colour)


def _canvas(width, height, title):
    fig, ax = plt.subplots(figsize=(width, height), facecolor="white")
    ax.set_axis_off()
    ax.set_title(title, fontsize=12, color=TEXT)
    return fig, ax


def draw_1d():
    """x and θ go into J(θ) = θ·x; back-propagation returns dθ = ∂J/∂θ = x."""
    fig, ax = _canvas(7, 2.6, "1-D model: forward to J, backward to dθ")
    _box(ax, 1, 1.6, "x")
    _box(ax, 1, 0.4, "θ")
    _box(ax, 4, 1.0, "J(θ) = θ · x", width=2.2, colour="#DCEBF5")
    _box(ax, 7, 1.0, "J")
    _arrow(ax, (1.8, 1.6), (2.9, 1.15), FORWARD)
    _arrow(ax, (1.8, 0.4), (2.9, 0.85), FORWARD)
    _arrow(ax, (5.15, 1.05), (6.2, 1.05), FORWARD, "forward")
    _arrow(ax, (7.0, 0.6), (1.8, 0.2), BACKWARD, "backward: dθ = ∂J/∂θ = x", offset=-0.35)
    ax.set_xlim(0, 8)
    ax.set_ylim(-0.4, 2.2)
    return fig


def draw_nd():
    """The 3-layer network: LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID → cost, and the gradients back."""
    fig, ax = _canvas(12, 3.2, "N-D model: a 3-layer network, forward to the cost J, backward to every gradient")
    stages = ["X", "LINEAR\nW1, b1", "RELU", "LINEAR\nW2, b2", "RELU", "LINEAR\nW3, b3", "SIGMOID", "cost J"]
    xs = [0.8 + 1.6 * i for i in range(len(stages))]
    for x, label in zip(xs, stages):
        colour = "#DCEBF5" if label.startswith("LINEAR") else BOX
        _box(ax, x, 1.6, label, width=1.25, height=0.9, colour=colour)
    for a, b in zip(xs, xs[1:]):
        _arrow(ax, (a + 0.65, 1.75), (b - 0.65, 1.75), FORWARD)
    _arrow(ax, (xs[-1], 0.95), (xs[0], 0.95), BACKWARD)
    ax.text((xs[0] + xs[-1]) / 2, 0.5, "backward: dZ3 → dW3, db3 → dA2 → dZ2 → dW2, db2 → dA1 → dZ1 → dW1, db1",
            ha="center", va="center", fontsize=10, color=BACKWARD)
    ax.text((xs[0] + xs[-1]) / 2, 2.45, "forward: Z = W·A + b, A = relu(Z) ... A3 = sigmoid(Z3), J = cross-entropy",
            ha="center", va="center", fontsize=10, color=FORWARD)
    ax.set_xlim(0, xs[-1] + 0.9)
    ax.set_ylim(0, 2.8)
    return fig


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes, without metadata that would change from run to run."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", facecolor="white", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def embed(notebook: nbformat.NotebookNode, name: str, png: bytes) -> int:
    """Attach ``png`` as ``name`` to every Markdown cell that shows ``name``; return how many cells did.

    A link to the file (``](../images/name)`` or any path ending in ``/name``) becomes ``](attachment:name)``.
    """
    link = re.compile(r"\]\((?:attachment:|[^)\s]*/)" + re.escape(name) + r"\)")
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and link.search(cell.source):
            cell.source = link.sub(f"](attachment:{name})", cell.source)
            cell.setdefault("attachments", {})[name] = {"image/png": base64.b64encode(png).decode("ascii")}
            count += 1
    return count


FIGURES = {"flow_1d.png": draw_1d, "flow_nd.png": draw_nd}


def main() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for name, draw in FIGURES.items():
        if not embed(notebook, name, png_bytes(draw())):
            raise SystemExit(f"no Markdown cell of {NOTEBOOK.name} shows {name} (expected a link ending in {name})")
    nbformat.write(notebook, NOTEBOOK)
    print(f"embedded {', '.join(FIGURES)} in {NOTEBOOK.relative_to(NOTEBOOK.parents[2])}")


if __name__ == "__main__":
    main()
