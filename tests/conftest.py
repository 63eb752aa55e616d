"""Fixtures shared by the tests, and the order in which pytest-xdist hands out the test files."""

from __future__ import annotations

import pytest

from gc_utils.network import forward_propagation_n
from testCases import gradient_check_n_test_case


@pytest.fixture
def lesson():
    """The lesson's N-D inputs: ``X, Y, parameters`` of ``gradient_check_n_test_case()``."""
    return gradient_check_n_test_case()


@pytest.fixture
def lesson_with_cache(lesson):
    """The lesson's inputs and the reference forward cache there: ``X, Y, parameters, cache``."""
    X, Y, parameters = lesson
    _, cache = forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache


# pytest-xdist (``--dist loadfile``) gives each worker whole files, in the queue's order. By default it orders the
# queue by number of tests, which sends the long files with few tests (nbgrader's run, the executed notebooks) last,
# where one worker finishes them while the other has nothing left. Instead the longest files go first, longest
# first, and the others follow in collection order. The list comes from a --durations run (README, "Tests"); a file
# missing from it only runs later, never differently.
LONGEST_FIRST = (
    "tests/test_browser.py",  # deselected by -m "not browser"
    "tests/test_grader.py",
    "tests/test_nbgrader.py",
    "tests/test_public_tests.py",
    "tests/test_layers_notebook.py",
    "notebooks/solutions/Gradient_Checking_in_Practice.ipynb",
    "notebooks/solutions/ko/Gradient_Checking_in_Practice.ipynb",
    "notebooks/solutions/Gradient_Checking_Your_Own_Layers.ipynb",
    "notebooks/solutions/ko/Gradient_Checking_Your_Own_Layers.ipynb",
    "tests/grading/test_attacks.py",
    "tests/grading/test_attacks_as_user.py",
    "tests/gc_utils/widgets/test_explorers_nd.py",
    "tests/test_notebooks.py",
    "tests/gc_utils/widgets/test_base.py",
    "notebooks/solutions/Gradient_Checking.ipynb",
    "notebooks/solutions/ko/Gradient_Checking.ipynb",
    "tests/gc_utils/widgets/test_explorers_1d.py",
    "tests/gc_utils/widgets/test_calling.py",
)


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist >= 3.8; older ones keep their own order
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: a file's tests keep order
