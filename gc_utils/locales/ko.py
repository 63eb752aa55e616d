"""Every text of the lesson in Korean (한국어): the ids of ``gc_utils.locales.en``, translated (``set_language("ko")``).

Its format is English's (see ``gc_utils.locales.en``). Choose each particle by its word's last syllable, or let a fixed
word carry it (``{name} 함수가``): never ``이(가)`` (``tests/test_messages.py``, ``tests/test_korean.py``). A Korean
text inside a figure has no ``$...$``: matplotlib draws such a string with mathtext, whose fonts have no Hangul, so ε,
∝ and ² are written as plain Unicode there.

Over 500 lines, all of them entries, on purpose: one file per language, so that a translator reads and writes one
file.
"""

from __future__ import annotations

PUBLIC_TESTS: dict[str, str] = {
    "passed": "모든 테스트를 통과했습니다.",
    "expects_function": "{exercise}_test에는 직접 정의한 함수를 넘겨야 합니다. 예: {exercise}_test({exercise}). "
                        "받은 것: {type}",
    "not_implemented": "아직 구현되지 않았습니다: {exercise}. 그 셀의 `raise NotImplementedError` 줄을 여러분의 "
                       "코드로 바꾸고, 그 셀을 실행한 다음 이 테스트를 다시 실행하세요.",
    "failed_on_case": "{exercise} 테스트가 사례 {total}개 중 {index}번째에서 실패했습니다: {label}.",
    "hint.certain": "힌트: {hint}",
    "describe.array_values": "형태(shape) {shape}인 배열: {values}",
    "describe.array": "형태(shape) {shape}인 배열",
    "describe.dict": "키가 {keys}인 dict",
    "describe.tuple": "항목 {count}개짜리 tuple",
    "raised": "관찰: {error_type} 예외가 발생했습니다: {error}",
    "shape.not_scalar": "관찰: 반환값: {got}. 기대: 실수 하나{extra}.{none}",
    "shape.norm_axis": "(axis 없이 쓴 np.linalg.norm은 숫자 하나를 줍니다)",
    "shape.no_return": " `return` 문을 빠뜨리지 않았나요?",
    "shape.not_dict": "관찰: 반환값: {got}. 기대: 기울기들의 dict (dW1, db1, ..., db3).",
    "shape.missing_keys": "관찰: 기울기 dict에 없는 키: {missing}. 기대: {wanted}.",
    "shape.gradient": "관찰: {key}의 값: {got}. 기대: {name}의 형태인 형태 {shape}의 배열.",
    "shape.not_pair": "관찰: 반환값: {got}. 기대: 쌍 (cost, cache).",
    "shape.cost": "관찰: 비용(cost)이 {got}입니다. 기대: 실수 하나.",
    "shape.cache": "관찰: cache가 {got}입니다. 기대: 배열 12개 ({names}).",
    "value.not_below": "관찰: 반환값: {got}. 기대: {limit:.0e}보다 작은 상대 차이(반올림 오차뿐: 기울기가 "
                       "맞습니다).",
    "value.cost": "관찰: 비용이 {got}입니다. 기대: {want}.",
    "value.cache": "관찰: 비용은 맞지만 틀린 cache 항목이 있습니다: {wrong}. 기대: {names} 순서의 cache.",
    "value.wrong": "관찰: 반환값: {got}. 기대: {want}.",
    "gradients.ratio": " (올바른 값의 {ratio:.6g}배)",
    "gradients.floor": " (올바른 값을 정수로 내림한 값: 바닥 나눗셈 //가 이렇게 합니다)",
    "gradients.right": " (맞은 것: {keys})",
    "gradients.differ": "관찰: 다음 기울기가 올바른 값과 다릅니다: {wrong}{right}. 기대: 비용을 역전파해서 "
                        "얻는 그대로의 모든 dW와 db.",
    "impossible.nan": "관찰: nan을 반환했습니다(0/0: grad와 gradapprox가 모두 0이거나, 안에 nan이 있음). 기대: 0과 1 "
                      "사이의 수.",
    "impossible.shapes": " (N차원 검사에서 1을 넘는다면, grad와 gradapprox의 형태가 (n,)과 (n, 1)처럼 달라서 행렬로 "
                         "브로드캐스트된 경우가 많습니다: 두 형태를 확인하세요.)",
    "impossible.range": "관찰: 반환값은 {got}인데, 상대 차이 ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)는 "
                        "언제나 0과 1 사이입니다. 기대: [0, 1] 안의 수.{shapes}",
    "mutation": "관찰: 인자 `{name}`의 값을 바꾸었습니다. 기대: 검사는 입력을 그대로 둡니다(복사본으로 작업하세요).",
    "formula.several": "관찰: 반환한 값 {value}: 다음 각각이 내는 값과 정확히 같고, 어떤 사례로도 이들을 구별할 수 "
                       "없습니다: {observed}. 기대: {expected}.",
    "formula.one": "관찰: {where} 반환값이 정확히 다음 식의 값입니다(이 사례에서는 {value}): {observed}. "
                   "기대: {expected}.",
    "formula.array": "관찰: {where} 반환한 배열이 정확히 다음 식의 값입니다: {observed}. 기대: {expected}.",
    "formula.below": "관찰: 정답이 정확히 알려진 사례 {matches}개 모두에서 반환값이 정확히 다음 식의 값이었고, "
                     "이 사례의 반환값 {value}도 그 식이 주는 크기입니다: {observed}. 기대: {expected}.",
    "formula.where_all": "정답과 달라지는 사례 {matches}개 모두에서",
    "formula.where_this": "이 사례에서",
    "error.unpack": "관찰: (cost, cache) 쌍을 반환하는 forward_propagation_n을 처음 호출한 직후, NumPy가 숫자 하나가 "
                    "들어갈 자리에 시퀀스를 넣기를 거부했습니다. 기대: 비용만 저장하는 J_plus[i], _ = "
                    "forward_propagation_n(...)(쌍 자체를 J_plus[i]에 넣으면 실패합니다), 그리고 대입의 양쪽에 같은 "
                    "인덱싱(형태 (n, 1)인 배열에서 v[i]는 형태 (1,)인 배열, v[i][0]은 숫자 하나).",
    "error.element_before_cost": "관찰: 첫 비용 계산 전, θ + ε를 만드는 곳에서 NumPy가 숫자 하나가 들어갈 자리에 "
                                 "시퀀스를 넣기를 거부했습니다. 기대: 양쪽에 같은 인덱싱: parameters_values의 형태가 "
                                 "({n}, 1)이므로 theta_plus[i]는 형태 (1,)인 배열이고 theta_plus[i][0]은 숫자 "
                                 "하나입니다. theta_plus[i] = theta_plus[i] + epsilon 또는 theta_plus[i][0] = "
                                 "theta_plus[i][0] + epsilon으로 쓰세요(NumPy 2는 형태 (1,)인 배열을 더 이상 숫자 "
                                 "하나로 바꾸지 않습니다).",
    "error.element_after_cost": "관찰: 비용을 {calls}번 계산한 뒤 NumPy가 숫자 하나가 들어갈 자리에 시퀀스를 넣기를 "
                                "거부했습니다. 기대: 각 대입의 양쪽에 같은 인덱싱: J_plus나 gradapprox처럼 형태 "
                                "(n, 1)인 배열에서 v[i]는 형태 (1,)인 배열, v[i][0]은 숫자 하나입니다(NumPy 2는 형태 "
                                "(1,)인 배열을 더 이상 숫자 하나로 바꾸지 않습니다).",
    "error.norm_of_number": "관찰: np.linalg.norm에 ord(np.linalg.norm(v, 2)나 ord=1 등)와 숫자 하나가 주어졌습니다. "
                            "NumPy는 ord가 있는 노름을 1차원이나 2차원 배열에 대해서만 계산하는데, 여기서 grad와 "
                            "gradapprox는 숫자입니다. 기대: ord 없는 np.linalg.norm(v)(숫자에 대해서는 절댓값) 또는 "
                            "abs(v).",
    "error.index": "관찰: 비용을 {calls}번 계산한 뒤 오류가 났고, 이 사례의 신경망은 매개변수가 {n}개입니다. 기대: "
                   "range(parameters_values.shape[0])에 대한 반복(테스트는 수업의 47개가 아닌 다른 크기의 신경망도 "
                   "씁니다).",
    "rounding.observed": "관찰: 반환값 {value}: 정답({right})을 정수로 만든 값입니다({where}). {how}. 기대: 소수 "
                         "부분까지 있는 {right} 그대로.",
    "rounding.or": ". 또는 ",
    "rounding.floor": "내림한 값으로, 바닥 나눗셈 `//`가 이렇게 합니다(`/`는 반올림 없이 나눕니다)",
    "rounding.trunc": "소수 부분을 버린 값으로, int()가 이렇게 합니다",
    "rounding.round": "가장 가까운 정수로 반올림한 값으로, round()가 이렇게 합니다",
    "constant": "관찰: 입력이 무엇이든 사례 {count}개 모두에서 같은 값을 반환했습니다: {value}. 기대: 인자로부터 "
                "계산한 결과(정답은 사례마다 다릅니다).",
    "fact": "관찰: {observed}. 기대: {expected}.",
    "obs.steps.observed": "주어진 epsilon은 {epsilon:g}인데, {where} 실제로 움직인 간격은 {sizes}이었습니다",
    "obs.steps.expected": "주어진 epsilon으로 θ + epsilon과 θ − epsilon",
    "obs.steps.from_theta": "θ에서",
    "obs.steps.in_theta": "θ 안에서",
    "obs.cost.linear": "J = θ·x",
    "obs.cost.cubic": "J = x·θ³",
    "obs.cost.own": "사례 고유의 비용",
    "obs.no_forward": "gradient_check가 forward_propagation을 한 번도 호출하지 않았습니다",
    "obs.no_forward.expected": "forward_propagation(x, θ ± ε)으로 구한 J_plus와 J_minus(이 사례의 비용은 {cost}이며, "
                               "코드 안에 직접 쓴 식이 아닙니다)",
    "obs.forward_swapped": "forward_propagation이 (theta, x) 순서로 호출되었습니다: forward_propagation({a}, {b})",
    "obs.forward_swapped.expected": "forward_propagation(x, theta), 여기서는 forward_propagation({x}, {theta})",
    "obs.forward_other_x": "forward_propagation 호출에 주어진 x: {value}",
    "obs.forward_other_x.expected": "검사에 주어진 x, {x}",
    "obs.times.one": "{where}에서 {count}번",
    "obs.times.many": "{where}에서 {count}번",
    "obs.at_theta": "θ 자체",
    "obs.nowhere": "어디에서도 안 됨",
    "obs.one_sided": " (한쪽 차분(one-sided difference))",
    "obs.evaluated": "forward_propagation이 계산된 곳: {seen}{one_sided}",
    "obs.evaluated.expected": "θ+ε에서 J_plus, θ−ε에서 J_minus(양쪽 차분)",
    "obs.no_backward": "gradient_check가 backward_propagation을 한 번도 호출하지 않았습니다",
    "obs.no_backward.expected": "grad = backward_propagation(x, theta): grad는 검사 대상인 역전파에서 와야 합니다"
                                "(테스트는 일부러 틀린 역전파도 줍니다)",
    "obs.backward_swapped": "backward_propagation이 (theta, x) 순서로 호출되었습니다: backward_propagation({a}, {b})",
    "obs.backward.expected": "backward_propagation(x, theta) = backward_propagation({x}, {theta})",
    "obs.backward_other_theta": "backward_propagation이 θ = {value}에서 호출되었습니다",
    "obs.backward_other_theta.expected": "검사에 주어진 θ, {theta}에서의 grad",
    "obs.backward_other": "backward_propagation이 backward_propagation({a}, {b})로 호출되었습니다",
    "obs.entries.one": "{shown}번 항목",
    "obs.entries.many": "{shown}번 항목들",
    "obs.no_forward_n": "gradient_check_n이 forward_propagation_n을 한 번도 호출하지 않았습니다",
    "obs.no_forward_n.expected": "모든 i에 대해 J_plus[i], _ = forward_propagation_n(X, Y, "
                                 "vector_to_dictionary(theta_plus)), J_minus[i]도 마찬가지",
    "obs.forward_n_swapped": "forward_propagation_n이 (Y, X, ...) 순서로 호출되었습니다",
    "obs.forward_n_other": "forward_propagation_n이 검사에 주어진 X, Y가 아닌 다른 입력으로 호출되었습니다",
    "obs.forward_n.expected": "forward_propagation_n(X, Y, parameters)",
    "obs.shift": "{entry}번 항목이 {change}만큼",
    "obs.left_behind": " (앞 단계에서 움직인 값이 벡터에 아직 남아 있었습니다)",
    "obs.several": "비용 계산 {k}번째에서 θ가 검사에 주어진 θ와 1개가 아닌 {changed}개 항목에서 달랐습니다"
                   "({shifts}){left}",
    "obs.several.expected": "계산마다 새로 복사한 θ(np.copy)에서 항목 하나만 움직이기",
    "obs.unchanged.one": "비용 계산 {count}번 중 {unchanged}번이 θ 자체에서 이루어졌습니다(움직인 항목 없음)",
    "obs.unchanged.many": "비용 계산 {count}번 중 {unchanged}번이 θ 자체에서 이루어졌습니다(움직인 항목 없음)",
    "obs.unchanged.expected": "매번 정확히 한 항목만 +ε 또는 −ε만큼 움직인 θ에서 계산하기",
    "obs.count": "매개변수 {n}개에 대해 비용을 {count}번 계산했습니다",
    "obs.count.expected": "{twice}번의 계산: 매개변수마다 두 번, 그 항목의 θ+ε와 θ−ε에서",
    "obs.the_last": " (마지막 항목)",
    "obs.the_first": " (첫 항목)",
    "obs.never.one": "θ의 {entries}{which}: 한 번도 움직이지 않았습니다",
    "obs.never.many": "θ의 {entries}{which}: 한 번도 움직이지 않았습니다",
    "obs.never.expected": "0 … {last}의 모든 항목을 +ε로 한 번, −ε로 한 번 움직이기",
    "obs.one_way.one": "θ의 {entries}: {sign}으로만 움직였습니다",
    "obs.one_way.many": "θ의 {entries}: {sign}으로만 움직였습니다",
    "obs.one_way.expected": "각 항목을 +ε로 한 번, −ε로 한 번 움직이기",
    "obs.backward_n_called": "gradient_check_n이 backward_propagation_n을 {count}번 호출했습니다",
    "obs.backward_n_called.expected": "grad = gradients_to_vector(gradients): 새로 계산하지 말고 넘겨받은 기울기를 "
                                      "검사하세요",
    "obs.no_gradients_to_vector": "gradient_check_n이 gradients_to_vector(gradients)를 한 번도 호출하지 않았습니다",
    "obs.no_gradients_to_vector.expected": "grad = gradients_to_vector(gradients), 즉 검사할 기울기",
    "obs.refused.none": "{function} 호출에 인자가 없었습니다: {call}",
    "obs.refused.one": "{function} 호출에 인자가 1개 주어졌습니다: {call}",
    "obs.refused.many": "{function} 호출에 인자가 {count}개 주어졌습니다: {call}",
    "arg.array": "형태 {shape}인 배열",
    "arg.dict": "dict({keys})",
    "arg.sequence": "항목 {length}개짜리 {type}",
    "arg.other": "{type} 객체",
    "call.forward_propagation": "forward_propagation(x, theta): 먼저 입력 x, 그다음 J를 구할 θ(J_plus에는 θ + ε, "
                                "J_minus에는 θ − ε)",
    "call.backward_propagation": "backward_propagation(x, theta): 입력 x와 검사에 주어진 θ",
    "call.forward_propagation_n": "forward_propagation_n(X, Y, parameters): 입력 X, 레이블 Y, 그다음 "
                                  "vector_to_dictionary(theta_plus) 같은 매개변수 dict",
    "call.backward_propagation_n": "backward_propagation_n(X, Y, cache)",
    "call.vector_to_dictionary": "vector_to_dictionary(theta): W1, b1, ..., b3로 자를 열 벡터",
    "call.dictionary_to_vector": "쌍 (vector, keys)를 돌려주는 dictionary_to_vector(parameters)",
    "call.gradients_to_vector": "gradients_to_vector(gradients): 검사에 넘겨받은 기울기 dict",
    "formula.two_sided": "gradapprox = (J_plus − J_minus) / (2 * epsilon)",
    "formula.double": "grad와 2·gradapprox의 상대 차이",
    "formula.double.expected": "{two_sided}: 2ε 대신 ε로 나누면 두 배가 됩니다",
    "formula.precedence": "grad와 ε²·gradapprox의 상대 차이",
    "formula.precedence.expected": "괄호를 넣은 {two_sided}: `/ 2 * epsilon`은 ε를 곱합니다",
    "formula.undivided": "grad와 (2ε로 나누지 않은) J_plus − J_minus의 상대 차이",
    "formula.over_epsilon": "grad와 gradapprox / ε(ε로 한 번 더 나눔)의 상대 차이",
    "formula.sign": "grad와 −gradapprox의 상대 차이: 둘 중 하나의 부호가 틀렸습니다",
    "formula.sign.expected": "{two_sided}, θ+ε에서의 J_plus, 그리고 주어진 그대로의 grad(J_minus − J_plus는 부호를 "
                             "뒤집습니다)",
    "formula.zero_approx": "grad와 gradapprox = 0(J_plus와 J_minus가 같음)의 상대 차이",
    "formula.zero_approx.expected": "θ−ε에서 계산한 J_minus로 {two_sided}",
    "formula.one_sided": "grad와 한쪽 차분 (J(θ+ε) − J(θ)) / ε의 상대 차이",
    "formula.one_sided.expected": "양쪽 차분(two-sided difference) (J(θ+ε) − J(θ−ε)) / (2ε)",
    "formula.last_only": "grad와, 마지막 항목만 0이 아닌 gradapprox의 상대 차이",
    "formula.last_only.expected": "반복문 안에서 모든 i에 대해 gradapprox[i] = (J_plus[i] − J_minus[i]) / "
                                  "(2 * epsilon)(반복문이 끝난 뒤에는 i가 마지막 인덱스뿐입니다)",
    "formula.last_for_every_entry": "grad와, 마지막 항목의 중심 차분 하나를 모든 항목 자리에 쓴 값의 상대 차이",
    "formula.last_for_every_entry.expected": "i마다 gradapprox[i] = ...: 반복문 안의 gradapprox = ...는 매번 벡터 "
                                             "전체를 숫자 하나로 바꿉니다",
    "formula.float32": "grad와 float32로 반올림한 gradapprox(유효숫자 약 7자리)의 상대 차이",
    "formula.float32.expected": "np.zeros((num_parameters, 1))가 만드는 float64 gradapprox: grad와 gradapprox가 "
                                "7자리 넘게 같으면 float32로는 구별할 수 없습니다",
    "formula.float32_costs": "grad와, float32로 반올림한 J_plus와 J_minus로 만든 gradapprox의 상대 차이",
    "formula.float32_costs.expected": "float64의 J_plus와 J_minus: 그 차이(약 2ε·|dJ/dθ|)는 float32의 J 반올림 "
                                      "오차(약 6e-8·|J|)보다 작습니다",
    "formula.broadcast": "n × n 행렬의 ‖grad − gradapprox‖: 형태 (n,)인 grad와 형태 (n, 1)인 gradapprox(또는 그 "
                         "반대)가 모든 항목 쌍으로 브로드캐스트됨",
    "formula.broadcast.expected": "같은 형태 (n, 1)의 grad와 gradapprox: gradients_to_vector와 "
                                  "np.zeros((num_parameters, 1))가 그 형태를 줍니다",
    "shape.described": "{formula}: {departures}",
    "shape.expected": "‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂), 즉 np.linalg.norm(grad - gradapprox) / "
                      "(np.linalg.norm(grad) + np.linalg.norm(gradapprox))",
    "shape.in_numerator": ", 분자에서만",
    "shape.in_denominator": ", 분모에서만",
    "shape.norm.1": "L1 노름(절댓값의 합: ord=1 또는 np.sum(np.abs(...))){where}",
    "shape.norm.inf": "최대 노름(가장 큰 절댓값: ord=np.inf 또는 np.max(np.abs(...))){where}",
    "shape.norm.sq": "제곱한 노름(제곱근을 씌우지 않은 제곱합, 또는 노름의 제곱){where}",
    "shape.norm.none": "노름을 전혀 쓰지 않음: 벡터 자체를 항목별로 나눔{where}",
    "shape.numerator.norm_difference": "분자에 차이의 노름이 아니라 노름의 차이",
    "shape.numerator.abs_norm_difference": "분자에 차이의 노름이 아니라 노름의 차이의 크기",
    "shape.denominator.max": "분모에 두 노름의 합이 아니라 더 큰 쪽(cs231n 강의 노트의 변형)",
    "shape.denominator.min": "분모에 두 노름의 합이 아니라 더 작은 쪽",
    "shape.denominator.mean": "분모에 두 노름의 합이 아니라 평균",
    "shape.denominator.grad": "분모에 ‖grad‖만: ‖gradapprox‖가 빠졌습니다",
    "shape.denominator.approx": "분모에 ‖gradapprox‖만: ‖grad‖가 빠졌습니다",
    "shape.denominator.sum_vector": "분모에 노름의 합이 아니라 합의 노름 ‖grad + gradapprox‖",
    "shape.denominator.product": "분모에 두 노름의 합이 아니라 곱",
    "shape.denominator.none": "분모 없음: 분자만",
    "shape.denominator.parentheses": "분모에 괄호가 필요합니다: numerator / ‖grad‖ + ‖gradapprox‖는 ‖grad‖로만 나눈 "
                                     "뒤 ‖gradapprox‖를 더합니다",
    "shape.denominator.plus_epsilon": "분모에 간격 epsilon을 더함(0/0을 막는 보호값을 쓴다면 1e-8 같은 고정된 작은 "
                                      "수를 쓰세요)",
    "formula.zero": "grad와 gradapprox가 같은 수인 것처럼 나온 0",
    "formula.zero.expected": "검사 대상 역전파에서 온 grad(이 사례에서는 틀린 값)",
    "formula.gradapprox": "gradapprox 자체",
    "formula.gradapprox.expected": "gradapprox가 아니라 grad와 gradapprox의 상대 차이",
    "formula.grad": "grad 자체",
    "formula.grad.expected": "grad가 아니라 grad와 gradapprox의 상대 차이",
    "case.lesson_forward": "수업의 x = 2, θ = 4 (J = 8)",
    "case.lesson_backward": "수업의 x = 3, θ = 4 (dθ = 3)",
    "case.x_theta": "x = {x}, θ = {theta}",
    "case.negative_x": "음수 x = -1.5, θ = 2",
    "case.theta_zero": "θ = 0, x = 2.5",
    "case.check_lesson": "수업의 x = 3, θ = 4, 기본 ε, 올바른 역전파(수업의 출력: {printed}. 1e-7 미만은 모두 반올림 "
                         "오차입니다)",
    "case.check_other": "x = 2, θ = 4, 기본 ε, 올바른 역전파(반올림 오차뿐)",
    "case.check_too_large": "J = θ·x, x = -1.25, θ = 0, ε = 1e-3, 30% 큰 역전파(dθ = 1.3·x)",
    "case.check_cubic": "곡선 J = x·θ³, x = 1.5, θ = -0.8, ε = 1e-3, 올바른 역전파(양쪽 차분이 x·ε²만큼 어긋나므로 "
                        "결과는 약 2.6e-7)",
    "case.check_linear_factor": "J = θ·x, x = {x}, θ = {theta}, ε = 1e-5, dθ = {factor}·x",
    "case.check_cubic_factor": "곡선 J = x·θ³, x = {x}, θ = {theta}, ε = 1e-2, dθ = {factor}·3xθ²",
    "case.check_cubic_correct": "곡선 J = x·θ³, x = {x}, θ = {theta}, ε = 0.1, 올바른 역전파",
    "case.check_wrong_sign": "J = θ·x, x = {x}, θ = {theta}, ε = 1e-4, 부호가 틀린 역전파 dθ = -0.5·x(grad와 "
                             "gradapprox의 부호가 반대라서 차이는 정확히 1)",
    "case.lesson_cost": "수업의 테스트 사례(비용 2.407833389834357)",
    "case.lesson": "수업의 테스트 사례",
    "case.random_network": "예제 {m}개에 대한 무작위 {sizes} 신경망",
    "case.polynomial": "{sizes} 신경망의 매개변수 {n}개에 대한 다항식 비용, ε = {epsilon:g}, {description}",
    "case.block_too_large": "d{block}: 1.5배 큼",
    "case.exact": "정확한 기울기",
    "case.noise": "크기 0.1의 잡음이 섞인 기울기",
    "case.block_wrong_sign": "d{block}의 부호가 반대이고 크기가 절반(올바른 값의 -0.5배)",
    "case.both_bugs": "수업의 테스트 사례, 심어 둔 버그 두 개 모두 있음, 기본 ε(수업의 결과: {printed})",
    "case.correct_n": "수업의 테스트 사례, 올바른 기울기, 기본 ε(수업은 약 1.19e-07을 출력합니다. ε = 1e-7에서 이는 "
                      "반올림 오차이므로 1e-6 미만이면 통과)",
    "mistake.forward_sum": "J는 합 x + θ가 아니라 곱 θ·x입니다.",
    "mistake.forward_hard_coded": "입력과 상관없이 8을 반환합니다: x와 theta로 J를 계산하세요.",
    "mistake.forward_returns_x": "x를 반환합니다. x는 dJ/dθ(역방향 계산)입니다. J 자체는 θ·x입니다.",
    "mistake.forward_squared": "J = θ·x이지 θ²·x나 θ·x²가 아닙니다: x와 theta를 한 번씩만 곱하세요.",
    "mistake.backward_returns_theta": "dθ = ∂J/∂θ: J = θ·x에서는 θ가 아니라 x입니다.",
    "mistake.backward_returns_j": "x·θ는 J 자체입니다. θ에 대한 그 도함수는 x입니다.",
    "mistake.backward_divides": "J/θ는 θ ≠ 0일 때만 x와 같습니다. θ = 0이면 0으로 나누게 됩니다. dθ = x는 모든 θ에서 "
                                "성립하니 x를 바로 반환하세요.",
    "mistake.backward_hard_coded": "입력과 상관없이 3을 반환합니다: dθ는 x에 따라 달라집니다.",
    "mistake.divides_by_epsilon": "gradapprox가 두 배 큽니다: 2ε 대신 ε로 나누지 않았나요?",
    "mistake.check_operator_precedence": "gradapprox가 너무 작습니다: `/ 2 * epsilon`은 ε를 곱합니다. "
                                         "`/ (2 * epsilon)`으로 쓰세요.",
    "mistake.check_grad_is_gradapprox": "틀린 역전파에도 0을 반환합니다: grad는 gradapprox가 아니라 "
                                        "backward_propagation(x, theta)에서 와야 합니다.",
    "mistake.check_both_plus": "gradapprox가 0이 됩니다: theta_minus는 θ + ε가 아니라 θ − ε여야 합니다.",
    "mistake.check_returns_numerator": "분자 ‖grad − gradapprox‖만 반환합니다: 상대 차이를 얻으려면 ‖grad‖ + "
                                       "‖gradapprox‖로 나누세요.",
    "mistake.denominator_without_gradapprox": "분모는 ‖grad‖₂ + ‖gradapprox‖₂입니다: ‖gradapprox‖를 빠뜨렸습니다.",
    "mistake.check_denominator_without_grad": "분모는 ‖grad‖₂ + ‖gradapprox‖₂입니다: ‖grad‖를 빠뜨렸습니다.",
    "mistake.check_one_sided": "이것은 한쪽 차분 (J(θ+ε) − J(θ)) / ε입니다. 양쪽 차분 (J(θ+ε) − J(θ−ε)) / (2ε)을 "
                               "쓰세요: 그 오차는 ε가 아니라 ε²처럼 줄어듭니다.",
    "mistake.ignores_epsilon": "결과가 epsilon 인자에 따라 달라지지 않습니다: 고정된 1e-7이 아니라 넘겨받은 epsilon을 "
                               "쓰세요.",
    "mistake.check_returns_gradapprox": "gradapprox 자체를 반환합니다. 함수는 상대 차이를 반환해야 합니다.",
    "mistake.check_hard_coded": "입력과 상관없이 수업에 나온 숫자를 반환합니다: x, theta, epsilon으로 차이를 "
                                "계산하세요.",
    "mistake.check_n_no_copy": "매번 움직인 값이 매개변수 벡터에 남아 다음 값들이 그 위에 쌓입니다: theta_plus = "
                               "parameters_values는 복사본이 아니라 별칭(alias)을 만듭니다. np.copy를 쓰세요.",
    "mistake.check_n_minus_from_plus": "J_minus가 θ − ε가 아니라 θ 자체에서 계산됩니다: theta_minus는 theta_plus의 "
                                       "복사본이나 같은 배열이 아니라 새로 만든 np.copy(parameters_values)여야 합니다.",
    "mistake.check_n_one_sided": "이것은 한쪽 차분 (J(θ+ε) − J(θ)) / ε입니다. 양쪽 차분 (J(θ+ε) − J(θ−ε)) / (2ε)을 "
                                 "쓰세요.",
    "mistake.check_n_loop_one_short": "마지막 매개변수가 한 번도 움직이지 않습니다: 반복은 num_parameters개 항목 "
                                      "전체를 돌아야 합니다(num_parameters - 1이 아니라 range(num_parameters)).",
    "mistake.check_n_fixed_47": "매개변수가 언제나 47개는 아닙니다: 어떤 신경망에서도 검사가 동작하도록 "
                                "range(parameters_values.shape[0])에 대해 반복하세요.",
    "mistake.check_n_recomputes_gradients": "넘겨받은 기울기가 틀렸는데도 작은 차이를 반환합니다: 기울기를 다시 "
                                            "계산하지 말고 gradapprox를 `gradients` 인자와 비교하세요.",
    "mistake.check_n_grad_is_gradapprox": "틀린 기울기에도 0을 반환합니다: grad는 gradapprox가 아니라 "
                                          "gradients_to_vector(gradients)에서 와야 합니다.",
    "mistake.check_n_returns_array": "배열을 반환합니다: 벡터 전체에 대한 np.linalg.norm(axis 인자 없음)은 숫자 "
                                     "하나를 줍니다.",
    "mistake.check_n_mutates_parameters": "함수가 호출한 쪽의 parameters dict를 바꿉니다: 매개변수 벡터의 복사본으로 "
                                          "작업하고 `parameters`는 그대로 두세요.",
    "mistake.check_n_hard_coded": "입력과 상관없이 수업에 나온 숫자를 반환합니다: 인자로 차이를 계산하세요.",
    "mistake.forward_n_sum_not_mean": "비용은 예제 m개에 대한 평균입니다: 합에 1/m을 곱하세요.",
    "mistake.forward_n_sign": "교차 엔트로피(cross-entropy) 비용은 −(1/m) Σ [y log a + (1 − y) log(1 − a)]입니다: "
                              "부호를 확인하세요.",
    "mistake.dW2_times_2": "dW2가 원래 값의 두 배입니다: 불필요하게 곱한 2를 없애세요(수업이 심어 둔 버그).",
    "mistake.db1_4_over_m": "db1이 원래 값의 4배입니다: 4/m이 아니라 합의 1/m배여야 합니다(수업이 심어 둔 버그).",
    "mistake.relu_mask_ge": "ReLU의 도함수는 A2 > 0인 곳에서 1, 나머지에서 0입니다: 마스크는 A2 >= 0이 아니라 "
                            "A2 > 0입니다.",
    "mistake.relu_mask_on_dA": "dZ1의 ReLU 마스크는 dA1이 아니라 활성값(A1 > 0)에서 옵니다.",
    "mistake.dW3_missing_1_over_m": "dW3에 곱해야 할 1/m이 빠졌습니다: 예제들에 대해 평균을 내야 합니다.",
    "mistake.dZ3_sign_flip": "시그모이드 출력과 교차 엔트로피에서는 dZ3 = A3 − Y이지 Y − A3가 아닙니다.",
    "mistake.dW2_uses_Z1": "dW2 = (1/m) dZ2 · A1ᵀ는 Z1이 아니라 활성값 A1을 씁니다.",
    "mistake.both_lesson_bugs": "수업이 심어 둔 버그 두 개가 아직 남아 있습니다: dW2에 2가 한 번 더 곱해져 있고, db1은 "
                                "1/m 대신 4/m을 씁니다.",
    # ------------------------------------------------------------------- practice (public_tests.practice)
    "practice.not_implemented": "아직 구현되지 않았습니다: {exercise}. 그 셀의 `raise NotImplementedError(...)` "
                                "줄을 여러분의 코드로 바꾸고, 그 셀을 실행한 다음 이 테스트를 다시 실행하세요.",
    "practice.raised": "{exercise}에서 {error_type} 예외가 발생했습니다: {error}",
    "practice.not_number": "{exercise}{where}의 반환값: {type} {value!r:.60}. 숫자 하나(float)를 "
                           "반환해야 합니다.",
    "practice.one_sided.nowhere": "없음",
    "practice.one_sided.did": "one_sided_check(J = θ³, dJ = 3θ², theta={theta}, epsilon={epsilon})가 J를 계산한 "
                              "점: {points}. 반환값: {value:.6g}. ",
    "practice.one_sided.central": "중심 차분처럼 θ − ε = {below:g}에서도 J를 계산했습니다. 한쪽 검사는 J(θ + ε)와 "
                                  "J(θ)만 씁니다. ",
    "practice.one_sided.over_2eps": "이는 전진 차분을 2ε로 나눈 값과의 차이입니다: ε로 나누세요. ",
    "practice.one_sided.expected": "기대: approx = (J({above:g}) − J({theta:g})) / {epsilon:g} = {forward:g}일 때 "
                                   "|dJ − approx| / (|dJ| + |approx|) = {expected:.6g}.",
    "practice.optimal.did": "{call}의 반환값: {value:.6g}. 기대: (3·u·|J|/|J3|)^(1/3) = "
                            "{expected:.6g}. ",
    "practice.optimal.nan": "NaN입니다: J와 J3는 음수일 수 있으니 세제곱근을 구하기 전에 크기 |J|와 |J3|를 쓰세요.",
    "practice.optimal.no_3": "이는 (u·|J|/|J3|)^(1/3)입니다: 최적값 공식의 3이 빠졌습니다.",
    "practice.optimal.square_root": "이는 제곱근입니다. dE/dε = |J3|·ε/3 − u·|J|/ε²를 0으로 두면 ε³이 나오므로 "
                                    "세제곱근입니다.",
    "practice.optimal.inverse": "이는 역수입니다: |J|(반올림 오차)가 분자에, |J3|(절단 오차)가 분모에 들어갑니다.",
    "practice.dropout.correct": "올바른 기울기",
    "practice.dropout.too_large": "0번 항목이 1.5배 큰 기울기",
    "practice.dropout.with": "({label}일 때)",
    "practice.dropout.did": "{label}일 때 dropout_gradient_check는 new_mask()를 {masks}번, cost를 {costs}번, "
                            "gradient를 {gradients}번 호출했습니다",
    "practice.dropout.not_called": "{did}. gradient(theta, mask)는 한 번, cost(theta ± ε, mask)는 매개변수마다 두 번 "
                                   "호출해야 합니다.",
    "practice.dropout.foreign_mask": "{did}. 그리고 new_mask()가 뽑지 않은 마스크를 넘겼습니다. 마스크는 "
                                     "new_mask()로 뽑고 그 배열을 그대로 넘기세요.",
    "practice.dropout.several_masks": "{did}. 그리고 서로 다른 마스크 {count}개를 넘겼습니다: 그러면 계산할 때마다 "
                                      "다른 무작위 비용을 보게 되어, 차이는 기울기가 아니라 마스크를 잽니다. "
                                      "new_mask()는 반복문 앞에서 한 번만 호출하고, 그 마스크 하나를 gradient와 모든 "
                                      "cost 호출에 넘기세요.",
    "practice.dropout.not_below": "{did}. 마스크 하나로 얻은 반환값: {value:.3g}. 올바른 기울기를 마스크 "
                                  "하나로 검사하면 {limit:g}보다 작게 나옵니다(반올림 오차뿐). 중심 차분으로 "
                                  "‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)를 반환하세요.",
    "practice.dropout.wrong_value": "{did}. 마스크 하나로 얻은 반환값: {value:.6g}. 그 마스크에서 상대 차이 "
                                    "‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)는 {expected:.6g}입니다.",
    "practice.layer.case_1_2": "층 3개 중 1층과 2층이 표시된",
    "practice.layer.case_1_10": "층 11개 중 1층부터 10층까지 표시된",
    "practice.layer.case_none": "아무것도 표시되지 않은",
    "practice.layer.case_b3": "b3만 표시된",
    "practice.layer.case_threshold": "문턱값 1e-4에서 1층이 1e-5인",
    "practice.layer.case_10_of_12": "층 12개 중 10층만 표시된",
    "practice.layer.case_9_12": "층 12개 중 9층과 12층이 표시된",
    "practice.layer.no_block": "없음",
    "practice.layer.did": "{label} 보고서에서 wrong_layer(문턱값 {threshold:g}, 문턱값을 넘은 블록: {flagged})의 "
                          "반환값: {value!r}. 기대: {expected!r}. ",
    "practice.layer.name": "블록 이름이 아니라 층 번호(int)를 반환하세요.",
    "practice.layer.nearest_input": "이는 입력에 가장 가까운 표시된 층입니다. l층의 dZ가 틀리면 l층과 그 아래 모든 "
                                    "층의 기울기가 망가지므로, 틀린 층은 출력에 가장 가까운 표시된 층, 즉 번호가 "
                                    "가장 큰 층입니다.",
    "practice.layer.as_strings": "모든 보고서에서 여러분의 답은 층 번호를 문자열로 비교한 결과와 같습니다: "
                                 "문자열로는 '9'가 '10'과 '12'보다 뒤에 옵니다. 숫자로 비교하세요: int(name[1:]).",
    "practice.layer.first_digit": "모든 보고서에서 여러분의 답은 층 번호의 첫 자리 숫자만 읽은 결과와 같습니다: "
                                  "'W10'과 'W12'에서 1. 글자 뒤의 수 전체를 읽으세요: int(name[1:]).",
    "practice.layer.last_digit": "모든 보고서에서 여러분의 답은 층 번호의 마지막 자리 숫자만 읽은 결과와 같습니다: "
                                 "'W10'에서 0, 'W12'에서 2. 글자 뒤의 수 전체를 읽으세요: int(name[1:]).",
    "practice.layer.zero_for_none": "문턱값을 넘은 블록이 없으므로 틀린 층도 없습니다: 0이 아니라 None을 반환하세요.",
    "practice.layer.none": "문턱값을 넘은 블록이 없으므로 틀린 층도 없습니다: None을 반환하세요.",
    # --------------------------------------------------------------------- layers (public_tests.layers)
    "layers.not_implemented": "{exercise}: 아직 구현되지 않았습니다. 그 셀의 `raise NotImplementedError(...)` 줄을 "
                              "여러분의 코드로 바꾸고, 그 셀을 실행한 다음 이 테스트를 다시 실행하세요.",
    "layers.raised": "{exercise}에서 {error_type} 예외가 발생했습니다: {error}",
    "layers.not_number": "{exercise}{where}의 반환값: {type} {value!r:.60}. 숫자 하나(float)를 반환해야 합니다.",
    "layers.array": "모양 {shape}인 배열",
    "layers.mutated": "{exercise}({where})가 받은 인자를 바꿨습니다: {names}. 검사와 역전파는 받은 것을 그대로 "
                      "두어야 합니다(복사본으로 작업하거나 새 배열을 만드세요).",
    "layers.vjp.case_dense": "올바른 완전 연결 층(입력 4개, 유닛 4개, 예제 4개)",
    "layers.vjp.case_relu": "역전파에서 위쪽 기울기를 빠뜨린 ReLU",
    "layers.vjp.case_transposed": "dW에 위쪽 기울기를 전치해 쓴 완전 연결 층",
    "layers.vjp.case_tanh": "올바른 tanh 층",
    "layers.vjp.where": "사례: {label}, epsilon = {epsilon:g}",
    "layers.vjp.not_dict": "{who}에는 입력의 dict(항목 하나를 옮긴 것)를 넘겨야 하는데, 받은 것의 형식: {type}",
    "layers.vjp.missing_input": "{who}에 넘긴 dict에 입력 {name!r} 항목이 없습니다. 항목 하나만 옮기고 입력은 모두 "
                                "넘기세요",
    "layers.vjp.input_shape": "{who}에 넘긴 {name}의 모양: {got}. 이 층의 {name}의 모양: {shape}",
    "layers.vjp.not_mapping": "vjp_check({where})의 반환값: {got}. 입력마다 상대 차이를 하나씩 담은 dict "
                              "({names})를 반환해야 합니다.",
    "layers.vjp.missing": "vjp_check({where})의 반환값에 {missing}의 차이가 없습니다(키: {keys}). 입력마다 하나씩, "
                          "{names}의 차이가 있어야 합니다. 매개변수뿐 아니라 데이터 X까지 모든 입력을 검사하세요. dX는 "
                          "아래 층이 위쪽 기울기로 받는 값입니다.",
    "layers.vjp.no_backward": "vjp_check({where})에서 backward(inputs, upstream)를 한 번도 호출하지 않았습니다. "
                              "검사할 기울기는 거기서 나옵니다.",
    "layers.vjp.upstream_shape": "vjp_check({where})에서 backward에 넘긴 위쪽 기울기의 모양: {got}. 층의 출력과 모양이 "
                                 "같아야 합니다: {shape}(rng.standard_normal(out.shape)).",
    "layers.vjp.constant_upstream": "vjp_check({where})에서 backward에 넘긴 위쪽 기울기는 모든 항목이 {value:g}입니다. "
                                    "위쪽 기울기가 상수이면 검사는 야코비 행렬 항목의 합만 보게 되어, 위쪽 기울기를 "
                                    "빠뜨리거나 전치한 역전파도 들키지 않고 통과합니다. 무작위로 뽑으세요: upstream = "
                                    "rng.standard_normal(out.shape).",
    "layers.vjp.entry": "(항목 {name})",
    "layers.vjp.want_below": "{limit:g} 미만(올바른 층이므로 반올림 오차뿐)",
    "layers.vjp.want_value": "{expected:.6g}, 이 역전파가 받은 위쪽 기울기로 계산한 상대 차이",
    "layers.vjp.did": "vjp_check({where})의 {name} 값: {value:.6g}. 기대값: {want}.",
    "layers.vjp.ones_on_numeric_side": "이는 역전파에는 무작위 위쪽 기울기를 주고, 수치 쪽에서는 위쪽 기울기가 모두 "
                                       "1인 것처럼 Σ forward를 미분했을 때의 차이입니다. 양쪽에 같은 upstream 배열을 "
                                       "쓰세요: Σ upstream ⊙ forward.",
    "layers.vjp.same_upstream": "backward와 Σ upstream ⊙ forward(inputs ± ε)의 중심 차분에 같은 upstream 배열을 쓰고, "
                                "2ε로 나눈 뒤, 입력마다 따로 비교하세요: ‖grad − approx‖ / (‖grad‖ + ‖approx‖).",
    "layers.vjp.right_values_wrong_steps": "vjp_check({where})의 차이는 맞지만, 중심 차분으로 구한 것이 아닙니다: "
                                           "{fact}",
    "layers.vjp.no_forward": "forward를 한 번도 호출하지 않았습니다. 수치 쪽은 층의 순전파 "
                             "Σ upstream ⊙ forward(inputs ± ε)에서 나와야 합니다.",
    "layers.vjp.several": "forward 계산 {total}번 중 {count}번에서 항목 {shifted}개를 한꺼번에 옮겼습니다. 계산마다 "
                          "입력 배열의 새 복사본(dict를 복사해도 배열은 복사되지 않습니다)을 만들고 항목 하나만 "
                          "옮기세요.",
    "layers.vjp.never_shifted": "forward 계산 {count}번 가운데 항목을 옮긴 계산이 하나도 없습니다. 배열의 복사본에서 "
                                "항목 하나를 +ε, 그다음 −ε만큼 옮기세요.",
    "layers.vjp.epsilon": "받은 epsilon은 {epsilon:g}인데 항목을 {sizes}만큼 옮겼습니다. 인자로 받은 epsilon을 "
                          "쓰세요.",
    "layers.vjp.one_sided": "항목을 −ε만큼 옮긴 적이 없습니다(항목 {n}개에 대해 옮기기 {count}번, 모두 +ε). 이는 "
                            "O(ε)만큼 어긋나는 한쪽 차분입니다. 중심 차분 (s(x + ε) − s(x − ε)) / 2ε를 쓰세요.",
    "layers.vjp.entries_missed": "항목 {n}개 중 {checked}개만 옮겼습니다(한 번도 옮기지 않은 항목이 있는 입력: "
                                 "{names}). 모든 입력의 모든 항목을 도세요(np.ndindex(array.shape)).",
    "layers.dense.case_rect": "직사각형인 사례",
    "layers.dense.case_square": "전치한 곱도 모양이 맞는 정사각 사례",
    "layers.dense.case_wide": "유닛이 입력보다 많은 사례",
    "layers.dense.where": "{label}: X {n_in}×{m}, W {n_out}×{n_in}, dZ {n_out}×{m}",
    "layers.dense.not_triple": "dense_backward({where})의 반환값: {got}. 기울기 세 개(dX, dW, db)를 반환해야 "
                               "합니다.",
    "layers.dense.not_array": "dense_backward({where})가 반환한 {name}: {got}. 배열이어야 합니다.",
    "layers.dense.shape": "dense_backward({where})가 반환한 {name}의 모양: {got}. 기대한 모양: {shape}. 기울기는 "
                          "그 기울기를 구하는 대상과 모양이 같습니다.",
    "layers.dense.values": "dense_backward({where})가 반환한 {name}: 모양은 맞지만 값이 틀렸습니다.",
    "layers.dense.mistake.dX_W_not_transposed": "W·dZ입니다. 위쪽 기울기는 전치한 가중치를 거쳐 돌아갑니다: "
                                                "dX = Wᵀ·dZ.",
    "layers.dense.mistake.dX_over_m": "Wᵀ·dZ / m입니다. 층의 역전파에는 1/m이 없습니다. 비용이 배치의 평균이면 1/m은 "
                                      "이미 dZ에 들어 있습니다.",
    "layers.dense.mistake.dW_transposed": "X·dZᵀ, 곧 dW의 전치입니다. dW = dZ·Xᵀ는 W와 모양이 같습니다.",
    "layers.dense.mistake.dW_upstream_transposed": "dZᵀ·Xᵀ, 곧 위쪽 기울기를 전치한 것입니다(여기서는 dZ가 정사각이라 "
                                                   "모양이 맞았을 뿐입니다). dW = dZ·Xᵀ.",
    "layers.dense.mistake.dW_over_m": "dZ·Xᵀ / m입니다. 층의 역전파에는 1/m이 없습니다. 비용이 배치의 평균이면 1/m은 "
                                      "이미 dZ에 들어 있습니다.",
    "layers.dense.mistake.db_not_summed": "dZ 그대로입니다. 배치에 대한 합이 빠졌습니다. b는 모든 예제의 열에 "
                                          "더해지므로 db는 예제에 걸쳐 dZ를 더한 것입니다: "
                                          "np.sum(dZ, axis=1, keepdims=True).",
    "layers.dense.mistake.db_wrong_axis": "dZ를 축 0, 곧 유닛에 걸쳐 더했습니다. 배치에 걸쳐 더하세요: axis=1, "
                                          "keepdims=True.",
    "layers.dense.mistake.db_no_keepdims": "배치에 걸쳐 더했지만 keepdims=True가 빠졌습니다. 모양이 b의 (n, 1)이 "
                                           "아니라 (n,)이 되어 나중에 엉뚱하게 브로드캐스트됩니다.",
    "layers.dense.mistake.db_mean": "배치에 대한 dZ의 평균입니다. 더하세요(1/m은 이미 dZ에 들어 있습니다).",
    "layers.dense.mistake.db_total": "dZ의 모든 항목을 더한 숫자 하나입니다. 배치에 걸쳐서만 더하세요: axis=1, "
                                     "keepdims=True.",
    "layers.dense.formula.dX": "기대: dX = Wᵀ·dZ.",
    "layers.dense.formula.dW": "기대: dW = dZ·Xᵀ.",
    "layers.dense.formula.db": "기대: db = np.sum(dZ, axis=1, keepdims=True).",
    "layers.softmax.case_small": "작은 로짓",
    "layers.softmax.case_large": "exp가 넘치는 1000 근처의 로짓",
    "layers.softmax.case_confident": "로짓 차이 800으로 틀린 두 번째 예제, 그 확률 e^-800은 가장 작은 float보다 "
                                     "작음",
    "layers.softmax.where": "{label}, Z의 모양 {shape}",
    "layers.softmax.not_pair": "softmax_cross_entropy({where})의 반환값: {got}. 쌍 (loss, dZ)를 반환해야 합니다.",
    "layers.softmax.the_loss": "(손실)",
    "layers.softmax.loss_name": "손실",
    "layers.softmax.warned": " NumPy 경고: {warnings}.",
    "layers.softmax.not_finite": "softmax_cross_entropy({where})가 반환한 값에 inf나 nan이 있습니다: {what} "
                                 "(손실: {loss:.6g}).{warned} 기대: 유한한 손실 {expected:.6g}, 유한한 dZ.",
    "layers.softmax.hint.overflow": "exp가 넘쳤습니다. exp 전에 열마다 최댓값을 빼세요. "
                                    "log softmax(z) = (z − max) − log Σ exp(z − max)는 같은 함수이고, 그러면 어떤 "
                                    "exp도 1을 넘지 않습니다.",
    "layers.softmax.hint.log_zero": "확률 하나가 0으로 언더플로되어 그 로그가 −inf가 되었습니다. softmax(z)의 로그를 "
                                    "구하지 말고 log softmax를 바로 계산하세요: (z − max) − log Σ exp(z − max), "
                                    "log-sum-exp 기법입니다.",
    "layers.softmax.hint.not_finite": "log softmax는 log-sum-exp 기법으로 계산하세요: (z − max) − "
                                      "log Σ exp(z − max), 최댓값은 열마다 구합니다.",
    "layers.softmax.loss": "softmax_cross_entropy({where})가 반환한 손실: {loss:.10g}. 기대값: {expected:.10g}."
                           "{warned}",
    "layers.softmax.mistake.loss_sum": "배치에 대한 합입니다. 손실은 평균이니 m(열의 개수)으로 나누세요.",
    "layers.softmax.mistake.loss_clipped": "확률을 1e-12에서 잘라 낸 손실입니다. 잘라 내면 유한하게 남지만 손실에 "
                                           "상한이 생기고(−log(1e-12) ≈ 27.6), 그 기울기는 더 이상 softmax − Y가 "
                                           "아닙니다. 대신 log-sum-exp 기법을 쓰세요.",
    "layers.softmax.formula_loss": "기대: 예제(열)에 대한 −log softmax(Z)[y]의 평균, softmax는 열마다 계산.",
    "layers.softmax.dZ_shape": "softmax_cross_entropy({where})가 반환한 dZ: {got}. Z와 같은 모양 {shape}인 배열이어야 "
                               "합니다.",
    "layers.softmax.dZ": "softmax_cross_entropy({where})가 반환한 손실은 맞지만 dZ가 틀렸습니다.{warned}",
    "layers.softmax.mistake.dZ_no_m": "softmax(Z) − Y입니다. 손실이 평균이므로 dZ = (softmax(Z) − Y) / m입니다.",
    "layers.softmax.mistake.dZ_sign": "(Y − softmax(Z)) / m입니다. 부호가 뒤집혔습니다: dZ = (softmax(Z) − Y) / m.",
    "layers.softmax.mistake.dZ_axis": "행마다, 곧 예제에 걸쳐 softmax를 구했습니다. 열 하나가 예제 하나의 분포이므로 "
                                      "축 0에 걸쳐 정규화하세요.",
    "layers.softmax.mistake.dZ_no_Y": "softmax(Z) / m입니다. Y를 빼세요: dZ = (softmax(Z) − Y) / m.",
    "layers.softmax.formula_dZ": "기대: dZ = (softmax(Z) − Y) / m, softmax는 열마다 계산.",
    "layers.batchnorm.case_small": "특성 3개, 배치 크기 5",
    "layers.batchnorm.case_eps": "특성 2개, 배치 크기 6, 큰 ε",
    "layers.batchnorm.case_wide": "특성 4개, 배치 크기 3",
    "layers.batchnorm.where": "{label}: X {features}×{m}, ε = {eps:g}",
    "layers.batchnorm.not_triple": "batchnorm_backward({where})의 반환값: {got}. 기울기 세 개(dX, dgamma, dbeta)를 "
                                   "반환해야 합니다.",
    "layers.batchnorm.not_array": "batchnorm_backward({where})가 반환한 {name}: {got}. 배열이어야 합니다.",
    "layers.batchnorm.shape": "batchnorm_backward({where})가 반환한 {name}의 모양: {got}. 기대한 모양: {shape}.",
    "layers.batchnorm.values": "batchnorm_backward({where})가 반환한 {name}: 모양은 맞지만 값이 틀렸습니다(최대 "
                               "{error:.3g}만큼 어긋남).",
    "layers.batchnorm.mistake.dX.mean_forgotten": "−mean(dX̂)가 없습니다: 평균의 기울기를 빠뜨렸습니다. 모든 x가 "
                                                  "평균을 움직이고, 평균은 모든 x̂를 움직입니다: dX = (dX̂ − mean(dX̂) "
                                                  "− X̂·mean(dX̂·X̂)) / √(var + ε).",
    "layers.batchnorm.mistake.dX.variance_forgotten": "−X̂·mean(dX̂·X̂)가 없습니다: 분산의 기울기를 빠뜨렸습니다. 모든 "
                                                      "x가 분산을 움직이고, 분산은 모든 x̂의 크기를 바꿉니다.",
    "layers.batchnorm.mistake.dX.both_forgotten": "dX̂ / √(var + ε), 곧 평균과 분산을 상수처럼 보고 x̂만 거친 "
                                                  "기울기입니다. 둘 다 모든 x에 달려 있으니 mean(dX̂)와 "
                                                  "X̂·mean(dX̂·X̂)도 빼세요.",
    "layers.batchnorm.mistake.dX.gamma_forgotten": "dX̂ = γ·dout 자리에 dout을 썼습니다. out = γ·X̂ + β이므로 "
                                                   "기울기는 γ가 곱해진 채 X̂에 이릅니다.",
    "layers.batchnorm.mistake.dX.unbiased": "분산 항을 m − 1로 나눴습니다. 순전파는 m으로 나눈 편향 분산을 쓰고, 그 "
                                            "기울기도 마찬가지입니다.",
    "layers.batchnorm.mistake.dX.epsilon_forgotten": "√var로 나눴습니다. 순전파가 √(var + ε)로 나누니 역전파도 그래야 "
                                                     "합니다(cache['std']).",
    "layers.batchnorm.mistake.dX.var_not_std": "var + ε로 나눴습니다. 그 제곱근 √(var + ε)로 나누세요"
                                               "(cache['std']).",
    "layers.batchnorm.mistake.dgamma.not_summed": "예제마다의 dout·X̂입니다. 배치에 대한 합이 빠졌습니다. γ는 배치 "
                                                  "전체가 함께 쓰므로 axis=1, keepdims=True로 더하세요.",
    "layers.batchnorm.mistake.dgamma.wrong_axis": "축 0, 곧 특성에 걸쳐 더했습니다. 배치에 걸쳐 더하세요: axis=1, "
                                                  "keepdims=True.",
    "layers.batchnorm.mistake.dgamma.no_keepdims": "두 번째 축이 사라졌습니다. keepdims=True를 쓰면 dγ가 γ와 같은 "
                                                   "모양으로 남습니다.",
    "layers.batchnorm.mistake.dgamma.without_xhat": "Σ dout, 곧 β의 기울기입니다. out = γ·X̂ + β이므로 "
                                                    "dγ = Σ dout·X̂입니다.",
    "layers.batchnorm.mistake.dgamma.with_x": "X를 썼습니다. γ는 정규화된 X̂에 곱해지므로 dγ = Σ dout·X̂입니다.",
    "layers.batchnorm.mistake.dbeta.not_summed": "dout 그대로입니다. 배치에 대한 합이 빠졌습니다. β는 배치 전체가 함께 "
                                                 "쓰므로 dout을 axis=1, keepdims=True로 더하세요.",
    "layers.batchnorm.mistake.dbeta.wrong_axis": "축 0, 곧 특성에 걸쳐 더했습니다. 배치에 걸쳐 더하세요: axis=1, "
                                                 "keepdims=True.",
    "layers.batchnorm.mistake.dbeta.no_keepdims": "두 번째 축이 사라졌습니다. keepdims=True를 쓰면 dβ가 β와 같은 "
                                                  "모양으로 남습니다.",
    "layers.batchnorm.mistake.dbeta.mean": "dout의 평균입니다. 더하세요(층의 역전파에는 1/m이 없습니다).",
    "layers.batchnorm.formula.dX": "기대: dX̂ = γ·dout일 때 dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂)) / √(var + ε), "
                                   "평균은 배치(축 1)에 대해 구합니다.",
    "layers.batchnorm.formula.dgamma": "기대: 배치에 대한 합 dγ = Σ dout·X̂ (축 1, keepdims=True).",
    "layers.batchnorm.formula.dbeta": "기대: 배치에 대한 합 dβ = Σ dout (축 1, keepdims=True).",
    "layers.hvp.point_shape": "gradient에 넘긴 점의 모양: {got}. theta의 모양: {shape}",
    "layers.hvp.case_cubic": "g(θ) = θ³, 올바른 H·v = 3θ²·v",
    "layers.hvp.case_cubic_bug": "g(θ) = θ³, 틀린 H·v = 2θ²·v",
    "layers.hvp.case_softmax": "소프트맥스 회귀, 올바른 H·v",
    "layers.hvp.where": "사례: {label}, epsilon = {epsilon:g}",
    "layers.hvp.on": "(사례: {label})",
    "layers.hvp.elsewhere": "직선 θ + t·v 밖의 점",
    "layers.hvp.nowhere": "없음",
    "layers.hvp.want_value": "{expected:.10g}, 중심 차분으로 구한 ‖H·v − approx‖ / (‖H·v‖ + ‖approx‖)",
    "layers.hvp.did": "hvp_check({where})는 기울기를 {count}번 계산했고(계산한 점: {points}), 반환값은 "
                      "{value:.10g}입니다. 기대값: {want}.",
    "layers.hvp.no_gradient": "gradient를 한 번도 호출하지 않았습니다. H·v는 v 방향으로 구한 기울기의 중심 차분 "
                              "(gradient(θ + εv) − gradient(θ − εv)) / 2ε와 비교합니다.",
    "layers.hvp.not_along_v": "θ를 v 방향 그대로(θ ± ε·v) 옮기세요. 항목을 하나씩 옮기거나 따로 정한 방향으로 "
                              "옮기면 안 됩니다.",
    "layers.hvp.one_sided": "이는 O(ε)만큼 어긋나는 한쪽 차분 (gradient(θ + εv) − gradient(θ)) / ε입니다. 기울기를 "
                            "θ + εv와 θ − εv에서 계산하고 2ε로 나누세요.",
    "layers.hvp.epsilon": "θ는 인자로 받은 epsilon을 써서 ±epsilon·v만큼 옮기세요(여기서는 {epsilon:g}).",
    "layers.hvp.no_hvp": "hvp(theta, v)를 한 번도 호출하지 않았습니다. 검사할 곱은 거기서 나옵니다.",
    "layers.hvp.over_eps": "이는 기울기의 차이를 2ε가 아니라 ε로 나눈 값입니다.",
}
"""The public tests' feedback (public_tests, namespace public_tests)."""


