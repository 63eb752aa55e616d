"""Render the figure of each explorer, in an instructive state, into docs/images/ for the README.

    python tools/make_screenshots.py [--out DIR]

The explorers run in-process on lesson-style solutions (reference_solutions) and each figure is written exactly as
the notebook shows it. Idempotent on one machine: the PNGs carry no metadata. Across machines, curves dominated
by round-off (the left branch of each U) differ in their details, so do not compare these files byte for byte.
(For pictures that include the controls, run the browser test: it saves screenshots/gc-*.png.)
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image

from gc_utils.network import LESSON_BUGS
from gc_utils.widgets import BugInjector1D, BugInjectorND, EpsilonExplorer1D, EpsilonExplorerND
from reference_solutions import gradient_check, gradient_check_n, lesson_backward_propagation_n
from testCases import gradient_check_n_test_case

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def explorers() -> dict[str, object]:
    """File name -> explorer, each in the state its picture shows."""
    X, Y, parameters = gradient_check_n_test_case()
    return {
        "epsilon_explorer_1d.png": EpsilonExplorer1D(gradient_check, cost="cubic", epsilon=1e-7),
        "bug_injector_1d.png": BugInjector1D(gradient_check, delta=1e-6),
        "epsilon_explorer_nd.png": EpsilonExplorerND(X, Y, parameters, gradient_check_n,
                                                     lesson_backward_propagation_n, epsilon=1e-7),
        "bug_injector_nd.png": BugInjectorND(X, Y, parameters, gradient_check_n, bugs=LESSON_BUGS),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNGs (default {OUT})")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for name, explorer in explorers().items():
        # the explorers encode fast; for the repository, compress harder (same pixels, no metadata)
        Image.open(io.BytesIO(explorer.png())).save(out / name, format="png", optimize=True)
        explorer.close()
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
