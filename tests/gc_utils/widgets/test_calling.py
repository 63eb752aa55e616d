"""Calling a student's function safely: whatever it raises, prints or returns is explained, never raised."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.perturbation import EpsilonError
from gc_utils.widgets import (
    BugInjectorND,
    EpsilonExplorer1D,
    as_difference,
    call_student,
    injected_globals,
)
from testCases import gradient_check_n_test_case
from tests.gc_utils.widgets.students import student, text_of


@pytest.mark.parametrize(("returned", "message"), [
    (None, "returned None"),
    ("0.1", "expected a float"),
    (np.array([0.1, 0.2]), "shape (2,)"),
    (-0.5, "cannot be negative"),
    (float("nan"), "returned nan"),
    (3.0, "at most 1"),
    (True, "a bool"),
])
def test_nonsense_returns_are_explained(returned, message):
    def gradient_check(x, theta, epsilon=1e-7):
        return returned

    explorer = EpsilonExplorer1D(gradient_check)
    assert explorer.current.value is None
    assert message in text_of(explorer)
    renders = explorer.renders
    explorer.epsilon_slider.value = 1e-3
    assert explorer.renders == renders + 1 and "ε = 1.0e-03" in text_of(explorer)


def test_an_array_of_one_value_is_used_with_a_remark():
    result = call_student(lambda: np.array([[0.25]]), name="gradient_check")
    assert result.value == 0.25 and "shape (1, 1)" in result.note


def test_a_raising_gradient_check_leaves_the_widget_working():
    calls = []

    def gradient_check(x, theta, epsilon=1e-7):
        calls.append(epsilon)
        if epsilon < 1e-4:
            raise ZeroDivisionError("float division by zero")
        return 0.0

    explorer = EpsilonExplorer1D(gradient_check)
    assert "raised ZeroDivisionError: float division by zero" in text_of(explorer)
    renders = explorer.renders
    explorer.epsilon_slider.value = 1e-2
    assert explorer.renders == renders + 1
    assert explorer.current.value == 0.0 and "raised" not in text_of(explorer).split("gc_utils reference")[0]
    explorer.cost_buttons.value = "cubic"
    assert explorer.renders == renders + 2


def test_a_raising_gradient_check_n_leaves_the_bug_injector_working(lesson):
    X, Y, parameters = lesson

    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        raise IndexError("index 47 is out of bounds for axis 0 with size 47")

    explorer = BugInjectorND(X, Y, parameters, gradient_check_n, bugs=())
    assert "your gradient_check_n raised IndexError" in text_of(explorer)
    before = explorer.png()
    explorer.checkboxes["dW2_times_2"].value = True
    assert explorer.png() != before
    assert explorer.block_values["W2"] == pytest.approx(1 / 3, rel=1e-6)
    assert "your gradient_check_n raised IndexError" in text_of(explorer)


def test_student_output_is_swallowed(capsys):
    me = student()

    def chatty(x, theta, epsilon=1e-7, print_msg=False):
        return me["gradient_check"](x, theta, epsilon, True)

    EpsilonExplorer1D(chatty)
    assert capsys.readouterr().out == ""


def test_injected_globals_restores_even_on_error():
    namespace = student()
    original = namespace["forward_propagation"]
    with pytest.raises(RuntimeError), injected_globals(namespace["gradient_check"],
                                                       {"forward_propagation": len, "brand_new": len}):
        assert namespace["forward_propagation"] is not original
        raise RuntimeError
    assert namespace["forward_propagation"] is original and "brand_new" not in namespace
    with pytest.raises(TypeError, match="no module globals"), injected_globals(len, {}):
        pass


def test_as_difference_accepts_numpy_scalars():
    assert as_difference(np.float32(0.5)) == (0.5, None)
    assert as_difference(1) == (1.0, None)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="without calling it"):
        EpsilonExplorer1D(0.1)
    with pytest.raises(EpsilonError, match="epsilon must be between 1e-12 and 0.1"):
        EpsilonExplorer1D(student()["gradient_check"], epsilon=1.0)
    X, Y, parameters = gradient_check_n_test_case()
    with pytest.raises(ValueError, match="unknown bug"):
        BugInjectorND(X, Y, parameters, bugs=("dW2_times_3",))
