"""Gradient checks side by side: the assignment's loop, the vectorised full check, subset and directions.

    python benchmarks/bench_checks.py            # about two minutes
    python benchmarks/bench_checks.py --quick    # fewer repeats, no gradcheck slow mode

Two networks: the assignment's (4-5-3-1, 47 parameters, 3 examples) and a 784-256-128-10 classifier
(235,146 parameters, 32 synthetic examples). All timings of one network are taken in the same run,
interleaved round by round, and reported as medians with ratios. On the large network the assignment's
loop would take a long time, so it is timed on a random sample of parameters and scaled to all of them.
When PyTorch happens to be installed (it is never required), ``torch.autograd.gradcheck`` runs on the same
network in float64, in its slow and fast modes.

Targets: on the assignment's network the full check at least 20x faster than the assignment's
loop; on the large network the full check at least 5x faster than gradcheck's slow mode; one directional
check under 10 ms.

BLAS runs on one thread unless OPENBLAS_NUM_THREADS (or OMP_/MKL_NUM_THREADS) says otherwise: the
matrices are small, and on a shared machine multithreaded BLAS makes timings erratic.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402

from gc_utils import dictionary_to_vector, gradients_to_vector, shapes_of, vector_to_dictionary  # noqa: E402
from gc_utils.checks import (  # noqa: E402
    gradient_check_directional,
    gradient_check_full,
    gradient_check_subset,
    relative_difference,
)
from gc_utils.deep_network import DeepNetwork, initialize_parameters, synthetic_data  # noqa: E402
from gc_utils.network import LESSON_BUGS, backward_propagation_n, forward_propagation_n  # noqa: E402
from testCases import gradient_check_n_test_case  # noqa: E402

LARGE_SIZES = (784, 256, 128, 10)
LARGE_EXAMPLES = 32


def assignment_loop(forward: Callable, parameters, gradients, epsilon=1e-7, indices=None):
    """The assignment's gradient_check_n: copy the vector, shift one entry, rebuild the dict, run forward.

    ``forward(parameters) -> cost``. With ``indices``, only those entries (to time a sample); returns the
    relative difference over the entries checked.
    """
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    shapes = shapes_of(parameters)
    chosen = range(theta.shape[0]) if indices is None else indices
    gradapprox = np.zeros((len(chosen), 1))
    for row, i in enumerate(chosen):
        theta_plus = np.copy(theta)
        theta_plus[i] = theta_plus[i] + epsilon
        j_plus = forward(vector_to_dictionary(theta_plus, shapes))
        theta_minus = np.copy(theta)
        theta_minus[i] = theta_minus[i] - epsilon
        j_minus = forward(vector_to_dictionary(theta_minus, shapes))
        gradapprox[row] = (j_plus - j_minus) / (2 * epsilon)
    return relative_difference(grad[list(chosen)], gradapprox)


def interleaved(functions: dict[str, tuple[Callable, int]], rounds: int) -> dict[str, float]:
    """Median seconds per call of each function; every round times each function once, in turn.

    ``functions`` maps a label to ``(function, calls per round)``.
    """
    samples: dict[str, list[float]] = {label: [] for label in functions}
    for _ in range(rounds):
        for label, (function, calls) in functions.items():
            start = time.perf_counter()
            for _ in range(calls):
                function()
            samples[label].append((time.perf_counter() - start) / calls)
    return {label: statistics.median(values) for label, values in samples.items()}


def show(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:9.2f} s "
    if seconds >= 1e-3:
        return f"{seconds * 1e3:9.2f} ms"
    return f"{seconds * 1e6:9.1f} µs"


def table(title: str, medians: dict[str, float], reference: str, notes: dict[str, str] | None = None) -> None:
    print(f"\n{title}")
    print(f"  {'method':<52} {'median':>12}  {'vs ' + reference.split(' (')[0]:>22}")
    for label, seconds in medians.items():
        ratio = medians[reference] / seconds
        print(f"  {label:<52} {show(seconds):>12}  {ratio:>20.1f}x  {(notes or {}).get(label, '')}")


def verdict(name: str, value: float, target: str, passed: bool) -> None:
    print(f"  target {name}: {value} ({target}) -> {'met' if passed else 'NOT met'}")


# ----- the assignment's network ------------------------------------------------------------------

def bench_assignment(rounds: int) -> None:
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    correct = backward_propagation_n(X, Y, cache)
    buggy = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    forward = lambda p: forward_propagation_n(X, Y, p)[0]  # noqa: E731
    network = DeepNetwork(X, Y, stable_loss=False)  # the same cost formula, vectorised
    print("Assignment network: 4-5-3-1, 47 parameters, 3 examples, epsilon 1e-7")
    print(f"  sanity, both planted bugs: loop {assignment_loop(forward, parameters, buggy):.10f}, "
          f"full check {gradient_check_full(network, parameters, buggy, 1e-7):.10f} (published 0.2850931567761623)")
    print(f"  sanity, correct gradient:  loop {assignment_loop(forward, parameters, correct):.1e}, "
          f"full check {gradient_check_full(network, parameters, correct, 1e-7):.1e}")
    medians = interleaved({
        "assignment's loop (gradient_check_n)": (lambda: assignment_loop(forward, parameters, correct), 3),
        "full check, one call per shift (plain cost)": (
            lambda: gradient_check_full(forward, parameters, correct, 1e-7), 3),
        "full check, vectorised (DeepNetwork)": (lambda: gradient_check_full(network, parameters, correct, 1e-7), 40),
        "directional check, 1 direction": (
            lambda: gradient_check_directional(network, parameters, correct, n_directions=1), 40),
    }, rounds)
    table("  medians over interleaved rounds", medians, "assignment's loop (gradient_check_n)")
    speedup = medians["assignment's loop (gradient_check_n)"] / medians["full check, vectorised (DeepNetwork)"]
    verdict("full check vs the assignment's loop", f"{speedup:.1f}x", ">= 20x", speedup >= 20)


# ----- the large network -------------------------------------------------------------------------

def torch_gradcheck(X, Y, parameters, fast: bool) -> Callable | None:
    """A function running torch.autograd.gradcheck on the same network in float64, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    names = list(parameters)
    inputs = tuple(torch.tensor(parameters[name], dtype=torch.float64, requires_grad=True) for name in names)
    data = torch.tensor(X, dtype=torch.float64)
    labels = torch.tensor(np.argmax(Y, axis=0))
    n_layers = len(names) // 2

    def cost(*tensors):
        blocks = dict(zip(names, tensors, strict=True))
        activations = data
        for layer in range(1, n_layers + 1):
            z = blocks[f"W{layer}"] @ activations + blocks[f"b{layer}"]
            activations = torch.relu(z) if layer < n_layers else z
        return torch.nn.functional.cross_entropy(activations.T, labels)  # mean softmax cross-entropy

    return lambda: torch.autograd.gradcheck(cost, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=fast)


