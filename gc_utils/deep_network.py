"""A fully connected network of any depth, for gradient checking in practice.

The network has ReLU hidden layers and one output layer: a sigmoid with the lesson's binary
cross-entropy when it has one unit (so the lesson's 4-5-3-1 network is a special case), a softmax
with the categorical cross-entropy otherwise. Options cover the situations the lesson warns about:
an L2 term in the cost, inverted dropout on the hidden layers (a fixed mask, or a fresh mask at every
evaluation as in training), float32 or float64 (the parameters' dtype decides), and a small catalogue
of bugs to plant in the back-propagation (``BUGS``).

A ``DeepNetwork`` is a cost function of a parameter dict (``network(parameters) -> float``), so
every check in ``gc_utils.checks`` accepts it. For the finite-difference engine (``gc_utils.perturbation``)
it evaluates a batch of whole parameter vectors at once (``costs_of_vectors``) and, faster on large networks,
many single-entry perturbations at once (``perturbed_costs``): perturbing ``W_l[i, j]`` changes only row ``i``
of ``Z_l``, so the layers before ``l`` are computed once and the layers after it for a whole batch.

Random parameters and data for it come from ``gc_utils.synthetic``; ``initialize_parameters`` and
``synthetic_data`` are importable from here too, as the notebooks do.

Over 500 lines: one class, whose cost, back-propagation and two batched evaluations share its checked
parameters, masks and forward pass; apart, each would reach into the others' private state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .activations import sigmoid
from .bugs import Bug, catalogue
from .packing import shapes_of
from .perturbation import Layout, loop_perturbed_costs, stacked_perturbed_costs
from .synthetic import initialize_parameters, synthetic_data  # noqa: F401 - imported from here by the notebooks

DROPOUT_MODES = ("fixed", "fresh")
"""``"fixed"``: one mask per hidden layer for every evaluation; ``"fresh"``: a new mask at every evaluation."""

BUGS: dict[str, Bug] = catalogue(
    Bug("dW_missing_1_over_m", "dW{layer} is not divided by m", ("W",)),
    Bug("relu_derivative_missing", "dZ{layer} = dA{layer}: the ReLU derivative (mask Z > 0) is left out", ("W", "b")),
    Bug("db_missing", "db{layer} is left at zero", ("b",)),
)
"""Bugs ``DeepNetwork.gradients`` can plant in its back-propagation, each in one chosen layer (``Bug.describe``)."""

MISTAKES = BUGS
"""The old name of ``BUGS`` (kept so that existing code still runs)."""

_BATCH_ELEMENTS = 1 << 21
"""About how many numbers one batch of perturbed forward passes may hold per layer (16 MB in float64)."""

_DENSE_ELEMENTS = 1 << 16
"""Up to this many (perturbations x parameters), perturbed costs come from whole stacked parameter vectors
(``costs_of_vectors``); above, from the layers a shift changes."""


def _relu(Z: np.ndarray) -> np.ndarray:
    """``max(0, Z)``; for complex ``Z`` (complex step) the real part decides."""
    if Z.dtype.kind == "c":
        return np.where(Z.real > 0, Z, 0)
    return np.maximum(Z, 0)


def _relu_in_place(Z: np.ndarray) -> np.ndarray:
    """``_relu`` overwriting ``Z``."""
    if Z.dtype.kind == "c":
        Z[Z.real <= 0] = 0
    else:
        np.maximum(Z, 0, out=Z)
    return Z


def _bug_or_old_name(bug: str | None, mistake: str | None) -> str | None:
    """The bug asked for, by its name ``bug`` or by the old keyword ``mistake`` (not both)."""
    if mistake is not None and bug is not None:
        raise TypeError("give bug= or its old name mistake=, not both")
    return bug if mistake is None else mistake


def _check_bug_layer(bug: str, layer: object, n_layers: int) -> None:
    """A ValueError unless ``bug`` is in ``BUGS`` and ``layer`` is a layer it can be planted in."""
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}; expected one of {list(BUGS)}")
    last = n_layers - 1 if bug == "relu_derivative_missing" else n_layers
    if not isinstance(layer, (int, np.integer)) or not 1 <= layer <= last:
        raise ValueError(f"bug {bug!r} needs layer=1 ... {last} for this {n_layers}-layer network; got {layer!r}")


def _hidden_delta(dA: np.ndarray, Z: np.ndarray, mask: np.ndarray | None, derivative_missing: bool) -> np.ndarray:
    """``dZ`` of a hidden layer: ``dA`` through its dropout mask and the ReLU's derivative (unless left out)."""
    if mask is not None:
        dA = dA * mask
    return dA if derivative_missing else dA * (Z > 0)


