"""Render the figure of each explorer, in an instructive state, into docs/images/ for the README.

    python tools/make_screenshots.py [--out DIR]

The explorers run in-process on lesson-style solutions (defined below) and each figure is written exactly as
the notebook shows it. Idempotent on one machine: the PNGs carry no metadata. Across machines, curves dominated
by round-off (the left branch of each U) differ in their details, so do not compare these files byte for byte.
(For pictures that include the controls, run the browser test: it saves screenshots/gc-*.png.)
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
from PIL import Image

from gc_utils import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from gc_utils.network import LESSON_BUGS, backward_propagation_n, forward_propagation_n
from gc_utils.widgets import BugInjector1D, BugInjectorND, EpsilonExplorer1D, EpsilonExplorerND
from testCases import gradient_check_n_test_case

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    return x


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def lesson_backward_propagation_n(X, Y, cache):
    """The lesson's back-propagation as handed out, with its two planted bugs."""
    return backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)


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
