"""Helpers for the gradient-checking lesson.

The names the lesson imports (``from gc_utils import sigmoid, relu, dictionary_to_vector,
vector_to_dictionary, gradients_to_vector``) live here, and so do the numerical checks (``gc_utils.checks``,
``gc_utils.directional``), all built on one finite-difference engine (``gc_utils.perturbation``). The lesson's
network and its catalogue of planted bugs are in ``gc_utils.network``, a network of any depth in
``gc_utils.deep_network``; plots and widgets (``gc_utils.plots``, ``gc_utils.widgets``,
``gc_utils.practice_plots``, in the colours of ``gc_utils.style``) are imported only when asked for.
"""

from .activations import relu, sigmoid
from .checks import (
    DEFAULT_DIRECTIONAL_EPSILON,
    DEFAULT_EPSILON,
    METHODS,
    THRESHOLD,
    StepTooSmallError,
    block_differences,
    check_blocks,
    complex_step_derivative,
    epsilon_sweep,
    format_block_report,
    gradient_check_directional,
    gradient_check_full,
    gradient_check_subset,
    numerical_gradient,
    relative_difference,
    suspect_blocks,
    worst_entries,
)
from .i18n import get_language, set_language
from .packing import (
    LESSON_LAYER_SIZES,
    LESSON_SHAPES,
    dictionary_to_vector,
    gradients_to_vector,
    layer_shapes,
    shapes_of,
    vector_to_dictionary,
)
from .perturbation import EpsilonError

__all__ = [
    "DEFAULT_DIRECTIONAL_EPSILON",
    "DEFAULT_EPSILON",
    "LESSON_LAYER_SIZES",
    "LESSON_SHAPES",
    "METHODS",
    "THRESHOLD",
    "EpsilonError",
    "StepTooSmallError",
    "block_differences",
    "check_blocks",
    "complex_step_derivative",
    "dictionary_to_vector",
    "epsilon_sweep",
    "format_block_report",
    "get_language",
    "gradient_check_directional",
    "gradient_check_full",
    "gradient_check_subset",
    "gradients_to_vector",
    "layer_shapes",
    "numerical_gradient",
    "relative_difference",
    "relu",
    "shapes_of",
    "set_language",
    "sigmoid",
    "suspect_blocks",
    "vector_to_dictionary",
    "worst_entries",
]
