"""Interactive explorers: sliders and toggles that run the student's own functions and redraw one figure.

Five explorers, each a notebook cell of one or two lines:

- ``EpsilonExplorer1D(gradient_check)``: the 1-D difference against ε, for a linear or a curved J;
- ``BugInjector1D(gradient_check)``: the difference against the relative error δ of a wrong dθ = x·(1 + δ);
- ``EpsilonExplorerND(X, Y, parameters, gradient_check_n, backward_propagation_n)``: the U-shaped curve of
  the 3-layer network, correct and buggy back-propagation together, with the ε² and u/ε slopes;
- ``BugInjectorND(X, Y, parameters, gradient_check_n)``: named bugs switched on and off (the lesson's two at
  the start), and the difference per parameter block, so that the wrong block stands out;
- ``BatchNormBugExplorer(batchnorm_backward)`` ("Checking your own layers"): bugs planted in batch normalisation's
  backward pass, checked block by block beside the student's own, with a random or an all-ones upstream gradient.

One idea per module: ``calling`` (calling student code safely), ``readouts`` (the readout's pieces), ``base``
(what every explorer shares), ``explorers_1d``, ``explorers_nd`` and ``explorer_batchnorm``. Swapping a function's
globals for one call is ``gc_utils.injection`` (``injected_globals`` is re-exported here).
"""

from ..injection import injected_globals
from .base import Explorer
from .calling import CallResult, as_difference, call_student
from .explorer_batchnorm import BatchNormBugExplorer
from .explorers_1d import BugInjector1D, EpsilonExplorer1D
from .explorers_nd import BugInjectorND, EpsilonExplorerND

__all__ = [
    "BatchNormBugExplorer",
    "BugInjector1D",
    "BugInjectorND",
    "CallResult",
    "EpsilonExplorer1D",
    "EpsilonExplorerND",
    "Explorer",
    "as_difference",
    "call_student",
    "injected_globals",
]
