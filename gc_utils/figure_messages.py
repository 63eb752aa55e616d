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
    # ---------------------------------------------------------------- layer_plots (Checking your own layers)
    "layers.bars.above": "> {threshold:g}: a mistake",
    "layers.bars.below": "≤ {threshold:g}: passes",
    "layers.axis.case": "the layer checked",
    "layers.axis.gradient": "gradient checked",
    "layers.upstreams.title": "The same checks with two upstream gradients",
    "layers.softmax.xlabel": "scale of the logits (Z = scale · Z₀)",
    "layers.softmax.title": "Checking dZ = (softmax(Z) − Y)/m against three ways to compute the loss",
    "layers.softmax.impossible": "{label}: loss inf or nan, no check",
    "layers.form.log-sum-exp": "log-sum-exp",
    "layers.form.naive": "naive",
    "layers.form.clipped": "clipped at 1e-12",
    "layers.hvp.xlabel": r"step $\varepsilon$ along v",
    "layers.hvp.title": "Checking a Hessian–vector product against differences of the gradient",
    "layers.hvp.slope2": r"$\propto\varepsilon^2$ (central)",
    "layers.hvp.slope1": r"$\propto\varepsilon$ (one-sided)",
    "layers.training.title": "The same check during training",
    "layers.training.xlabel": "training step (gradient descent)",
    "layers.training.share": "share of units",
    "layers.training.saturated": "hidden units with |tanh(z)| > 0.9",
    "layers.batchnorm.title": "Batch normalisation, block by block ({upstream} upstream, ε = {epsilon:g})",
    "layers.batchnorm.random": "random",
    "layers.batchnorm.ones": "all-ones",
    "layers.alt.upstreams": "Two bar charts of the relative difference on a logarithmic axis, one per upstream "
                            "gradient: all ones on the left, random on the right, with the threshold 2e-7 as a "
                            "dash-dotted line. Each has four bars: the correct dense layer, a ReLU whose backward "
                            "ignores the upstream gradient, a dense layer whose dW uses the upstream gradient "
                            "transposed, and a dense layer that leaves the last example's dX at zero. With all ones, "
                            "only the last bar stands above the threshold; with a random upstream gradient the three "
                            "bugs stand between 0.1 and 1, and the correct layer stays below 1e-9.",
    "layers.alt.softmax": "Log-log plot of the relative difference against the scale of the logits, from 1 to "
                          "1000, with the threshold 2e-7 as a dash-dotted line. The log-sum-exp loss stays below "
                          "the threshold at every scale, rising slowly with the size of the loss. The clipped loss "
                          "agrees up to a scale of about 7, then jumps above 0.1 once a probability falls below "
                          "1e-12. The naive loss agrees up to a scale of about 150; beyond it the loss is inf or "
                          "nan, and crosses along the top mark the scales where no check was possible.",
    "layers.alt.batchnorm": "Grouped bar chart of the relative difference on a logarithmic axis for batch "
                            "normalisation's gradients dX, dγ, dβ and all of them, with the threshold 2e-7 as a "
                            "dash-dotted line: solid bars for the reference backward pass with the planted bug "
                            "switched on (the mean's gradient forgotten), hatched bars for your batchnorm_backward. "
                            "The planted bug puts dX above 0.1 and leaves dγ and dβ below 1e-9.",
    "layers.alt.hvp": "Log-log plot of the relative difference of a Hessian–vector product check against the step "
                      "along v, from 1e-9 to 0.1, with the threshold 2e-7 as a dash-dotted line. The correct "
                      "product checked with central differences forms a V: it falls with slope −1 to about 1e-10 "
                      "near a step of 1e-5 and rises with slope 2 beyond, along a dotted guide. Checked one-sided, "
                      "it rises with slope 1 along a dash-dotted guide and is above the threshold for every step "
                      "above about 1e-7. The product without the −p·pᵀ term stays flat near 0.6 at every step.",
    "layers.alt.training": "Two panels sharing the training step, from 0 to 60, on the horizontal axis. Top, on a "
                           "logarithmic axis with the threshold 2e-7 as a dash-dotted line: the check of the correct "
                           "back-propagation stays below 1e-7 throughout; the check of the tanh derivative taken at "
                           "Z starts below the threshold at step 0 and rises above 0.1 within the first twenty "
                           "steps. Bottom: the share of hidden units with |tanh(z)| above 0.9 grows from 0 to about "
                           "0.2 over the same steps.",
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
    "layers.bars.above": "> {threshold:g}: 실수",
    "layers.bars.below": "≤ {threshold:g}: 통과",
    "layers.axis.case": "검사한 층",
    "layers.axis.gradient": "검사한 기울기",
    "layers.upstreams.title": "위쪽 기울기 두 가지로 한 같은 검사",
    "layers.softmax.xlabel": "로짓의 배율 (Z = 배율 · Z₀)",
    "layers.softmax.title": "dZ = (softmax(Z) − Y)/m을 손실을 계산하는 세 가지 방법과 비교",
    "layers.softmax.impossible": "{label}: 손실이 inf나 nan이라 검사 불가",
    "layers.form.log-sum-exp": "log-sum-exp",
    "layers.form.naive": "단순한 방법",
    "layers.form.clipped": "1e-12에서 잘라 낸 방법",
    "layers.hvp.xlabel": "v 방향의 간격 ε",
    "layers.hvp.title": "헤세 행렬–벡터 곱을 기울기의 차분과 비교",
    "layers.hvp.slope2": "∝ ε² (중심)",
    "layers.hvp.slope1": "∝ ε (한쪽)",
    "layers.training.title": "훈련하는 동안 되풀이한 같은 검사",
    "layers.training.xlabel": "훈련 단계 (경사 하강법)",
    "layers.training.share": "유닛의 비율",
    "layers.training.saturated": "|tanh(z)| > 0.9인 은닉 유닛",
    "layers.batchnorm.title": "배치 정규화의 블록별 검사 (위쪽 기울기: {upstream}, ε = {epsilon:g})",
    "layers.batchnorm.random": "무작위",
    "layers.batchnorm.ones": "모두 1",
    "layers.alt.upstreams": "위쪽 기울기마다 하나씩, 상대 차이를 로그 축에 나타낸 막대그래프 두 개입니다. 왼쪽은 모두 "
                            "1인 위쪽 기울기, 오른쪽은 무작위 위쪽 기울기이며, 문턱값 2e-7이 일점쇄선으로 그어져 "
                            "있습니다. 그래프마다 막대가 네 개 있습니다. 올바른 완전 연결 층, 역전파에서 위쪽 "
                            "기울기를 빠뜨린 ReLU, dW에 위쪽 기울기를 전치해 쓴 완전 연결 층, 마지막 예제의 dX를 "
                            "0으로 남긴 완전 연결 층입니다. 모두 1일 때는 마지막 막대만 문턱값을 넘습니다. 무작위 "
                            "위쪽 기울기에서는 버그 세 개가 모두 0.1과 1 사이에 있고, 올바른 층은 1e-9 아래에 "
                            "머뭅니다.",
    "layers.alt.softmax": "상대 차이를 로짓의 배율(1부터 1000까지)에 따라 나타낸 로그-로그 그래프이며, 문턱값 "
                          "2e-7이 일점쇄선으로 그어져 있습니다. log-sum-exp 손실은 모든 배율에서 문턱값 아래에 "
                          "있고, 손실의 크기를 따라 천천히 올라갑니다. 잘라 낸(clip) 손실은 배율 7 정도까지 "
                          "일치하다가, 확률 하나가 1e-12 아래로 떨어지면 0.1 위로 뛰어오릅니다. 단순한 손실은 배율 "
                          "150 정도까지 일치하고, 그 너머에서는 손실이 inf나 nan이 됩니다. 위쪽의 X 표시가 검사를 "
                          "할 수 없었던 배율을 가리킵니다.",
    "layers.alt.batchnorm": "배치 정규화의 기울기 dX, dγ, dβ와 그 전체의 상대 차이를 로그 축에 나타낸 묶음 "
                            "막대그래프이며, 문턱값 2e-7이 일점쇄선으로 그어져 있습니다. 채워진 막대는 심어 둔 "
                            "버그(평균의 기울기를 빠뜨림)를 켠 기준 역전파, 빗금 막대는 여러분의 "
                            "batchnorm_backward입니다. 심어 둔 버그는 dX를 0.1 위로 올리고, dγ와 dβ는 1e-9 "
                            "아래에 남깁니다.",
    "layers.alt.hvp": "헤세 행렬–벡터 곱 검사의 상대 차이를 v 방향의 간격(1e-9부터 0.1까지)에 따라 나타낸 "
                      "로그-로그 그래프이며, 문턱값 2e-7이 일점쇄선으로 그어져 있습니다. 올바른 곱을 중심 차분으로 "
                      "검사하면 V 자가 됩니다. 기울기 −1로 내려가 간격 1e-5 근처에서 약 1e-10에 이르고, 그 너머에서는 "
                      "점선 안내선을 따라 기울기 2로 올라갑니다. 한쪽 차분으로 검사하면 일점쇄선 안내선을 따라 기울기 "
                      "1로 올라가고, 간격이 약 1e-7보다 크면 언제나 문턱값 위에 있습니다. −p·pᵀ 항이 빠진 곱은 모든 "
                      "간격에서 0.6 근처에 평평하게 머뭅니다.",
    "layers.alt.training": "가로축(훈련 단계, 0부터 60까지)을 함께 쓰는 그래프 두 개입니다. 위쪽은 로그 축이며 "
                           "문턱값 2e-7이 일점쇄선으로 그어져 있습니다. 올바른 역전파의 검사는 내내 1e-7 아래에 "
                           "있습니다. tanh의 도함수를 Z에서 구한 역전파의 검사는 0단계에서 문턱값 아래로 시작해, 처음 "
                           "스무 단계 안에 0.1 위로 올라갑니다. 아래쪽은 |tanh(z)|가 0.9를 넘는 은닉 유닛의 비율로, "
                           "같은 단계 동안 0에서 약 0.2까지 늘어납니다.",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The figures' message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)
