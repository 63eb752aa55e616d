"""Write notebooks/Gradient_Checking_in_Practice.ipynb from the cells below, execute it, store the outputs.

    python tools/build_practice_notebook.py           # write (only if something besides timings changed)
    python tools/build_practice_notebook.py --check   # exit 1 if the stored notebook is out of date
    python tools/build_practice_notebook.py --force   # write even if only the timings differ

Reproducible: fixed seeds, deterministic cell ids, no timing metadata, only the language name in the
notebook metadata. Measured times are the one thing that changes between runs; they are printed as
"… ms (timed)" (sanitised for nbval by notebooks/sanitize.cfg) and drawn in cells tagged "timed".
When only those differ from the stored notebook, the file is left untouched, so "regenerate, then
git diff --exit-code" holds.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import generated  # tools/generated.py: this script's folder is first on sys.path when it runs

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "Gradient_Checking_in_Practice.ipynb"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"

CELLS: list[tuple[str, str, tuple[str, ...]]] = []
"""(kind, source, tags) of every cell, in order."""


def md(source: str) -> None:
    CELLS.append(("markdown", source.strip("\n"), ()))


def code(source: str, *tags: str) -> None:
    CELLS.append(("code", source.strip("\n"), tags))


# ------------------------------------------------------------------------------------------------
REPO = "gradient-checking/gradient-checking-lesson"
NOTEBOOK_PATH = "notebooks/Gradient_Checking_in_Practice.ipynb"

md(r"""
# Gradient checking in practice

[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/REPO/blob/main/NOTEBOOK_PATH)
[![Launch on Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/REPO/main?urlpath=lab/tree/NOTEBOOK_PATH)

The assignment ends with a few warnings: gradient checking is slow, it does not work with dropout,
and the cost must include the regularisation term. It also gives a verdict line, a relative difference
of $2\cdot10^{-7}$, checked with a step $\varepsilon = 10^{-7}$.

This notebook measures each warning, adds two traps the assignment does not mention (the choice of
$\varepsilon$ and the kinks of ReLU), and ends with checks that stay fast on networks with hundreds of
thousands of parameters. The tools are in `gc_utils.checks` (the checks), `gc_utils.deep_network`
(a fully connected network of any depth, with L2 and dropout) and `gc_utils.practice_plots` (the
figures), so you can use them on your own networks afterwards.
""".replace("NOTEBOOK_PATH", NOTEBOOK_PATH).replace("REPO", REPO))

md(r"""
## Setup

On Google Colab the first cell installs this lesson's helper modules; anywhere else it does nothing.
""")

code(rf"""
import subprocess
import sys

if "google.colab" in sys.modules:  # on Colab only: install gc_utils, testCases and public_tests
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "gradient-checking-lesson @ git+https://github.com/{REPO}"], check=True)
""")

md(r"""

Every check below takes a *cost function of a parameter dict* and the back-propagated *gradient dict*,
and returns the relative difference of the assignment,

$$\text{difference} = \frac{\lVert g - g_\text{approx} \rVert_2}{\lVert g \rVert_2 + \lVert g_\text{approx} \rVert_2}.$$

`seconds` measures a check; times vary from run to run and from machine to machine, so they are
printed with the word *timed*.
""")

code(r"""
%matplotlib inline
import functools
import time

import numpy as np

from gc_utils import practice_plots
from gc_utils.checks import (
    THRESHOLD,
    epsilon_sweep,
    format_block_report,
    gradient_check_directional,
    gradient_check_full,
    gradient_check_subset,
    numerical_gradient,
    suspect_blocks,
    worst_entries,
)
from gc_utils.deep_network import DeepNetwork, initialize_parameters, synthetic_data
from gc_utils.network import LESSON_BUGS, backward_propagation_n, forward_propagation_n
from testCases import gradient_check_n_test_case


def seconds(check, repeat=3):
    # the best wall-clock time of check() over `repeat` runs, in seconds
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        check()
        best = min(best, time.perf_counter() - start)
    return best
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## Choosing ε: truncation against round-off

The central difference is exact up to a *truncation error* that shrinks with the square of the step:

$$\frac{J(\theta+\varepsilon) - J(\theta-\varepsilon)}{2\varepsilon}
  = J'(\theta) + \frac{\varepsilon^2}{6}\,J'''(\theta) + O(\varepsilon^4).$$

