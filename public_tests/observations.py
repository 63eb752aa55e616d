"""Facts about what a student's check did, read from the record of its calls (``public_tests.recording``).

Each fact says what the code did, in the student's terms, and what it should have done. It is plain data in,
plain text out: the grader reads records sent by a sandboxed child with the same functions. A fact is an
observation, so it is certain; whether it is *the* mistake is for the message to weigh. A fact marked
``breach`` breaks the exercise's contract by itself (the check took steps other than the ε it was given), so
it fails the case even when the returned value happens to agree.

The facts are rules: small functions of what was recorded that return a ``Fact`` or None, listed in the order
their facts are said (``ONE_D_FORWARD_RULES``, ``N_FORWARD_RULES``). A new fact is one rule added to its list,
and one test (``tests/test_observations.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cases import Case
from .messages import text
from .recording import COLUMNS

DEFAULT_EPSILON = 1e-7

Record = tuple | None
"""A record of calls in the grammar of ``recording.Recorder.plain`` (None: no trusted function was called)."""


@dataclass(frozen=True)
class Fact:
    """What was observed, then what was expected."""

    observed: str
    expected: str
    breach: bool = False

    def __str__(self) -> str:
        return text("fact", observed=self.observed, expected=self.expected)


# ------------------------------------------------------------------------------------------- the record

def calls_of(record: Record) -> dict[str, int]:
    """Function name -> how many times the student's code called it."""
    if not record or record[0] != "dict" or "calls" not in record[1]:
        return {}
    return {name: int(value[1]) for name, value in record[1]["calls"][1].items() if value[0] == "scalar"}


def check_record(record: Record) -> None:
    """ValueError unless ``record`` has the grammar ``recording.Recorder.plain`` gives a record: None, or a dict whose
    ``calls`` maps function names to counts, whose rows are 2-D arrays of their function's columns, and whose refused
    call (if any) names its function. What a run makes always has it; a record forged by a submission may not."""
    if record is None:
        return
    _check_counts(record)
    for name, entry in record[1].items():
        if name == "refused":
            _check_refused(entry)
        elif name != "calls":
            _check_rows(name, entry)


def _check_counts(record: tuple) -> None:
    if record[0] != "dict" or "calls" not in record[1] or record[1]["calls"][0] != "dict":
        raise ValueError("a record of calls without its counts")
    if any(name not in COLUMNS or count[0] != "scalar" for name, count in record[1]["calls"][1].items()):
        raise ValueError("a record of calls with counts of unknown functions")


def _check_refused(entry: tuple) -> None:
    if entry[0] != "dict" or entry[1].get("function", ("none",))[0] != "other":
        raise ValueError("a record of a refused call without its function")


def _check_rows(name: str, entry: tuple) -> None:
    if name not in COLUMNS or entry[0] != "array" or entry[1].ndim != 2 or entry[1].shape[1] != len(COLUMNS[name]):
        raise ValueError(f"a record of calls with rows of the wrong shape for {name[:40]!r}")


def rows_of(record: Record, name: str) -> dict[str, np.ndarray]:
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


def steps_breach(steps: np.ndarray, epsilon: float, where: str) -> Fact | None:
    """A fact when some nonzero steps taken are not ±ε; a breach when none of them is."""
    taken = np.abs(steps[np.abs(steps) > 0])
    right = [_is_step(s, epsilon) for s in taken]
    if taken.size == 0 or all(right):
        return None
    sizes = ", ".join(_g(s) for s in sorted(set(np.round(taken, 15)))[:3])
    return Fact(text("obs.steps.observed", epsilon=epsilon, where=text(where), sizes=sizes),
                text("obs.steps.expected"), breach=not any(right))


def _said(rules: Iterable[Callable[[Any], Fact | None]], subject: Any) -> list[Fact]:
    """The facts the rules find in ``subject``, in the rules' order."""
    return [fact for rule in rules if (fact := rule(subject)) is not None]


# ----------------------------------------------------------------------------------- 1-D gradient_check

_COSTS = {"linear_forward": "obs.cost.linear", "cubic_forward": "obs.cost.cubic"}


