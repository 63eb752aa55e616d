"""One type for the bugs planted in both networks."""

from __future__ import annotations

import pytest

from gc_utils import deep_network, network
from gc_utils.bugs import Bug, checked_bug_names


def test_both_networks_list_bugs_of_one_type():
    for bug in [*network.BUGS.values(), *deep_network.BUGS.values()]:
        assert isinstance(bug, Bug) and bug.label and bug.blocks
    assert network.LESSON_BUGS == ("dW2_times_2", "db1_4_over_m")  # LESSON.md: the two planted bugs
    assert deep_network.BUGS["db_missing"].describe(2) == "db2 is left at zero"


def test_unknown_names_are_listed_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown bug\(s\) \['typo'\]; expected names from \['dW2_times_2'"):
        checked_bug_names(["typo", "dW2_times_2"], network.BUGS)
    assert checked_bug_names("dW2_times_2", network.BUGS) == {"dW2_times_2"}
