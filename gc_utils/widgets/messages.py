"""The explorers' titles, axis labels and legend labels, keyed by message id, in English and Korean.

Looked up with ``text`` in the language of ``gc_utils.i18n`` (``gc_utils.set_language("ko")``);
``tests/test_messages.py`` fails when an id has no Korean text or its format fields differ from the English one's.
"""

from __future__ import annotations

from .. import i18n

EN: dict[str, str] = {
    "axis.epsilon": "ε, the step of the central difference",
    "axis.delta": "|δ|, the relative error in dθ = x·(1 + δ)",
    "axis.difference": "relative difference",
    "axis.block": "parameter block",
    "curve.yours_1d": "your gradient_check",
    "curve.reference": "gc_utils reference",
    "curve.theory": "exact arithmetic: |δ| / (|1 + δ| + 1)",
    "curve.correct": "correct back-prop",
    "curve.lesson_bugs": "lesson's bugs (dW2 × 2, db1 4/m)",
    "curve.yours_nd": "your backward_propagation_n",
    "curve.truncation": "truncation ∝ ε² (guide)",
    "curve.roundoff": "round-off ∝ u/ε (guide)",
    "title.epsilon_1d": "1-D gradient check of {formula} at x = {x:g}, θ = {theta:g}",
    "title.bug_1d": "Checking a wrong dθ = x·(1 {sign} |δ|): J = θ·x, ε = {epsilon:g}",
    "title.epsilon_nd": "N-D gradient check of the {n}-parameter network against ε",
    "title.blocks": "Relative difference per parameter block (ε = {epsilon:g})",
    "control.sign": "sign",
    "control.epsilon": "ε (step)",
    "control.lesson": " (lesson)",
    "legend.current_epsilon": "current ε",
    "readout.no_value": "n/a",
    "readout.exactly_0": "exactly 0",
    "readout.mistake": "mistake",
    "readout.correct": "correct",
}

KO: dict[str, str] = {
    "axis.epsilon": "ε, 중심 차분의 간격",
    "axis.delta": "|δ|, dθ = x·(1 + δ)의 상대 오차",
    "axis.difference": "상대 차이",
    "axis.block": "매개변수 블록",
    "curve.yours_1d": "여러분의 gradient_check",
    "curve.reference": "gc_utils 기준값",
    "curve.theory": "정확한 산술: |δ| / (|1 + δ| + 1)",
    "curve.correct": "올바른 역전파",
    "curve.lesson_bugs": "수업의 버그(dW2 × 2, db1 4/m)",
    "curve.yours_nd": "여러분의 backward_propagation_n",
    "curve.truncation": "절단 오차 ∝ ε² (안내선)",
    "curve.roundoff": "반올림 오차 ∝ u/ε (안내선)",
    "title.epsilon_1d": "{formula}의 1차원 경사 검사, x = {x:g}, θ = {theta:g}",
    "title.bug_1d": "틀린 dθ = x·(1 {sign} |δ|) 검사하기: J = θ·x, ε = {epsilon:g}",
    "title.epsilon_nd": "매개변수 {n}개 신경망의 N차원 경사 검사, ε에 따라",
    "title.blocks": "매개변수 블록별 상대 차이 (ε = {epsilon:g})",
    "control.sign": "부호",
    "control.epsilon": "ε (간격)",
    "control.lesson": " (수업)",
    "legend.current_epsilon": "현재 ε",
    "readout.no_value": "값 없음",
    "readout.exactly_0": "정확히 0",
    "readout.mistake": "실수",
    "readout.correct": "올바름",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The explorers' message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)