def _cost_name(case: Case) -> str:
    builder = next((b for name, b, _ in case.environment if name == "forward_propagation"), "")
    return text(_COSTS.get(builder, "obs.cost.own"))


def one_d_call(x: float, xa: float, ta: float) -> tuple[Fact | None, float]:
    """One recorded ``forward_propagation(xa, ta)`` of a case whose input is ``x``: the θ it evaluated the cost at,
    and a fact when it was not given the case's x (the arguments swapped, or another x)."""
    if xa == x or math.isnan(xa):
        return None, ta
    if ta == x:
        return Fact(text("obs.forward_swapped", a=_g(xa), b=_g(ta)),
                    text("obs.forward_swapped.expected", x=_g(x), theta=_g(xa))), xa
    return Fact(text("obs.forward_other_x", value=_g(xa)), text("obs.forward_other_x.expected", x=_g(x))), ta


@dataclass(frozen=True)
class OneDSteps:
    """Where a 1-D check evaluated the cost: each evaluation's θ minus the case's θ, and the case's ε."""

    steps: np.ndarray
    epsilon: float


def steps_not_epsilon_1d(evaluated: OneDSteps) -> Fact | None:
    """Steps from θ other than ±ε."""
    return steps_breach(evaluated.steps, evaluated.epsilon, "obs.steps.from_theta")


def one_sided_1d(evaluated: OneDSteps) -> Fact | None:
    """The cost was not evaluated on both sides of θ: where it was, and how often."""
    steps = evaluated.steps
    plus, minus, at_theta = int(sum(steps > 0)), int(sum(steps < 0)), int(sum(steps == 0))
    if minus and plus:
        return None
    seen = [text("obs.times.many" if count > 1 else "obs.times.one", count=count, where=where)
            for count, where in ((plus, "θ+ε"), (minus, "θ−ε"), (at_theta, text("obs.at_theta"))) if count]
    one_sided = text("obs.one_sided") if at_theta else ""
    return Fact(text("obs.evaluated", seen=", ".join(seen) or text("obs.nowhere"), one_sided=one_sided),
                text("obs.evaluated.expected"))


ONE_D_FORWARD_RULES: tuple[Callable[[OneDSteps], Fact | None], ...] = (steps_not_epsilon_1d, one_sided_1d)
"""The facts about where a 1-D check evaluated the cost, in the order they are said."""


def _one_d_forward(case: Case, record: Record) -> list[Fact]:
    x, theta = (float(a) for a in case.args[:2])
    rows = rows_of(record, "forward_propagation")
    if rows["order"].size == 0:
        return [Fact(text("obs.no_forward"), text("obs.no_forward.expected", cost=_cost_name(case)))]
    calls = [one_d_call(x, xa, ta) for xa, ta in zip(rows["x"], rows["theta"])]
    evaluated = OneDSteps(np.array([point for _, point in calls], dtype=float) - theta, epsilon_of(case))
    return [fact for fact, _ in calls if fact is not None] + _said(ONE_D_FORWARD_RULES, evaluated)


def _one_d_backward(case: Case, record: Record) -> list[Fact]:
    x, theta = (float(a) for a in case.args[:2])
    rows = rows_of(record, "backward_propagation")
    if rows["order"].size == 0:
        return [Fact(text("obs.no_backward"), text("obs.no_backward.expected"))]
    facts = []
    for xa, ta in zip(rows["x"], rows["theta"]):
        if xa == x and ta == theta or math.isnan(xa) or math.isnan(ta):
            continue
        if xa == theta and ta == x:
            facts.append(Fact(text("obs.backward_swapped", a=_g(xa), b=_g(ta)),
                              text("obs.backward.expected", x=_g(x), theta=_g(theta))))
        elif xa == x:
            facts.append(Fact(text("obs.backward_other_theta", value=_g(ta)),
                              text("obs.backward_other_theta.expected", theta=_g(theta))))
        else:
            facts.append(Fact(text("obs.backward_other", a=_g(xa), b=_g(ta)),
                              text("obs.backward.expected", x=_g(x), theta=_g(theta))))
        break
    return facts


# ----------------------------------------------------------------------------------- N-D gradient_check_n

