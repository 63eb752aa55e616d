"""The words inside figures (legend entries, axis labels, titles of ``style``, ``plots`` and ``practice_plots``),
keyed by message id, in English and Korean.

Looked up with ``text`` in the language of ``gc_utils.i18n`` (``gc_utils.set_language("ko")``), when a figure is
drawn. A Korean text has no ``$...$``: matplotlib then draws the whole string with mathtext, whose fonts have
no Hangul and no fallback (boxes), so the Korean texts write ε, ∝ and ² as plain Unicode.
``tests/test_messages.py`` fails when an id has no Korean text or its format fields differ from the English
one's. (The explorers' own titles and readouts are in ``gc_utils.widgets.messages``.)
"""

from __future__ import annotations

from . import i18n

EN: dict[str, str] = {
    # ---------------------------------------------------------------- style, plots (the explorers' figures)
    "threshold": "threshold {threshold:g}",
    "marker.values_at": "values at the {label}",
    "axis.difference": "relative difference",
    "axis.block": "parameter block",
    "bars.no_value": "n/a",
    "bars.bug_level": "{bug_level:g}: surely a bug",
    "bars.bug": "≥ {bug_level:g}: a bug, look here",
    "bars.look_closer": "{threshold:g} to {bug_level:g}: look closer",
    "bars.roundoff": "round-off, as if correct",
    "bars.fine": "≤ {threshold:g}: fine",
    "bars.overall": "all parameters",
    # ---------------------------------------------------------------- practice_plots
    "practice.threshold": "threshold {threshold:.0e}",
    "practice.method.central": "central difference",
    "practice.method.forward": "forward difference",
    "practice.method.complex": "complex step",
    "practice.marked_step": "the assignment's step",
    "practice.marked": r"{label}, $\varepsilon$ = {epsilon:.0e}",
    "practice.truncation_central": r"truncation $\propto\varepsilon^2$ (central)",
    "practice.truncation_forward": r"truncation $\propto\varepsilon$ (forward)",
    "practice.roundoff": r"round-off $\propto u/\varepsilon$",
    "practice.tradeoff.xlabel": r"step $\varepsilon$ (or $h$ for the complex step)",
    "practice.correct_difference": "relative difference of a correct gradient",
    "practice.tradeoff.title": "{name}: error against the step",
    "practice.tradeoff.suptitle": "Choosing the step: truncation error against round-off",
    "practice.kink.distance": r"distance to the kink $|z|/\max|x|$ = {distance:.0e}",
    "practice.kink.xlabel": r"step $\varepsilon$",
    "practice.kink.title": "A ReLU kink inside the step makes a correct gradient fail",
    "practice.scaling.xlabel": "number of parameters n",
    "practice.scaling.ylabel": "time of one check (seconds)",
    "practice.scaling.title": "How the cost of a check grows with the network",
    "practice.blocks.suptitle": "Which block is wrong? (bars above the line are flagged)",
}

KO: dict[str, str] = {
    "threshold": "문턱값 {threshold:g}",
    "marker.values_at": "{label}에서의 값",
    "axis.difference": "상대 차이",
    "axis.block": "매개변수 블록",
    "bars.no_value": "값 없음",
    "bars.bug_level": "{bug_level:g}: 틀림없는 버그",
    "bars.bug": "≥ {bug_level:g}: 버그, 여기를 보세요",
    "bars.look_closer": "{threshold:g} ~ {bug_level:g}: 자세히 볼 것",
    "bars.roundoff": "반올림 오차, 올바른 것과 같음",
    "bars.fine": "≤ {threshold:g}: 문제없음",
    "bars.overall": "모든 매개변수",
    "practice.threshold": "문턱값 {threshold:.0e}",
    "practice.method.central": "중심 차분",
    "practice.method.forward": "전진 차분",
    "practice.method.complex": "복소 간격",
    "practice.marked_step": "과제의 간격",
    "practice.marked": "{label}, ε = {epsilon:.0e}",
    "practice.truncation_central": "절단 오차 ∝ ε² (중심)",
    "practice.truncation_forward": "절단 오차 ∝ ε (전진)",
    "practice.roundoff": "반올림 오차 ∝ u/ε",
    "practice.tradeoff.xlabel": "간격 ε (복소 간격은 h)",
    "practice.correct_difference": "올바른 기울기의 상대 차이",
    "practice.tradeoff.title": "{name}: 간격에 따른 오차",
    "practice.tradeoff.suptitle": "간격 고르기: 절단 오차와 반올림 오차의 균형",
    "practice.kink.distance": "꺾인 점까지의 거리 |z|/max|x| = {distance:.0e}",
    "practice.kink.xlabel": "간격 ε",
    "practice.kink.title": "간격 안에 ReLU의 꺾인 점이 있으면 올바른 기울기도 검사를 통과하지 못합니다",
    "practice.scaling.xlabel": "매개변수 개수 n",
    "practice.scaling.ylabel": "검사 한 번의 시간(초)",
    "practice.scaling.title": "신경망이 커질 때 검사 비용이 늘어나는 방식",
    "practice.blocks.suptitle": "어느 블록이 틀렸을까요? (선 위의 막대가 표시됩니다)",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The figures' message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)
