"""The directional check: a correct gradient passes, a planted bug is caught, per block too."""

from __future__ import annotations

import numpy as np

from gc_utils.checks import (
    METHODS,
    gradient_check_directional,
    suspect_blocks,
)
from gc_utils.deep_network import DeepNetwork, initialize_parameters, synthetic_data
from gc_utils.network import LESSON_BUGS, backward_propagation_n


def test_directional_check_passes_a_correct_gradient_and_flags_a_planted_bug(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    network = DeepNetwork(X, Y)
    assert gradient_check_directional(network, parameters, backward_propagation_n(X, Y, cache)) < 1e-8
    buggy = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    assert gradient_check_directional(network, parameters, buggy, n_directions=1) > 1e-3
    report = gradient_check_directional(network, parameters, buggy, per_block=True)
    assert suspect_blocks(report) == ["b1", "W2"]
    assert gradient_check_directional(network, parameters, buggy, method="complex", epsilon=1e-20) > 1e-3


def test_directional_check_per_block_does_not_cry_wolf_on_a_softmax_layer():
    # A softmax layer's bias gradient sums to zero over the classes: a direction with equal entries (as
    # random signs can draw in a small block) would be orthogonal to it and measure only round-off.
    X, Y = synthetic_data(20, 3, 16, seed=0)
    parameters = initialize_parameters((20, 16, 8, 3), seed=1)
    network = DeepNetwork(X, Y)
    gradients = network.gradients(parameters)
    assert abs(gradients["db3"].sum()) < 1e-15
    for seed in range(10):
        report = gradient_check_directional(network, parameters, gradients, per_block=True, seed=seed)
        assert max(report.values()) < 1e-8, (seed, report)


def test_directional_slope_of_a_linear_cost_is_exact():
    rng = np.random.default_rng(2)
    weights = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}
    point = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}

    def linear(p):
        return np.sum(weights["a"] * p["a"]) + weights["b"] @ p["b"]

    gradients = {"da": weights["a"], "db": weights["b"]}
    for method in METHODS:
        assert gradient_check_directional(linear, point, gradients, 4, 1e-3 if method != "complex" else None,
                                          method=method) < 1e-10
    shifted = {"da": weights["a"], "db": weights["b"] + 0.1}
    assert gradient_check_directional(linear, point, shifted, per_block=True)["b"] > 1e-3


def test_directional_check_is_fair_to_float32(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    parameters32 = {name: value.astype(np.float32) for name, value in parameters.items()}
    network32 = DeepNetwork(X.astype(np.float32), Y)
    gradients = backward_propagation_n(X, Y, cache)
    assert gradient_check_directional(network32, parameters32, gradients, epsilon=1e-2) < 1e-4