But $J$ is computed in floating point. Each evaluation is off by about $u\,|J|$, where $u$ is the machine
epsilon ($2.2\cdot10^{-16}$ in float64, $1.2\cdot10^{-7}$ in float32). The two errors do not cancel in
the difference, and dividing by $2\varepsilon$ turns them into a *round-off error* of about
$u\,|J|/\varepsilon$. The total

$$E(\varepsilon) \approx \frac{\varepsilon^2}{6}\,|J'''| + \frac{u\,|J|}{\varepsilon}$$

is smallest at $\varepsilon^* = (3u\,|J|/|J'''|)^{1/3}$: about $u^{1/3}$ when $J$ and its derivatives are
of order one, that is $6\cdot10^{-6}$ in float64 and $5\cdot10^{-3}$ in float32.

Two alternatives: the forward difference $\big(J(\theta+\varepsilon) - J(\theta)\big)/\varepsilon$ has a
truncation error of order $\varepsilon$, so its best error is much larger; the **complex step**
$\operatorname{Im} J(\theta + i h)/h$ subtracts nothing, so $h$ can be as small as $10^{-20}$ and the
result is exact to machine precision (the cost must then accept complex numbers).

Below, the assignment's network at its test point (47 parameters) and its *correct* back-propagation are
checked with every step from $10^{-12}$ to $10^{-1}$, with all three methods, in float64 and in float32.
""")

code(r"""
X, Y, parameters = gradient_check_n_test_case()
lesson = DeepNetwork(X, Y, stable_loss=False)     # the assignment's network and cost formula
gradients = lesson.gradients(parameters)           # correct back-propagation, float64
epsilons = np.logspace(-12, -1, 23)
sweeps = {"float64": epsilon_sweep(lesson, parameters, gradients, epsilons)}
""")

code(r"""
parameters32 = {name: value.astype(np.float32) for name, value in parameters.items()}
lesson32 = DeepNetwork(X.astype(np.float32), Y, stable_loss=False)
sweeps["float32"] = epsilon_sweep(lesson32, parameters32, gradients, epsilons)
stable = epsilon_sweep(DeepNetwork(X, Y), parameters, gradients, epsilons, methods=("central",))["central"]
""")

code(r"""
machine_epsilon = {"float64": np.finfo(np.float64).eps, "float32": np.finfo(np.float32).eps}
practice_plots.plot_epsilon_tradeoff(epsilons, sweeps, machine_epsilon, threshold=THRESHOLD, marked_epsilon=1e-7,
                                     extra={"central, float64, cost as log(1 + exp(-z))": stable})
""")

md(r"""
*Figure 1. Two log-log panels, float64 on the left and float32 on the right: the relative difference of a
correct gradient against the step, for central differences (blue circles), forward differences (orange
squares) and the complex step (green triangles), with dotted guides of slope 2 (blue, central truncation)
and 1 (orange, forward truncation), a black dash-dotted guide of slope −1 (round-off), a vertical line at
$u^{1/3}$, the $2\cdot10^{-7}$ threshold as a dashed line, and the assignment's $\varepsilon = 10^{-7}$
circled. In float64 the central curve falls
with slope −1 down to about $2\cdot10^{-10}$ near $\varepsilon = 10^{-4}$ and rises with slope 2 beyond;
the circled point lies on the falling branch just under the threshold. A grey dashed curve, the same
check with the cost computed as $\log(1+e^{-z})$, lies about a hundred times lower. In float32 the curves
start at $10^{-7}$ (smaller steps vanish) and never reach the threshold.*
""")

md(r"""
Left of each minimum, the curves rise with slope −1: that is round-off. The assignment's
$\varepsilon = 10^{-7}$ sits on this branch, so a *correct* back-propagation scores about $1.2\cdot10^{-7}$,
uncomfortably close to the $2\cdot10^{-7}$ line, and the score is noise, not a measurement. Steps ten to a
thousand times larger give scores ten to several hundred times lower:
""")

code(r"""
stable_network = DeepNetwork(X, Y)
for epsilon in (1e-7, 1e-6, 1e-5, 1e-4):
    assignment = gradient_check_full(lesson, parameters, gradients, epsilon)
    stable_form = gradient_check_full(stable_network, parameters, gradients, epsilon)
    print(f"epsilon = {epsilon:.0e}:  assignment's formula {assignment:.1e}   log(1 + exp(-z)) form {stable_form:.1e}")
