"""Recording what a student's function did with the trusted functions of a case, as small plain data.

``public_tests.execution`` wraps every trusted function a case injects in a ``Recorder``. Each call is
read at the moment it is made (a student may change an array after passing it) and summarised in a few numbers
per call, so that a record stays small however large the network: for a cost evaluation of the N-D check, which
entries of θ differ from the θ the check was given and by how much, not the whole vector (the call keeps a flat
copy of its parameters; those columns are computed for all the calls at once when the record is made).

The record is a plain value in the grammar of ``execution.normalise``::

    ("dict", {"calls": ("dict", {name: ("scalar", how many calls)}),
              name: ("array", one row per call, at most MAX_ROWS rows), ...})

A function that was never called has no entry. The columns of each function's rows are in ``COLUMNS``; the
first is the call's position among all recorded calls (0, 1, 2, ...), so the order of calls is kept.

A call that the lesson's function would refuse (``forward_propagation(theta_plus)``: one argument where it takes
two) is refused with the ``TypeError`` the lesson's function raises (``public_tests.signatures``), and the first
such call is described under ``"refused"``: ``("dict", {"function": ("other", name), "arguments": ("sequence",
[one ARGUMENT per argument passed])})``, each ARGUMENT ``("dict", {"kind": ("other", "number" | "array" | "dict" |
"sequence" | "other"), ...})`` with its ``"value"`` (a number), ``"shape"`` (an array's), ``"keys"`` (a dict's
first keys), ``"length"`` and ``"type"`` (a sequence's or another object's), and ``"keyword"`` when it was passed
by keyword.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from gc_utils import dictionary_to_vector

from . import signatures
from .environment import end_reading, flat_parameters, share_reading

MAX_ROWS = 2000
"""Calls kept per function (the lesson's network needs 94 cost evaluations); later calls are only counted."""

PARAMETERS = signatures.PARAMETERS
"""The parameters of each trusted function, in order, as the lesson names them."""

COLUMNS = {
    "forward_propagation": ("order", "x", "theta"),
    "backward_propagation": ("order", "x", "theta"),
    "forward_propagation_n": ("order", "X", "Y", "changed", "first_entry", "first_change", "second_entry",
                              "second_change"),
    "backward_propagation_n": ("order",),
    "vector_to_dictionary": ("order", "length", "shapes_given"),
    "dictionary_to_vector": ("order", "same_as_parameters"),
    "gradients_to_vector": ("order", "same_as_gradients"),
}
"""Per function, what each column of its rows means:

- ``x``, ``theta``: the arguments of a 1-D call (NaN when not a real number);
- ``X``, ``Y``: 1 when the argument is the check's ``X`` (``Y``), 2 when it is the other one, 0 otherwise;
- ``changed``: in how many entries the parameters differ from the check's θ (-1: they could not be read);
- ``first_entry``, ``first_change`` (and ``second_...``): the first two entries that differ, and by how much
  (-1 and 0 when there are fewer);
- ``length``: the number of entries of the vector passed (-1: not an array); ``shapes_given``: 1 or 0;
- ``same_as_...``: 1 when the argument holds the check's own ``parameters`` (``gradients``), else 0.
"""

UNREADABLE = -1.0


def arguments(name: str, args: Sequence, kwargs: Mapping[str, Any]) -> list[Any]:
    """What a call of ``name`` passed for each of its parameters (``PARAMETERS``), in order: by keyword, else by
    position, else None (as far as they can be matched; the call itself decides)."""
    names = PARAMETERS[name]
    values = [*args[:len(names)], *[None] * (len(names) - len(args))]
    if kwargs:
        values = [kwargs.get(parameter, value) for parameter, value in zip(names, values)]
    return values


def _real(value: Any) -> float:
    """``value`` as a float, or NaN when it is not one real number."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return math.nan
    return float(array.reshape(-1)[0]) if array.size == 1 else math.nan


def _same(a: Any, b: np.ndarray | None) -> bool:
    """Whether ``a`` is an array of ``b``'s shape and entries (``np.array_equal``, without its overhead)."""
    try:
        return isinstance(a, np.ndarray) and b is not None and a.shape == b.shape and bool(np.asarray(a == b).all())
    except (TypeError, ValueError):
        return False


def _which(value: Any, mine: Any, other: Any, exact: tuple | None = None) -> float:
    """1 when ``value`` is ``mine``, 2 when it is ``other``, else 0 (the X/Y columns); ``exact`` is
    ``_exact(mine)``: a plain array with ``mine``'s bytes is then told to be ``mine`` without comparing entries."""
    if exact is not None and type(value) is np.ndarray and value.dtype == exact[0] and value.shape == exact[1] \
            and value.tobytes() == exact[2]:
        return 1.0
    return 1.0 if _same(value, mine) else 2.0 if _same(value, other) else 0.0


def _exact(array: np.ndarray) -> tuple | None:
    """``(dtype, shape, bytes)`` of ``array`` when equal bytes mean equal entries (booleans, integers, or floats
    without NaN, which is unequal to itself), else None."""
    if array.dtype.kind not in "biuf" or (array.dtype.kind == "f" and np.isnan(array).any()):
        return None
    return array.dtype, array.shape, array.tobytes()


def _flat(parameters: Any, shapes: Mapping[str, tuple]) -> np.ndarray | None:
    """The parameters as one flat vector (a copy), read in ``shapes``' order, or None if unreadable."""
    try:
        return flat_parameters(parameters, shapes)
    except Exception:  # noqa: BLE001 - anything unreadable is recorded as such
        return None


def round_off(original: np.ndarray) -> np.ndarray:
    """Per entry of ``original``, the difference that is still round-off (a restore ``θ + ε − ε``)."""
    return 1e-12 * np.maximum(1.0, np.abs(original))


UNREAD_PERTURBATION = (UNREADABLE, -1.0, 0.0, -1.0, 0.0)
"""The perturbation columns of a call whose parameters could not be read."""


def perturbations(thetas: Sequence[np.ndarray | None], original: np.ndarray | None,
                  tolerance: np.ndarray) -> np.ndarray:
    """``[changed, first_entry, first_change, second_entry, second_change]`` (see ``COLUMNS``) of each flat
    vector of ``thetas`` against θ (``original``), one row each, computed for all rows at once.

    An entry has changed when it differs from θ's by more than ``tolerance`` (``round_off(original)``). A vector
    that is None or not of θ's shape gets ``UNREAD_PERTURBATION``.
    """
    rows = np.tile(UNREAD_PERTURBATION, (len(thetas), 1))
    if original is None:
        return rows
    readable = np.array([k for k, theta in enumerate(thetas) if theta is not None and theta.shape == original.shape],
                        dtype=int)
    if not readable.size:
        return rows
    difference = np.stack([thetas[k] for k in readable]) - original
    changed = np.abs(difference) > tolerance
    counts = np.count_nonzero(changed, axis=1)
    rows[readable, 0] = counts
    for position, column in ((0, 1), (1, 3)):  # the first and the second changed entry, where there are that many
        index = changed.argmax(axis=1)  # the first True of each row (of those left)
        kept = np.flatnonzero(counts > position)
        rows[readable[kept], column] = index[kept]
        rows[readable[kept], column + 1] = difference[kept, index[kept]]
        changed[kept, index[kept]] = False
    return rows


class Recorder:
    """Wraps trusted functions so that each call of the student's code leaves a row (see ``COLUMNS``).

    Parameters
    ----------
    exercise : str
        The exercise being run (its arguments say what the "check's θ, X, Y" are).
    args : sequence
        The arguments the student's function receives, before the call.
    """

    def __init__(self, exercise: str, args: Sequence) -> None:
        self.rows: dict[str, list[list[float]]] = {}
        self.counts: dict[str, int] = {}
        self.calls = 0
        self.refused: tuple | None = None
        """The first call the lesson's function would have refused, described (see the module docstring)."""
        self._depth = 0
        self._theta = self._X = self._Y = self._parameters = self._gradients = self._shapes = None
        self._blocks: tuple = ()
        self._tolerance = self._exact_X = self._exact_Y = None
        self._thetas: list[np.ndarray | None] = []
        """Per recorded row of forward_propagation_n, the flat parameters of the call (a copy made at the call):
        its perturbation columns are computed for all rows at once, in ``plain``."""
        if exercise == "gradient_check_n" and len(args) >= 4:
            parameters, gradients, X, Y = args[:4]
            self._theta, keys = _flat_and_keys(parameters)
            self._shapes = {k: np.shape(parameters[k]) for k in keys} if self._theta is not None else None
            self._blocks = tuple(self._shapes.items()) if self._shapes is not None else ()
            self._parameters, self._gradients = _copied(parameters), _copied(gradients)
            self._X, self._Y = np.array(X), np.array(Y)
            self._exact_X, self._exact_Y = _exact(self._X), _exact(self._Y)
            self._tolerance = None if self._theta is None else round_off(self._theta)

    def wrap(self, name: str, function: Callable) -> Callable:
        """``function``, recording each call made from outside the trusted functions."""

        row = getattr(self, f"_row_{name}", self._row_other)  # the columns of ``name``'s rows (``COLUMNS``)
        rows = self.rows.setdefault(name, [])

        def recorded(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self.counts[name] = self.counts.get(name, 0) + 1
            if len(rows) < MAX_ROWS:
                rows.append([float(self.calls), *row(args, kwargs)])
            self.calls += 1
            refused = signatures.refusal(name, args, kwargs)
            if refused is not None:
                end_reading()
                if self.refused is None:
                    self.refused = refused_call(name, args, kwargs)
                raise TypeError(str(refused)) from None
            self._depth += 1
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                end_reading()

        recorded.__name__ = recorded.__qualname__ = name
        recorded.__doc__ = function.__doc__
        return recorded

    # One method per trusted function: the columns after ``order`` of a call's row, from its arguments.

    def _row_forward_propagation(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        x, theta = arguments("forward_propagation", args, kwargs)
        return [_real(x), _real(theta)]

    _row_backward_propagation = _row_forward_propagation  # the same parameters, (x, theta), the same columns

    def _row_forward_propagation_n(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        X, Y, parameters = arguments("forward_propagation_n", args, kwargs)
        row = [_which(X, self._X, self._Y, self._exact_X), _which(Y, self._Y, self._X, self._exact_Y),
               *UNREAD_PERTURBATION]  # the perturbation columns are filled in by ``plain``
        flat = None if self._theta is None or self._shapes is None else _flat(parameters, self._shapes)
        self._thetas.append(flat)
        if flat is not None:  # read last: from here to the call, only the grader's code runs
            share_reading(parameters, self._blocks, flat)
        return row

    def _row_vector_to_dictionary(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        theta, shapes = arguments("vector_to_dictionary", args, kwargs)
        length = float(theta.shape[0]) if isinstance(theta, np.ndarray) and theta.ndim else UNREADABLE
        return [length, float(shapes is not None)]

    def _row_dictionary_to_vector(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        (parameters,) = arguments("dictionary_to_vector", args, kwargs)
        return [float(_same_dict(parameters, self._parameters))]

    def _row_gradients_to_vector(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        (gradients,) = arguments("gradients_to_vector", args, kwargs)
        return [float(_same_dict(gradients, self._gradients))]

    def _row_other(self, args: Sequence, kwargs: Mapping[str, Any]) -> list[float]:
        return []

    def plain(self) -> tuple | None:
        """The record (see the module docstring), or None when no trusted function was called."""
        if not self.counts:
            return None
        record: dict[str, tuple] = {"calls": ("dict", {k: ("scalar", float(v)) for k, v in self.counts.items()})}
        for name, rows in self.rows.items():
            if name not in self.counts:  # wrapped, never called: no entry
                continue
            record[name] = ("array", np.array(rows, dtype=float).reshape(len(rows), len(COLUMNS[name])))
        if self._thetas and self._theta is not None and self._tolerance is not None:
            record["forward_propagation_n"][1][:, 3:] = perturbations(self._thetas, self._theta, self._tolerance)
        if self.refused is not None:
            record["refused"] = self.refused
        return ("dict", record)


MAX_KEYS = 8
"""Keys of a dict argument named in the description of a refused call."""


def describe_argument(value: Any, keyword: str | None = None) -> tuple:
    """An argument of a refused call as plain data (see the module docstring), without calling any of its methods."""
    entry: dict[str, tuple] = {} if keyword is None else {"keyword": ("other", keyword)}
    if isinstance(value, (bool, np.bool_)):
        entry.update(kind=("other", "other"), type=("other", type(value).__name__))
    elif isinstance(value, (int, float, np.integer, np.floating)) or (
            isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"):
        entry.update(kind=("other", "number"), value=("scalar", float(value)))
    elif isinstance(value, np.ndarray):
        entry.update(kind=("other", "array"), shape=("array", np.array(value.shape, dtype=float)))
    elif isinstance(value, Mapping):
        keys = [key if isinstance(key, str) else type(key).__name__ for key in list(value)[:MAX_KEYS + 1]]
        shown = ", ".join(keys[:MAX_KEYS]) + (", …" if len(keys) > MAX_KEYS else "")
        entry.update(kind=("other", "dict"), keys=("other", shown))
    elif isinstance(value, (tuple, list)):
        entry.update(kind=("other", "sequence"), type=("other", type(value).__name__),
                     length=("scalar", float(len(value))))
    else:
        entry.update(kind=("other", "other"), type=("other", type(value).__name__))
    return ("dict", entry)


def refused_call(name: str, args: Sequence, kwargs: Mapping[str, Any]) -> tuple:
    """A refused call of ``name`` as plain data: the function and what was passed, in order."""
    described = [describe_argument(value) for value in args]
    described += [describe_argument(value, str(keyword)) for keyword, value in kwargs.items()]
    return ("dict", {"function": ("other", name), "arguments": ("sequence", described)})


def _flat_and_keys(parameters: Any) -> tuple[np.ndarray | None, list[str]]:
    """The parameters as one flat vector and the names of their blocks in packing order (W1, b1, W2, ...), or
    None and no names if unreadable."""
    try:
        theta, keys = dictionary_to_vector(parameters)
        return np.asarray(theta, dtype=float).reshape(-1), list(dict.fromkeys(keys))
    except Exception:  # noqa: BLE001 - anything unreadable is recorded as such
        return None, []


def _copied(arrays: Any) -> dict[str, np.ndarray] | None:
    return {key: np.array(value) for key, value in arrays.items()} if isinstance(arrays, Mapping) else None


def _same_dict(value: Any, mine: Mapping | None) -> bool:
    """Whether the dict ``value`` holds the arrays of ``mine`` (other keys allowed)."""
    if not isinstance(value, Mapping) or mine is None:
        return False
    return all(key in value and _same(np.asarray(value[key]), array) for key, array in mine.items())
