"""Costs shared by the tests of the checks: polynomials with known derivatives and the lesson's."""

from __future__ import annotations

import numpy as np

from gc_utils.deep_network import DeepNetwork
from gc_utils.network import forward_propagation_n


def lesson_cost(X, Y):
    return lambda p: forward_propagation_n(X, Y, p)[0]


def lesson_costs(X, Y):
    """The lesson's cost as a plain callable (one call per shift) and as a vectorised DeepNetwork."""
    return {"loop": lesson_cost(X, Y), "vectorised": DeepNetwork(X, Y, stable_loss=False)}


def cubic(p):
    return np.sum(p["x"] ** 3) + np.sum(p["y"] ** 3)  # complex-safe: no float()


CUBIC_POINT = {"x": np.array([[0.5, -1.0, 2.0]]), "y": np.array([[1.5], [-0.25]])}
