"""The child's ``Snapshot`` finds every change to a guarded module, also those its fast paths have to hand on.

Each test guards a module of its own (registered in ``sys.modules`` for the test only), so that no real module is
touched. ``expected_changes`` is the definition the grader documents, computed independently of the snapshot.
"""

from __future__ import annotations

import math
import random
import sys
import types

import pytest

from gc_grader import child

NAME = "guarded_for_the_test"


@pytest.fixture
def guarded(monkeypatch):
    """A guarded module with a few entries (a function, numbers, a submodule) and a snapshot taken of it."""
    module = types.ModuleType(NAME)
    module.__dict__.update(sqrt=math.sqrt, pi=math.pi, answer=42, sub=types.ModuleType("sub"), last=len)
    monkeypatch.setitem(sys.modules, NAME, module)
    monkeypatch.setattr(child, "GUARDED_MODULES", (NAME,))
    return module, child.Snapshot()


def expected_changes(before: dict, after: dict) -> list[str]:
    """Keys added or removed (submodules and ``__warningregistry__`` aside) or bound to another object."""
    added_or_removed = {k for k in set(before) ^ set(after)
                        if k != "__warningregistry__" and not isinstance(after.get(k), types.ModuleType)}
    rebound = {k for k in set(before) & set(after) if before[k] is not after[k]}
    return sorted(f"{NAME}.{k}" for k in added_or_removed | rebound)


def test_nothing_changed_is_nothing_reported(guarded):
    _, snapshot = guarded
    assert snapshot.changes() == [] and snapshot.changes() == []


@pytest.mark.parametrize("change, reported", [
    (lambda m: setattr(m, "sqrt", abs), ["sqrt"]),
    (lambda m: delattr(m, "answer"), ["answer"]),
    (lambda m: setattr(m, "extra", 1), ["extra"]),
    (lambda m: setattr(m, "extra_module", types.ModuleType("extra")), []),  # a new submodule is allowed
    (lambda m: setattr(m, "__warningregistry__", {}), []),
    (lambda m: delattr(m, "sub"), ["sub"]),
])
def test_each_kind_of_change_is_reported(guarded, change, reported):
    module, snapshot = guarded
    change(module)
    assert snapshot.changes() == [f"{NAME}.{key}" for key in reported]


def test_the_last_entry_deleted_and_added_again_with_another_value_is_found(guarded):
    """Same keys in the same order (the last one comes back last): only the identity of its value differs."""
    module, snapshot = guarded
    del module.last
    module.last = max
    assert list(vars(module))[-1] == "last"
    assert snapshot.changes() == [f"{NAME}.last"]


def test_an_entry_deleted_and_added_again_unchanged_is_no_change(guarded):
    """The order differs, so the fast path hands on; the detailed comparison finds the same bindings."""
    module, snapshot = guarded
    del module.sqrt
    module.sqrt = math.sqrt
    assert snapshot.changes() == []


def test_a_value_that_claims_equality_is_still_a_replacement(guarded):
    class EqualToAnything:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    module, snapshot = guarded
    module.pi = EqualToAnything()
    assert snapshot.changes() == [f"{NAME}.pi"]


def test_a_key_that_claims_equality_does_not_hide_a_removed_entry(guarded):
    class SameName(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    module, snapshot = guarded
    last = vars(module).pop("last")
    vars(module)[SameName("other")] = last  # the same value, at the same position, under a key "equal" to any
    assert snapshot.changes() == sorted([f"{NAME}.last", f"{NAME}.other"])


def test_a_change_after_a_harmless_one_is_still_found(guarded):
    """A harmless difference moves the fast path's reference; later changes are still measured from the start."""
    module, snapshot = guarded
    module.__warningregistry__ = {}
    assert snapshot.changes() == []
    module.answer = 43
    assert snapshot.changes() == [f"{NAME}.answer"]
    module.answer = 42  # a small int: the very object of the snapshot
    assert snapshot.changes() == []


def test_a_replaced_module_in_sys_modules_is_reported(guarded, monkeypatch):
    _, snapshot = guarded
    monkeypatch.setitem(sys.modules, NAME, types.ModuleType(NAME))
    assert snapshot.changes() == [f"sys.modules[{NAME!r}]"]


def test_random_edits_are_reported_as_the_definition_says(guarded):
    """After every edit of a random sequence the snapshot says what the definition says (seeded: reproducible)."""
    module, snapshot = guarded
    before = dict(vars(module))
    values = [math.sqrt, math.pi, 42, len, max, 7.5, types.ModuleType("other")]
    rng = random.Random(11)
    for _ in range(300):
        key = rng.choice(["sqrt", "pi", "answer", "sub", "last", "new", "__warningregistry__"])
        if rng.random() < 0.3:
            vars(module).pop(key, None)
        else:
            vars(module)[key] = rng.choice(values + [before.get(key, 0)])
        assert snapshot.changes() == expected_changes(before, vars(module))
