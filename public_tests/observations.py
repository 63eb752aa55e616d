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
from .messages import text
from .recording import COLUMNS

DEFAULT_EPSILON = 1e-7


@dataclass(frozen=True)
class Fact:
    """What was observed, then what was expected."""

    observed: str
    expected: str
    breach: bool = False

    def __str__(self) -> str:
        return text("fact", observed=self.observed, expected=self.expected)


# ------------------------------------------------------------------------------------------- the record

def calls_of(record: tuple | None) -> dict[str, int]:
    """Function name -> how many times the student's code called it."""
    if not record or record[0] != "dict" or "calls" not in record[1]:
        return {}
    return {name: int(value[1]) for name, value in record[1]["calls"][1].items() if value[0] == "scalar"}


def check_record(record: tuple | None) -> None:
    """ValueError unless ``record`` has the grammar ``recording.Recorder.plain`` gives a record: None, or a dict whose
    ``calls`` maps function names to counts, whose rows are 2-D arrays of their function's columns, and whose refused
    call (if any) names its function. What a run makes always has it; a record forged by a submission may not."""
    if record is None:
        return
    if record[0] != "dict" or "calls" not in record[1] or record[1]["calls"][0] != "dict":
        raise ValueError("a record of calls without its counts")
    if any(name not in COLUMNS or count[0] != "scalar" for name, count in record[1]["calls"][1].items()):
        raise ValueError("a record of calls with counts of unknown functions")
    for name, entry in record[1].items():
        if name == "refused":
            if entry[0] != "dict" or entry[1].get("function", ("none",))[0] != "other":
                raise ValueError("a record of a refused call without its function")
        elif name != "calls" and (name not in COLUMNS or entry[0] != "array" or entry[1].ndim != 2
                                  or entry[1].shape[1] != len(COLUMNS[name])):
            raise ValueError(f"a record of calls with rows of the wrong shape for {name[:40]!r}")


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
    return [Fact(text("obs.steps.observed", epsilon=epsilon, where=text(where), sizes=sizes),
                 text("obs.steps.expected"), breach=not any(right))]


# ----------------------------------------------------------------------------------- 1-D gradient_check

_COSTS = {"linear_forward": "obs.cost.linear", "cubic_forward": "obs.cost.cubic"}


def _cost_name(case: Case) -> str:
    builder = next((b for name, b, _ in case.environment if name == "forward_propagation"), "")
    return text(_COSTS.get(builder, "obs.cost.own"))


def _one_d_forward(case: Case, record: tuple) -> list[Fact]:
    x, theta = (float(a) for a in case.args[:2])
    epsilon = epsilon_of(case)
    rows = rows_of(record, "forward_propagation")
    if rows["order"].size == 0:
        return [Fact(text("obs.no_forward"), text("obs.no_forward.expected", cost=_cost_name(case)))]
    facts, points = [], []
    for xa, ta in zip(rows["x"], rows["theta"]):
        if xa == x or math.isnan(xa):
            points.append(ta)
        elif ta == x:
            facts.append(Fact(text("obs.forward_swapped", a=_g(xa), b=_g(ta)),
                              text("obs.forward_swapped.expected", x=_g(x), theta=_g(xa))))
            points.append(xa)
        else:
            facts.append(Fact(text("obs.forward_other_x", value=_g(xa)), text("obs.forward_other_x.expected", x=_g(x))))
            points.append(ta)
    steps = np.array(points, dtype=float) - theta
    facts += _steps_breach(steps, epsilon, "obs.steps.from_theta")
    plus = int(sum(s > 0 for s in steps))
    minus = int(sum(s < 0 for s in steps))
    at_theta = int(sum(s == 0 for s in steps))
    if minus == 0 or plus == 0:
        seen = [text("obs.times.many" if count > 1 else "obs.times.one", count=count, where=where)
                for count, where in ((plus, "θ+ε"), (minus, "θ−ε"), (at_theta, text("obs.at_theta"))) if count]
        one_sided = text("obs.one_sided") if at_theta else ""
        facts.append(Fact(text("obs.evaluated", seen=", ".join(seen) or text("obs.nowhere"), one_sided=one_sided),
                          text("obs.evaluated.expected")))
    return facts


