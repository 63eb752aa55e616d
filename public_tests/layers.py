"""Public tests of the exercises of "Checking your own layers".

Each test takes the student's function, calls it on a few cases whose answers are known (the reference layers of
``gc_utils.layers``, exact arithmetic, or the definition computed here with what the function was seen to use),
watches what it did (which upstream gradient it gave the backward pass, where it evaluated the forward pass or the
gradient, which NumPy warnings it raised, whether it changed its arguments) and either prints "All tests passed." or
raises ``AssertionError`` with a message that says what the function did, what it should do and, when a known
mistake reproduces what it returned, which mistake that is::

    from public_tests.layers import *
    vjp_check_test(vjp_check)

The tests of the checks are in ``public_tests.layer_checks``, those of the layers' gradients in
``public_tests.layer_gradients``, what they share in ``public_tests.layer_support``. Their texts come from the
message ids ``layers.*`` (``public_tests.messages``), in the language ``set_language`` chose.
"""

from __future__ import annotations

from .layer_checks import hvp_check_test, vjp_check_test
from .layer_gradients import batchnorm_backward_test, dense_backward_test, softmax_cross_entropy_test

__all__ = [
    "batchnorm_backward_test",
    "dense_backward_test",
    "hvp_check_test",
    "softmax_cross_entropy_test",
    "vjp_check_test",
]
