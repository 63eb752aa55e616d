"""The record of a check's cost evaluations: its perturbation columns say what each call passed, at the call.

The recorder keeps a flat copy of each call's parameters and computes those columns for all calls at once; these
tests compare them with the columns' definition (``recording.COLUMNS``) applied to each call on its own, from a
copy the test makes when the call is made.
"""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import dictionary_to_vector, vector_to_dictionary
from public_tests.recording import COLUMNS, MAX_ROWS, Recorder, arguments
from testCases import gradient_check_n_test_case

PERTURBATION = COLUMNS["forward_propagation_n"][3:]


def defined_columns(parameters, theta: np.ndarray) -> list[float]:
    """``changed, first_entry, first_change, second_entry, second_change`` of one call, by their definition."""
    try:
        vector, _ = dictionary_to_vector(parameters)
        vector = vector.astype(float).reshape(-1)
    except (KeyError, TypeError, ValueError):
        return [-1.0, -1.0, 0.0, -1.0, 0.0]
    difference = vector - theta
    changed = [i for i in range(theta.size) if abs(difference[i]) > 1e-12 * max(1.0, abs(theta[i]))]
    columns = [float(len(changed))]
    for position in range(2):
        columns += [float(changed[position]), difference[changed[position]]] if position < len(changed) else [-1, 0]
    return columns


@pytest.fixture
def recorded(lesson):
    """A recorder of the lesson's case, its wrapped forward_propagation_n, θ, and the columns expected so far."""
    X, Y, parameters = lesson
    gradients = {f"d{name}": np.ones_like(value) for name, value in parameters.items()}
    recorder = Recorder("gradient_check_n", (parameters, gradients, X, Y))
    theta, _ = dictionary_to_vector(parameters)
    expected: list[list[float]] = []
    forward = recorder.wrap("forward_propagation_n", lambda X, Y, parameters: (0.0, None))

    def call(passed):
        expected.append(defined_columns(passed, theta.reshape(-1)))
        forward(X, Y, passed)

    return recorder, theta, call, expected


def perturbation_columns(recorder: Recorder) -> np.ndarray:
    return recorder.plain()[1]["forward_propagation_n"][1][:, 3:]


def test_the_columns_of_every_kind_of_call_are_those_of_the_definition(recorded):
    recorder, theta, call, expected = recorded
    call(vector_to_dictionary(theta))  # θ itself
    for entries, step in (([5], 1e-7), ([0, 46], -1e-3), ([3, 9, 20], 0.5), ([7], 1e-15)):  # the last: round-off
        moved = theta.copy()
        moved[entries] += step
        call(vector_to_dictionary(moved))
    moved = theta.copy()
    moved[[2, 4], 0] = [np.nan, np.inf]
    call(vector_to_dictionary(moved))
    wrong_shape = vector_to_dictionary(theta)
    wrong_shape["b1"] = wrong_shape["b1"].reshape(-1)
    call(wrong_shape)
    call({**vector_to_dictionary(theta), "W2": np.full((3, 5), "a")})
    call("not parameters")
    call({"W1": np.zeros((5, 4))})
    assert perturbation_columns(recorder).shape == (len(expected), len(PERTURBATION))
    np.testing.assert_array_equal(perturbation_columns(recorder), expected)
    assert perturbation_columns(recorder)[-1][0] == -1  # unreadable


def test_a_change_made_after_the_call_does_not_reach_its_row(recorded):
    recorder, theta, call, expected = recorded
    parameters = vector_to_dictionary(theta)
    call(parameters)
    parameters["W1"][0, 1] += 0.25  # changed in place after the first call: only the second call passed this
    call(parameters)
    parameters["b3"][0, 0] -= 1.0
    np.testing.assert_array_equal(perturbation_columns(recorder), expected)
    assert [row[0] for row in expected] == [0.0, 1.0] and expected[1][1] == 1.0


def test_only_the_first_max_rows_calls_are_kept_and_they_keep_their_columns(recorded):
    recorder, theta, call, expected = recorded
    for index in range(MAX_ROWS + 3):
        moved = theta.copy()
        moved[index % theta.size] += 1e-4
        call(vector_to_dictionary(moved))
    record = recorder.plain()[1]
    assert record["calls"][1]["forward_propagation_n"] == ("scalar", float(MAX_ROWS + 3))
    np.testing.assert_array_equal(perturbation_columns(recorder), expected[:MAX_ROWS])


def test_without_a_readable_theta_every_call_is_unreadable():
    X, Y, _ = gradient_check_n_test_case()
    recorder = Recorder("gradient_check_n", ({"W1": "x"}, {}, X, Y))
    recorder.wrap("forward_propagation_n", lambda *args: None)(X, Y, {"W1": np.zeros((5, 4))})
    np.testing.assert_array_equal(perturbation_columns(recorder), [[-1.0, -1.0, 0.0, -1.0, 0.0]])