""")

md(r"""
Three more things the figure shows:

* **How $J$ is computed matters as much as $\varepsilon$.** The assignment computes $a = \sigma(z)$ first
  and then $\log(1-a)$; when $a$ is close to 1, $1-a$ has lost most of its digits. Computing
  $-\log\sigma(z) = \log(1+e^{-z})$ directly (the grey curve) lowers the whole round-off branch about a
  hundredfold.
* **Forward differences** are hundreds of times worse than central ones near the best steps: their
  truncation error falls only like $\varepsilon$.
* **float32 cannot check to $2\cdot10^{-7}$.** With $u$ half a billion times larger, the best central
  difference is around $10^{-4}$, at $\varepsilon$ near $10^{-2}$; below $\varepsilon \approx 10^{-7}$ the
  step even vanishes, $w + \varepsilon = w$ (the checks refuse such a step). Check in float64, or judge a
  float32 check with its own threshold. The complex step in float32 is flat at about $10^{-6}$: the
  precision of the cost itself.
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## ReLU kinks: a correct gradient that fails the check

$\text{ReLU}(z) = \max(0, z)$ has a kink at $z = 0$, where back-propagation uses the slope of one side
(the mask $z > 0$). A weight $W_{ij}$ moves the pre-activation $z_i$ of example $k$ by
$\varepsilon X_{jk}$. If $|z_i| < \varepsilon\,|X_{jk}|$, then $J(\theta+\varepsilon)$ and
$J(\theta-\varepsilon)$ lie on different sides of the kink, and the central difference averages two
different slopes. The check then reports a mistake that is not there.

To see it, move the first unit of layer 1 so that its pre-activation for the first example is $2\cdot10^{-6}$.
""")

code(r"""
network = stable_network
Z1 = network.pre_activations(parameters)["Z1"]
kinked = {name: value.copy() for name, value in parameters.items()}
kinked["b1"][0, 0] += 2e-6 - Z1[0, 0]   # z = 2e-6 for unit 1, example 1
kinked_gradients = network.gradients(kinked)
""")

code(r"""
steps = np.logspace(-9, -2, 15)
curves = {
    "the assignment's point": epsilon_sweep(network, parameters, gradients, steps, methods=("central",))["central"],
    "unit 1 moved 2e-6 from its kink": epsilon_sweep(network, kinked, kinked_gradients, steps,
                                                     methods=("central",))["central"],
}
distance = np.abs(network.pre_activations(kinked)["Z1"]).min() / np.abs(X).max()
practice_plots.plot_kink(steps, curves, kink_distance=distance, threshold=THRESHOLD)
""")

md(r"""
*Figure 2. Relative difference against the step on log-log axes for two points, with the threshold as a
dashed line. At the assignment's point (blue circles) the curve is the familiar V with its minimum near
$10^{-5}$. At the moved point (orange squares) it follows the same line up to $\varepsilon = 10^{-6}$,
then jumps to about $5\cdot10^{-2}$ and stays there; a shaded band marks the steps larger than the
distance to the kink.*
""")

md(r"""
How to tell a kink from a real mistake:

1. **Shrink the step.** A real mistake gives the same difference for every $\varepsilon$; a kink appears
   abruptly once $\varepsilon$ exceeds $|z|/|x|$ and disappears below it.
2. **Look at the worst entries.** A kink corrupts only the parameters feeding one unit (here row 0 of
   `W1` and `b1[0]`); a wrong formula usually spoils a whole block.
3. **Use the complex step.** It moves $\theta$ along the imaginary axis only, so the real part of $z$, which
   decides the side of the kink, never changes.
""")

code(r"""
approximation = numerical_gradient(network, kinked, 1e-5)
for key, index, grad, approx in worst_entries(kinked_gradients, approximation, count=4):
    print(f"{key}{list(index)}: back-propagation {grad:+.3f}, central difference {approx:+.3f}")
