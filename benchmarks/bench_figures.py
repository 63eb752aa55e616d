"""How long does a figure of the lesson take to become the PNG a notebook shows?

The four figures of "Checking your own layers" (as tests/gc_utils/test_layer_figures.py draws them), each made
anew and turned into PNG bytes three ways, side by side in one run:

- before: ``savefig(bbox_inches="tight")`` (the figure drawn twice) with matplotlib's mathtext tick labels;
- ``savefig(bbox_inches="tight")`` with the plain-text labels of ``gc_utils.log_ticks``;
- ``gc_utils.figures.png_of``: plain-text labels, drawn once and cut to the same box.

    python -m benchmarks.bench_figures [--repeat 15]

Prints the median time per figure of each way, in ms, and the ratio to "before".
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from matplotlib.ticker import LogFormatterSciNotation

from gc_utils import figures
from tests.gc_utils.test_layer_figures import FIGURES  # run from the repository's root: tests/ is importable there


def with_mathtext_labels(figure):
    """``figure`` with matplotlib's own log tick labels back on every log axis."""
    for axes in figure.axes:
        for axis, scale in ((axes.xaxis, axes.get_xscale()), (axes.yaxis, axes.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(LogFormatterSciNotation())
                axis.set_minor_formatter(LogFormatterSciNotation())
    return figure


WAYS: dict[str, Callable[[Callable], bytes]] = {
    "before (mathtext, drawn twice)": lambda make: figures._saved_tight(with_mathtext_labels(make())),
    "plain labels, drawn twice": lambda make: figures._saved_tight(make()),
    "png_of (plain labels, drawn once)": lambda make: figures.png_of(make()),
}


def median_ms(way: Callable[[Callable], bytes], make: Callable, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        way(make)
        times.append(time.perf_counter() - started)
    return 1e3 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    for way in WAYS.values():  # warm up: imports, fonts
        way(FIGURES["training"])
    print(f"{'figure':<10}" + "".join(f"{name:>36}" for name in WAYS))
    totals = dict.fromkeys(WAYS, 0.0)
    for name, make in FIGURES.items():
        row = {way: median_ms(WAYS[way], make, repeat) for way in WAYS}
        for way, ms in row.items():
            totals[way] += ms
        print(f"{name:<10}" + "".join(f"{ms:>33.0f} ms" for ms in row.values()))
    before = next(iter(totals.values()))
    print(f"{'all four':<10}" + "".join(f"{ms:>23.0f} ms ({ms / before:.2f}x)" for ms in totals.values()))


if __name__ == "__main__":
    main()
