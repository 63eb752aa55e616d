"""Swapping a function's globals for one call: everything restored, whatever happens."""

from __future__ import annotations

import pytest

from gc_utils.injection import injected, injected_globals


def test_injected_restores_present_and_absent_names_even_on_error():
    namespace = {"kept": 1}
    with pytest.raises(RuntimeError), injected(namespace, {"kept": 2, "added": 3}):
        assert namespace == {"kept": 2, "added": 3}
        raise RuntimeError
    assert namespace == {"kept": 1}


def test_injected_globals_counts_the_calls_of_each_replacement():
    namespace = {}
    exec("def f():\n    return g() + g()\n", namespace)
    with injected_globals(namespace["f"], {"g": lambda: 1, "h": lambda: 2}) as counted:
        assert namespace["f"]() == 2
    assert counted["g"].calls == 2 and counted["h"].calls == 0
    assert "g" not in namespace and "h" not in namespace