""")

code(r"""
for epsilon in (1e-5, 1e-7):
    difference = gradient_check_full(network, kinked, kinked_gradients, epsilon)
    print(f"central,      epsilon = {epsilon:.0e}: {difference:.1e}")
difference = gradient_check_full(network, kinked, kinked_gradients, 1e-5, method="complex")
print(f"complex step, h       = 1e-05: {difference:.1e}")
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## Dropout: the cost must be the same function at every evaluation

With dropout, every forward pass multiplies the hidden activations by a new random mask $D$. The cost
becomes a random function, $J(\theta; D)$, and the two evaluations of a difference use different masks:

$$\frac{J(\theta+\varepsilon; D_1) - J(\theta-\varepsilon; D_2)}{2\varepsilon}
  \approx \frac{J(\theta; D_1) - J(\theta; D_2)}{2\varepsilon},$$

a difference of order $J$ divided by a tiny number. The back-propagated gradient may be perfectly right
for its own mask. The network below has 499 parameters and keeps each hidden unit with probability 0.8.
""")

code(r"""
X_small, Y_small = synthetic_data(20, 3, 16, seed=0)
small = initialize_parameters((20, 16, 8, 3), seed=1)
cases = {
    "dropout on, a new mask at every evaluation": DeepNetwork(X_small, Y_small, keep_prob=0.8, dropout="fresh", seed=3),
    "dropout off": DeepNetwork(X_small, Y_small),
    "dropout on, one fixed mask for every evaluation": DeepNetwork(X_small, Y_small, keep_prob=0.8, dropout="fixed",
                                                                   seed=3),
}
for label, model in cases.items():
    difference = gradient_check_full(model, small, model.gradients(small))
    print(f"{label:<48} {difference:.1e}  {'MISTAKE?' if difference > THRESHOLD else 'ok'}")
""")

md(r"""
So either switch dropout off while checking (the assignment's advice) or fix the mask: with one mask for
all evaluations the cost is an ordinary function again, and the check covers the dropout code as well.
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## Regularisation: the check compares with J, so J must contain the L2 term

With L2 regularisation the cost and its gradient both gain a term:

$$J_\text{reg} = J + \frac{\lambda}{2m}\sum_l \lVert W^{[l]} \rVert_F^2, \qquad
  dW^{[l]}_\text{reg} = dW^{[l]} + \frac{\lambda}{m}\,W^{[l]}.$$

If back-propagation adds the second but the cost handed to the check leaves out the first, the check
compares a regularised gradient with an unregularised cost:
""")

code(r"""
regularised_gradients = DeepNetwork(X_small, Y_small, l2=0.7).gradients(small)
print("cost without the L2 term:")
print(format_block_report(gradient_check_full(DeepNetwork(X_small, Y_small), small, regularised_gradients,
                                              per_block=True), digits=1))
print("\ncost with the L2 term:")
print(format_block_report(gradient_check_full(DeepNetwork(X_small, Y_small, l2=0.7), small, regularised_gradients,
                                              per_block=True), digits=1))
""")

md(r"""
The pattern is recognisable: every weight block is flagged and every bias is fine, because the L2 term
involves weights only. A mistake in one layer's formula looks different, as the last section shows.
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## Checking a large network

A full check costs two evaluations of $J$ per parameter, and each evaluation costs about as many
operations as there are parameters: $O(n^2)$ in all. Three ways around it:

* **A vectorised full check.** Shifting $W^{[l]}_{ij}$ by $\varepsilon$ changes only row $i$ of
  $Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}$, by $\varepsilon A^{[l-1]}_{j,:}$. The layers below $l$ are computed
  once, and the layers above it for hundreds of shifts at a time, as one stacked array.
  `DeepNetwork.perturbed_costs` does this; every check uses it when the cost offers it.
* **A random subset.** Check $k$ entries chosen at random, at least one in every block: $2k$ evaluations.
* **Random directions.** For a random unit vector $v$,
  $\big(J(\theta+\varepsilon v) - J(\theta-\varepsilon v)\big)/2\varepsilon \approx \nabla J \cdot v$:
  two evaluations, whatever $n$. If the gradient is wrong by a vector $d$, the slope is off by $d\cdot v$,
  which is non-zero for almost every $v$.

