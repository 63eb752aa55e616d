"""Facts about what a student's check did, read from the record of its calls (``public_tests.recording``).

Each fact says what the code did, in the student's terms, and what it should have done. It is plain data in,
plain text out: the grader reads records sent by a sandboxed child with the same functions. A fact is an
observation, so it is certain; whether it is *the* mistake is for the message to weigh. A fact marked
``breach`` breaks the exercise's contract by itself (the check took steps other than the ε it was given), so
it fails the case even when the returned value happens to agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .cases import Case
from .recording import COLUMNS

DEFAULT_EPSILON = 1e-7


@dataclass(frozen=True)
class Fact:
    """What was observed, then what was expected."""

    observed: str
    expected: str
    breach: bool = False

    def __str__(self) -> str:
        return f"Observed: {self.observed}; expected: {self.expected}."


# ------------------------------------------------------------------------------------------- the record

def calls_of(record: tuple | None) -> dict[str, int]:
    """Function name -> how many times the student's code called it."""
    if not record or record[0] != "dict" or "calls" not in record[1]:
        return {}
    return {name: int(value[1]) for name, value in record[1]["calls"][1].items() if value[0] == "scalar"}


def rows_of(record: tuple | None, name: str) -> dict[str, np.ndarray]:
    """The recorded calls of ``name`` as columns (see ``recording.COLUMNS``); empty columns if none."""
    columns = COLUMNS[name]
    entry = record[1].get(name) if record and record[0] == "dict" else None
    if not entry or entry[0] != "array" or entry[1].ndim != 2 or entry[1].shape[1] != len(columns):
        return {column: np.zeros(0) for column in columns}
    return {column: entry[1][:, k] for k, column in enumerate(columns)}


def _g(value: float) -> str:
    return f"{value:.10g}"


def epsilon_of(case: Case) -> float:
    return float(case.kwargs.get("epsilon", DEFAULT_EPSILON))


def _is_step(step: float, epsilon: float) -> bool:
    return math.isclose(abs(step), epsilon, rel_tol=1e-4)


def _steps_breach(steps: np.ndarray, epsilon: float, where: str) -> list[Fact]:
    """A fact when some nonzero steps taken are not ±ε; a breach when none of them is."""
    taken = np.abs(steps[np.abs(steps) > 0])
    right = [_is_step(s, epsilon) for s in taken]
    if taken.size == 0 or all(right):
        return []
    sizes = ", ".join(_g(s) for s in sorted(set(np.round(taken, 15)))[:3])
    return [Fact(f"epsilon = {epsilon:g} was passed; the steps taken {where} were {sizes}",
                 "θ + epsilon and θ − epsilon, with the epsilon passed in", breach=not any(right))]


# ----------------------------------------------------------------------------------- 1-D gradient_check

_COSTS = {"linear_forward": "J = θ·x", "cubic_forward": "J = x·θ³"}


def _cost_name(case: Case) -> str:
    builder = next((b for name, b, _ in case.environment if name == "forward_propagation"), "")
    return _COSTS.get(builder, "its own cost")


def _one_d_forward(case: Case, record: tuple) -> list[Fact]:
    x, theta = (float(a) for a in case.args[:2])
    epsilon = epsilon_of(case)
    rows = rows_of(record, "forward_propagation")
    if rows["order"].size == 0:
        return [Fact("gradient_check never called forward_propagation",
                     f"J_plus and J_minus from forward_propagation(x, θ ± ε) (this case's cost is "
                     f"{_cost_name(case)}, not the one you wrote inline)")]
    facts, points = [], []
    for xa, ta in zip(rows["x"], rows["theta"]):
        if xa == x or math.isnan(xa):
            points.append(ta)
        elif ta == x:
            facts.append(Fact(f"forward_propagation was called as (theta, x): forward_propagation({_g(xa)}, {_g(ta)})",
                              f"forward_propagation(x, theta), here forward_propagation({_g(x)}, {_g(xa)})"))
            points.append(xa)
        else:
            facts.append(Fact(f"forward_propagation was called with x = {_g(xa)}",
                              f"the x the check was given, {_g(x)}"))
            points.append(ta)
    steps = np.array(points, dtype=float) - theta
    facts += _steps_breach(steps, epsilon, "from θ")
    plus = int(sum(s > 0 for s in steps))
    minus = int(sum(s < 0 for s in steps))
    at_theta = int(sum(s == 0 for s in steps))
    if minus == 0 or plus == 0:
        seen = [f"{count} time{'s' if count > 1 else ''} at {where}" for count, where in
                ((plus, "θ+ε"), (minus, "θ−ε"), (at_theta, "θ itself")) if count]
        one_sided = " (a one-sided difference)" if at_theta else ""
        facts.append(Fact(f"forward_propagation was evaluated {', '.join(seen) or 'nowhere'}{one_sided}",
                          "J_plus at θ+ε and J_minus at θ−ε (the two-sided difference)"))
    return facts


def _one_d_backward(case: Case, record: tuple) -> list[Fact]:
    x, theta = (float(a) for a in case.args[:2])
    rows = rows_of(record, "backward_propagation")
    if rows["order"].size == 0:
        return [Fact("gradient_check never called backward_propagation",
                     "grad = backward_propagation(x, theta): grad must come from the back-propagation being "
                     "checked (the tests give it wrong ones on purpose)")]
    facts = []
    for xa, ta in zip(rows["x"], rows["theta"]):
        if xa == x and ta == theta or math.isnan(xa) or math.isnan(ta):
            continue
        if xa == theta and ta == x:
            facts.append(Fact(f"backward_propagation was called as (theta, x): backward_propagation({_g(xa)}, "
                              f"{_g(ta)})", f"backward_propagation(x, theta) = backward_propagation({_g(x)}, "
                              f"{_g(theta)})"))
        elif xa == x:
            facts.append(Fact(f"backward_propagation was called at θ = {_g(ta)}",
                              f"grad at the θ the check was given, {_g(theta)}"))
        else:
            facts.append(Fact(f"backward_propagation was called as backward_propagation({_g(xa)}, {_g(ta)})",
                              f"backward_propagation(x, theta) = backward_propagation({_g(x)}, {_g(theta)})"))
        break
    return facts


