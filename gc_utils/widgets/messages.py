"""The explorers' titles, controls, legend labels and readouts, and what a student's function did inside one,
keyed by message id, in English and Korean.

Looked up with ``text`` in the language of ``gc_utils.i18n`` (``gc_utils.set_language("ko")``);
``tests/test_messages.py`` fails when an id has no Korean text or its format fields differ from the English one's.
"""

from __future__ import annotations

from .. import i18n, layers, network, sweeps

EN: dict[str, str] = {
    "axis.epsilon": "ε, the step of the central difference",
    "axis.delta": "|δ|, the relative error in dθ = x·(1 + δ)",
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
    "control.delta": "|δ| in dθ",
    "control.severity": "severity",
    "control.lesson_epsilon": "1e-7 (the lesson's)",
    "cost.choice.linear": "θ·x (your functions)",
    "cost.choice.cubic": "x·θ³ (curved)",
    "cost.choice.sine": "sin(θ·x) (curved)",
    "legend.current_delta": "current |δ|",
    "legend.smallest_caught": "smallest |δ| caught ≈ {caught:.0e}",
    "legend.yours_nd_at": "your gradient_check_n at ε",
    "legend.yours_check_n": "your gradient_check_n",
    # ------------------------------------------------------------ what a student's function did (calling.py)
    "call.none": "your {name} returned None; expected the difference, a float (is `return difference` missing?)",
    "call.bool": "your {name} returned {value} (a bool); expected the difference itself, a float",
    "call.not_number": "your {name} returned {value} ({type}); expected a float",
    "call.not_one": "your {name} returned an array of shape {shape}; expected one number, the difference",
    "call.array_note": "your {name} returned an array of shape {shape}; the lesson expects a plain number (a scalar)",
    "call.not_finite": "your {name} returned {value}; expected a finite difference",
    "call.negative": "your {name} returned {value:.3g}; a relative difference (a ratio of norms) cannot be negative",
    "call.above_one": "your {name} returned {value:.3g}; a relative difference is at most 1: divide by "
                      "‖grad‖ + ‖gradapprox‖",
    "call.not_implemented": "your {name} is not implemented yet (it raises NotImplementedError{detail})",
    "call.raised": "your {name} raised {error_type}{detail}",
    "call.non_finite_gradients": "your backward_propagation_n returned non-finite gradients (nan or inf)",
    "call.gradient_count": "your backward_propagation_n gave {got} gradient entries; expected {expected}",
    "call.not_callable": "{name} must be a function (pass your {name} itself, without calling it); got {type}",
    "explorer.failed": "the explorer failed: {error_type}: {error}",
    # ------------------------------------------------------------ the 1-D readouts
    "sweep.steps": "{problem} (at {count} of {total} steps)",
    "sweep.deltas": "{problem} (at {count} of {total} δ)",
    "fallback.no_globals_cost": "{reason}; the curve below is gc_utils' own computation of the same check",
    "fallback.raised_cost": "{raised}, so {formula} could not be passed to it: the curve is gc_utils' own computation",
    "fallback.uncalled_cost": "your gradient_check did not call forward_propagation / backward_propagation, so "
                              "{formula} could not be passed to it: the curve is gc_utils' own computation",
    "fallback.no_globals_bug": "{reason}: the numbers are gc_utils' own computation of the same check",
    "fallback.raised_bug": "{raised}, so the wrong dθ could not be passed to it: the numbers are gc_utils' own "
                           "computation of the same check",
    "fallback.uncalled_bug": "your gradient_check did not call backward_propagation, so the wrong dθ could not be "
                             "passed to it: the numbers are gc_utils' own computation of the same check",
    "who.yours_1d": "your gradient_check",
    "who.fallback_1d": "gc_utils (in place of your gradient_check)",
    "readout.difference": "{who}: difference = {value}{badge}",
    "readout.difference_outcome": "{who}: difference = {value}{badge} — {outcome}",
    "readout.reference": "gc_utils reference: {value}",
    "readout.zeros": "{zeros} of the {total} values are exactly 0: a log axis cannot show them",
    "readout.delta": "dθ = x·(1 + δ) = {wrong} instead of {right}, a relative change of {delta:+.1e} "
                     "(ε = {epsilon:g})",
    "outcome.not_a_verdict": "not a verdict on the bug: your check itself computes a different difference",
    "outcome.caught": "caught: the check reports a mistake",
    "outcome.missed": "missed: this wrong gradient passes as correct",
    "problem.wrong_difference_1d": "your gradient_check returns {value} for this wrong dθ, but the difference is "
                                   "{theory} in exact arithmetic and {expected} with the lesson's formula at "
                                   "ε = {epsilon:g}: your gradient_check computes the difference wrongly",
    "note.threshold_catches": "The threshold {threshold:g} catches relative errors from about {above:.1e} up "
                              "(dotted line); far below that the difference is round-off of the central "
                              "difference, whatever δ is.",
    # ------------------------------------------------------------ the N-D readouts
    "readout.yours_nd_with_yours": "your gradient_check_n (with your gradients): {value}{badge}",
    "readout.yours_nd_with_correct": "your gradient_check_n (with the correct gradients): {value}{badge}",
    "problem.disagrees_nd": "your gradient_check_n gives {value} where the same check computed by gc_utils gives "
                            "{expected}: does it use its epsilon argument and the two-sided difference?",
    "note.correct_fails_roundoff": "At this ε even the correct back-prop fails the threshold: the approximation "
                                   "itself is poor, dominated by round-off (ε too small).",
    "note.correct_fails_truncation": "At this ε even the correct back-prop fails the threshold: the approximation "
                                     "itself is poor, dominated by truncation (ε too large).",
    "note.guides": "Dotted guides fitted to the correct curve: {truncation:.2g}·ε² and {roundoff:.2g}·u/ε "
                   "(u = {u:.1e}, the unit round-off of float64); their sum is smallest near ε ≈ {best:.0e}.",
    "readout.bugs_on": "<b>Bugs on</b> (severity {severity:.2g}, ε = {epsilon:g}): {listed}",
    "readout.no_bugs": "<b>No bugs on</b> (ε = {epsilon:g}): the correct back-propagation",
    "readout.overall": "overall difference (gc_utils) = {value}{badge}",
    "readout.yours_check_n": "your gradient_check_n = {value}{badge}",
    "readout.culprits": "Blocks at or above {level:g}: <b>{blocks}</b> — look at {gradients} in "
                        "backward_propagation_n.",
    "readout.unsure": "Above the threshold but below {level:g}: {blocks} — a small bug, or round-off at this ε "
                      "(try a larger ε).",
    "readout.roundoff": "Above the threshold by round-off alone: {blocks} — the correct back-propagation gives the "
                        "same there at ε = {epsilon:g}. These blocks have small gradients, so the round-off of the "
                        "central difference (about u·|J|/ε per entry) is a large part of them; a larger ε (1e-5) "
                        "brings them below the threshold.",
    "readout.none_above": "No block is above the threshold.",
    # the one-parameter costs' notes and the planted bugs' names: their English is where they are defined
    **{f"cost.{name}": cost.explanation for name, cost in sweeps.SCALAR_COSTS.items()},
    **{f"bug.{name}": bug.label for name, bug in network.BUGS.items()},
    # ------------------------------------------------------------------ the figures' alt text (figures.figure_output)
    "alt.epsilon_1d": "Log-log plot of the relative difference against ε from 1e-12 to 0.1, for {formula} at "
                      "x = {x:g}, θ = {theta:g}: the curve of your gradient_check and gc_utils' reference curve, the "
                      "threshold {threshold:g} as a dash-dotted horizontal line, and a marker at the current "
                      "ε = {epsilon:.1e}. {yours}",
    "alt.bug_1d": "Log-log plot of the relative difference against |δ|, the relative error of a wrong "
                  "dθ = x·(1 + δ), from 1e-10 to 1, at ε = {epsilon:g}: the curve of your gradient_check and the "
                  "exact-arithmetic curve, the threshold {threshold:g} as a dash-dotted horizontal line, a dotted "
                  "vertical line at {caught:.0e}, the smallest |δ| the threshold catches, and a marker at the current "
                  "δ = {delta:+.1e}. {yours}",
    "alt.yours_at": "There your gradient_check returns {value}: {verdict}.",
    "alt.yours_none": "There your gradient_check gives no value (the readout below says why).",
    "alt.epsilon_nd": "Log-log plot of the relative difference against ε from 1e-12 to 0.1 for the {n}-parameter "
                      "network. Curves: {curves}{guides}. The threshold {threshold:g} is a dash-dotted horizontal "
                      "line. At the current ε = {epsilon:.1e}: {values}.",
    "alt.guides": ", and dotted guides for truncation (∝ ε²) and round-off (∝ u/ε)",
    "alt.blocks": "Bar chart, on a log axis, of the relative difference of each parameter block ({names}) and of "
                  "all parameters together, at ε = {epsilon:g}; the threshold {threshold:g} is a dash-dotted "
                  "horizontal line. Bugs switched on: {bugs}. Far above the threshold (over {level:g}): {far}. "
                  "Above it, below {level:g}: {unsure}. At round-off level: {rest}. All parameters: {overall}.",
    "alt.none": "none",
    # ------------------------------------------------------------ the batch-normalisation explorer (layers)
    "layers.control.upstream": "upstream gradient",
    "layers.control.random": "random",
    "layers.control.ones": "all ones",
    "layers.legend.planted": "reference with the planted bugs",
    "layers.legend.yours": "your batchnorm_backward",
    "layers.readout.bugs": "<b>Planted bugs</b>: {listed}",
    "layers.readout.no_bugs": "<b>No planted bug</b>: the reference backward pass as it should be",
    "layers.readout.flagged": "The check flags {blocks}: the gradients the planted bugs touch.",
    "layers.alt.explorer": "{figure} Flagged now, above the threshold: {flagged}.",
    "layers.note.ones": "With an all-ones upstream gradient the sum of the outputs is m·Σβ, whatever X and γ are: "
                        "the true dX and dγ are zero, and their check compares round-off with round-off (about 1 "
                        "for every backward pass, correct or not). It can tell nothing; switch to a random one.",
    "layers.call.not_triple": "your batchnorm_backward returned {type}; expected the three gradients "
                              "(dX, dgamma, dbeta)",
    "layers.call.bad_gradient": "your batchnorm_backward returned {name} as {got}; expected a finite array of "
                                "shape {shape}",
    **{f"layers.bug.{name}": bug.label for name, bug in layers.BUGS["batchnorm"].items()},
}

