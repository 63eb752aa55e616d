"""How fast do the explorers answer a control change? Prints median and max milliseconds per control.

From setting a control's value (what a slider move in the browser does in the kernel) until the figure has
been re-rendered into the explorer's image and the readout rewritten; everything in between is included:
the student's functions (lesson-style, with Python loops), the vectorised sweeps and the drawing.
Target: median ≤ 100 ms for every control on a 2-core machine.

    python benchmarks/bench_widgets.py [--changes 30]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import numpy as np

from gc_utils.layers import batchnorm_backward
from gc_utils.network import LESSON_BUGS
from gc_utils.widgets import BugInjector1D, BugInjectorND, EpsilonExplorer1D, EpsilonExplorerND
from gc_utils.widgets.explorer_batchnorm import BatchNormBugExplorer
from reference_solutions import gradient_check, gradient_check_n
from reference_solutions import lesson_backward_propagation_n as buggy_backward_propagation_n
from testCases import gradient_check_n_test_case

# The student's functions are reference_solutions's: lesson-style, with a Python loop in gradient_check_n.

# --- timing


def time_changes(explorer, control, values) -> list[float]:
    """Milliseconds from each assignment to the re-rendered figure (observers run synchronously in the kernel)."""
    timings = []
    for value in values:
        before = explorer.renders
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
        if explorer.renders != before + 1:
            raise RuntimeError(f"setting {control.description!r} to {value!r} did not re-render the figure once")
        timings.append(elapsed * 1e3)
    return timings


def slider_values(slider, count: int) -> list[float]:
    """``count`` distinct log-spaced values inside the slider's range, in a shuffled but fixed order."""
    exponents = np.linspace(slider.min + 0.05, slider.max - 0.05, count)
    np.random.default_rng(0).shuffle(exponents)
    return [float(slider.base**e) for e in exponents]


def cycle(options, count: int) -> list:
    return list(itertools.islice(itertools.cycle(options), 1, count + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="changes per control (default 30)")
    count = parser.parse_args().changes
    X, Y, parameters = gradient_check_n_test_case()

    rows = []

    def build(name, factory):
        start = time.perf_counter()
        explorer = factory()
        rows.append((name, "(construction)", [(time.perf_counter() - start) * 1e3]))
        return explorer

    one_d = build("EpsilonExplorer1D", lambda: EpsilonExplorer1D(gradient_check))
    rows.append(("EpsilonExplorer1D", "ε slider", time_changes(one_d, one_d.epsilon_slider,
                                                                 slider_values(one_d.epsilon_slider, count))))
    costs = list(one_d.COSTS)
    rows.append(("EpsilonExplorer1D", "J(θ) buttons", time_changes(one_d, one_d.cost_buttons, cycle(costs, count))))

    bug_1d = build("BugInjector1D", lambda: BugInjector1D(gradient_check))
    rows.append(("BugInjector1D", "|δ| slider", time_changes(bug_1d, bug_1d.delta_slider,
                                                             slider_values(bug_1d.delta_slider, count))))
    rows.append(("BugInjector1D", "sign buttons", time_changes(bug_1d, bug_1d.sign_buttons,
                                                               cycle([1.0, -1.0], count))))

    n_d = build("EpsilonExplorerND", lambda: EpsilonExplorerND(X, Y, parameters, gradient_check_n,
                                                               buggy_backward_propagation_n))
    rows.append(("EpsilonExplorerND", "ε slider", time_changes(n_d, n_d.epsilon_slider,
                                                               slider_values(n_d.epsilon_slider, count))))

    bugs_nd = build("BugInjectorND", lambda: BugInjectorND(X, Y, parameters, gradient_check_n, bugs=LESSON_BUGS))
    box = bugs_nd.checkboxes["relu_mask_ge"]
    rows.append(("BugInjectorND", "a bug checkbox", time_changes(bugs_nd, box, cycle([False, True], count))))
    rows.append(("BugInjectorND", "severity slider", time_changes(bugs_nd, bugs_nd.severity_slider,
                                                                  slider_values(bugs_nd.severity_slider, count))))
    epsilons = list(bugs_nd.EPSILONS)
    rows.append(("BugInjectorND", "ε menu", time_changes(bugs_nd, bugs_nd.epsilon_menu, cycle(epsilons, count))))

    norm = build("BatchNormBugExplorer", lambda: BatchNormBugExplorer(batchnorm_backward))
    rows.append(("BatchNormBugExplorer", "a bug checkbox", time_changes(norm, norm.checkboxes["gamma_forgotten"],
                                                                        cycle([False, True], count))))
    rows.append(("BatchNormBugExplorer", "upstream toggle", time_changes(norm, norm.upstream_toggle,
                                                                         cycle(["random", "ones"], count))))
    steps = [norm.epsilon_menu.value, *(step for step in norm.EPSILONS if step != norm.epsilon_menu.value)]
    rows.append(("BatchNormBugExplorer", "ε menu", time_changes(norm, norm.epsilon_menu, cycle(steps, count))))

    print(f"Control change -> re-rendered figure, in the kernel; {count} changes per control; milliseconds")
    print(f"{'explorer':<20} {'control':<16} {'median':>8} {'max':>8}  target median <= 100")
    for explorer, control, timings in rows:
        verdict = "" if control == "(construction)" else ("ok" if statistics.median(timings) <= 100 else "SLOW")
        print(f"{explorer:<20} {control:<16} {statistics.median(timings):8.1f} {max(timings):8.1f}  {verdict}")


if __name__ == "__main__":
    main()