class AlwaysUnequal(np.ndarray):
    """An array that answers ``==`` with False everywhere, whatever its entries."""

    def __eq__(self, other):
        return np.zeros(self.shape, dtype=bool)


def which_by_definition(value, mine, other) -> float:
    """The X/Y column by its definition: 1 when ``value`` is an array equal to ``mine``, 2 to ``other``, else 0."""
    def same(a, b):
        return isinstance(a, np.ndarray) and a.shape == b.shape and bool(np.all(a == b))

    return 1.0 if same(value, mine) else 2.0 if same(value, other) else 0.0


@pytest.mark.parametrize("with_nan", [False, True])
def test_the_x_and_y_columns_are_those_of_the_definition(lesson, with_nan):
    X, Y, parameters = lesson
    X = X.copy()
    if with_nan:
        X[1, 2] = np.nan  # equal to nothing, not even to itself
    recorder = Recorder("gradient_check_n", (parameters, {}, X, Y))
    forward = recorder.wrap("forward_propagation_n", lambda X, Y, parameters: None)
    moved = X.copy()
    moved[0, 0] += 1e-9
    passed = [(X, Y), (X.copy(), Y.copy()), (Y, X), (X.astype(np.float32), Y.astype(float)), (moved, Y),
              (X.T.copy().T, Y), (X.view(AlwaysUnequal), Y.view(AlwaysUnequal)), (X.tolist(), None), (X[:2], Y[:, :1])]
    for x, y in passed:
        forward(x, y, parameters)
    columns = recorder.plain()[1]["forward_propagation_n"][1][:, 1:3]
    expected = [[which_by_definition(x, X, Y), which_by_definition(y, Y, X)] for x, y in passed]
    np.testing.assert_array_equal(columns, expected)


def test_arguments_are_matched_by_keyword_then_by_position_and_missing_ones_are_none():
    X, Y, parameters, shapes = object(), object(), object(), object()
    assert arguments("forward_propagation_n", (X, Y, parameters), {}) == [X, Y, parameters]
    assert arguments("forward_propagation_n", (X,), {"parameters": parameters, "other": Y}) == [X, None, parameters]
    assert arguments("vector_to_dictionary", (), {"shapes": shapes, "theta": X}) == [X, shapes]
    assert arguments("dictionary_to_vector", (), {}) == [None]


def test_a_call_by_keywords_leaves_the_row_of_the_same_call_by_position(lesson):
    X, Y, parameters = lesson
    rows = []
    for by_keyword in (False, True):
        recorder = Recorder("gradient_check_n", (parameters, {}, X, Y))
        forward = recorder.wrap("forward_propagation_n", lambda X, Y, parameters: (0.0, None))
        cut = recorder.wrap("vector_to_dictionary", lambda theta, shapes=None: {})
        theta, _ = dictionary_to_vector(parameters)
        theta[3] += 1e-7
        if by_keyword:
            forward(parameters=cut(theta=theta, shapes=None), Y=Y, X=X)
        else:
            forward(X, Y, cut(theta, None))
        record = recorder.plain()[1]
        rows.append((record["vector_to_dictionary"][1].tolist(), record["forward_propagation_n"][1][:, :3].tolist()))
    assert rows[0] == rows[1] == ([[0.0, 47.0, 0.0]], [[1.0, 1.0, 1.0]])


@pytest.mark.parametrize(("name", "args", "kwargs", "message"), [
    ("forward_propagation", (4.0,), {}, "forward_propagation() missing 1 required positional argument: 'theta'"),
    ("forward_propagation", (3, 4.0, 1e-7), {}, "forward_propagation() takes 2 positional arguments but 3 were given"),
    ("forward_propagation_n", (), {"X": 1, "Y": 2, "params": {}},
     "forward_propagation_n() got an unexpected keyword argument 'params'"),
    ("vector_to_dictionary", (), {}, "vector_to_dictionary() missing 1 required positional argument: 'theta'"),
])
def test_a_call_the_lessons_function_refuses_is_refused_in_its_words_and_described(name, args, kwargs, message):
    """The trusted function's own name and parameters never show (issue 23: "_linear_forward() missing ...")."""
    def _internal_name(*args, **kwargs):
        raise AssertionError("a refused call must not reach the trusted function")

    recorder = Recorder("gradient_check", (3, 4))
    with pytest.raises(TypeError) as refused:
        recorder.wrap(name, _internal_name)(*args, **kwargs)
    assert str(refused.value) == message
    record = recorder.plain()[1]
    assert record["calls"][1][name] == ("scalar", 1.0)
    described = record["refused"][1]
    assert described["function"] == ("other", name)
    assert len(described["arguments"][1]) == len(args) + len(kwargs)