The network below has the shape of an MNIST classifier and a planted mistake: the ReLU derivative is
missing in layer 2. `FULL_SIZE = True` selects the 784-256-128-10 network of the benchmark
(`benchmarks/bench_checks.py`, about 235,000 parameters); it takes several seconds longer.
""")

code(r"""
FULL_SIZE = False
layer_sizes = (784, 256, 128, 10) if FULL_SIZE else (784, 32, 16, 10)
X_big, Y_big = synthetic_data(784, 10, 32, seed=0)
big = initialize_parameters(layer_sizes, seed=1)
big_network = DeepNetwork(X_big, Y_big)
correct = big_network.gradients(big)
buggy = big_network.gradients(big, mistake="relu_derivative_missing", layer=2)
print(f"{sum(value.size for value in big.values()):,} parameters, {X_big.shape[1]} examples")
""")

code(r"""
checks = {
    "full check": lambda g: gradient_check_full(big_network, big, g),
    "random subset, k = 200": lambda g: gradient_check_subset(big_network, big, g, k=200),
    "3 random directions": lambda g: gradient_check_directional(big_network, big, g, n_directions=3),
}
for label, check in checks.items():
    print(f"{label:<23} correct {check(correct):.1e}   with the mistake {check(buggy):.1e}   "
          f"time {seconds(functools.partial(check, correct), repeat=1) * 1e3:.1f} ms (timed)")
""", "timed")

md(r"""
All three catch the mistake and pass the correct gradient. How the time grows with the size of the
network: the same architecture with hidden layers of 2 to 64 units (to 256 with `FULL_SIZE`). The full
check through the plain cost, one call per shifted parameter as in the assignment, would take minutes on
the larger networks; its time is the measured time of 100 such shifts, scaled to all of them.
""")

code(r"""
plain_cost = big_network.cost   # without perturbed_costs: one forward pass per shifted parameter
widths = (2, 4, 8, 16, 32, 64, 128, 256) if FULL_SIZE else (2, 4, 8, 16, 32, 64)
n_parameters, timings = [], {"full, one call per shift (scaled from 100)": [], "full, vectorised": [],
                             "subset, k = 200": [], "3 directions": []}
