"""The rules of the layers' public tests (``public_tests.layer_checks``, ``layer_gradients``, ``layer_support``), one
focused test each, on what the tests saw written out; ``tests/test_layers_public_tests.py`` runs them end to end
against student-style submissions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from public_tests import layer_checks as checks
from public_tests import layer_gradients as gradients
from public_tests import layer_support as support

EPSILON = 1e-6


# ------------------------------------------------------------------------------------------------ support

def test_a_gradient_is_right_to_round_off_and_a_wrong_one_is_said_by_what_is_wrong():
    texts = support.GradientTexts("layers.dense.not_array", "layers.dense.shape", "layers.dense.values")
    want = np.arange(6.0).reshape(2, 3)
    assert support.wrong_gradient(texts, "(here)", "dW", want * (1 + 1e-12), want, {}) is None
    message, found = support.wrong_gradient(texts, "(here)", "dW", "no", want, {})
    assert "returned dW as str; expected an array" in message and found is None
    message, found = support.wrong_gradient(texts, "(here)", "dW", want.T, want, {"transposed": want.T})
    assert "of shape (3, 2); expected (2, 3)" in message and found == "transposed"
    message, found = support.wrong_gradient(texts, "(here)", "dW", 2 * want, want, {"doubled": 2 * want})
    assert "with the right shape but wrong values" in message and found == "doubled"


def test_a_number_is_one_real_number_and_nothing_else():
    assert support.number("f", np.float64(2.5), "here") == 2.5
    assert support.number("f", np.array([[3.0]]), "here") == 3.0
    for value in (True, np.ones(2), "1", None):
        with pytest.raises(support.Failure):
            support.number("f", value, "here")


def test_the_changed_arrays_are_named():
    before = {"X": np.zeros(2), "W": np.ones(2)}
    assert support.changed(before, {"X": np.zeros(2), "W": np.ones(2)}) == []
    assert support.changed(before, {"X": np.ones(2)}) == ["X", "W"]


def test_the_first_rule_that_speaks_is_said():
    assert support.first((lambda _: None, lambda x: f"second {x}", lambda x: "third"), 1) == "second 1"
    assert support.first((lambda _: None,), 1) is None


# ------------------------------------------------------------------------------------------------ VJP shifts

def shifts(*evaluations: list[tuple[str, tuple[int, ...], float]], sizes=None) -> checks.Shifts:
    return checks.Shifts(list(evaluations), sizes or {"X": 2}, EPSILON)


def central(size: int = 2) -> list[list]:
    return [[("X", (i,), sign * EPSILON)] for i in range(size) for sign in (1, -1)]


def test_a_central_difference_over_every_entry_gives_no_fact():
    assert [rule.__name__ for rule in checks.SHIFT_RULES if rule(shifts(*central()))] == []


def test_no_forward_evaluation_is_said():
    assert "It never called forward" in checks.no_forward(shifts())


def test_several_entries_shifted_at_once_are_said():
    said = checks.several_at_once(shifts([("X", (0,), EPSILON), ("X", (1,), EPSILON)], *central()))
    assert "1 of its 5 forward evaluations shifted 2 entries at once" in said


def test_evaluations_that_shift_nothing_are_said():
    assert "None of its 2 forward evaluations shifted an entry" in checks.never_shifted(shifts([], []))


def test_steps_other_than_epsilon_are_said_with_their_sizes():
    said = checks.not_epsilon(shifts([("X", (0,), 1e-7)], [("X", (0,), -1e-7)]))
    assert "It shifted entries by 1e-07 while epsilon = 1e-06 was passed" in said


def test_shifts_only_by_plus_epsilon_are_one_sided():
    said = checks.one_sided(shifts([("X", (0,), EPSILON)], [("X", (1,), EPSILON)]))
    assert "It never shifted an entry by −ε (2 shifts, all by +ε, for 2 entries)" in said


def test_entries_never_shifted_are_said_with_their_inputs():
    said = checks.entries_missed(shifts(*central(1), sizes={"X": 2, "W": 1}))
    assert "It shifted 1 of the 3 entries (some of X, W never)" in said


# ------------------------------------------------------------------------------------------------ VJP forms

def vjp_run(returned=None, upstream=None, given=None) -> checks.VjpRun:
    """A VJP case of a dense layer after a check that returned ``returned`` and gave backward ``upstream``."""
    from gc_utils import layers as reference

    inputs = reference.example_inputs("dense", seed=0)
    watched = checks._WatchedLayer(reference.layer("dense"), inputs)
    if upstream is not None:
        watched.backward(inputs, upstream(watched.layer.forward(inputs).shape))
    returned = {name: 0.0 for name in inputs} if returned is None else returned
    copies = {name: array.copy() for name, array in inputs.items()} if given is None else given
    return checks.VjpRun("dense", EPSILON, "(here)", inputs, copies, watched, returned)


def random_upstream(shape):
    return np.random.default_rng(1).standard_normal(shape)


def test_a_well_formed_vjp_check_passes_every_form_rule():
    assert [rule.__name__ for rule in checks.VJP_FORM_RULES if rule(vjp_run(upstream=random_upstream))] == []


def test_changed_inputs_are_named():
    run = vjp_run(upstream=random_upstream)
    run.given["X"] += 1
    assert "changed what it was given: X" in checks._mutated(run)


def test_a_result_that_is_not_a_dict_is_said():
    assert "expected a dict with one relative difference per input" in checks._not_mapping(vjp_run(returned=0.5))


def test_an_input_without_a_difference_is_said():
    assert "returned no difference for X" in checks._missing(vjp_run(returned={"W": 0.0, "b": 0.0}))


def test_a_check_that_never_calls_backward_is_told_so():
    assert "never called backward(inputs, upstream)" in checks._no_backward(vjp_run())


def test_an_upstream_gradient_of_the_wrong_shape_is_said():
    run = vjp_run()
    run.watched.upstreams.append(np.ones((1, 7)))  # recorded before the layer refuses it
    said = checks._upstream_shape(run)
    assert "gave backward an upstream gradient of shape" in said


def test_an_upstream_gradient_of_equal_entries_is_said():
    assert "whose entries all equal 1" in checks._constant_upstream(vjp_run(upstream=np.ones))


# ------------------------------------------------------------------------------------------------ HVP causes

def hvp_run(steps, value=0.5, correct=False, products=None, epsilon=0.25):
    product, central_difference = np.array([1.0, 2.0]), np.array([1.0, 2.5])
    products = [(np.zeros(1), np.zeros(1))] if products is None else products
    return checks.HvpRun(value, list(steps), list(products), epsilon, correct, product, central_difference,
                         np.array([1.5, 2.5]))


def test_a_right_difference_from_both_sides_passes():
    run = hvp_run([0.25, -0.25])
    assert hvp_run([0.25, -0.25], value=run.expected).passes
    assert not hvp_run([0.25, 0.0], value=run.expected).passes  # the right number, from one side
    assert not run.passes


@pytest.mark.parametrize(("rule", "steps", "cause"), [
    ("_no_gradient", [], "It never called gradient"),
    ("_not_along_v", [0.25, None], "Shift θ along v itself"),
    ("_one_side_of_theta", [0.25, 0.0], "That is a one-sided difference"),
    ("_not_epsilon", [0.5, -0.5], "with the epsilon passed, 0.25"),
])
def test_where_the_gradient_was_asked_tells_the_cause(rule, steps, cause):
    assert cause in getattr(checks, rule)(hvp_run(steps))
    assert getattr(checks, rule)(hvp_run([0.25, -0.25])) is None
    assert cause in checks.first(checks.HVP_CAUSES, hvp_run(steps))


def test_a_check_that_never_asks_for_the_product_is_told_so():
    assert "It never called hvp(theta, v)" in checks._no_product(hvp_run([0.25, -0.25], products=[]))


def test_a_difference_divided_by_epsilon_or_one_sided_is_named_by_its_value():
    run = hvp_run([0.25, -0.25])
    from gc_utils.comparison import relative_difference

    doubled = hvp_run([0.25, -0.25], value=relative_difference(run.product, 2 * run.central))
    assert "divided by ε instead of 2ε" in checks._over_epsilon(doubled)
    forward = hvp_run([0.25, -0.25], value=relative_difference(run.product, run.forward))
    assert "That is a one-sided difference" in checks._forward_difference(forward)
    assert checks.first(checks.HVP_CAUSES, run) is None


def test_the_points_are_shown_in_terms_of_theta_and_v():
    assert checks._shown_points([0.0, 0.25, -0.25, None]) == "θ, θ + 0.25·v, θ − 0.25·v, a point off the line θ + t·v"
    assert checks._shown_points([]) == "nowhere"


# ------------------------------------------------------------------------------------------------ softmax

def softmax_run(loss=None, dZ=None, said=()):
    Z = np.array([[1.0, 2.0], [0.5, -1.0]])
    Y = np.eye(2)
    right_loss = float(np.mean(-np.log(np.exp(Z) / np.exp(Z).sum(axis=0))[Y == 1].reshape(-1)))
    p = np.exp(Z) / np.exp(Z).sum(axis=0)
    dZ = (p - Y) / 2 if dZ is None else dZ
    return gradients.SoftmaxRun("(here)", Z, Y, right_loss if loss is None else loss, dZ, dZ, list(said))


def test_a_right_loss_and_dZ_give_no_problem():
    run = softmax_run()
    assert math.isclose(run.loss, run.expected_loss)
    assert [rule.__name__ for rule in gradients.SOFTMAX_RULES if rule(run)] == []


def test_an_infinite_loss_after_an_overflow_says_to_subtract_the_maximum():
    said = gradients._not_finite(softmax_run(loss=math.inf, said=["overflow encountered in exp"]))
    assert "returned a loss with inf or nan" in said and "subtract each column's maximum" in said


def test_a_summed_loss_is_named():
    run = softmax_run()
    said = gradients._wrong_loss(softmax_run(loss=run.expected_loss * 2))
    assert "That is the sum over the batch" in said


def test_a_dZ_of_the_wrong_shape_or_a_known_wrong_formula_is_named():
    run = softmax_run()
    assert "returned dZ as" in gradients._wrong_dZ_shape(softmax_run(dZ=run.dZ.T[:1]))
    said = gradients._wrong_dZ(softmax_run(dZ=run.dZ * 2))
    assert "a wrong dZ" in said and "It is softmax(Z) − Y: the loss is a mean" in said


# ------------------------------------------------------------------------------------------------ mistakes

def test_the_dense_mistakes_give_what_their_names_say():
    rng = np.random.default_rng(0)
    dZ, X, W = rng.standard_normal((3, 3)), rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    mistakes = gradients._dense_mistakes(dZ, X, W)
    assert np.allclose(mistakes["dW"]["dW_transposed"], X @ dZ.T)
    assert np.allclose(mistakes["db"]["db_no_keepdims"], dZ.sum(axis=1))
    rectangular = gradients._dense_mistakes(rng.standard_normal((2, 5)), X[:, :1].repeat(5, axis=1)[:3], W[:2])
    assert "dX_W_not_transposed" not in rectangular["dX"]  # W·dZ has no meaning for a rectangular W
