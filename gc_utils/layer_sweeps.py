"""The measurements behind the "Checking your own layers" notebook's figures and tables, one function each.

* ``softmax_stability``: the check of a correct ``dZ`` against each way of computing the cross-entropy, as the
  logits grow (NaN where the loss is not finite and no check is possible);
* ``training_checks``: the check of a network's back-propagation, correct and with a planted bug, repeated during
  training, and the share of saturated units;
* ``subset_detection``: how often a check of ``k`` random entries catches a bug confined to a few entries.

Every derivative comes from the finite-difference engine, through ``gc_utils.checks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .checks import THRESHOLD, gradient_check_full, gradient_check_subset
from .layer_network import TanhNetwork
from .layers import LOSS_FORMS, Layer, cross_entropy, softmax_cross_entropy
from .vjp import ProjectedOutput, upstream_gradient


def softmax_stability(Z0: np.ndarray, Y: np.ndarray, scales: Iterable[float], forms: Sequence[str] = LOSS_FORMS,
                      epsilon: float = 1e-5) -> dict[str, np.ndarray]:
    """For each form of ``gc_utils.layers.cross_entropy``, the relative difference between the correct
    ``dZ = (softmax(Z) − Y)/m`` and central differences of that form's loss, at ``Z = scale · Z0``.

    Returns
    -------
    dict
        Form to one difference per scale; NaN where the loss (or a shifted one) is inf or nan.

    Examples
    --------
    >>> import numpy as np
    >>> curves = softmax_stability(np.array([[1.0, -1.0], [0.0, 2.0]]), np.eye(2), [1.0, 1000.0])
    >>> bool(curves["log-sum-exp"][1] < 1e-6), bool(np.isnan(curves["naive"][1]))
    (True, True)
    """
    curves: dict[str, list[float]] = {form: [] for form in forms}
    for scale in scales:
        Z = float(scale) * np.asarray(Z0, dtype=float)
        _, dZ = softmax_cross_entropy(Z, Y)
        for form in forms:
            try:
                curves[form].append(gradient_check_full(lambda p, form=form: cross_entropy(p["Z"], Y, form), {"Z": Z},
                                                        {"Z": dZ}, epsilon))
            except ValueError:  # the engine refuses a loss that is not finite: no check is possible there
                curves[form].append(np.nan)
    return {form: np.array(values) for form, values in curves.items()}


def training_checks(network: TanhNetwork, parameters: Mapping[str, np.ndarray], steps: int, every: int = 2,
                    learning_rate: float = 1.0, bug: str = "derivative_of_z") -> dict[str, np.ndarray]:
    """Train ``network`` from ``parameters`` by gradient descent and check it every ``every`` steps.

    Returns
    -------
    dict
        ``"step"``; ``"correct"`` and ``"bug"``: the full check of the correct back-propagation and of the one with
        ``bug`` (``gc_utils.layers.BUGS["tanh"]``); ``"saturated"``: the share of hidden units with ``|tanh(z)| > 0.9``.
    """
    snapshots = network.train(parameters, steps, learning_rate, every)
    result: dict[str, list[float]] = {"step": [], "correct": [], "bug": [], "saturated": []}
    for step, point in snapshots:
        result["step"].append(step)
        result["correct"].append(gradient_check_full(network, point, network.gradients(point)))
        result["bug"].append(gradient_check_full(network, point, network.gradients(point, bug)))
        result["saturated"].append(float(np.mean(np.abs(np.tanh(network.pre_activations(point))) > 0.9)))
    return {key: np.array(values) for key, values in result.items()}


def subset_detection(layer: Layer, inputs: Mapping[str, np.ndarray], ks: Iterable[int], trials: int = 200,
                     threshold: float = THRESHOLD, seed: int = 0) -> dict[int, float]:
    """How often checking ``k`` random entries (``gc_utils.checks.gradient_check_subset``, at least one per input)
    flags ``layer``'s backward pass, over ``trials`` random choices of entries, for each ``k`` of ``ks``.

    The cost is the vector–Jacobian check's ``Σ upstream ⊙ forward`` with one random upstream gradient.

    Returns
    -------
    dict
        ``k`` to the share of trials whose difference is above ``threshold``.
    """
    output = layer.forward(inputs)
    upstream = upstream_gradient(np.shape(output), "random", seed)
    cost = ProjectedOutput(layer.forward, upstream)
    gradients = layer.backward(inputs, upstream)
    rates = {}
    for k in ks:
        caught = sum(gradient_check_subset(cost, inputs, gradients, k=int(k), seed=seed + 1 + trial) > threshold
                     for trial in range(trials))
        rates[int(k)] = caught / trials
    return rates
