"""What each function a check calls takes, as the lesson defines it: one stub per function, of the lesson's name.

A case replaces ``forward_propagation`` and friends with trusted functions of its own (``public_tests.environment``),
whose own names and parameters (``_linear_forward``, ``vector_to_dictionary_of_the_case``, bound coefficients) are
no business of a student's. The recorder calls the stub of the lesson's function with the arguments of a call before
it lets the call through: a call the lesson's function would refuse is refused with the very ``TypeError`` Python
gives for it, in the lesson's names (``forward_propagation() missing 1 required positional argument: 'theta'``).

Module-level functions, so that their names are the same on every Python (the message of a ``TypeError`` names the
function by its qualified name).
"""

from __future__ import annotations

from collections.abc import Callable


def forward_propagation(x, theta):
    """J(θ) = θ·x of the 1-D model."""


def backward_propagation(x, theta):
    """dJ/dθ of the 1-D model."""


def forward_propagation_n(X, Y, parameters):
    """The cost of the 3-layer network and its cache."""


def backward_propagation_n(X, Y, cache):
    """The gradients of the 3-layer network."""


def vector_to_dictionary(theta, shapes=None):
    """The parameters dict of a column vector."""


def dictionary_to_vector(parameters):
    """The column vector of a parameters dict, and the keys of its entries."""


def gradients_to_vector(gradients):
    """The column vector of a gradients dict."""


STUBS: dict[str, Callable] = {function.__name__: function for function in (
    forward_propagation, backward_propagation, forward_propagation_n, backward_propagation_n, vector_to_dictionary,
    dictionary_to_vector, gradients_to_vector)}
"""The lesson's name -> a function that takes what the lesson's function takes and does nothing."""

PARAMETERS: dict[str, tuple[str, ...]] = {
    name: stub.__code__.co_varnames[:stub.__code__.co_argcount] for name, stub in STUBS.items()}
"""The parameters of each function, in order, as the lesson names them."""

REQUIRED: dict[str, int] = {
    name: stub.__code__.co_argcount - len(stub.__defaults__ or ()) for name, stub in STUBS.items()}
"""How many arguments each function requires."""


def refusal(name: str, args: tuple, kwargs: dict) -> TypeError | None:
    """The ``TypeError`` the lesson's ``name`` raises for a call with ``args`` and ``kwargs``, or None if it takes
    them (the common call, with its required arguments by position, costs one comparison)."""
    if not kwargs and len(args) == REQUIRED[name]:
        return None
    try:
        STUBS[name](*args, **kwargs)
    except TypeError as error:
        return error
    return None
