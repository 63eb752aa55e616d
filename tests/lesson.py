"""The lesson's published numbers (LESSON.md), and its gradient check written out independently of gc_utils."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# gradient_check_n at ε = 1e-7 on gradient_check_n_test_case(). At ε = 1e-7 round-off moves them in the ninth or
# tenth digit when the arithmetic is reordered (seen: 0.1734419687 with NumPy 1.24's batched products against the
# published 0.1734419689), so they are compared to eight digits.
BOTH_BUGS = 0.2850931567761623
ONLY_DW2_BUG = 0.17344196893145924  # "only db1 fixed"
ONLY_DB1_BUG = 0.2544229712458523  # "only dW2 fixed"
CORRECT = 1.1890913024229996e-07  # round-off: its digits depend on the machine
COST = 2.407833389834357


def lesson_loop(cost: Callable[[np.ndarray], float], theta: np.ndarray, epsilon: float) -> np.ndarray:
    """The lesson's loop, written out: shift entry i by ±epsilon, difference over 2 epsilon; gradapprox as (n,)."""
    approx = np.empty(theta.shape[0])
    for i in range(theta.shape[0]):
        plus, minus = np.copy(theta), np.copy(theta)
        plus[i] += epsilon
        minus[i] -= epsilon
        approx[i] = (cost(plus) - cost(minus)) / (2 * epsilon)
    return approx