def _entries(indices: Iterable[int]) -> str:
    ordered = sorted(int(i) for i in indices)
    shown = ", ".join(map(str, ordered[:5])) + (", ..." if len(ordered) > 5 else "")
    return text("obs.entries.one" if len(ordered) == 1 else "obs.entries.many", shown=shown)


@dataclass(frozen=True)
class CostCalls:
    """The recorded evaluations of ``forward_propagation_n`` by an N-D check (``recording.COLUMNS``), with the
    number of calls (``count``: also those past the rows kept), the number of parameters ``n`` and the case's ε."""

    rows: Mapping[str, np.ndarray]
    count: int
    n: int
    epsilon: float

    @property
    def single(self) -> np.ndarray:
        """Which evaluations shifted exactly one entry of θ."""
        return self.rows["changed"] == 1

    @property
    def steps(self) -> np.ndarray:
        """The step of each evaluation that shifted one entry."""
        return self.rows["first_change"][self.single]

    @property
    def entries(self) -> np.ndarray:
        """The entry each evaluation that shifted one entry shifted."""
        return self.rows["first_entry"][self.single]

    @property
    def several(self) -> np.ndarray:
        """The positions of the evaluations that shifted several entries at once."""
        return np.flatnonzero(self.rows["changed"] > 1)


def wrong_data(calls: CostCalls) -> Fact | None:
    """The cost was evaluated on other data than the check's X and Y (swapped, or others)."""
    if not (np.any(calls.rows["X"] != 1) or np.any(calls.rows["Y"] != 1)):
        return None
    swapped = np.any(calls.rows["X"] == 2)
    return Fact(text("obs.forward_n_swapped" if swapped else "obs.forward_n_other"), text("obs.forward_n.expected"))


def steps_not_epsilon(calls: CostCalls) -> Fact | None:
    """Single-entry shifts of θ other than ±ε."""
    return steps_breach(calls.steps, calls.epsilon, "obs.steps.in_theta")


def several_shifted(calls: CostCalls) -> Fact | None:
    """An evaluation shifted several entries at once (the first such one), and whether a shift was left behind."""
    if not calls.several.size:
        return None
    rows, k = calls.rows, int(calls.several[0])
    shifts = ", ".join(text("obs.shift", entry=int(rows[f"{p}_entry"][k]), change=_g(rows[f"{p}_change"][k]))
                       for p in ("first", "second") if rows[f"{p}_entry"][k] >= 0)
    earlier = np.concatenate([rows["first_entry"][:k], rows["second_entry"][:k]])
    left = text("obs.left_behind") if rows["first_entry"][k] in earlier else ""
    return Fact(text("obs.several", k=k + 1, changed=int(rows["changed"][k]), shifts=shifts, left=left),
                text("obs.several.expected"))


def theta_unchanged(calls: CostCalls) -> Fact | None:
    """Evaluations at θ itself."""
    unchanged = int(np.sum(calls.rows["changed"] == 0))
    if not unchanged:
        return None
    return Fact(text("obs.unchanged.one" if unchanged == 1 else "obs.unchanged.many", unchanged=unchanged,
                     count=calls.count), text("obs.unchanged.expected"))


def wrong_count(calls: CostCalls) -> Fact | None:
    """Not 2n evaluations."""
    if calls.count == 2 * calls.n:
        return None
    return Fact(text("obs.count", count=calls.count, n=calls.n), text("obs.count.expected", twice=2 * calls.n))


def never_shifted(calls: CostCalls) -> Fact | None:
    """Entries of θ no evaluation shifted (some, not all: none shifted is said by the count and the unchanged θ).
    Silent when an evaluation shifted several entries: the shifts left behind blur which entry was shifted how."""
    if calls.several.size:
        return None
    n = calls.n
    never = sorted(set(range(n)) - {int(e) for e in calls.entries})
    if not never or len(never) == n:
        return None
    last = text("obs.the_last") if never == [n - 1] else text("obs.the_first") if never == [0] else ""
    return Fact(text("obs.never.one" if len(never) == 1 else "obs.never.many", entries=_entries(never), which=last),
                text("obs.never.expected", last=n - 1))


