"""Helpers for the gradient-checking lesson.

The names the lesson imports (``from gc_utils import sigmoid, relu, dictionary_to_vector,
vector_to_dictionary, gradients_to_vector``) live here; so do the reference network, its catalogue
of named bugs and the numerical checks. Plots and widgets are in ``gc_utils.plots`` and
``gc_utils.widgets`` and are imported only when asked for.
"""

from .activations import relu, sigmoid
from .checks import (
    THRESHOLD,
    block_differences,
    check_blocks,
    finite_difference_gradient,
    format_block_report,
    relative_difference,
)
from .packing import (
    LESSON_LAYER_SIZES,
    LESSON_SHAPES,
    dictionary_to_vector,
    gradients_to_vector,
    layer_shapes,
    shapes_of,
    vector_to_dictionary,
)

__all__ = [
    "LESSON_LAYER_SIZES",
    "LESSON_SHAPES",
    "THRESHOLD",
    "block_differences",
    "check_blocks",
    "dictionary_to_vector",
    "finite_difference_gradient",
    "format_block_report",
    "gradients_to_vector",
    "layer_shapes",
    "relative_difference",
    "relu",
    "shapes_of",
    "sigmoid",
    "vector_to_dictionary",
]
