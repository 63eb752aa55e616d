"""Running a student's function on one case, anywhere, and reducing what it did to plain data.

This is the half of the public tests that runs untrusted code: in the student's kernel, or in a grading
sandbox. It knows the cases and the trusted functions a case injects, and nothing of the correct solutions
or the catalogue of mistakes (``public_tests.judging`` has those and only ever sees plain data).
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cases import Case
from .environment import build_environment

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


# --------------------------------------------------------------------------------------- execution

@contextlib.contextmanager
def injected(namespace: MutableMapping[str, Any], names: dict[str, Any]) -> Iterator[None]:
    """Put ``names`` into ``namespace`` for the duration of the block, then restore it exactly."""
    saved = {key: namespace[key] for key in names if key in namespace}
    try:
        namespace.update(names)
        yield
    finally:
        for key in names:
            if key in saved:
                namespace[key] = saved[key]
            else:
                namespace.pop(key, None)


def execute(function: Callable, case: Case) -> Outcome:
    """Call ``function`` on ``case`` in this process, in the case's environment, silently."""
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(dict(case.kwargs))
    environment = build_environment(case.environment)
    namespace = getattr(function, "__globals__", {})
    with injected(namespace, environment), contextlib.redirect_stdout(io.StringIO()), \
            warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any failure of the student's code is reported, not raised
            return Outcome(error_type=type(error).__name__, error=str(error)[:500], inputs_after=normalise(list(args)))
    return Outcome(value=normalise(value), inputs_after=normalise(list(args)))