def shifted_one_way(calls: CostCalls) -> Fact | None:
    """Entries shifted only by +ε, or only by −ε (silent, as ``never_shifted``, after a shift of several)."""
    if calls.several.size:
        return None
    steps, entries = calls.steps, calls.entries
    one_way = sorted(int(e) for e in set(entries.astype(int))
                     if np.all(steps[entries == e] > 0) or np.all(steps[entries == e] < 0))
    if not one_way:
        return None
    sign = "+ε" if np.all(steps[np.isin(entries, one_way)] > 0) else "−ε"
    return Fact(text("obs.one_way.one" if len(one_way) == 1 else "obs.one_way.many", entries=_entries(one_way),
                     sign=sign), text("obs.one_way.expected"))


N_FORWARD_RULES: tuple[Callable[[CostCalls], Fact | None], ...] = (
    wrong_data, steps_not_epsilon, several_shifted, theta_unchanged, wrong_count, never_shifted, shifted_one_way)
"""The facts about the cost evaluations of an N-D check, in the order they are said."""


def _n_forward(case: Case, record: Record, n: int) -> list[Fact]:
    count = calls_of(record).get("forward_propagation_n", 0)
    if count == 0:
        return [Fact(text("obs.no_forward_n"), text("obs.no_forward_n.expected"))]
    return _said(N_FORWARD_RULES, CostCalls(rows_of(record, "forward_propagation_n"), count, n, epsilon_of(case)))


def _n_gradients(record: Record) -> list[Fact]:
    calls = calls_of(record)
    facts = []
    if calls.get("backward_propagation_n"):
        facts.append(Fact(text("obs.backward_n_called", count=calls["backward_propagation_n"]),
                          text("obs.backward_n_called.expected")))
    elif not np.any(rows_of(record, "gradients_to_vector")["same_as_gradients"] == 1):
        facts.append(Fact(text("obs.no_gradients_to_vector"), text("obs.no_gradients_to_vector.expected")))
    return facts


# ------------------------------------------------------------------------------------ a refused call

def _argument(plain: tuple) -> str:
    """One argument of a refused call (``recording.describe_argument``), as the message shows it."""
    entry = plain[1] if plain[0] == "dict" else {}
    kind = entry.get("kind", ("other", "other"))[1]
    field = lambda key, default="": entry[key][1] if key in entry else default  # noqa: E731
    if kind == "number":
        shown = _g(field("value", math.nan))
    elif kind == "array":
        shown = text("arg.array", shape=tuple(int(n) for n in field("shape", np.zeros(0))))
    elif kind == "dict":
        shown = text("arg.dict", keys=field("keys"))
    elif kind == "sequence":
        shown = text("arg.sequence", type=field("type"), length=int(field("length", 0)))
    else:
        shown = text("arg.other", type=field("type"))
    return f"{field('keyword')}={shown}" if "keyword" in entry else shown


def refused_call(record: Record) -> Fact | None:
    """The call of a trusted function that its lesson's signature refused: how it was called, what it takes."""
    entry = record[1].get("refused") if record and record[0] == "dict" else None
    if not entry or entry[0] != "dict" or "function" not in entry[1]:
        return None
    name = entry[1]["function"][1]
    arguments = entry[1].get("arguments", ("sequence", []))[1]
    call = f"{name}({', '.join(_argument(a) for a in arguments)})"
    count = len(arguments)
    key = "obs.refused.none" if count == 0 else "obs.refused.one" if count == 1 else "obs.refused.many"
    return Fact(text(key, function=name, count=count, call=call), text(f"call.{name}"))


# ---------------------------------------------------------------------------------------------- facts

def parameter_count(case: Case) -> int:
    """How many entries θ has in a gradient_check_n case."""
    parameters = case.args[0]
    return int(sum(np.size(v) for k, v in parameters.items() if isinstance(parameters, Mapping)
                   and str(k)[:1] in "Wb"))


def observe(case: Case, record: Record) -> list[Fact]:
    """What the record of a call of ``case`` shows, as facts (empty when there is nothing to say)."""
    if case.exercise == "gradient_check":
        return _one_d_forward(case, record) + _one_d_backward(case, record)
    if case.exercise == "gradient_check_n":
        return _n_gradients(record) + _n_forward(case, record, parameter_count(case))
    return []
