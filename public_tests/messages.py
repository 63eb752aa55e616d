"""Every message the public tests show a student, keyed by message id, in English and Korean.

The code that builds a message (``judging``, ``observations``, ``formulas``, ``mistakes``, ``cases``,
``practice``) looks its text up here by id and fills in the fields; nothing else holds student-facing prose.
The language is ``gc_utils.i18n``'s (``public_tests.set_language("ko")``). ``tests/test_messages.py`` fails when
an id has no Korean text or a Korean text's format fields differ from the English one's. About 600 lines, all of
them entries: a translator reads one catalogue, not a text per module.
"""

from __future__ import annotations

from gc_utils import i18n

EN: dict[str, str] = {
    # ------------------------------------------------------------------------------------ __init__, run
    "passed": "All tests passed.",
    "expects_function": "{exercise}_test expects the function you defined, e.g. {exercise}_test({exercise}); "
                        "got {type}",
    "not_implemented": "{exercise} is not implemented yet: replace the `raise NotImplementedError` line in its cell "
                       "with your code, run that cell, then run this test again.",
    "failed_on_case": "{exercise} failed on case {index} of {total}: {label}.",
    "hint.certain": "Hint: {hint}",
    # ------------------------------------------------------------------------------------- describing values
    "describe.array_values": "an array of shape {shape}: {values}",
    "describe.array": "an array of shape {shape}",
    "describe.dict": "a dict with keys {keys}",
    "describe.tuple": "a tuple of {count} items",
    # ------------------------------------------------------------------------------------------- judging
    "raised": "Observed: it raised {error_type}: {error}",
    "shape.not_scalar": "Observed: it returned {got}; expected: a single real number{extra}.{none}",
    "shape.norm_axis": " (np.linalg.norm without an axis gives one number)",
    "shape.no_return": " Did you forget the `return` statement?",
    "shape.not_dict": "Observed: it returned {got}; expected: a dict of gradients (dW1, db1, ..., db3).",
    "shape.missing_keys": "Observed: the gradients dict has no {missing}; expected: {wanted}.",
    "shape.gradient": "Observed: {key} is {got}; expected: an array of shape {shape}, the shape of {name}.",
    "shape.not_pair": "Observed: it returned {got}; expected: the pair (cost, cache).",
    "shape.cost": "Observed: the cost is {got}; expected: a single real number.",
    "shape.cache": "Observed: the cache is {got}; expected: the 12 arrays ({names}).",
    "value.not_below": "Observed: it returned {got}; expected: a relative difference below {limit:.0e} (round-off "
                       "only: the gradient is correct).",
    "value.cost": "Observed: the cost is {got}; expected: {want}.",
    "value.cache": "Observed: the cost is right, but the cache entries {wrong} are not; expected: the cache in the "
                   "order {names}.",
    "value.wrong": "Observed: it returned {got}; expected: {want}.",
    "gradients.ratio": " ({ratio:.6g} times the correct values)",
    "gradients.floor": " (the correct values rounded down to whole numbers, as floor division // does)",
    "gradients.right": " (right: {keys})",
    "gradients.differ": "Observed: these gradients differ from the correct ones: {wrong}{right}; expected: every dW "
                        "and db as back-propagation of the cost gives them.",
    "impossible.nan": "Observed: it returned nan (0/0: grad and gradapprox both zero, or a nan inside); expected: a "
                      "number between 0 and 1.",
    "impossible.shapes": " (Above 1 in the N-D check, grad and gradapprox often have different shapes, (n,) against "
                         "(n, 1), and broadcast into a matrix: check their shapes.)",
    "impossible.range": "Observed: it returned {got}, and a relative difference ‖grad − gradapprox‖ / (‖grad‖ + "
                        "‖gradapprox‖) is always between 0 and 1; expected: a number in [0, 1].{shapes}",
    "mutation": "Observed: it changed its argument `{name}`; expected: a check leaves its inputs as they were (work "
                "on copies).",
    "formula.several": "Observed: {value} is exactly what each of these gives, and no case tells them apart: "
                       "{observed}; expected: {expected}.",
    "formula.one": "Observed: {value} ({where}) is exactly {observed}; expected: {expected}.",
    "formula.array": "Observed: the array it returned ({where}) is exactly {observed}; expected: {expected}.",
    "formula.below": "Observed: on all {matches} cases with an exact answer it returned exactly {observed}, and "
                     "{value} here is of the size that gives; expected: {expected}.",
    "formula.where_all": "as on all {matches} cases where that differs from the right answer",
    "formula.where_this": "this case alone shows it",
    "error.unpack": "Observed: NumPy refused to store a sequence where one number goes, right after the first call "
                    "of forward_propagation_n, which returns the pair (cost, cache); expected: J_plus[i], _ = "
                    "forward_propagation_n(...), which stores the cost alone (storing the pair itself in J_plus[i] "
                    "fails), and the same indexing on both sides of each assignment (in an array of shape (n, 1), "
                    "v[i] is an array of shape (1,) and v[i][0] one number).",
    "error.element_before_cost": "Observed: NumPy refused to store a sequence where one number goes, before the first "
                                 "evaluation of the cost, where θ + ε is made; expected: the same indexing on both "
                                 "sides: parameters_values has shape ({n}, 1), so theta_plus[i] is an array of shape "
                                 "(1,) and theta_plus[i][0] one number. Write theta_plus[i] = theta_plus[i] + epsilon, "
                                 "or theta_plus[i][0] = theta_plus[i][0] + epsilon (NumPy 2 no longer turns an array "
                                 "of shape (1,) into one number).",
    "error.element_after_cost": "Observed: NumPy refused to store a sequence where one number goes, after {calls} "
                                "evaluations of the cost; expected: the same indexing on both sides of each "
                                "assignment: in an array of shape (n, 1) such as J_plus or gradapprox, v[i] is an "
                                "array of shape (1,) and v[i][0] one number (NumPy 2 no longer turns an array of shape "
                                "(1,) into one number).",
    "error.norm_of_number": "Observed: np.linalg.norm was given an ord (such as np.linalg.norm(v, 2) or ord=1) and a "
                            "single number: NumPy computes a norm with an ord only for arrays of 1 or 2 dimensions, "
                            "and grad and gradapprox are numbers here; expected: np.linalg.norm(v) without ord, which "
                            "for a number is its absolute value (or abs(v)).",
    "error.index": "Observed: the error came after {calls} cost evaluations, and this case's network has {n} "
                   "parameters; expected: a loop over range(parameters_values.shape[0]) (the tests use networks of "
                   "other sizes than the lesson's 47 parameters).",
    "rounding.observed": "Observed: {value} is the right answer, {right}, made a whole number ({where}): {how}; "
                         "expected: {right} itself, with its decimals.",
    "rounding.or": "; or ",
    "rounding.floor": "rounded down, as floor division `//` does (`/` divides without rounding)",
    "rounding.trunc": "its decimals cut off, as int() does",
    "rounding.round": "rounded to the nearest whole number, as round() does",
    "constant": "Observed: it returned {value} on all {count} cases, whatever their inputs; expected: a result "
                "computed from the arguments (the right ones differ from case to case).",
    # -------------------------------------------------------------------------------------- observations
    "fact": "Observed: {observed}; expected: {expected}.",
    "obs.steps.observed": "epsilon = {epsilon:g} was passed; the steps taken {where} were {sizes}",
    "obs.steps.expected": "θ + epsilon and θ − epsilon, with the epsilon passed in",
    "obs.steps.from_theta": "from θ",
    "obs.steps.in_theta": "in θ",
    "obs.cost.linear": "J = θ·x",
    "obs.cost.cubic": "J = x·θ³",
    "obs.cost.own": "its own cost",
    "obs.no_forward": "gradient_check never called forward_propagation",
    "obs.no_forward.expected": "J_plus and J_minus from forward_propagation(x, θ ± ε) (this case's cost is {cost}, "
                               "not the one you wrote inline)",
    "obs.forward_swapped": "forward_propagation was called as (theta, x): forward_propagation({a}, {b})",
    "obs.forward_swapped.expected": "forward_propagation(x, theta), here forward_propagation({x}, {theta})",
    "obs.forward_other_x": "forward_propagation was called with x = {value}",
    "obs.forward_other_x.expected": "the x the check was given, {x}",
    "obs.times.one": "{count} time at {where}",
    "obs.times.many": "{count} times at {where}",
    "obs.at_theta": "θ itself",
    "obs.nowhere": "nowhere",
    "obs.one_sided": " (a one-sided difference)",
    "obs.evaluated": "forward_propagation was evaluated {seen}{one_sided}",
    "obs.evaluated.expected": "J_plus at θ+ε and J_minus at θ−ε (the two-sided difference)",
    "obs.no_backward": "gradient_check never called backward_propagation",
    "obs.no_backward.expected": "grad = backward_propagation(x, theta): grad must come from the back-propagation "
                                "being checked (the tests give it wrong ones on purpose)",
    "obs.backward_swapped": "backward_propagation was called as (theta, x): backward_propagation({a}, {b})",
    "obs.backward.expected": "backward_propagation(x, theta) = backward_propagation({x}, {theta})",
    "obs.backward_other_theta": "backward_propagation was called at θ = {value}",
    "obs.backward_other_theta.expected": "grad at the θ the check was given, {theta}",
    "obs.backward_other": "backward_propagation was called as backward_propagation({a}, {b})",
    "obs.entries.one": "entry {shown}",
    "obs.entries.many": "entries {shown}",
    "obs.no_forward_n": "gradient_check_n never called forward_propagation_n",
    "obs.no_forward_n.expected": "J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus)), and "
                                 "the same for J_minus[i], for every i",
    "obs.forward_n_swapped": "forward_propagation_n was called as (Y, X, ...)",
    "obs.forward_n_other": "forward_propagation_n was called with other inputs than the X and Y the check was given",
    "obs.forward_n.expected": "forward_propagation_n(X, Y, parameters)",
    "obs.shift": "entry {entry} by {change}",
    "obs.left_behind": " (a shift from an earlier step was still in the vector)",
    "obs.several": "at cost evaluation {k}, θ differed from the θ the check was given in {changed} entries, not 1 "
                   "({shifts}){left}",
    "obs.several.expected": "a fresh copy of θ for every evaluation (np.copy), with one entry shifted",
    "obs.unchanged.one": "{unchanged} of the {count} cost evaluations was at θ itself (no entry changed)",
    "obs.unchanged.many": "{unchanged} of the {count} cost evaluations were at θ itself (no entry changed)",
    "obs.unchanged.expected": "each evaluation at θ with exactly one entry shifted by +ε or −ε",
    "obs.count": "the cost was evaluated {count} times for {n} parameters",
    "obs.count.expected": "{twice} evaluations: two per parameter, at θ+ε and θ−ε in that entry",
    "obs.the_last": " (the last one)",
    "obs.the_first": " (the first one)",
    "obs.never.one": "{entries}{which} of θ was never perturbed",
    "obs.never.many": "{entries}{which} of θ were never perturbed",
    "obs.never.expected": "every entry 0 … {last} shifted once by +ε and once by −ε",
    "obs.one_way.one": "{entries} of θ was shifted only by {sign}",
    "obs.one_way.many": "{entries} of θ were shifted only by {sign}",
    "obs.one_way.expected": "each entry shifted once by +ε and once by −ε",
    "obs.backward_n_called": "gradient_check_n called backward_propagation_n {count} time(s)",
    "obs.backward_n_called.expected": "grad = gradients_to_vector(gradients): check the gradients passed in, do not "
                                      "compute new ones",
    "obs.no_gradients_to_vector": "gradient_check_n never called gradients_to_vector(gradients)",
    "obs.no_gradients_to_vector.expected": "grad = gradients_to_vector(gradients), the gradients to be checked",
    "obs.refused.none": "{function} was called without arguments, as {call}",
    "obs.refused.one": "{function} was called with 1 argument, as {call}",
    "obs.refused.many": "{function} was called with {count} arguments, as {call}",
    "arg.array": "an array of shape {shape}",
    "arg.dict": "a dict ({keys})",
    "arg.sequence": "a {type} of {length} items",
    "arg.other": "a {type}",
    "call.forward_propagation": "forward_propagation(x, theta): the input x first, then the θ at which J is wanted "
                                "(θ + ε for J_plus, θ − ε for J_minus)",
    "call.backward_propagation": "backward_propagation(x, theta): the input x and the θ the check was given",
    "call.forward_propagation_n": "forward_propagation_n(X, Y, parameters): the inputs X, the labels Y, then a "
                                  "parameters dict such as vector_to_dictionary(theta_plus)",
    "call.backward_propagation_n": "backward_propagation_n(X, Y, cache)",
    "call.vector_to_dictionary": "vector_to_dictionary(theta): the column vector to cut into W1, b1, ..., b3",
    "call.dictionary_to_vector": "dictionary_to_vector(parameters), which returns the pair (vector, keys)",
    "call.gradients_to_vector": "gradients_to_vector(gradients): the gradients dict passed to the check",
    # ------------------------------------------------------------------------------------------ formulas
    "formula.two_sided": "gradapprox = (J_plus − J_minus) / (2 * epsilon)",
    "formula.double": "the relative difference of grad and 2·gradapprox",
    "formula.double.expected": "{two_sided}: dividing by ε instead of 2ε doubles it",
    "formula.precedence": "the relative difference of grad and ε²·gradapprox",
    "formula.precedence.expected": "{two_sided}, with the parentheses: `/ 2 * epsilon` multiplies by ε",
    "formula.undivided": "the relative difference of grad and J_plus − J_minus (not divided by 2ε)",
    "formula.over_epsilon": "the relative difference of grad and gradapprox / ε (divided by ε once too often)",
    "formula.sign": "the relative difference of grad and −gradapprox: one of the two has the wrong sign",
    "formula.sign.expected": "{two_sided}, J_plus at θ+ε, and grad as given (J_minus − J_plus flips the sign)",
    "formula.zero_approx": "the relative difference of grad and gradapprox = 0 (J_plus equal to J_minus)",
    "formula.zero_approx.expected": "{two_sided}, with J_minus at θ−ε",
    "formula.one_sided": "the relative difference of grad and the one-sided difference (J(θ+ε) − J(θ)) / ε",
    "formula.one_sided.expected": "the two-sided difference (J(θ+ε) − J(θ−ε)) / (2ε)",
    "formula.last_only": "the relative difference of grad and a gradapprox whose only non-zero entry is the last one",
    "formula.last_only.expected": "gradapprox[i] = (J_plus[i] − J_minus[i]) / (2 * epsilon) inside the loop, for every "
                                  "i (after the loop, i is only the last index)",
    "formula.last_for_every_entry": "the relative difference of grad and one number, the last entry's central "
                                    "difference, in place of every entry",
    "formula.last_for_every_entry.expected": "gradapprox[i] = ... for each i: gradapprox = ... inside the loop "
                                             "replaces the whole vector by one number each time",
    "formula.float32": "the relative difference of grad and gradapprox rounded to float32 (about 7 significant "
                       "digits)",
    "formula.float32.expected": "gradapprox in float64, as np.zeros((num_parameters, 1)) makes it: where grad and "
                                "gradapprox agree to more than 7 digits, float32 cannot tell them apart",
    "formula.float32_costs": "the relative difference of grad and a gradapprox made of J_plus and J_minus rounded to "
                             "float32",
    "formula.float32_costs.expected": "J_plus and J_minus in float64: their difference, about 2ε·|dJ/dθ|, is smaller "
                                      "than float32's rounding of J (about 6e-8·|J|)",
    "formula.broadcast": "‖grad − gradapprox‖ of an n × n matrix: grad of shape (n,) against gradapprox of shape "
                         "(n, 1), or the other way round, broadcast into every pair of entries",
    "formula.broadcast.expected": "grad and gradapprox of the same shape, (n, 1): gradients_to_vector and "
                                  "np.zeros((num_parameters, 1)) give that shape",
    "shape.described": "{formula}: {departures}",
    "shape.expected": "‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂), that is np.linalg.norm(grad - gradapprox) / "
                      "(np.linalg.norm(grad) + np.linalg.norm(gradapprox))",
    "shape.in_numerator": ", in the numerator only",
    "shape.in_denominator": ", in the denominator only",
    "shape.norm.1": "L1 norms (sums of absolute values: ord=1, or np.sum(np.abs(...))){where}",
    "shape.norm.inf": "max norms (the largest absolute entry: ord=np.inf, or np.max(np.abs(...))){where}",
    "shape.norm.sq": "squared norms (sums of squares without their square root, or a norm squared){where}",
    "shape.norm.none": "no norms at all: the vectors themselves, divided entry by entry{where}",
    "shape.numerator.norm_difference": "the difference of the norms in the numerator, not the norm of the difference",
    "shape.numerator.abs_norm_difference": "the size of the difference of the norms in the numerator, not the norm "
                                           "of the difference",
    "shape.denominator.max": "the larger of the two norms in the denominator, not their sum (a variant used in "
                             "cs231n's notes)",
    "shape.denominator.min": "the smaller of the two norms in the denominator, not their sum",
    "shape.denominator.mean": "the mean of the two norms in the denominator, not their sum",
    "shape.denominator.grad": "only ‖grad‖ in the denominator: ‖gradapprox‖ is left out",
    "shape.denominator.approx": "only ‖gradapprox‖ in the denominator: ‖grad‖ is left out",
    "shape.denominator.sum_vector": "the norm of the sum ‖grad + gradapprox‖ in the denominator, not the sum of the "
                                    "norms",
    "shape.denominator.product": "the product of the norms in the denominator, not their sum",
    "shape.denominator.none": "no denominator: the numerator alone",
    "shape.denominator.parentheses": "the denominator needs parentheses: numerator / ‖grad‖ + ‖gradapprox‖ divides by "
                                     "‖grad‖ alone, then adds ‖gradapprox‖",
    "shape.denominator.plus_epsilon": "epsilon, the step, added to the denominator (a guard against 0/0, if any, is a "
                                      "fixed tiny number such as 1e-8)",
    "formula.zero": "0, as if grad and gradapprox were the same numbers",
    "formula.zero.expected": "grad from the back-propagation being checked, which is wrong in this case",
    "formula.gradapprox": "gradapprox itself",
    "formula.gradapprox.expected": "the relative difference of grad and gradapprox, not gradapprox",
    "formula.grad": "grad itself",
    "formula.grad.expected": "the relative difference of grad and gradapprox, not grad",
    # ------------------------------------------------------------------------------------ the cases' labels
    "case.lesson_forward": "the lesson's x = 2, θ = 4 (J = 8)",
    "case.lesson_backward": "the lesson's x = 3, θ = 4 (dθ = 3)",
    "case.x_theta": "x = {x}, θ = {theta}",
    "case.negative_x": "a negative x = -1.5, θ = 2",
    "case.theta_zero": "θ = 0, x = 2.5",
    "case.check_lesson": "the lesson's x = 3, θ = 4, default ε, a correct back-propagation (the lesson prints "
                         "{printed}; anything below 1e-7 is round-off)",
    "case.check_other": "x = 2, θ = 4, default ε, a correct back-propagation (round-off only)",
    "case.check_too_large": "J = θ·x with x = -1.25, θ = 0, ε = 1e-3 and a back-propagation 30% too large "
                            "(dθ = 1.3·x)",
    "case.check_cubic": "a curved J = x·θ³ with x = 1.5, θ = -0.8, ε = 1e-3 and a correct back-propagation (the "
                        "two-sided difference is off by x·ε², so the result is about 2.6e-7)",
    "case.check_linear_factor": "J = θ·x with x = {x}, θ = {theta}, ε = 1e-5 and dθ = {factor}·x",
    "case.check_cubic_factor": "a curved J = x·θ³ with x = {x}, θ = {theta}, ε = 1e-2 and dθ = {factor}·3xθ²",
    "case.check_cubic_correct": "a curved J = x·θ³ with x = {x}, θ = {theta}, ε = 0.1 and a correct "
                                "back-propagation",
    "case.check_wrong_sign": "J = θ·x with x = {x}, θ = {theta}, ε = 1e-4 and a back-propagation of the wrong sign, "
                             "dθ = -0.5·x (grad and gradapprox have opposite signs: the difference is exactly 1)",
    "case.lesson_cost": "the lesson's test case (cost 2.407833389834357)",
    "case.lesson": "the lesson's test case",
    "case.random_network": "a random {sizes} network on {m} examples",
    "case.polynomial": "a polynomial cost of the {n} parameters of a {sizes} network, ε = {epsilon:g}, {description}",
    "case.block_too_large": "d{block} 1.5 times too large",
    "case.exact": "exact gradients",
    "case.noise": "gradients with noise of size 0.1",
    "case.block_wrong_sign": "d{block} of the wrong sign and half its size (-0.5 times the right one)",
    "case.both_bugs": "the lesson's test case with both planted bugs, default ε (the lesson's result: {printed})",
    "case.correct_n": "the lesson's test case with correct gradients, default ε (the lesson prints about 1.19e-07; "
                      "at ε = 1e-7 this is round-off, so anything below 1e-6 passes)",
    # ------------------------------------------------------------------------- the catalogue of mistakes
    "mistake.forward_sum": "J is the product θ·x, not the sum x + θ.",
    "mistake.forward_hard_coded": "You return 8 whatever the inputs: compute J from x and theta.",
    "mistake.forward_returns_x": "You return x, which is dJ/dθ (the backward pass). J itself is θ·x.",
    "mistake.forward_squared": "J = θ·x, not θ²·x or θ·x²: multiply x and theta once each.",
    "mistake.backward_returns_theta": "dθ = ∂J/∂θ: for J = θ·x that is x, not θ.",
    "mistake.backward_returns_j": "x·θ is J itself; its derivative with respect to θ is x.",
    "mistake.backward_divides": "J/θ equals x only while θ ≠ 0; at θ = 0 it divides by zero. dθ = x holds for every "
                                "θ: return x directly.",
    "mistake.backward_hard_coded": "You return 3 whatever the inputs: dθ depends on x.",
    "mistake.divides_by_epsilon": "gradapprox is twice too large: did you divide by ε instead of 2ε?",
    "mistake.check_operator_precedence": "gradapprox is far too small: `/ 2 * epsilon` multiplies by ε. Write "
                                         "`/ (2 * epsilon)`.",
    "mistake.check_grad_is_gradapprox": "You return 0 even for a wrong back-propagation: grad must come from "
                                        "backward_propagation(x, theta), not from gradapprox.",
    "mistake.check_both_plus": "gradapprox comes out 0: theta_minus must be θ − ε, not θ + ε.",
    "mistake.check_returns_numerator": "You return the numerator ‖grad − gradapprox‖ alone: divide it by ‖grad‖ + "
                                       "‖gradapprox‖ to get the relative difference.",
    "mistake.denominator_without_gradapprox": "The denominator is ‖grad‖₂ + ‖gradapprox‖₂: you left out "
                                              "‖gradapprox‖.",
    "mistake.check_denominator_without_grad": "The denominator is ‖grad‖₂ + ‖gradapprox‖₂: you left out ‖grad‖.",
    "mistake.check_one_sided": "This is a one-sided difference (J(θ+ε) − J(θ)) / ε. Use the two-sided one, "
                               "(J(θ+ε) − J(θ−ε)) / (2ε): its error shrinks like ε² instead of ε.",
    "mistake.ignores_epsilon": "Your result does not change with the epsilon argument: use the epsilon that is "
                               "passed in, not a fixed 1e-7.",
    "mistake.check_returns_gradapprox": "You return gradapprox itself; the function must return the relative "
                                        "difference.",
    "mistake.check_hard_coded": "You return the lesson's published number whatever the inputs: compute the "
                                "difference from x, theta and epsilon.",
    "mistake.check_n_no_copy": "Each perturbation stays in the parameter vector and the next ones pile up on it: "
                               "theta_plus = parameters_values makes an alias, not a copy. Use np.copy.",
    "mistake.check_n_minus_from_plus": "J_minus is computed at θ itself, not at θ − ε: theta_minus must be a fresh "
                                       "np.copy(parameters_values), not a copy of theta_plus nor the same array.",
    "mistake.check_n_one_sided": "This is a one-sided difference (J(θ+ε) − J(θ)) / ε. Use the two-sided one, "
                                 "(J(θ+ε) − J(θ−ε)) / (2ε).",
    "mistake.check_n_loop_one_short": "The last parameter is never perturbed: the loop must run over all "
                                      "num_parameters entries (range(num_parameters), not num_parameters - 1).",
    "mistake.check_n_fixed_47": "The number of parameters is not always 47: loop over "
                                "range(parameters_values.shape[0]) so the check works for any network.",
    "mistake.check_n_recomputes_gradients": "You return a small difference although the gradients passed in are "
                                            "wrong: compare gradapprox with the `gradients` argument instead of "
                                            "recomputing them.",
    "mistake.check_n_grad_is_gradapprox": "You return 0 even for wrong gradients: grad must come from "
                                          "gradients_to_vector(gradients), not from gradapprox.",
    "mistake.check_n_returns_array": "You return an array: np.linalg.norm of the whole vector (no axis argument) "
                                     "gives a single number.",
    "mistake.check_n_mutates_parameters": "Your function changes the caller's parameters dict: work on copies of the "
                                          "parameter vector and leave `parameters` as it was.",
    "mistake.check_n_hard_coded": "You return the lesson's published number whatever the inputs: compute the "
                                  "difference from the arguments.",
    "mistake.forward_n_sum_not_mean": "The cost is the mean over the m examples: multiply the sum by 1/m.",
    "mistake.forward_n_sign": "The cross-entropy cost is −(1/m) Σ [y log a + (1 − y) log(1 − a)]: check its sign.",
    "mistake.dW2_times_2": "dW2 is twice what it should be: remove the extra factor 2 (a bug planted by the lesson).",
    "mistake.db1_4_over_m": "db1 is 4 times what it should be: it must be 1/m times the sum, not 4/m (a bug planted "
                            "by the lesson).",
    "mistake.relu_mask_ge": "The ReLU derivative is 1 where A2 > 0 and 0 elsewhere: the mask is A2 > 0, not "
                            "A2 >= 0.",
    "mistake.relu_mask_on_dA": "The ReLU mask for dZ1 comes from the activation (A1 > 0), not from dA1.",
    "mistake.dW3_missing_1_over_m": "dW3 lacks the 1/m factor: it must average over the examples.",
    "mistake.dZ3_sign_flip": "dZ3 = A3 − Y for a sigmoid output with cross-entropy, not Y − A3.",
    "mistake.dW2_uses_Z1": "dW2 = (1/m) dZ2 · A1ᵀ uses the activation A1, not Z1.",
    "mistake.both_lesson_bugs": "Both bugs planted by the lesson are still there: dW2 has an extra factor 2, and db1 "
                                "uses 4/m instead of 1/m.",
    # ------------------------------------------------------------------- practice (public_tests.practice)
    "practice.not_implemented": "{exercise} is not implemented yet: replace the `raise NotImplementedError(...)` "
                                "line in its cell with your code, run that cell, then run this test again.",
    "practice.raised": "{exercise} raised {error_type}: {error}",
    "practice.not_number": "{exercise}{where} returned {type} {value!r:.60}; it should return one number (a float).",
    "practice.one_sided.nowhere": "nowhere",
    "practice.one_sided.did": "one_sided_check(J = θ³, dJ = 3θ², theta={theta}, epsilon={epsilon}) evaluated J at "
                              "{points} and returned {value:.6g}. ",
    "practice.one_sided.central": "It evaluated J at θ − ε = {below:g}, as a central difference does; a one-sided "
                                  "check uses J(θ + ε) and J(θ) only. ",
    "practice.one_sided.over_2eps": "That is the difference with the forward difference divided by 2ε; divide by ε. ",
    "practice.one_sided.expected": "Expected |dJ − approx| / (|dJ| + |approx|) with approx = (J({above:g}) − "
                                   "J({theta:g})) / {epsilon:g} = {forward:g}: {expected:.6g}.",
    "practice.optimal.did": "{call} returned {value:.6g}; expected (3·u·|J|/|J3|)^(1/3) = {expected:.6g}. ",
    "practice.optimal.nan": "A NaN: J and J3 may be negative; take their magnitudes, |J| and |J3|, before the cube "
                            "root.",
    "practice.optimal.no_3": "That is (u·|J|/|J3|)^(1/3): the factor 3 of the optimum is missing.",
    "practice.optimal.square_root": "That is a square root; setting dE/dε = |J3|·ε/3 − u·|J|/ε² to 0 gives ε³, a "
                                    "cube root.",
    "practice.optimal.inverse": "That is the inverse: |J| (round-off) goes in the numerator, |J3| (truncation) below.",
    "practice.dropout.correct": "a correct gradient",
    "practice.dropout.too_large": "a gradient 1.5 times too large in entry 0",
    "practice.dropout.with": " with {label}",
    "practice.dropout.did": "With {label}, dropout_gradient_check called new_mask() {masks} times, cost {costs} times "
                            "and gradient {gradients} times",
    "practice.dropout.not_called": "{did}. It should call gradient(theta, mask) once and cost(theta ± ε, mask) twice "
                                   "per parameter.",
    "practice.dropout.foreign_mask": "{did}, and passed a mask that new_mask() did not draw. Draw the mask with "
                                     "new_mask() and pass that array unchanged.",
    "practice.dropout.several_masks": "{did}, and passed {count} different masks: each evaluation then sees a "
                                      "different random cost, and the difference measures the masks, not the "
                                      "gradient. Call new_mask() once, before the loop, and pass that one mask to "
                                      "gradient and to every cost call.",
    "practice.dropout.not_below": "{did}, with one mask, and returned {value:.3g}; a correct gradient checked with "
                                  "one mask scores below {limit:g} (round-off only). Return ‖grad − gradapprox‖ / "
                                  "(‖grad‖ + ‖gradapprox‖) with central differences.",
    "practice.dropout.wrong_value": "{did}, with one mask, and returned {value:.6g}; with that mask the relative "
                                    "difference ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) is {expected:.6g}.",
    "practice.layer.case_1_2": "layers 1 and 2 flagged of 3",
    "practice.layer.case_1_10": "layers 1 to 10 flagged of 11",
    "practice.layer.case_none": "nothing flagged",
    "practice.layer.case_b3": "only b3 flagged",
    "practice.layer.case_threshold": "layer 1 at 1e-5 with threshold 1e-4",
    "practice.layer.case_10_of_12": "only layer 10 flagged of 12",
    "practice.layer.case_9_12": "layers 9 and 12 flagged of 12",
    "practice.layer.no_block": "none",
    "practice.layer.did": "wrong_layer on a report with {label} (threshold {threshold:g}; blocks above it: "
                          "{flagged}) returned {value!r}; expected {expected!r}. ",
    "practice.layer.name": "Return the layer's number (an int), not a block's name.",
    "practice.layer.nearest_input": "That is the flagged layer nearest the input. A wrong dZ of layer l spoils the "
                                    "gradients of layer l and of every layer below it, so the wrong layer is the "
                                    "flagged one nearest the output: the highest number.",
    "practice.layer.as_strings": "On every report your answer is what comparing the layer numbers as strings gives: "
                                 "as strings, '9' comes after '10' and '12'. Compare them as numbers, int(name[1:]).",
    "practice.layer.first_digit": "On every report your answer is what reading only the first digit of each layer "
                                  "number gives: 1 for 'W10' and 'W12'. Read the whole number after the letter, "
                                  "int(name[1:]).",
    "practice.layer.last_digit": "On every report your answer is what reading only the last digit of each layer "
                                 "number gives: 0 for 'W10', 2 for 'W12'. Read the whole number after the letter, "
                                 "int(name[1:]).",
    "practice.layer.zero_for_none": "No block is above the threshold, so no layer is wrong: return None, not 0.",
    "practice.layer.none": "No block is above the threshold, so no layer is wrong: return None.",
    # --------------------------------------------------------------------- layers (public_tests.layers)
    "layers.not_implemented": "{exercise} is not implemented yet: replace the `raise NotImplementedError(...)` line "
                              "in its cell with your code, run that cell, then run this test again.",
    "layers.raised": "{exercise} raised {error_type}: {error}",
    "layers.not_number": "{exercise}{where} returned {type} {value!r:.60}; it should return one number (a float).",
    "layers.array": "an array of shape {shape}",
    "layers.mutated": "{exercise} {where} changed what it was given: {names}. A check or a backward pass leaves its "
                      "arguments as they were (work on copies, or build new arrays).",
    "layers.vjp.case_dense": "a correct dense layer (4 inputs, 4 units, 4 examples)",
    "layers.vjp.case_relu": "a ReLU whose backward pass ignores the upstream gradient",
    "layers.vjp.case_transposed": "a dense layer whose dW uses the upstream gradient transposed",
    "layers.vjp.case_tanh": "a correct tanh layer",
    "layers.vjp.where": "on {label}, epsilon = {epsilon:g},",
    "layers.vjp.not_dict": "{who} takes the dict of inputs (with one entry shifted); it was given {type}",
    "layers.vjp.missing_input": "{who} was given a dict without the input {name!r}; pass every input, one entry "
                                "shifted",
    "layers.vjp.input_shape": "{who} was given {name} of shape {got}; the layer's {name} has shape {shape}",
    "layers.vjp.not_mapping": "vjp_check {where} returned {got}; expected a dict with one relative difference per "
                              "input ({names}).",
    "layers.vjp.missing": "vjp_check {where} returned no difference for {missing} (its keys: {keys}); expected one "
                          "per input: {names}. Check every input, the data X as well as the parameters: dX is what "
                          "the layer below receives as its upstream gradient.",
    "layers.vjp.no_backward": "vjp_check {where} never called backward(inputs, upstream): the gradients to check come "
                              "from it.",
    "layers.vjp.upstream_shape": "vjp_check {where} gave backward an upstream gradient of shape {got}; it must have "
                                 "the shape of the layer's output, {shape} (rng.standard_normal(out.shape)).",
    "layers.vjp.constant_upstream": "vjp_check {where} gave backward an upstream gradient whose entries all equal "
                                    "{value:g}. With a constant upstream gradient the check sees only sums of the "
                                    "Jacobian's entries, and a backward pass that ignores the upstream gradient, or "
                                    "transposes it, passes unseen. Draw it at random: upstream = "
                                    "rng.standard_normal(out.shape).",
    "layers.vjp.entry": " (its entry for {name})",
    "layers.vjp.want_below": "below {limit:g} (the layer is correct: round-off only)",
    "layers.vjp.want_value": "{expected:.6g}, the relative difference of this backward pass with the upstream "
                             "gradient it was given",
    "layers.vjp.did": "vjp_check {where} returned {value:.6g} for {name}; expected {want}.",
    "layers.vjp.ones_on_numeric_side": "That is the difference when the numerical side differentiates Σ forward, as "
                                       "if the upstream gradient were all ones, while backward got a random one: use "
                                       "the same upstream array on both sides, Σ upstream ⊙ forward.",
    "layers.vjp.same_upstream": "Use the same upstream array in backward and in the central differences of "
                                "Σ upstream ⊙ forward(inputs ± ε), divide by 2ε, and compare each input's gradient "
                                "separately: ‖grad − approx‖ / (‖grad‖ + ‖approx‖).",
    "layers.vjp.right_values_wrong_steps": "vjp_check {where} returned the right differences, but not by central "
                                           "differences: {fact}",
    "layers.vjp.no_forward": "It never called forward: the numerical side comes from the layer's forward pass, "
                             "Σ upstream ⊙ forward(inputs ± ε).",
    "layers.vjp.several": "{count} of its {total} forward evaluations shifted {shifted} entries at once: give each "
                          "evaluation fresh copies of the input arrays (copying the dict does not copy them) with "
                          "exactly one entry shifted.",
    "layers.vjp.never_shifted": "None of its {count} forward evaluations shifted an entry: shift one entry by +ε, "
                                "then by −ε, on copies of the arrays.",
    "layers.vjp.epsilon": "It shifted entries by {sizes} while epsilon = {epsilon:g} was passed: use the epsilon "
                          "argument.",
    "layers.vjp.one_sided": "It never shifted an entry by −ε ({count} shifts, all by +ε, for {n} entries): a "
                            "one-sided difference, off by O(ε). Use the central difference "
                            "(s(x + ε) − s(x − ε)) / 2ε.",
    "layers.vjp.entries_missed": "It shifted {checked} of the {n} entries (some of {names} never): loop over every "
                                 "entry of every input (np.ndindex(array.shape)).",
    "layers.dense.case_rect": "a rectangular case",
    "layers.dense.case_square": "a square case, where a transposed product fits too",
    "layers.dense.case_wide": "more units than inputs",
    "layers.dense.where": "on {label}, X {n_in}×{m}, W {n_out}×{n_in}, dZ {n_out}×{m},",
    "layers.dense.not_triple": "dense_backward {where} returned {got}; expected the three gradients (dX, dW, db).",
    "layers.dense.not_array": "dense_backward {where} returned {name} as {got}; expected an array.",
    "layers.dense.shape": "dense_backward {where} returned {name} of shape {got}; expected {shape}: a gradient has "
                          "the shape of what it is the gradient of.",
    "layers.dense.values": "dense_backward {where} returned {name} with the right shape but wrong values.",
    "layers.dense.mistake.dX_W_not_transposed": "It is W·dZ: the upstream gradient goes back through the transposed "
                                                "weights, dX = Wᵀ·dZ.",
    "layers.dense.mistake.dX_over_m": "It is Wᵀ·dZ / m: a layer's backward pass has no 1/m; when the cost is a mean "
                                      "over the batch, the 1/m is in dZ already.",
    "layers.dense.mistake.dW_transposed": "It is X·dZᵀ, the transpose of dW: dW = dZ·Xᵀ has the shape of W.",
    "layers.dense.mistake.dW_upstream_transposed": "It is dZᵀ·Xᵀ: the upstream gradient transposed (the shapes fit "
                                                   "only because dZ is square here). dW = dZ·Xᵀ.",
    "layers.dense.mistake.dW_over_m": "It is dZ·Xᵀ / m: a layer's backward pass has no 1/m; when the cost is a mean "
                                      "over the batch, the 1/m is in dZ already.",
    "layers.dense.mistake.db_not_summed": "It is dZ itself, a missing sum over the batch: b is added to every "
                                          "example's column, so db sums dZ over the examples, "
                                          "np.sum(dZ, axis=1, keepdims=True).",
    "layers.dense.mistake.db_wrong_axis": "It is dZ summed over axis 0, over the units: sum over the batch, axis=1, "
                                          "keepdims=True.",
    "layers.dense.mistake.db_no_keepdims": "It is dZ summed over the batch without keepdims=True: shape (n,) instead "
                                           "of b's (n, 1), which broadcasts wrongly later.",
    "layers.dense.mistake.db_mean": "It is the mean of dZ over the batch: sum it (the 1/m is in dZ already).",
    "layers.dense.mistake.db_total": "It is the sum of every entry of dZ, one number: sum over the batch only, "
                                     "axis=1, keepdims=True.",
    "layers.dense.formula.dX": "Expected dX = Wᵀ·dZ.",
    "layers.dense.formula.dW": "Expected dW = dZ·Xᵀ.",
    "layers.dense.formula.db": "Expected db = np.sum(dZ, axis=1, keepdims=True).",
    "layers.softmax.case_small": "small logits",
    "layers.softmax.case_large": "logits near 1000, where exp overflows",
    "layers.softmax.case_confident": "a second example wrong by a logit gap of 800, whose probability e^-800 is "
                                     "below the smallest float",
    "layers.softmax.where": "on {label}, Z of shape {shape},",
    "layers.softmax.not_pair": "softmax_cross_entropy {where} returned {got}; expected the pair (loss, dZ).",
    "layers.softmax.the_loss": " (the loss)",
    "layers.softmax.loss_name": "a loss",
    "layers.softmax.warned": " NumPy warned: {warnings}.",
    "layers.softmax.not_finite": "softmax_cross_entropy {where} returned {what} with inf or nan (the loss: "
                                 "{loss:.6g}).{warned} Expected a finite loss, {expected:.6g}, and a finite dZ.",
    "layers.softmax.hint.overflow": "exp overflowed: subtract each column's maximum before exp. "
                                    "log softmax(z) = (z − max) − log Σ exp(z − max) is the same function, and no exp "
                                    "then exceeds 1.",
    "layers.softmax.hint.log_zero": "A probability underflowed to 0 and its log is −inf: do not take the log of "
                                    "softmax(z); compute log softmax directly, (z − max) − log Σ exp(z − max), the "
                                    "log-sum-exp trick.",
    "layers.softmax.hint.not_finite": "Compute log softmax with the log-sum-exp trick: (z − max) − "
                                      "log Σ exp(z − max), the max taken in each column.",
    "layers.softmax.loss": "softmax_cross_entropy {where} returned the loss {loss:.10g}; expected {expected:.10g}."
                           "{warned}",
    "layers.softmax.mistake.loss_sum": "That is the sum over the batch: the loss is the mean, divide by m (the number "
                                       "of columns).",
    "layers.softmax.mistake.loss_clipped": "That is the loss with the probabilities clipped at 1e-12: clipping keeps "
                                           "it finite but caps it (−log(1e-12) ≈ 27.6), and its gradient is no longer "
                                           "softmax − Y. Use the log-sum-exp trick instead.",
    "layers.softmax.formula_loss": "Expected the mean over the examples (columns) of −log softmax(Z)[y], the softmax "
                                   "taken down each column.",
    "layers.softmax.dZ_shape": "softmax_cross_entropy {where} returned dZ as {got}; expected an array of Z's shape, "
                               "{shape}.",
    "layers.softmax.dZ": "softmax_cross_entropy {where} returned the right loss but a wrong dZ.{warned}",
    "layers.softmax.mistake.dZ_no_m": "It is softmax(Z) − Y: the loss is a mean, so dZ = (softmax(Z) − Y) / m.",
    "layers.softmax.mistake.dZ_sign": "It is (Y − softmax(Z)) / m: the sign is flipped; dZ = (softmax(Z) − Y) / m.",
    "layers.softmax.mistake.dZ_axis": "It takes the softmax along each row, over the examples: each column is one "
                                      "example's distribution, so normalise over axis 0.",
    "layers.softmax.mistake.dZ_no_Y": "It is softmax(Z) / m: subtract Y, dZ = (softmax(Z) − Y) / m.",
    "layers.softmax.formula_dZ": "Expected dZ = (softmax(Z) − Y) / m, the softmax taken down each column.",
    "layers.batchnorm.case_small": "3 features, a batch of 5",
    "layers.batchnorm.case_eps": "2 features, a batch of 6, a large ε",
    "layers.batchnorm.case_wide": "4 features, a batch of 3",
    "layers.batchnorm.where": "on {label}, X {features}×{m}, ε = {eps:g},",
    "layers.batchnorm.not_triple": "batchnorm_backward {where} returned {got}; expected the three gradients (dX, "
                                   "dgamma, dbeta).",
    "layers.batchnorm.not_array": "batchnorm_backward {where} returned {name} as {got}; expected an array.",
    "layers.batchnorm.shape": "batchnorm_backward {where} returned {name} of shape {got}; expected {shape}.",
    "layers.batchnorm.values": "batchnorm_backward {where} returned {name} with the right shape but wrong values (off "
                               "by up to {error:.3g}).",
    "layers.batchnorm.mistake.dX.mean_forgotten": "It lacks −mean(dX̂): the mean's gradient is forgotten. Every x "
                                                  "moves the mean, and the mean moves every x̂: dX = (dX̂ − mean(dX̂) − "
                                                  "X̂·mean(dX̂·X̂)) / √(var + ε).",
    "layers.batchnorm.mistake.dX.variance_forgotten": "It lacks −X̂·mean(dX̂·X̂): the variance's gradient is "
                                                      "forgotten. Every x moves the variance, which scales every x̂.",
    "layers.batchnorm.mistake.dX.both_forgotten": "It is dX̂ / √(var + ε), the gradient through x̂ alone, as if the "
                                                  "mean and the variance were constants; both depend on every x: "
                                                  "subtract mean(dX̂) and X̂·mean(dX̂·X̂) too.",
    "layers.batchnorm.mistake.dX.gamma_forgotten": "It uses dout where dX̂ = γ·dout belongs: out = γ·X̂ + β, so the "
                                                   "gradient reaches X̂ multiplied by γ.",
    "layers.batchnorm.mistake.dX.unbiased": "Its variance term divides by m − 1: the forward pass uses the biased "
                                            "variance (divided by m), and so does its gradient.",
    "layers.batchnorm.mistake.dX.epsilon_forgotten": "It divides by √var: the forward pass divides by √(var + ε), and "
                                                     "so must the backward pass (cache['std']).",
    "layers.batchnorm.mistake.dX.var_not_std": "It divides by var + ε: divide by its square root, √(var + ε) "
                                               "(cache['std']).",
    "layers.batchnorm.mistake.dgamma.not_summed": "It is dout·X̂ for each example, a missing sum over the batch: γ is "
                                                  "shared by the whole batch, so sum over axis=1, keepdims=True.",
    "layers.batchnorm.mistake.dgamma.wrong_axis": "It sums over axis 0, over the features: sum over the batch, "
                                                  "axis=1, keepdims=True.",
    "layers.batchnorm.mistake.dgamma.no_keepdims": "It lost its second axis: keepdims=True keeps dγ the shape of γ.",
    "layers.batchnorm.mistake.dgamma.without_xhat": "It is Σ dout, the gradient of β: out = γ·X̂ + β, so "
                                                    "dγ = Σ dout·X̂.",
    "layers.batchnorm.mistake.dgamma.with_x": "It uses X: γ multiplies the normalised X̂, so dγ = Σ dout·X̂.",
    "layers.batchnorm.mistake.dbeta.not_summed": "It is dout itself, a missing sum over the batch: β is shared by the "
                                                 "whole batch, so sum dout over axis=1, keepdims=True.",
    "layers.batchnorm.mistake.dbeta.wrong_axis": "It sums over axis 0, over the features: sum over the batch, axis=1, "
                                                 "keepdims=True.",
    "layers.batchnorm.mistake.dbeta.no_keepdims": "It lost its second axis: keepdims=True keeps dβ the shape of β.",
    "layers.batchnorm.mistake.dbeta.mean": "It is the mean of dout: sum it (a layer's backward pass has no 1/m).",
    "layers.batchnorm.formula.dX": "Expected dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂)) / √(var + ε) with dX̂ = γ·dout, "
                                   "the means over the batch (axis 1).",
    "layers.batchnorm.formula.dgamma": "Expected dγ = Σ dout·X̂ over the batch (axis 1, keepdims=True).",
    "layers.batchnorm.formula.dbeta": "Expected dβ = Σ dout over the batch (axis 1, keepdims=True).",
    "layers.hvp.point_shape": "gradient was asked at a point of shape {got}; theta has shape {shape}",
    "layers.hvp.case_cubic": "g(θ) = θ³ with a correct H·v = 3θ²·v",
    "layers.hvp.case_cubic_bug": "g(θ) = θ³ with a wrong H·v = 2θ²·v",
    "layers.hvp.case_softmax": "softmax regression with a correct H·v",
    "layers.hvp.where": "on {label}, epsilon = {epsilon:g},",
    "layers.hvp.on": " (on {label})",
    "layers.hvp.elsewhere": "a point off the line θ + t·v",
    "layers.hvp.nowhere": "nowhere",
    "layers.hvp.want_value": "{expected:.10g}, ‖H·v − approx‖ / (‖H·v‖ + ‖approx‖) with the central difference",
    "layers.hvp.did": "hvp_check {where} evaluated the gradient {count} times, at {points}, and returned "
                      "{value:.10g}; expected {want}.",
    "layers.hvp.no_gradient": "It never called gradient: H·v is checked against the central difference of the "
                              "gradient along v, (gradient(θ + εv) − gradient(θ − εv)) / 2ε.",
    "layers.hvp.not_along_v": "Shift θ along v itself (θ ± ε·v), not one entry at a time nor along a direction of "
                              "your own.",
    "layers.hvp.one_sided": "That is a one-sided difference, (gradient(θ + εv) − gradient(θ)) / ε, off by O(ε): "
                            "evaluate the gradient at θ + εv and at θ − εv, and divide by 2ε.",
    "layers.hvp.epsilon": "Shift θ by ±epsilon·v with the epsilon passed, {epsilon:g}.",
    "layers.hvp.no_hvp": "It never called hvp(theta, v): the product to check comes from it.",
    "layers.hvp.over_eps": "That is the difference of the gradients divided by ε instead of 2ε.",
}

KO: dict[str, str] = {
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

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The public tests' message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)