def test_a_refused_call_is_described_in_the_lessons_terms():
    from public_tests.observations import refused_call

    recorder = Recorder("gradient_check", (3, 4))
    forward = recorder.wrap("forward_propagation_n", lambda X, Y, parameters: None)
    with pytest.raises(TypeError):
        forward(np.zeros((4, 3)), {"W1": 0, "b1": 0}, np.float64(2.5), [1, 2], flag=True)
    fact = refused_call(recorder.plain())
    assert fact.observed == ("forward_propagation_n was called with 5 arguments, as forward_propagation_n(an array "
                             "of shape (4, 3), a dict (W1, b1), 2.5, a list of 2 items, flag=a bool)")
    assert fact.expected.startswith("forward_propagation_n(X, Y, parameters)")


def test_the_calls_a_lessons_function_takes_are_let_through():
    recorder = Recorder("gradient_check", (3, 4))
    cut = recorder.wrap("vector_to_dictionary", lambda theta, shapes=None: (theta, shapes))
    assert cut(1) == (1, None) and cut(1, 2) == (1, 2) and cut(theta=1, shapes=2) == (1, 2)
    assert "refused" not in recorder.plain()[1]


# --------------------------------------------------------------------- one reading of a call's parameters

@pytest.fixture
def polynomial():
    """A polynomial case of gradient_check_n: its arguments and its trusted forward_propagation_n."""
    from public_tests.cases import build_cases
    from public_tests.environment import build_environment

    case = next(c for c in build_cases("gradient_check_n", 3) if c.environment[-2][1] == "polynomial_forward_n")
    return case.args, build_environment(case.environment)["forward_propagation_n"]


def _perturbed(parameters, entry: int, step: float) -> dict:
    theta, _ = dictionary_to_vector(parameters)
    theta[entry] += step
    return vector_to_dictionary(theta, {name: value.shape for name, value in parameters.items()})


def test_a_recorded_cost_is_the_cost_of_the_parameters_passed(polynomial):
    (parameters, gradients, X, Y), forward = polynomial
    wrapped = Recorder("gradient_check_n", (parameters, gradients, X, Y)).wrap("forward_propagation_n", forward)
    for passed in (parameters, _perturbed(parameters, 0, 1e-2), _perturbed(parameters, 30, -0.5)):
        assert wrapped(X, Y, passed)[0] == forward(X, Y, passed)[0]
        assert wrapped(X, Y, parameters=passed)[0] == forward(X, Y, passed)[0]


def test_the_recorders_reading_serves_its_own_call_only(polynomial):
    (parameters, gradients, X, Y), forward = polynomial
    recorder = Recorder("gradient_check_n", (parameters, gradients, X, Y))
    wrapped = recorder.wrap("forward_propagation_n", forward)
    passed = _perturbed(parameters, 2, 0.25)
    before = wrapped(X, Y, passed)[0]
    passed["W1"][0, 0] += 1.0  # in place, after the call
    after = forward(X, Y, passed)[0]  # unrecorded: reads the parameters itself
    assert after != before and after == forward(X, Y, _perturbed(passed, 0, 0.0))[0]
    assert wrapped(X, Y, passed)[0] == after
    # a recorded call whose function reads nothing (the lesson's network, say) leaves no reading behind
    recorder.wrap("forward_propagation_n", lambda X, Y, parameters: (0.0, None))(X, Y, passed)
    passed["W1"][0, 0] += 1.0
    assert forward(X, Y, passed)[0] == forward(X, Y, _perturbed(passed, 0, 0.0))[0] != after


def test_what_an_argument_does_while_the_call_is_recorded_reaches_the_cost(polynomial):
    """The recorder reads the parameters last, after comparing X and Y: code the student's objects run meanwhile
    (here, an ``==`` that changes the parameters) has run when the cost is computed, as it had without sharing."""
    (parameters, gradients, X, Y), forward = polynomial
    passed = _perturbed(parameters, 0, 0.0)

    class Meddling(np.ndarray):
        def __eq__(self, other):
            passed["b1"][0, 0] += 0.5
            return np.ndarray.__eq__(self, other)

    wrapped = Recorder("gradient_check_n", (parameters, gradients, X, Y)).wrap("forward_propagation_n", forward)
    cost = wrapped(np.array(X, dtype=float).view(Meddling), Y, passed)[0]
    assert passed["b1"][0, 0] != parameters["b1"][0, 0]
    assert cost == forward(X, Y, passed)[0]