class DeepNetwork:
    """The cost of an L-layer ReLU network on fixed data, as a function of its parameters.

    Parameters
    ----------
    X : ndarray of shape (n_0, m)
        One example per column.
    Y : ndarray of shape (n_L, m)
        0/1 labels for a one-unit (sigmoid) output, one-hot labels for a softmax output.
    l2 : float, optional
        ``lambda`` of the L2 term ``lambda / (2 m) * sum_l ||W_l||_F^2`` added to the cost (and, in
        ``gradients``, ``lambda / m * W_l`` added to each ``dW_l``).
    keep_prob : float, optional
        Inverted dropout on the hidden layers: each unit is kept with this probability and scaled by
        ``1 / keep_prob``. 1 (the default) switches dropout off.
    dropout : {"fixed", "fresh"}, optional
        ``"fixed"``: one mask per hidden layer, drawn once from ``seed``, used by every evaluation.
        ``"fresh"``: a new mask for every evaluation of the cost and every call of ``gradients``,
        as in training.
    seed : int, optional
        Seed of the dropout masks.
    stable_loss : bool, optional
        For a sigmoid output: compute ``-log(sigmoid(z))`` as ``log(1 + exp(-z))`` (the default), or, with
        False, as the lesson does, ``sigmoid`` first and then ``log`` and ``log(1 - a)``. Both are the same
        function; the lesson's form rounds ``a`` first and so adds round-off to every evaluation.

    Examples
    --------
    >>> X, Y = synthetic_data(20, 3, 8)
    >>> network = DeepNetwork(X, Y)
    >>> parameters = initialize_parameters((20, 16, 3))
    >>> cost = network(parameters)
    >>> gradients = network.gradients(parameters)
    """

    def __init__(
        self, X: np.ndarray, Y: np.ndarray, *, l2: float = 0.0, keep_prob: float = 1.0, dropout: str = "fixed",
        seed: int = 0, stable_loss: bool = True,
    ) -> None:
        X = np.asarray(X)
        Y = np.asarray(Y)
        if X.ndim != 2 or not np.issubdtype(X.dtype, np.number):
            raise ValueError(f"X must be a 2-D array of numbers (features, examples); got shape {X.shape}")
        if Y.ndim == 1:
            Y = Y.reshape(1, -1)
        if Y.ndim != 2 or Y.shape[1] != X.shape[1]:
            raise ValueError(f"Y must have shape (outputs, {X.shape[1]}) to match X {X.shape}; got {Y.shape}")
        for name, array in (("X", X), ("Y", Y)):
            if not np.all(np.isfinite(array)):
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
                raise ValueError(f"{name} has a non-finite value at index {bad}")
        if not (np.isfinite(l2) and l2 >= 0):
            raise ValueError(f"l2 must be a finite number >= 0; got {l2!r}")
        if not 0 < keep_prob <= 1:
            raise ValueError(f"keep_prob must be in (0, 1] (1 switches dropout off); got {keep_prob!r}")
        if dropout not in DROPOUT_MODES:
            raise ValueError(f"dropout must be one of {DROPOUT_MODES}; got {dropout!r}")
        self.X = X
        self.Y = Y
        self.l2 = float(l2)
        self.keep_prob = float(keep_prob)
        self.dropout = dropout
        self.seed = seed
        self.stable_loss = bool(stable_loss)
        self._rng = np.random.default_rng(seed)
        self._fixed_masks: dict[tuple[int, ...], list[np.ndarray | None]] = {}
        self._names: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # layouts checked, to their blocks

    @property
    def m(self) -> int:
        """Number of examples."""
        return self.X.shape[1]

    def __repr__(self) -> str:
        options = [f"X {self.X.shape}", f"Y {self.Y.shape}"]
        if self.l2:
            options.append(f"l2={self.l2:g}")
        if self.keep_prob < 1:
            options.append(f"keep_prob={self.keep_prob:g} ({self.dropout} masks)")
        if not self.stable_loss:
            options.append("stable_loss=False")
        return f"DeepNetwork({', '.join(options)})"

    # ----- parameters, data, masks -------------------------------------------------------------

    def _unpacked(self, parameters: Mapping[str, np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray], Layout]:
        """``[W1, ..., WL], [b1, ..., bL]`` after checking they fit the data, and the flat layout of ``parameters``.

        The check runs once per list of names and shapes; later calls with the same layout only look it up.
        """
        layout = Layout.of(parameters)
        names = self._names.get((layout.names, layout.shapes))
        if names is None:
            names = self._checked_names(parameters)
            self._names[(layout.names, layout.shapes)] = names
        W_names, b_names = names
        return ([np.asarray(parameters[name]) for name in W_names],
                [np.asarray(parameters[name]) for name in b_names], layout)

    def _checked_names(self, parameters: Mapping[str, np.ndarray]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(W1, ..., WL), (b1, ..., bL)``: the blocks of ``parameters``, checked against each other and the data."""
        shapes = shapes_of(parameters)
        n_layers = len(shapes) // 2
        inputs, outputs = shapes["W1"][1], shapes[f"W{n_layers}"][0]
        if inputs != self.X.shape[0]:
            raise ValueError(f"W1 has shape {shapes['W1']}, but X has {self.X.shape[0]} features: "
                             f"expected ({shapes['W1'][0]}, {self.X.shape[0]})")
        if outputs != self.Y.shape[0]:
            raise ValueError(f"W{n_layers} has {outputs} units, but Y has {self.Y.shape[0]} rows; "
                             "they must be equal (one output unit per label row)")
        layers = range(1, n_layers + 1)
        return tuple(f"W{layer}" for layer in layers), tuple(f"b{layer}" for layer in layers)

    def _masks(self, units: Sequence[int], dtype: np.dtype) -> list[np.ndarray | None]:
        """Dropout masks (already divided by keep_prob) for the hidden layers; None where there is no dropout."""
        if self.keep_prob == 1:
            return [None] * len(units)
        key = tuple(units)
        if self.dropout == "fixed" and key in self._fixed_masks:
            return [None if mask is None else mask.astype(dtype) for mask in self._fixed_masks[key]]
        rng = np.random.default_rng(self.seed) if self.dropout == "fixed" else self._rng
        masks: list[np.ndarray | None] = [
            (rng.random((n, self.m)) < self.keep_prob) / self.keep_prob for n in units[:-1]
        ]
        masks.append(None)  # no dropout on the output layer
        if self.dropout == "fixed":
            self._fixed_masks[key] = masks
        return [None if mask is None else mask.astype(dtype) for mask in masks]

    # ----- forward and backward ----------------------------------------------------------------

    def _forward(self, Ws, bs, masks):
        """Pre-activations and activations of every layer: ``Zs[l], As[l]`` with ``As[0] = X``."""
        dtype = np.result_type(*Ws, *bs)
        A = self.X.astype(dtype, copy=False)
        Zs: list[np.ndarray | None] = [None]
        As = [A]
        for layer, (W, b) in enumerate(zip(Ws, bs, strict=True), start=1):
            Z = W @ A + b
            if layer < len(Ws):
                A = _relu(Z)
                if masks[layer - 1] is not None:
                    A = A * masks[layer - 1]
            else:
                A = Z  # the output activation is part of the loss
            Zs.append(Z)
            As.append(A)
        return Zs, As

    def _example_losses(self, Z_out: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """The loss of each example from output pre-activations: units on axis 0, examples on the last axis.

        ``Z_out`` is (units, m) or a batch (units, K, m); ``Y`` the matching labels (units, m).
        Returns an array of shape ``Z_out.shape[1:]``.
        """
        if Z_out.ndim == 3:
            Y = Y[:, None, :]
        if self.Y.shape[0] == 1:
            complex_step = Z_out.dtype.kind == "c"
            if complex_step or not self.stable_loss:  # the lesson's formula (complex-safe)
                if complex_step or Z_out.min() > -700:  # exp(-z) cannot overflow
                    A = 1 / (1 + np.exp(-Z_out))
                else:
                    A = sigmoid(Z_out)
                log_likelihood = np.multiply(-np.log(A), Y) + np.multiply(-np.log(1 - A), 1 - Y)
            else:  # the same value without overflow: -log(sigmoid(z)) = log(1 + exp(-z))
                log_likelihood = Y * np.logaddexp(0, -Z_out) + (1 - Y) * np.logaddexp(0, Z_out)
            return log_likelihood[0]
        shift = np.max(Z_out.real, axis=0)
        log_sum = np.log(np.sum(np.exp(Z_out - shift), axis=0)) + shift
        return np.sum(Y * (log_sum - Z_out), axis=0)

    def _l2_term(self, Ws):
        """``lambda / (2 m) * sum ||W_l||^2`` in the parameters' dtype (0 without an L2 term)."""
        if not self.l2:
            return 0
        return self.l2 / (2 * self.m) * sum(np.sum(W * W) for W in Ws)

    def cost(self, parameters: Mapping[str, np.ndarray]) -> float | complex:
        """The cost at ``parameters``: mean cross-entropy plus the L2 term (if any).

        Computed in the parameters' dtype; complex parameters (complex step) give a complex cost.
        """
        Ws, bs, _ = self._unpacked(parameters)
        dtype = np.result_type(*Ws, *bs)
        Zs, _ = self._forward(Ws, bs, self._masks([W.shape[0] for W in Ws], dtype))
        value = 1.0 / self.m * np.sum(self._example_losses(Zs[-1], self.Y)) + self._l2_term(Ws)
        return complex(value) if np.iscomplexobj(value) else float(value)

    __call__ = cost

    def gradients(
        self, parameters: Mapping[str, np.ndarray], *, bug: str | None = None, layer: int | None = None,
        mistake: str | None = None,
    ) -> dict[str, np.ndarray]:
        """Back-propagated gradients ``dW1, db1, ..., dWL, dbL`` (correct unless a bug is planted).

        Parameters
        ----------
        parameters : dict
        bug : str, optional
            A name from ``BUGS``, planted in layer ``layer``.
        layer : int, optional
            The layer the bug is in (1 ... L; ``relu_derivative_missing`` needs a hidden layer).
        mistake : str, optional
            The old name of ``bug``.

        Returns
        -------
        dict
            Keys ``dW1, db1, ...`` in the parameters' dtype. With ``dropout="fresh"`` each call uses a new mask.
        """
        bug = _bug_or_old_name(bug, mistake)
        Ws, bs, _ = self._unpacked(parameters)
        if bug is not None:
            _check_bug_layer(bug, layer, len(Ws))
        dtype = np.result_type(*Ws, *bs)
        masks = self._masks([W.shape[0] for W in Ws], dtype)
        Zs, As = self._forward(Ws, bs, masks)
        dZ = self._output_delta(Zs[-1]).astype(dtype, copy=False)
        gradients: dict[str, np.ndarray] = {}
        for current in range(len(Ws), 0, -1):
            dW, db = self._layer_gradients(dZ, As[current - 1], Ws[current - 1], bug if layer == current else None)
            gradients[f"dW{current}"] = dW.astype(dtype, copy=False)
            gradients[f"db{current}"] = db.astype(dtype, copy=False)
            if current > 1:
                below = current - 1
                derivative_missing = bug == "relu_derivative_missing" and layer == below
                dZ = _hidden_delta(np.dot(Ws[current - 1].T, dZ), Zs[below], masks[below - 1], derivative_missing)
        return {name: gradients[name] for index in range(1, len(Ws) + 1) for name in (f"dW{index}", f"db{index}")}

    def _output_delta(self, Z_out: np.ndarray) -> np.ndarray:
        """``dZ`` of the output layer: ``sigmoid(Z) − Y`` for one unit, ``softmax(Z) − Y`` otherwise."""
        if self.Y.shape[0] == 1:
            return sigmoid(Z_out) - self.Y
        exp_z = np.exp(Z_out - np.max(Z_out, axis=0, keepdims=True))
        return exp_z / np.sum(exp_z, axis=0, keepdims=True) - self.Y

    def _layer_gradients(self, dZ: np.ndarray, A_below: np.ndarray, W: np.ndarray,
                         planted: str | None) -> tuple[np.ndarray, np.ndarray]:
        """``dW, db`` of one layer from its ``dZ`` and the activations below it, with ``planted`` (a bug name)."""
        m = self.m
        dW = np.dot(dZ, A_below.T)
        if planted != "dW_missing_1_over_m":
            dW = 1.0 / m * dW
        if self.l2:
            dW = dW + self.l2 / m * W
        db = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
        if planted == "db_missing":
            db = np.zeros_like(db)
        return dW, db

    def pre_activations(self, parameters: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``Z1, ..., ZL`` at ``parameters`` (what a ReLU kink is measured against)."""
        Ws, bs, _ = self._unpacked(parameters)
        dtype = np.result_type(*Ws, *bs)
        Zs, _ = self._forward(Ws, bs, self._masks([W.shape[0] for W in Ws], dtype))
        return {f"Z{layer}": Zs[layer] for layer in range(1, len(Ws) + 1)}

    # ----- many perturbations at once ----------------------------------------------------------

    def perturbed_costs(self, parameters: Mapping[str, np.ndarray], positions: np.ndarray, steps: np.ndarray
                        ) -> np.ndarray:
        """Costs after shifting one entry at a time, for many entries at once (see ``perturbation.PerturbableCost``).

        Parameters
        ----------
        parameters : dict
            The point; not modified.
        positions : ndarray of int
            Entries of the flat parameter vector: the dict's arrays flattened row by row, joined in its order.
        steps : ndarray
            The shift of each entry. Real steps are rounded through the parameters' dtype, as storing
            ``w + step`` would; imaginary steps (``1j * h``) give complex costs for the complex-step derivative.

        Returns
        -------
        ndarray
            One cost per shift.
        """
        Ws, bs, layout = self._unpacked(parameters)
        n_layers = len(Ws)
        if (self.keep_prob < 1 and self.dropout == "fresh") or len(parameters) != 2 * n_layers:
            # A new mask per evaluation (nothing can be shared), or keys the network does not use.
            return loop_perturbed_costs(self.cost, parameters, positions, steps)
        dtype = np.result_type(*Ws, *bs)
        masks = self._masks([W.shape[0] for W in Ws], dtype)
        positions = np.asarray(positions, dtype=np.intp).reshape(-1)
        steps = np.asarray(steps).reshape(-1)
        base = layout.flatten(parameters)
        old = base[positions]
        if np.iscomplexobj(steps):
            effective = steps.astype(np.result_type(dtype, np.complex64))
        else:
            effective = (old + steps.astype(dtype)) - old
        if effective.size * base.size <= _DENSE_ELEMENTS:
            return stacked_perturbed_costs(lambda thetas, _: self._stacked_costs(layout.rows(thetas), Ws, masks),
                                           base, layout, positions, effective)
        block_of = layout.block_of(positions)
        is_W = np.array([name[0] == "W" for name in layout.names])[block_of]
        layers = np.array([int(name[1:]) for name in layout.names])[block_of]
        local = positions - layout.starts[block_of]
        costs = self._layered_costs(Ws, bs, masks, layers, is_W, local, effective)
        if self.l2:  # the L2 term of the shifted weights, updated from the unshifted one
            costs = costs + self._l2_term(Ws) + self.l2 / (2 * self.m) * is_W * (2 * old + effective) * effective
        return costs

    def costs_of_vectors(self, thetas: np.ndarray, layout: Layout) -> np.ndarray:
        """The cost of each row of ``thetas``, whole parameter vectors laid out by ``layout`` (L2 term included).

        One stacked forward pass (see ``gc_utils.perturbation.VectorBatchCost``): for small networks, the fewest
        NumPy calls. With ``dropout="fresh"`` every row uses the same new mask.
        """
        rows = layout.rows(thetas)
        Ws, bs, _ = self._unpacked({name: rows[name][0] for name in layout.names})
        return self._stacked_costs(rows, Ws, self._masks([W.shape[0] for W in Ws], np.result_type(*Ws, *bs)))

    def _stacked_costs(self, rows: Mapping[str, np.ndarray], Ws: Sequence[np.ndarray], masks) -> np.ndarray:
        """``costs_of_vectors`` for blocks already stacked ``(K, *shape)`` and checked (``Ws``: their shapes)."""
        K = next(iter(rows.values())).shape[0]
        A = self.X.astype(rows["W1"].dtype, copy=False)
        for layer, W in enumerate(Ws, start=1):
            W_k, b_k = rows[f"W{layer}"], rows[f"b{layer}"]
            if layer == 1:  # the inputs are shared: one matrix product for all shifted copies of W1
                Z = (W_k.reshape(K * W.shape[0], W.shape[1]) @ A).reshape(K, W.shape[0], -1)
            else:
                Z = W_k @ A
            Z += b_k  # Z is a fresh array: in place, the fewest allocations
            if layer < len(Ws):
                A = _relu_in_place(Z)
                if masks[layer - 1] is not None:
                    A *= masks[layer - 1]
        costs = 1.0 / self.m * self._example_losses(Z.transpose(1, 0, 2), self.Y).sum(axis=1)
        if self.l2:
            costs = costs + self.l2 / (2 * self.m) * sum(np.sum(rows[f"W{layer}"] ** 2, axis=(1, 2))
                                                         for layer in range(1, len(Ws) + 1))
        return costs

    def _layered_costs(self, Ws, bs, masks, layers, is_W, local, steps) -> np.ndarray:
        """Larger networks: the layers below the shifted one once, the layers above it batched.

        Shifting ``W_l[i, j]`` by ``s`` moves row ``i`` of ``Z_l`` by ``s * A_{l-1}[j]``, shifting ``b_l[i]``
        moves it by ``s``. With a row of ones appended to ``A_{l-1}``, a bias is column ``n_{l-1}`` of ``W_l``.
        """
        Zs, As = self._forward(Ws, bs, masks)
        base_losses = self._example_losses(Zs[-1], self.Y)
        base_cost = 1.0 / self.m * np.sum(base_losses)
        dtype = np.result_type(Zs[-1], steps)
        costs = np.empty(steps.size, dtype=dtype)
        for layer in np.unique(layers):
            layer = int(layer)
            where = np.flatnonzero(layers == layer)
            n_in = Ws[layer - 1].shape[1]
            rows = np.where(is_W[where], local[where] // n_in, local[where])
            cols = np.where(is_W[where], local[where] % n_in, n_in)
            inputs = np.vstack([As[layer - 1], np.ones((1, self.m), As[layer - 1].dtype)])
            widest = max(W.shape[0] for W in Ws[layer - 1:])
            chunk = max(1, min(where.size, _BATCH_ELEMENTS // (widest * self.m)))
            # Two work buffers, reused by every batch: fresh large arrays would cost a page fault per page.
            buffers = (np.empty(widest * chunk * self.m, dtype), np.empty(widest * chunk * self.m, dtype))
            for start in range(0, where.size, chunk):
                part = where[start:start + chunk]
                shifts = steps[part][:, None] * inputs[cols[start:start + chunk]]
                changes = self._loss_changes(layer, rows[start:start + chunk], shifts, Ws, bs, Zs, As, masks,
                                             base_losses, buffers)
                costs[part] = base_cost + 1.0 / self.m * changes
        return costs

    def _loss_changes(self, layer, rows, shifts, Ws, bs, Zs, As, masks, base_losses, buffers) -> np.ndarray:
        """``sum_e (loss_e after − loss_e before)`` when row ``rows[k]`` of ``Z_layer`` moves by ``shifts[k]``.

        Only the examples whose activations change are computed (a unit that stays inactive changes
        nothing); the layers above are evaluated for the whole batch as C-ordered arrays of shape
        (units, K, examples) inside ``buffers``.
        """
        n_layers = len(Ws)
        K = shifts.shape[0]
        if layer == n_layers:
            changes = shifts
        else:
            A_row = _relu(Zs[layer][rows] + shifts)
            if masks[layer - 1] is not None:
                A_row = A_row * masks[layer - 1][rows]
            changes = A_row - As[layer][rows]  # (K, m)
        active = np.flatnonzero(changes.any(axis=0))
        if active.size == 0:
            return np.zeros(K, dtype=np.result_type(Zs[-1], shifts))
        everything = active.size == self.m
        changes = changes if everything else changes[:, active]
        m = active.size

        def columns(array: np.ndarray) -> np.ndarray:
            return array if everything else array[:, active]

        def work(index: int, units: int) -> np.ndarray:
            return buffers[index][: units * K * m].reshape(units, K, m)

        if layer == n_layers:
            Z = work(0, Zs[layer].shape[0])
            Z[...] = columns(Zs[layer])[:, None, :]
            Z[rows, np.arange(K)] += changes
        else:
            Z = work(0, Ws[layer].shape[0])
            np.multiply(Ws[layer][:, rows, None], changes, out=Z)
            Z += columns(Zs[layer + 1])[:, None, :]
            for above in range(layer + 1, n_layers):
                A = _relu_in_place(Z)
                if masks[above - 1] is not None:
                    A *= columns(masks[above - 1])[:, None, :]
                Z = work((above - layer) % 2, Ws[above].shape[0])
                np.matmul(Ws[above], A.reshape(A.shape[0], K * m), out=Z.reshape(Z.shape[0], K * m))
                Z += bs[above][:, :, None]
        losses = self._example_losses(Z, columns(self.Y))
        return np.sum(losses - base_losses[active], axis=1)
