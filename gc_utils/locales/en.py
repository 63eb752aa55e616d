"""Every text of the lesson in English, the default language and the one a missing translation falls back to.

The format of a language (``gc_utils.i18n`` reads it): one module of ``gc_utils.locales`` named by its code, holding
one dict per part of the lesson, named in capitals (``PUBLIC_TESTS``, ``WIDGETS``, ``FIGURES``, ``BRIDGE``,
``CHECKS``, ``GRADER``), each mapping a message id to a ``str.format`` template. The part's name is the id's
namespace: ``PUBLIC_TESTS["passed"]`` is the message ``public_tests.passed``. A translation has every id of this file,
with the same format fields (``tests/test_messages.py``).

Over 500 lines, all of them entries, on purpose: one file per language, so that a translator reads and writes one
file, next to this one. The planted bugs' and the one-parameter costs' English names are kept where those are defined
(``gc_utils.network``, ``gc_utils.layers``, ``gc_utils.sweeps``) and read from there.
"""

from __future__ import annotations

from .. import layers, network, sweeps

PUBLIC_TESTS: dict[str, str] = {
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
"""The public tests' feedback (public_tests, namespace public_tests)."""


WIDGETS: dict[str, str] = {
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
"""The explorers: titles, controls, legends, readouts, alt texts, what a student's function did (gc_utils.widgets)."""


FIGURES: dict[str, str] = {
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
"""The words inside figures: legends, axis labels, titles (style, plots, practice_plots, layer_plots)."""


BRIDGE: dict[str, str] = {
    "missing": "{library} is not installed: skipped ({install} to run it; nothing else in this lesson needs it)",
    "failed_to_run": "{library} is installed but the check could not run: {error}",
    "verdicts": "the correct backward pass {correct}; with the mean's gradient forgotten {buggy}",
    "passes": "passes",
    "fails": "fails",
}
"""The outcomes of PyTorch's gradcheck and JAX's check_grads (gc_utils.bridge)."""


CHECKS: dict[str, str] = {
    "report.block": "block",
    "report.difference": "difference",
    "report.verdict": "verdict",
    "report.mistake": "MISTAKE?",
    "report.ok": "ok",
}
"""The table of gc_utils.checks.format_block_report."""


GRADER: dict[str, str] = {
    # ------------------------------------------------------------------------ an exercise (grader.py)
    "exercise.not_judged": "The grader could not judge what `{exercise}` sent back ({error_type}): it is not what "
                           "a run of the function sends.",
    "exercise.memory": "(The grader gives each submission {memory_mib} MiB of memory.)",
    "exercise.missing": "`{exercise}` was not defined when the notebook's code ran ({why}).",
    "exercise.not_implemented": "`{exercise}` is not implemented: its cell still raises NotImplementedError, as "
                                "it was handed out.",
    "exercise.timeout": "`{exercise}` did not finish: {why}.",
    "exercise.sabotaged": "`{exercise}` was not judged: {why}. A graded function must compute its result, not "
                          "change the interpreter, NumPy or the helper modules.",
    "exercise.other": "`{exercise}` could not be judged: {why}.",
    "submission.linked": "The file is the instructor's solution edition (a hard link to it), not a submission.",
    "submission.duplicate": "The file is the same file as the submission {first} (a hard link, or a second path to "
                            "one file): it is graded once, under that name.",
    "submission.wrong_assignment": "None of the graded functions ({functions}) is defined: is this the Gradient "
                                   "Checking assignment?",
    # ------------------------------------------------------------------------ the feedback file (reports.py)
    "feedback.title": "# Gradient Checking: feedback",
    "feedback.submission": "Submission: `{name}`",
    "feedback.not_graded": "Your notebook could not be graded:",
    "feedback.total": "**Total: {total} / {max} points**",
    "feedback.table": "| Exercise | Points | Result |",
    "feedback.passed": "passed",
    "status.failed": "failed",
    "status.missing": "missing",
    "status.not_implemented": "not implemented",
    "status.timeout": "timeout",
    "status.crashed": "crashed",
    "status.exited": "exited",
    "status.malformed": "malformed",
    "status.sabotaged": "sabotaged",
    "status.error": "error",
    "feedback.cases": "Your functions were run on the public tests' cases, with the randomly drawn ones drawn anew "
                      "for this grading run.",
    "feedback.notes": "## Notes",
    # ------------------------------------------------ what the sandbox and the extractor say (messages.reason)
    "reason.no_answer_defining": "no answer within {seconds} s while defining the function",
    "reason.no_answer_running": "no answer within {seconds} s while running {exercise}",
    "reason.no_answer_defining_output": "no answer within {seconds} s while defining the function, after more than "
                                        "{kib} KiB of output",
    "reason.no_answer_running_output": "no answer within {seconds} s while running {exercise}, after more than {kib} "
                                       "KiB of output",
    "reason.time_limit": "the process was stopped by {signal} (time limit)",
    "reason.memory": "the kernel stopped the process: with what it held in memory, shared memory and files in /tmp "
                     "included, it needed more than the {mib} MiB the grader gives a submission",
    "reason.killed": "the process was killed (SIGKILL)",
    "reason.crashed": "the process crashed ({signal})",
    "reason.grader_side": "the grader's side of the process failed (exit code 70)",
    "reason.exited": "the process exited with code {code} before finishing (os._exit? a crash of the interpreter?)",
    "reason.no_report": "the process ended without reporting",
    "reason.unreadable": "reading it failed ({error})",
    "reason.not_a_result": "the process sent something that is not a result ({error})",
    "reason.not_started": "the grader could not start a process for it",
    "reason.definition_not_run": "its definition did not run",
    "reason.changed_defining": "the code changed {changes} while being defined",
    "reason.changed_running": "the code changed {changes} while running",
    "reason.no_definition": "No definition of `{exercise}` was found in the notebook.",
    "reason.cell_broken": "The cell that defines `{exercise}` (cell {cell}) has {problem}.",
    "reason.syntax_error": "a syntax error in line {line}: {error}",
    "reason.magic_cell": "a %%{magic} cell (not Python)",
    "reason.while_defining": " (while defining the function)",
}
"""The grader's own words: feedback files, grades.csv/json (gc_grader; unused in a student release)."""