WIDGETS: dict[str, str] = {
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
"""The explorers: titles, controls, legends, readouts, alt texts, what a student's function did (gc_utils.widgets)."""


FIGURES: dict[str, str] = {
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
"""The words inside figures: legends, axis labels, titles (style, plots, practice_plots, layer_plots)."""


BRIDGE: dict[str, str] = {
    "missing": "{library}가 설치되어 있지 않아 건너뜁니다(실행하려면 {install}. 이 수업의 다른 부분에는 필요 없습니다)",
    "failed_to_run": "{library}는 설치되어 있지만 검사를 실행하지 못했습니다: {error}",
    "verdicts": "올바른 역전파는 {correct}, 평균의 기울기를 빠뜨린 역전파는 {buggy}",
    "passes": "통과",
    "fails": "실패",
}
"""The outcomes of PyTorch's gradcheck and JAX's check_grads (gc_utils.bridge)."""


CHECKS: dict[str, str] = {
    "report.block": "블록",
    "report.difference": "차이",
    "report.verdict": "판정",
    "report.mistake": "실수?",
    "report.ok": "정상",
}
"""The table of gc_utils.checks.format_block_report."""


GRADER: dict[str, str] = {
    "exercise.not_judged": "채점기가 `{exercise}` 함수가 돌려보낸 것을 판정하지 못했습니다({error_type}): 함수를 "
                           "실행해서 돌려보낼 수 있는 결과가 아닙니다.",
    "exercise.memory": "(채점기는 제출물마다 메모리를 {memory_mib} MiB까지 줍니다.)",
    "exercise.missing": "노트북의 코드를 실행했을 때 `{exercise}` 함수가 정의되지 않았습니다({why}).",
    "exercise.not_implemented": "`{exercise}` 함수는 구현되지 않았습니다: 나누어 준 그대로 그 셀이 아직 "
                                "NotImplementedError를 일으킵니다.",
    "exercise.timeout": "`{exercise}` 함수가 끝나지 않았습니다: {why}.",
    "exercise.sabotaged": "`{exercise}` 함수는 판정하지 않았습니다: {why}. 채점되는 함수는 결과를 계산해야 하며, "
                          "인터프리터나 NumPy, 도우미 모듈을 바꾸면 안 됩니다.",
    "exercise.other": "`{exercise}` 함수를 판정할 수 없었습니다: {why}.",
    "submission.linked": "이 파일은 제출물이 아니라 강사의 해답판(그 파일의 하드 링크)입니다.",
    "submission.duplicate": "이 파일은 다른 제출물과 같은 파일입니다(하드 링크이거나 한 파일에 이르는 두 번째 "
                            "경로): {first}. 한 번만, 그 이름으로 채점합니다.",
    "submission.wrong_assignment": "채점되는 함수({functions}) 중 어느 것도 정의되어 있지 않습니다: 경사 "
                                   "검사(Gradient Checking) 과제가 맞나요?",
    "feedback.title": "# 경사 검사(Gradient Checking): 피드백",
    "feedback.submission": "제출물: `{name}`",
    "feedback.not_graded": "노트북을 채점할 수 없었습니다:",
    "feedback.total": "**총점: {total} / {max}점**",
    "feedback.table": "| 연습 | 점수 | 결과 |",
    "feedback.passed": "통과",
    "status.failed": "실패",
    "status.missing": "없음",
    "status.not_implemented": "구현되지 않음",
    "status.timeout": "시간 초과",
    "status.crashed": "비정상 종료",
    "status.exited": "중간에 끝남",
    "status.malformed": "잘못된 결과",
    "status.sabotaged": "조작",
    "status.error": "채점기 오류",
    "feedback.cases": "여러분의 함수는 공개 테스트의 사례로 실행되었고, 무작위 사례는 이번 채점을 위해 새로 "
                      "뽑았습니다.",
    "feedback.notes": "## 참고",
    # ------------------------------------------------ what the sandbox and the extractor say (messages.reason)
    "reason.no_answer_defining": "{seconds}초 안에 답이 없었습니다(함수를 정의하는 중)",
    "reason.no_answer_running": "{seconds}초 안에 답이 없었습니다({exercise} 실행 중)",
    "reason.no_answer_defining_output": "{seconds}초 안에 답이 없었습니다(함수를 정의하는 중, 출력이 {kib}KiB를 "
                                        "넘은 뒤)",
    "reason.no_answer_running_output": "{seconds}초 안에 답이 없었습니다({exercise} 실행 중, 출력이 {kib}KiB를 "
                                       "넘은 뒤)",
    "reason.time_limit": "시간 제한에 걸려 프로세스가 멈췄습니다({signal})",
    "reason.memory": "운영체제가 프로세스를 멈췄습니다: 메모리(공유 메모리와 /tmp의 파일 포함)가 채점기가 제출물에 "
                     "주는 {mib} MiB보다 더 필요했습니다",
    "reason.killed": "프로세스가 강제로 종료되었습니다(SIGKILL)",
    "reason.crashed": "프로세스가 비정상 종료되었습니다({signal})",
    "reason.grader_side": "프로세스에서 채점기 쪽 코드가 실패했습니다(종료 코드 70)",
    "reason.exited": "프로세스가 끝나기 전에 종료되었습니다(종료 코드 {code}: os._exit? 인터프리터의 충돌?)",
    "reason.no_report": "프로세스가 결과를 알리지 않고 끝났습니다",
    "reason.unreadable": "결과를 읽지 못했습니다({error})",
    "reason.not_a_result": "프로세스가 결과가 아닌 것을 보냈습니다({error})",
    "reason.not_started": "채점기가 이 연습을 실행할 프로세스를 시작하지 못했습니다",
    "reason.definition_not_run": "정의하는 코드가 실행되지 않았습니다",
    "reason.changed_defining": "함수를 정의하는 동안 코드가 바꾼 것: {changes}",
    "reason.changed_running": "함수를 실행하는 동안 코드가 바꾼 것: {changes}",
    "reason.no_definition": "노트북에서 `{exercise}` 함수의 정의를 찾지 못했습니다.",
    "reason.cell_broken": "`{exercise}` 함수를 정의하는 셀(셀 {cell})을 실행할 수 없습니다: {problem}.",
    "reason.syntax_error": "{line}번째 줄의 문법 오류({error})",
    "reason.magic_cell": "%%{magic} 셀(파이썬 코드가 아님)",
    "reason.while_defining": " (함수를 정의하는 중)",
}
"""The grader's own words: feedback files, grades.csv/json (gc_grader; unused in a student release)."""
