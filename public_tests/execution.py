"""Running a student's function on one case, anywhere, and reducing what it did to plain data.

This is the half of the public tests that runs untrusted code: in the student's kernel, or in a grading
sandbox. It knows the cases and the trusted functions a case injects, and nothing of the correct solutions
or the catalogue of mistakes (``public_tests.judging`` has those and only ever sees plain data).
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import operator
import types
import warnings
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np

import gc_utils
from gc_utils import network
from gc_utils.injection import Replacement, injected_in

from .cases import Case
from .environment import REAL_FUNCTIONS, build_environment
from .recording import Recorder

# ------------------------------------------------------------------------------------- plain data

MAX_DEPTH = 3


def normalise(value: Any, depth: int = 0) -> tuple:
    """Reduce a returned value to plain data: ``("scalar", float)``, ``("array", ndarray)``, ``("none",)``,
    ``("dict", {str: ...})``, ``("sequence", [...])`` or ``("other", description)``."""
    if value is None:
        return ("none",)
    if isinstance(value, (bool, np.bool_)):
        return ("other", f"a boolean ({value})")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ("scalar", float(value))
    if isinstance(value, (complex, np.complexfloating)):
        return ("other", f"a complex number ({complex(value):.3g})")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iuf":
            if value.ndim == 0:
                return ("scalar", float(value))
            return ("array", np.array(value, dtype=float))
        return ("other", f"an array of dtype {value.dtype} and shape {value.shape}")
    if depth < MAX_DEPTH and isinstance(value, dict):
        return ("dict", {str(key): normalise(item, depth + 1) for key, item in value.items()})
    if depth < MAX_DEPTH and isinstance(value, (tuple, list)):
        return ("sequence", [normalise(item, depth + 1) for item in value])
    return ("other", f"a {type(value).__name__}")


@dataclass
class Outcome:
    """What one call did: the normalised return value or the exception, and the inputs afterwards."""

    value: tuple | None = None
    error_type: str | None = None
    error: str | None = None
    inputs_after: tuple | None = None
    record: tuple | None = None
    """What the call did, observed from inside its process (calls of the trusted functions...): a plain value
    of the same grammar as ``value``. Judged like a value: it can show a mistake, never prove a function right."""

    @property
    def returned(self) -> tuple:
        """The plain value returned: ``value``, or ``("none",)`` (nothing returned) when the call raised."""
        return self.value if self.value is not None else ("none",)


# --------------------------------------------------------------------------------------- execution

def replacements(namespace: MutableMapping[str, Any], trusted: dict[str, Callable]) -> list[Replacement]:
    """Where the student's code can reach each trusted function, and what to put there.

    Its bare name in ``namespace``; any other name there bound to gc_utils' own function (``from gc_utils
    import vector_to_dictionary as v2d``); and that function's attribute in ``gc_utils``, ``gc_utils.network``
    and any other module the namespace holds (``import gc_utils as g; g.vector_to_dictionary``).
    """
    found: list[Replacement] = [(namespace, name, function) for name, function in trusted.items()]
    modules = {id(m): m for m in (gc_utils, network, *(v for v in list(namespace.values())
                                                       if isinstance(v, types.ModuleType)))}
    for name, function in trusted.items():
        real = REAL_FUNCTIONS.get(name)
        if real is None:
            continue
        found += [(namespace, key, function) for key in keys_bound_to(namespace, real) if key != name]
        for module in modules.values():
            found += [(vars(module), key, function) for key in keys_bound_to(vars(module), real)]
    return found


def keys_bound_to(mapping: MutableMapping[str, Any], value: Any) -> list[str]:
    """The keys of ``mapping`` bound to ``value`` itself, in order (C-level loops: numpy has ~500 names).

    By ``operator.is_``, not ``id``: in a grading child every call of ``id`` is an audit event, which the child's
    Python-level audit hook sees.
    """
    return list(itertools.compress(mapping, map(operator.is_, mapping.values(), itertools.repeat(value))))


def execute(function: Callable, case: Case) -> Outcome:
    """Call ``function`` on ``case`` in this process, in the case's environment, silently, recording the
    calls it makes to the case's trusted functions (``Outcome.record``)."""
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(dict(case.kwargs))
    recorder = Recorder(case.exercise, args)
    trusted = {name: recorder.wrap(name, f) for name, f in build_environment(case.environment).items()}
    namespace = getattr(function, "__globals__", {})
    with injected_in(replacements(namespace, trusted)), contextlib.redirect_stdout(io.StringIO()), \
            warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any failure of the student's code is reported, not raised
            return Outcome(error_type=type(error).__name__, error=str(error)[:500], inputs_after=normalise(list(args)),
                           record=recorder.plain())
    return Outcome(value=normalise(value), inputs_after=normalise(list(args)), record=recorder.plain())