def bench_large(rounds: int, quick: bool, sample: int) -> None:
    X, Y = synthetic_data(LARGE_SIZES[0], LARGE_SIZES[-1], LARGE_EXAMPLES, seed=0)
    parameters = initialize_parameters(LARGE_SIZES, seed=1)
    network = DeepNetwork(X, Y)
    correct = network.gradients(parameters)
    buggy = network.gradients(parameters, bug="relu_derivative_missing", layer=2)
    n = sum(value.size for value in parameters.values())
    print(f"\nLarge network: {'-'.join(map(str, LARGE_SIZES))}, {n:,} parameters, {LARGE_EXAMPLES} examples, "
          "float64, epsilon 1e-6 (1e-7 for the loop)")

    indices = np.sort(np.random.default_rng(0).choice(n, size=sample, replace=False))
    start = time.perf_counter()
    loop_sample = assignment_loop(network.cost, parameters, correct, indices=indices)
    loop_seconds = (time.perf_counter() - start) * n / sample

    checks = {
        "full check, vectorised (DeepNetwork)": lambda g: gradient_check_full(network, parameters, g),
        "random subset, k = 200": lambda g: gradient_check_subset(network, parameters, g, k=200),
        "directional check, 1 direction": lambda g: gradient_check_directional(network, parameters, g, 1),
    }
    for label, check in checks.items():
        print(f"  sanity, {label:<38} correct {check(correct):.1e}   ReLU derivative missing {check(buggy):.1e}")
    print(f"  sanity, assignment's loop on {sample} parameters: correct {loop_sample:.1e}")

    full_times = []
    for _ in range(1 if quick else 3):
        start = time.perf_counter()
        gradient_check_full(network, parameters, correct)
        full_times.append(time.perf_counter() - start)
    medians = {f"assignment's loop (scaled from {sample} parameters)": loop_seconds,
               "full check, vectorised (DeepNetwork)": statistics.median(full_times)}
    medians.update(interleaved({
        "random subset, k = 200": (lambda: gradient_check_subset(network, parameters, correct, k=200), 3),
        "directional check, 1 direction": (
            lambda: gradient_check_directional(network, parameters, correct, n_directions=1), 10),
    }, rounds))

    notes = {}
    slow, fast = (torch_gradcheck(X, Y, parameters, fast=mode) for mode in (False, True))
    if fast is None:
        print("  torch.autograd.gradcheck: PyTorch is not installed; skipped (it is optional, never required)")
    else:
        fast_times = []
        for _ in range(1 if quick else 3):
            start = time.perf_counter()
            fast()
            fast_times.append(time.perf_counter() - start)
        medians["torch gradcheck, fast mode"] = statistics.median(fast_times)
        if quick:
            print("  torch.autograd.gradcheck slow mode: skipped with --quick (2 forward passes per parameter)")
        else:
            start = time.perf_counter()
            slow()
            medians["torch gradcheck, slow mode"] = time.perf_counter() - start
            notes["torch gradcheck, slow mode"] = "(one run)"
    table("  medians", medians, f"assignment's loop (scaled from {sample} parameters)", notes)

    direction = medians["directional check, 1 direction"]
    verdict("one directional check", f"{direction * 1e3:.2f} ms", "< 10 ms", direction < 0.010)
    if "torch gradcheck, slow mode" in medians:
        ratio = medians["torch gradcheck, slow mode"] / medians["full check, vectorised (DeepNetwork)"]
        verdict("full check vs gradcheck slow mode", f"{ratio:.1f}x", ">= 5x", ratio >= 5)
    else:
        print("  target full check vs gradcheck slow mode: not measured (needs PyTorch)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no gradcheck slow mode")
    parser.add_argument("--sample", type=int, default=100, help="parameters timed for the loop on the large network")
    options = parser.parse_args(argv)
    rounds = 5 if options.quick else 15
    print(f"numpy {np.__version__}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, {rounds} rounds\n")
    started = time.perf_counter()
    bench_assignment(rounds)
    bench_large(rounds, options.quick, options.sample)
    print(f"\ntotal time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
