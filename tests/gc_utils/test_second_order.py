"""gc_utils.second_order and perturbation.directional_difference: Hessian–vector products and their check."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.perturbation import EpsilonError, directional_difference
from gc_utils.second_order import BUGS, SoftmaxRegression, hvp_check, hvp_sweep


@pytest.fixture
def model():
    rng = np.random.default_rng(5)
    return (SoftmaxRegression(rng.standard_normal((4, 9)), np.eye(3)[:, rng.integers(0, 3, 9)]),
            rng.standard_normal((3, 4)), rng.standard_normal((3, 4)))


def test_the_product_is_the_hessian_times_the_direction(model):
    regression, W, V = model
    n = W.size
    hessian = np.column_stack([regression.hvp(W, np.eye(n)[i].reshape(W.shape)).ravel() for i in range(n)])
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)  # symmetric, as a Hessian is
    np.testing.assert_allclose(hessian @ V.ravel(), regression.hvp(W, V).ravel(), atol=1e-12)
    assert hvp_check(regression.gradient, regression.hvp, W, V) < 1e-8


@pytest.mark.parametrize("bug", BUGS)
def test_every_planted_bug_is_caught_at_every_step(model, bug):
    regression, W, V = model
    assert hvp_sweep(regression.gradient, regression.buggy_hvp(bug), W, V, [1e-6, 1e-4, 1e-2]).min() > 1e-2


def test_the_central_difference_falls_as_epsilon_squared_and_the_one_sided_as_epsilon(model):
    regression, W, V = model
    steps = np.array([1e-3, 1e-2])
    central = hvp_sweep(regression.gradient, regression.hvp, W, V, steps)
    forward = hvp_sweep(regression.gradient, regression.hvp, W, V, steps, method="forward")
    assert 60 < central[1] / central[0] < 140 and 7 < forward[1] / forward[0] < 13


def test_directional_difference_is_exact_for_a_quadratic_and_validates_its_arguments():
    gradient = lambda x: np.array([2 * x[0] * x[1], x[0] ** 2])  # noqa: E731 - the gradient of x0² x1
    point, direction = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    np.testing.assert_allclose(directional_difference(gradient, point, direction, 0.25),
                               [2 * (0.5 * 2 + 1 * -1.0), 2 * 1 * 0.5])
    with pytest.raises(EpsilonError):
        directional_difference(gradient, point, direction, 0.0)
    with pytest.raises(ValueError, match="direction must have the shape"):
        directional_difference(gradient, point, np.ones(3), 1e-3)
    with pytest.raises(ValueError, match="'central' or 'forward'"):
        directional_difference(gradient, point, direction, 1e-3, "complex")
