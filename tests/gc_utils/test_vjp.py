"""gc_utils.vjp: the vector–Jacobian check of one layer, and what an all-ones upstream gradient hides."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import layers
from gc_utils.vjp import check_layer, format_vjp_report, upstream_gradient, vjp_check


@pytest.mark.parametrize(("kind", "bug", "block"), [("relu", "upstream_ignored", "X"),
                                                    ("dense", "upstream_transposed", "W")])
def test_an_all_ones_upstream_gradient_hides_bugs_a_random_one_catches(kind, bug, block):
    layer, inputs = layers.layer(kind, bug), layers.example_inputs(kind)
    assert check_layer(layer, inputs, upstream="ones")[block] < 1e-8
    assert check_layer(layer, inputs, upstream="random")[block] > 0.1


def test_a_given_upstream_gradient_is_used_and_the_inputs_are_left_alone():
    dense, inputs = layers.layer("dense"), layers.example_inputs("dense")
    kept = {name: value.copy() for name, value in inputs.items()}
    seen = []

    def backward(p, upstream):
        seen.append(upstream.copy())
        return dense.backward(p, upstream)

    given = np.arange(16.0).reshape(4, 4)
    report = vjp_check(dense.forward, backward, inputs, upstream=given)
    assert np.array_equal(seen[0], given) and set(report) == {"X", "W", "b", "all"}
    assert all(np.array_equal(inputs[name], kept[name]) for name in inputs)


def test_wrong_upstream_shapes_and_wrong_backward_results_are_explained():
    dense, inputs = layers.layer("dense"), layers.example_inputs("dense")
    with pytest.raises(ValueError, match=r"upstream must have the output's shape \(4, 4\)"):
        vjp_check(dense.forward, dense.backward, inputs, upstream=np.ones((2, 2)))
    with pytest.raises(TypeError, match="backward must return a dict"):
        vjp_check(dense.forward, lambda p, g: list(dense.backward(p, g).values()), inputs)
    with pytest.raises(KeyError, match="no entry for parameter 'b'"):
        vjp_check(dense.forward, lambda p, g: {k: v for k, v in dense.backward(p, g).items() if k != "b"}, inputs)
    with pytest.raises(ValueError, match="kind must be one of"):
        upstream_gradient((2, 2), "zeros")


def test_the_report_prints_one_decimal_and_a_verdict_per_block():
    text = format_vjp_report({"X": 0.31, "gamma": 2e-10, "all": 0.2})
    assert text.splitlines() == ["dX     3.1e-01  MISTAKE?", "dgamma 2.0e-10  ok", "all    2.0e-01  MISTAKE?"]