KO: dict[str, str] = {
    "axis.epsilon": "ε, 중심 차분의 간격",
    "axis.delta": "|δ|, dθ = x·(1 + δ)의 상대 오차",
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
    "control.delta": "dθ의 |δ|",
    "control.severity": "심각도",
    "control.lesson_epsilon": "1e-7 (수업)",
    "cost.choice.linear": "θ·x (여러분의 함수)",
    "cost.choice.cubic": "x·θ³ (곡선)",
    "cost.choice.sine": "sin(θ·x) (곡선)",
    "legend.current_delta": "현재 |δ|",
    "legend.smallest_caught": "잡아내는 가장 작은 |δ| ≈ {caught:.0e}",
    "legend.yours_nd_at": "ε에서 여러분의 gradient_check_n",
    "legend.yours_check_n": "여러분의 gradient_check_n",
    "call.none": "여러분의 {name} 함수가 None을 반환했습니다. 차이(float)를 반환해야 합니다(`return difference`가 "
                 "빠졌나요?)",
    "call.bool": "여러분의 {name} 함수가 bool 값({value})을 반환했습니다. 차이 자체(float)를 반환해야 합니다",
    "call.not_number": "여러분의 {name} 함수가 {type} 값({value})을 반환했습니다. float를 반환해야 합니다",
    "call.not_one": "여러분의 {name} 함수가 모양 {shape}인 배열을 반환했습니다. 차이 하나(숫자 하나)를 반환해야 "
                    "합니다",
    "call.array_note": "여러분의 {name} 함수가 모양 {shape}인 배열을 반환했습니다. 수업에서는 그냥 숫자(스칼라)를 "
                       "기대합니다",
    "call.not_finite": "여러분의 {name} 함수가 {value} 값을 반환했습니다. 유한한 차이를 반환해야 합니다",
    "call.negative": "여러분의 {name} 함수가 {value:.3g} 값을 반환했습니다. 상대 차이(노름의 비)는 음수일 수 "
                     "없습니다",
    "call.above_one": "여러분의 {name} 함수가 {value:.3g} 값을 반환했습니다. 상대 차이는 1을 넘을 수 없습니다: "
                      "‖grad‖ + ‖gradapprox‖로 나누세요",
    "call.not_implemented": "여러분의 {name} 함수는 아직 구현되지 않았습니다(NotImplementedError{detail} 예외가 "
                            "발생합니다)",
    "call.raised": "여러분의 {name}에서 예외가 발생했습니다: {error_type}{detail}",
    "call.non_finite_gradients": "여러분의 backward_propagation_n이 유한하지 않은 기울기(nan 또는 inf)를 "
                                 "반환했습니다",
    "call.gradient_count": "여러분의 backward_propagation_n이 기울기 원소 {got}개를 주었습니다. {expected}개여야 "
                           "합니다",
    "call.not_callable": "{name}에는 함수를 넘겨야 합니다(호출하지 말고 여러분의 {name} 자체를 넘기세요). 받은 것: "
                         "{type}",
    "explorer.failed": "탐색기가 실패했습니다: {error_type}: {error}",
    "sweep.steps": "{problem} (간격 {total}개 중 {count}개에서)",
    "sweep.deltas": "{problem} (δ {total}개 중 {count}개에서)",
    "fallback.no_globals_cost": "{reason}. 아래 곡선은 같은 검사를 gc_utils가 직접 계산한 것입니다",
    "fallback.raised_cost": "{raised}. 그래서 {formula} 비용을 넘겨줄 수 없었습니다: 곡선은 gc_utils가 직접 계산한 "
                            "것입니다",
    "fallback.uncalled_cost": "여러분의 gradient_check가 forward_propagation / backward_propagation을 호출하지 "
                              "않아서 {formula} 비용을 넘겨줄 수 없었습니다: 곡선은 gc_utils가 직접 계산한 것입니다",
    "fallback.no_globals_bug": "{reason}: 숫자는 같은 검사를 gc_utils가 직접 계산한 것입니다",
    "fallback.raised_bug": "{raised}. 그래서 틀린 dθ를 넘겨줄 수 없었습니다: 숫자는 같은 검사를 gc_utils가 직접 "
                           "계산한 것입니다",
    "fallback.uncalled_bug": "여러분의 gradient_check가 backward_propagation을 호출하지 않아서 틀린 dθ를 넘겨줄 수 "
                             "없었습니다: 숫자는 같은 검사를 gc_utils가 직접 계산한 것입니다",
    "who.yours_1d": "여러분의 gradient_check",
    "who.fallback_1d": "gc_utils (여러분의 gradient_check 대신)",
    "readout.difference": "{who}: 차이 = {value}{badge}",
    "readout.difference_outcome": "{who}: 차이 = {value}{badge} — {outcome}",
    "readout.reference": "gc_utils 기준값: {value}",
    "readout.zeros": "값 {total}개 중 {zeros}개가 정확히 0입니다: 로그 축에는 나타낼 수 없습니다",
    "readout.delta": "dθ = x·(1 + δ) = {wrong} (원래 {right}), 상대 변화 {delta:+.1e} (ε = {epsilon:g})",
    "outcome.not_a_verdict": "버그에 대한 판정이 아닙니다: 여러분의 검사 자체가 다른 차이를 계산합니다",
    "outcome.caught": "잡았습니다: 검사가 실수를 알려 줍니다",
    "outcome.missed": "놓쳤습니다: 이 틀린 기울기가 올바른 것으로 통과합니다",
    "problem.wrong_difference_1d": "여러분의 gradient_check는 이 틀린 dθ에 대해 {value} 값을 반환하지만, 차이는 "
                                   "정확한 산술로 {theory}, ε = {epsilon:g}에서 수업의 공식으로 {expected}입니다: "
                                   "여러분의 gradient_check가 차이를 잘못 계산합니다",
    "note.threshold_catches": "문턱값({threshold:g})은 약 {above:.1e} 이상의 상대 오차를 잡아냅니다(점선). 그보다 "
                              "훨씬 작으면 δ가 무엇이든 차이는 중심 차분의 반올림 오차입니다.",
    "readout.yours_nd_with_yours": "여러분의 gradient_check_n (여러분의 기울기로): {value}{badge}",
    "readout.yours_nd_with_correct": "여러분의 gradient_check_n (올바른 기울기로): {value}{badge}",
    "problem.disagrees_nd": "여러분의 gradient_check_n은 {value} 값을 주는데, 같은 검사를 gc_utils가 계산하면 "
                            "{expected}입니다: epsilon 인자와 양쪽 차분을 쓰고 있나요?",
    "note.correct_fails_roundoff": "이 ε에서는 올바른 역전파도 문턱값을 넘습니다: 근사 자체가 나쁘고, 반올림 "
                                   "오차(ε이 너무 작음)가 지배합니다.",
    "note.correct_fails_truncation": "이 ε에서는 올바른 역전파도 문턱값을 넘습니다: 근사 자체가 나쁘고, 절단 "
                                     "오차(ε이 너무 큼)가 지배합니다.",
    "note.guides": "올바른 곡선에 맞춘 점선 안내선: {truncation:.2g}·ε²와 {roundoff:.2g}·u/ε (u = {u:.1e}, float64의 "
                   "단위 반올림 오차). 둘의 합은 ε ≈ {best:.0e} 근처에서 가장 작습니다.",
    "readout.bugs_on": "<b>켜진 버그</b> (심각도 {severity:.2g}, ε = {epsilon:g}): {listed}",
    "readout.no_bugs": "<b>켜진 버그 없음</b> (ε = {epsilon:g}): 올바른 역전파",
    "readout.overall": "전체 차이 (gc_utils) = {value}{badge}",
    "readout.yours_check_n": "여러분의 gradient_check_n = {value}{badge}",
    "readout.culprits": "{level:g} 이상인 블록: <b>{blocks}</b> — backward_propagation_n에서 {gradients} "
                        "계산을 살펴보세요.",
    "readout.unsure": "문턱값은 넘지만 {level:g}보다 작음: {blocks} — 작은 버그이거나 이 ε에서의 반올림 오차입니다"
                      "(더 큰 ε을 써 보세요).",
    "readout.roundoff": "반올림 오차만으로 문턱값을 넘음: {blocks} — ε = {epsilon:g}에서는 올바른 역전파도 같은 값을 "
                        "줍니다. 이 블록들은 기울기가 작아서 중심 차분의 반올림 오차(원소마다 약 u·|J|/ε)가 큰 몫을 "
                        "차지합니다. 더 큰 ε(1e-5)을 쓰면 문턱값 아래로 내려갑니다.",
    "readout.none_above": "문턱값을 넘는 블록이 없습니다.",
    "cost.linear": "선형 J의 중심 차분은 정확한 산술에서 정확하므로, 보이는 것은 모두 반올림 오차입니다: ε이 "
                   "작아질수록 u/ε처럼 커집니다.",
    "cost.cubic": "곡선인 J에는 중심 차분의 절단 오차(여기서는 ε²/(6θ²))가 더해집니다: U의 오른쪽 가지는 기울기 2로 "
                  "올라가고, 왼쪽 가지는 반올림 오차(u/ε)입니다.",
    "cost.sine": "곡선인 J에는 중심 차분의 절단 오차(여기서는 x²ε²/12)가 더해집니다: U의 오른쪽 가지는 기울기 2로 "
                 "올라가고, 왼쪽 가지는 반올림 오차(u/ε)입니다.",
    "bug.dW2_times_2": "dW2에 2가 한 번 더 곱해짐",
    "bug.db1_4_over_m": "db1을 1/m 대신 4/m으로 계산",
    "bug.relu_mask_ge": "ReLU 마스크가 A2 > 0 대신 A2 >= 0",
    "bug.relu_mask_on_dA": "ReLU 마스크를 A1 대신 dA1에서 구함",
    "bug.dW3_missing_1_over_m": "dW3에 1/m이 빠짐",
    "bug.dZ3_sign_flip": "dZ3 = Y - A3 (부호가 뒤집힘)",
    "bug.dW2_uses_Z1": "dW2가 A1 대신 Z1을 씀",
    "alt.epsilon_1d": "ε(1e-12부터 0.1까지)에 따른 상대 차이의 로그-로그 그래프. {formula}, x = {x:g}, "
                      "θ = {theta:g}. 여러분의 gradient_check 곡선과 gc_utils 기준 곡선, 일점쇄선 가로줄로 그린 문턱값 "
                      "{threshold:g}, 그리고 현재 ε = {epsilon:.1e}의 표시가 있습니다. {yours}",
    "alt.bug_1d": "|δ|(틀린 dθ = x·(1 + δ)의 상대 오차, 1e-10부터 1까지)에 따른 상대 차이의 로그-로그 그래프, "
                  "ε = {epsilon:g}. 여러분의 gradient_check 곡선과 정확한 산술의 곡선, 일점쇄선 가로줄로 그린 문턱값 "
                  "{threshold:g}, 문턱값이 잡아내는 가장 작은 |δ| 값 {caught:.0e}의 세로 점선, 그리고 현재 "
                  "δ = {delta:+.1e}의 표시가 있습니다. {yours}",
    "alt.yours_at": "그 지점에서 여러분의 gradient_check가 돌려준 값: {value}, {verdict}.",
    "alt.yours_none": "그 지점에서 여러분의 gradient_check는 값을 내지 못했습니다(아래 안내에 이유가 있습니다).",
    "alt.epsilon_nd": "매개변수 {n}개 신경망에서 ε(1e-12부터 0.1까지)에 따른 상대 차이의 로그-로그 그래프. 곡선: "
                      "{curves}{guides}. 일점쇄선 가로줄은 문턱값 {threshold:g}입니다. 현재 ε = {epsilon:.1e}에서의 "
                      "값: {values}.",
    "alt.guides": ". 절단 오차(∝ ε²)와 반올림 오차(∝ u/ε)의 점선 안내선도 있습니다",
    "alt.blocks": "매개변수 블록({names})마다, 그리고 매개변수 전체의 상대 차이를 로그 축에 나타낸 막대그래프, "
                  "ε = {epsilon:g}. 일점쇄선 가로줄은 문턱값 {threshold:g}입니다. 켜진 버그: {bugs}. 문턱값보다 훨씬 "
                  "위({level:g} 초과): {far}. 문턱값 위, {level:g} 미만: {unsure}. 반올림 오차 수준: {rest}. "
                  "매개변수 전체: {overall}.",
    "alt.none": "없음",
    "layers.control.upstream": "위쪽 기울기",
    "layers.control.random": "무작위",
    "layers.control.ones": "모두 1",
    "layers.legend.planted": "버그를 심은 기준 역전파",
    "layers.legend.yours": "여러분의 batchnorm_backward",
    "layers.readout.bugs": "<b>심어 둔 버그</b>: {listed}",
    "layers.readout.no_bugs": "<b>심어 둔 버그 없음</b>: 올바른 기준 역전파",
    "layers.readout.flagged": "검사가 표시하는 기울기: {blocks}. 심어 둔 버그가 건드리는 기울기입니다.",
    "layers.alt.explorer": "{figure} 지금 문턱값을 넘는 기울기: {flagged}.",
    "layers.note.ones": "위쪽 기울기가 모두 1이면 출력의 합은 X와 γ에 상관없이 m·Σβ입니다. 그래서 참인 dX와 dγ는 "
                        "0이고, 그 검사는 반올림 오차끼리 비교하는 셈이 되어 올바른 역전파든 아니든 약 1을 줍니다. "
                        "아무것도 알려 주지 못하니 무작위 위쪽 기울기로 바꾸세요.",
    "layers.call.not_triple": "여러분의 batchnorm_backward가 반환한 값의 형식: {type}. 기울기 세 개 "
                              "(dX, dgamma, dbeta)를 반환해야 합니다",
    "layers.call.bad_gradient": "여러분의 batchnorm_backward가 반환한 {name}: {got}. 모양 {shape}인 배열에 "
                                "유한한 값만 들어 있어야 합니다",
    "layers.bug.mean_gradient_forgotten": "dX에 −mean(dX̂)가 없음: 평균의 기울기를 빠뜨림",
    "layers.bug.variance_gradient_forgotten": "dX에 −X̂·mean(dX̂·X̂)가 없음: 분산의 기울기를 빠뜨림",
    "layers.bug.gamma_forgotten": "dX̂ = dout: dX에서 γ를 빠뜨림",
    "layers.bug.unbiased_variance": "분산 항을 m 대신 m − 1로 나눔",
    "layers.bug.epsilon_forgotten": "1/√(var + ε) 대신 1/√var",
    "layers.bug.dgamma_without_xhat": "dγ = Σ dout: dγ에서 X̂를 빠뜨림",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The explorers' message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)