def _one_d_backward(case: Case, record: tuple) -> list[Fact]:
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

def _entries(indices) -> str:
    indices = sorted(int(i) for i in indices)
    shown = ", ".join(map(str, indices[:5])) + (", ..." if len(indices) > 5 else "")
    return text("obs.entries.one" if len(indices) == 1 else "obs.entries.many", shown=shown)


def _n_forward(case: Case, record: tuple, n: int) -> list[Fact]:
    epsilon = epsilon_of(case)
    rows = rows_of(record, "forward_propagation_n")
    count = calls_of(record).get("forward_propagation_n", 0)
    if count == 0:
        return [Fact(text("obs.no_forward_n"), text("obs.no_forward_n.expected"))]
    facts = []
    if np.any(rows["X"] != 1) or np.any(rows["Y"] != 1):
        swapped = np.any(rows["X"] == 2)
        facts.append(Fact(text("obs.forward_n_swapped" if swapped else "obs.forward_n_other"),
                          text("obs.forward_n.expected")))
    single = rows["changed"] == 1
    steps = rows["first_change"][single]
    facts += _steps_breach(steps, epsilon, "obs.steps.in_theta")
    several = np.flatnonzero(rows["changed"] > 1)
    entries = rows["first_entry"][single]
    if several.size:
        k = int(several[0])
        shifts = ", ".join(text("obs.shift", entry=int(rows[f"{p}_entry"][k]), change=_g(rows[f"{p}_change"][k]))
                           for p in ("first", "second") if rows[f"{p}_entry"][k] >= 0)
        earlier = np.concatenate([rows["first_entry"][:k], rows["second_entry"][:k]])
        left = text("obs.left_behind") if rows["first_entry"][k] in earlier else ""
        facts.append(Fact(text("obs.several", k=k + 1, changed=int(rows["changed"][k]), shifts=shifts, left=left),
                          text("obs.several.expected")))
    unchanged = int(np.sum(rows["changed"] == 0))
    if unchanged:
        facts.append(Fact(text("obs.unchanged.one" if unchanged == 1 else "obs.unchanged.many", unchanged=unchanged,
                               count=count), text("obs.unchanged.expected")))
    if count != 2 * n:
        facts.append(Fact(text("obs.count", count=count, n=n), text("obs.count.expected", twice=2 * n)))
    if several.size:
        return facts  # which entries were shifted how is blurred by the shifts left behind
    never = sorted(set(range(n)) - {int(e) for e in entries})
    if never and len(never) < n:
        last = text("obs.the_last") if never == [n - 1] else text("obs.the_first") if never == [0] else ""
        facts.append(Fact(text("obs.never.one" if len(never) == 1 else "obs.never.many", entries=_entries(never),
                               which=last), text("obs.never.expected", last=n - 1)))
    one_way = sorted(int(e) for e in set(entries.astype(int))
                     if np.all(steps[entries == e] > 0) or np.all(steps[entries == e] < 0))
    if one_way:
        sign = "+ε" if np.all(steps[np.isin(entries, one_way)] > 0) else "−ε"
        facts.append(Fact(text("obs.one_way.one" if len(one_way) == 1 else "obs.one_way.many",
                               entries=_entries(one_way), sign=sign), text("obs.one_way.expected")))
    return facts


def _n_gradients(record: tuple) -> list[Fact]:
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


def refused_call(record: tuple | None) -> Fact | None:
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


def observe(case: Case, record: tuple | None) -> list[Fact]:
    """What the record of a call of ``case`` shows, as facts (empty when there is nothing to say)."""
    if case.exercise == "gradient_check":
        return _one_d_forward(case, record) + _one_d_backward(case, record)
    if case.exercise == "gradient_check_n":
        return _n_gradients(record) + _n_forward(case, record, parameter_count(case))
    return []