for width in widths:
    point = initialize_parameters((784, width, max(width // 2, 1), 10), seed=1)
    point_gradients = big_network.gradients(point)
    n = sum(value.size for value in point.values())
    n_parameters.append(n)
    runs = [functools.partial(gradient_check_subset, plain_cost, point, point_gradients, k=100),
            functools.partial(gradient_check_full, big_network, point, point_gradients),
            functools.partial(gradient_check_subset, big_network, point, point_gradients, k=200),
            functools.partial(gradient_check_directional, big_network, point, point_gradients, n_directions=3)]
    for times, run, scale in zip(timings.values(), runs, (n / 100, 1, 1, 1)):
        times.append(seconds(run, repeat=3) * scale)
""", "timed")

code(r"""
practice_plots.plot_scaling(n_parameters, timings)
""", "timed")

md(r"""
*Figure 3. Log-log plot of the time of one check against the number of parameters (about 1,600 to 53,000,
or 235,000 with `FULL_SIZE`), with grey guides of slope 1 and 2. The full check through the plain cost is
the highest line and steepens towards slope 2 as the network grows; the vectorised full check lies one to
two orders of magnitude below it; the subset and direction checks are the lowest lines and grow slowly.
The measured times vary between runs and machines.*
""")

md(r"""
For small networks every check is dominated by fixed costs per call. As the network grows, the full check
through the plain cost approaches the $n^2$ law: on the 235,000-parameter network it would take minutes.
Vectorising divides the time by a large factor, but a full check stays quadratic; the subset and direction
checks grow at most linearly and take milliseconds. `benchmarks/bench_checks.py` measures all of them side
by side on that network.
""")

# ------------------------------------------------------------------------------------------------
md(r"""
## Localisation: which block is wrong?

A per-block report computes the relative difference of each $W^{[l]}$ and $b^{[l]}$ separately. Errors
flow *backwards*: a wrong $dZ^{[l]}$ spoils $dW^{[l]}$, $db^{[l]}$ and every layer below it. So the mistake
is in the **deepest flagged layer**, and a single flagged block points at that block's own formula.
""")

code(r"""
_, cache = forward_propagation_n(X, Y, parameters)
lesson_bugs = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)   # dW2 times 2, db1 with 4/m
reports = {
    "assignment network, its two planted bugs": gradient_check_full(network, parameters, lesson_bugs,
                                                                    per_block=True),
    f"{'-'.join(map(str, layer_sizes))}, ReLU derivative missing in layer 2": gradient_check_full(
        big_network, big, buggy, per_block=True),
}
for title, report in reports.items():
    print(f"{title}: flagged {suspect_blocks(report)}")
print("directions drawn inside each block:",
      suspect_blocks(gradient_check_directional(big_network, big, buggy, per_block=True)))
""")

code(r"""
practice_plots.plot_block_reports(reports, threshold=THRESHOLD)
""")

md(r"""
*Figure 4. Two bar charts of the relative difference per block on a logarithmic axis, with the threshold
as a dashed line; bars above it are drawn in vermillion, bars below in sky blue, and the overall value is
hatched. Left, the assignment's network: b1 and W2 stand near $10^{-1}$ to $1$, the other blocks near
$10^{-9}$ or below. Right, the deeper network: W1, b1, W2 and b2 are flagged, W3 and b3 are not.*
""")

md(r"""
On the left, exactly the two blocks the assignment planted its bugs in. On the right, the flags reach
down from layer 2: the deepest flagged layer is where the missing ReLU derivative is. Drawing the random
directions inside each block gives the same answer for two evaluations per direction and block.

## A checklist

* Check in **float64**, with $\varepsilon$ between $10^{-6}$ and $10^{-4}$ (`gc_utils.checks` uses
  $10^{-6}$), not $10^{-7}$. A correct gradient then scores $10^{-8}$ or better; if a score sits near the
  threshold, try a second step before believing it.
* When the cost is complex-safe, the **complex step** settles doubts: no round-off branch, no kinks.
* A failure that appears or vanishes as $\varepsilon$ changes by a factor of ten is a **ReLU kink**,
  not a bug.
* Switch **dropout** off, or fix its mask, while checking; put the **L2 term** in the cost you check.
* On a large network, start with **random directions** or a **random subset**, then ask for the
  **per-block** report to find the layer.
""")


# ------------------------------------------------------------------------------------------------

def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:4]) or "cell"


def build() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for index, (kind, source, tags) in enumerate(CELLS):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell.id = f"c{index:02d}-{slug(source.lstrip('#% '))}"
        if tags:
            cell.metadata["tags"] = list(tags)
        notebook.cells.append(cell)
    return notebook


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    from execute_notebooks import merge_streams  # the sibling script: tools/ is sys.path[0] when this runs

    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return notebook


def sanitize_rules() -> list[tuple[str, str]]:
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text(encoding="utf-8"), flags=re.M)


def comparable(notebook: nbformat.NotebookNode) -> str:
    """The notebook as text, with what legitimately varies between runs taken out: the images and the
    text of timed cells pass through the sanitize rules, their images are dropped."""
    copy = nbformat.from_dict(notebook)
    copy.metadata.pop(generated.KEY, None)
    rules = sanitize_rules()
    for cell in copy.cells:
        if "timed" not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if "text" in output:
                for pattern, replacement in rules:
                    output["text"] = re.sub(pattern, replacement, output["text"])
            output.get("data", {}).pop("image/png", None)
    return nbformat.writes(copy)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the stored notebook is out of date")
    parser.add_argument("--force", action="store_true", help="write even if only the timings differ")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    notebook = execute(build())
    elapsed = time.perf_counter() - start
    stored = nbformat.read(NOTEBOOK, as_version=4) if NOTEBOOK.exists() else None
    up_to_date = stored is not None and comparable(stored) == comparable(notebook)
    name = NOTEBOOK.relative_to(ROOT)
    if options.check:
        print(f"{name} is {'up to date' if up_to_date else 'OUT OF DATE'} (executed in {elapsed:.1f} s)")
        return 0 if up_to_date else 1
    if up_to_date and not options.force:
        print(f"{name} unchanged apart from timings; left as it is (executed in {elapsed:.1f} s)")
        return 0
    generated.write(notebook, NOTEBOOK, "tools/build_practice_notebook.py", "python tools/build_practice_notebook.py")
    print(f"wrote {name} (executed in {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