# ----------------------------------------------------------------------------------- N-D gradient_check_n

def _entries(indices) -> str:
    indices = sorted(int(i) for i in indices)
    shown = ", ".join(map(str, indices[:5])) + (", ..." if len(indices) > 5 else "")
    return f"entr{'y' if len(indices) == 1 else 'ies'} {shown}"


def _n_forward(case: Case, record: tuple, n: int) -> list[Fact]:
    epsilon = epsilon_of(case)
    rows = rows_of(record, "forward_propagation_n")
    count = calls_of(record).get("forward_propagation_n", 0)
    if count == 0:
        return [Fact("gradient_check_n never called forward_propagation_n",
                     "J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus)), and the same for "
                     "J_minus[i], for every i")]
    facts = []
    if np.any(rows["X"] != 1) or np.any(rows["Y"] != 1):
        swapped = np.any(rows["X"] == 2)
        facts.append(Fact("forward_propagation_n was called as (Y, X, ...)" if swapped else
                          "forward_propagation_n was called with other inputs than the X and Y the check was given",
                          "forward_propagation_n(X, Y, parameters)"))
    single = rows["changed"] == 1
    steps = rows["first_change"][single]
    facts += _steps_breach(steps, epsilon, "in θ")
    several = np.flatnonzero(rows["changed"] > 1)
    entries = rows["first_entry"][single]
    if several.size:
        k = int(several[0])
        shifts = ", ".join(f"entry {int(rows[f'{p}_entry'][k])} by {_g(rows[f'{p}_change'][k])}"
                           for p in ("first", "second") if rows[f"{p}_entry"][k] >= 0)
        earlier = np.concatenate([rows["first_entry"][:k], rows["second_entry"][:k]])
        left = " (a shift from an earlier step was still in the vector)" if rows["first_entry"][k] in earlier else ""
        facts.append(Fact(f"at cost evaluation {k + 1}, θ differed from the θ the check was given in "
                          f"{int(rows['changed'][k])} entries, not 1 ({shifts}){left}",
                          "a fresh copy of θ for every evaluation (np.copy), with one entry shifted"))
    unchanged = int(np.sum(rows["changed"] == 0))
    if unchanged:
        facts.append(Fact(f"{unchanged} of the {count} cost evaluations {'was' if unchanged == 1 else 'were'} at θ "
                          f"itself (no entry changed)",
                          "each evaluation at θ with exactly one entry shifted by +ε or −ε"))
    if count != 2 * n:
        facts.append(Fact(f"the cost was evaluated {count} times for {n} parameters",
                          f"{2 * n} evaluations: two per parameter, at θ+ε and θ−ε in that entry"))
    if several.size:
        return facts  # which entries were shifted how is blurred by the shifts left behind
    never = sorted(set(range(n)) - {int(e) for e in entries})
    if never and len(never) < n:
        last = " (the last one)" if never == [n - 1] else " (the first one)" if never == [0] else ""
        facts.append(Fact(f"{_entries(never)}{last} of θ {'was' if len(never) == 1 else 'were'} never perturbed",
                          f"every entry 0 … {n - 1} shifted once by +ε and once by −ε"))
    one_way = sorted(int(e) for e in set(entries.astype(int))
                     if np.all(steps[entries == e] > 0) or np.all(steps[entries == e] < 0))
    if one_way:
        sign = "+ε" if np.all(steps[np.isin(entries, one_way)] > 0) else "−ε"
        facts.append(Fact(f"{_entries(one_way)} of θ {'was' if len(one_way) == 1 else 'were'} shifted only by {sign}",
                          "each entry shifted once by +ε and once by −ε"))
    return facts


def _n_gradients(record: tuple) -> list[Fact]:
    calls = calls_of(record)
    facts = []
    if calls.get("backward_propagation_n"):
        facts.append(Fact(f"gradient_check_n called backward_propagation_n {calls['backward_propagation_n']} time(s)",
                          "grad = gradients_to_vector(gradients): check the gradients passed in, do not compute "
                          "new ones"))
    elif not np.any(rows_of(record, "gradients_to_vector")["same_as_gradients"] == 1):
        facts.append(Fact("gradient_check_n never called gradients_to_vector(gradients)",
                          "grad = gradients_to_vector(gradients), the gradients to be checked"))
    return facts


# ---------------------------------------------------------------------------------------------- facts

def parameter_count(case: Case) -> int:
    """How many entries θ has in a gradient_check_n case."""
    parameters = case.args[0]
    return int(sum(np.size(v) for k, v in parameters.items() if isinstance(parameters, Mapping)
                   and str(k)[:1] in "Wb"))


def observe(case: Case, record: tuple | None) -> list[Fact]:
    """What the record of a call of ``case`` shows, as facts (empty when there is nothing to say)."""
    if case.exercise == "gradient_check":
        return _one_d_forward(case, record) + _one_d_backward(case, record)
    if case.exercise == "gradient_check_n":
        return _n_gradients(record) + _n_forward(case, record, parameter_count(case))
    return []
