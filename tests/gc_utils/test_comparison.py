"""relative_difference and the per-block reports, against known values."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.checks import (
    relative_difference,
)


def test_relative_difference_known_values():
    assert relative_difference([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_difference([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert relative_difference([0.0], [0.0]) == 0.0
    assert relative_difference([2.0], [1.0]) == pytest.approx(1 / 3, rel=1e-15)


def test_relative_difference_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        relative_difference([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="gradapprox has a non-finite value at index \\(1,\\)"):
        relative_difference([1.0, 2.0], [1.0, np.nan])
