"""gc_utils.layers: each reference backward pass is the gradient of its forward pass, and each planted bug is not."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import layers
from gc_utils.checks import gradient_check_full, numerical_gradient
from gc_utils.vjp import ProjectedOutput, check_layer, upstream_gradient

KINDS = ("dense", "relu", "tanh", "batchnorm")


@pytest.mark.parametrize("kind", KINDS)
def test_every_reference_backward_pass_is_the_gradient_of_its_forward_pass(kind):
    inputs = layers.example_inputs(kind, n_in=3, n_out=5, m=6, seed=4)
    layer = layers.layer(kind)
    upstream = upstream_gradient(layer.forward(inputs).shape, seed=9)
    numerical = numerical_gradient(ProjectedOutput(layer.forward, upstream), inputs)
    for name, gradient in layer.backward(inputs, upstream).items():
        np.testing.assert_allclose(gradient, numerical[f"d{name}"], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("kind", "bug"), [(kind, bug) for kind in KINDS for bug in layers.BUGS[kind]])
def test_every_planted_bug_is_caught_in_its_own_blocks_with_a_random_upstream_gradient(kind, bug):
    square = {"n_in": 4, "n_out": 8, "m": 8}  # dZ square: a transposed upstream gradient has the right shape
    report = check_layer(layers.layer(kind, bug), layers.example_inputs(kind, **square))
    flagged = {name for name, value in report.items() if name != "all" and value > 2e-7}
    blocks = set(layers.BUGS[kind][bug].blocks)
    assert flagged == {name for name in report if name != "all" and (name in blocks or name[0] in blocks)}


def test_relu_inputs_stay_clear_of_the_kink():
    X = layers.example_inputs("relu", n_in=20, m=50)["X"]
    assert np.abs(X).min() >= 0.1 - 1e-12


def test_the_three_cross_entropy_forms_agree_where_all_are_finite_and_part_where_they_are_not():
    rng = np.random.default_rng(0)
    Z, Y = rng.standard_normal((3, 5)), np.eye(3)[:, [0, 1, 2, 0, 1]]
    values = [layers.cross_entropy(Z, Y, form) for form in layers.LOSS_FORMS]
    assert np.allclose(values, values[0], rtol=1e-12)
    Z[:, 0] = [-800.0, 0.0, 0.0]  # example 0 belongs to class 0, with probability e^-800
    assert np.isfinite(layers.cross_entropy(Z, Y)) and layers.cross_entropy(Z, Y) > 800 / 5
    assert not np.isfinite(layers.cross_entropy(Z, Y, "naive"))
    assert layers.cross_entropy(Z, Y, "clipped") < layers.cross_entropy(Z, Y) - 100 / 5
    with pytest.raises(ValueError, match="form must be one of"):
        layers.cross_entropy(Z, Y, "fast")


def test_softmax_cross_entropy_gradient_matches_central_differences_of_the_stable_loss():
    rng = np.random.default_rng(1)
    Z, Y = 30 * rng.standard_normal((4, 6)), np.eye(4)[:, rng.integers(0, 4, 6)]
    _, dZ = layers.softmax_cross_entropy(Z, Y)
    assert gradient_check_full(lambda p: layers.cross_entropy(p["Z"], Y), {"Z": Z}, {"Z": dZ}, 1e-5) < 1e-8


def test_batchnorm_forward_normalises_each_feature_over_the_batch():
    X = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 10.0, 10.0]])
    out, cache = layers.batchnorm_forward(X, np.array([[2.0], [1.0]]), np.array([[0.5], [-1.0]]), eps=0.0 + 1e-12)
    np.testing.assert_allclose(cache["X_hat"].mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(cache["X_hat"][0].std(), 1, rtol=1e-9)
    np.testing.assert_allclose(out[1], -1.0)  # a constant feature normalises to 0, then β
    assert set(cache) == {"X", "X_hat", "mean", "var", "std", "gamma", "beta", "eps"}


def test_unknown_kinds_and_bugs_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="kind must be one of"):
        layers.layer("conv")
    with pytest.raises(ValueError, match=r"unknown bug\(s\) \['typo'\]"):
        layers.layer("dense", "typo")
    with pytest.raises(ValueError, match="kind must be one of"):
        layers.example_inputs("conv")


def test_example_inputs_are_seeded_and_not_the_stream_of_an_upstream_gradient_with_the_same_seed():
    first, again = layers.example_inputs("batchnorm", seed=3), layers.example_inputs("batchnorm", seed=3)
    assert all(np.array_equal(first[k], again[k]) for k in first)
    upstream = upstream_gradient(first["X"].shape, seed=3)
    assert abs(np.corrcoef(upstream.ravel(), first["X"].ravel())[0, 1]) < 0.9
