"""What the graders make of the corpus: the labels that tie it to the checks.

The corpus (written from the contract alone) says of each variant whether it is
right and what its mistake is; these tables, written by the checks' authors,
say how the checks should answer it:

``EXPECT``
    For a wrong variant: phrases of the feedback that name its mistake (any one
    will do). ``grading.py`` counts the wrong variants whose feedback has one.
``DISAGREE``
    Variants the corpus calls wrong that the checks give full marks, on
    purpose, and why (the contract does not ask it, the difference lies below
    every tolerance, a rule that carries no points on a CPU runner). The
    corpus test fails if one of them starts losing marks, so the list stays
    true.
``ACCEPTED``
    Variants whose only fault is an incidental form (a list where the text
    shows a tuple): full marks, and the feedback says so.
"""

from __future__ import annotations

#: variant key ("assignment/name/variant") → phrases that name its mistake
EXPECT: dict[str, tuple[str, ...]] = {
    "ps1-gradients/LSE_GRAD_SUM/wrong_half": ("a single component at x = y",),
    "ps1-gradients/LSE_GRAD_SUM/wrong_string": ("a number written as a string",),
    "ps1-gradients/LSE_GRAD_SUM/wrong_tensor": ("a tensor where a Python number is asked",),
    "ps1-gradients/LSE_GRAD_SUM/wrong_two": ("each component counted as 1",),
    "ps1-gradients/LSE_GRAD_SUM/wrong_zero": ("components that cancel",),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_derivative_keys": ("the partials' names as keys",),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdx_only_x": (
        "leaving y out: differentiating −3xy by x leaves −3y",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdx_only_y": (
        "leaving x out: differentiating 2x² by x leaves 4x",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdy_all_variables": (
        "all the variables of f, not those left in ∂f/∂y = −3x",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdy_depends_on_y": (
        "including y in ∂f/∂y's dependencies",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdy_empty": (
        "an empty set: ∂f/∂y = −3x is not a constant",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdy_variable_itself": (
        "the variable differentiated by, not the variables left in ∂f/∂y",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdz_all_variables": (
        "all the variables of f, not those left in ∂f/∂z = 3z²",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_dfdz_empty": (
        "an empty set: ∂f/∂z = 3z² still depends on z",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_lists_not_sets": (
        "a list (or tuple) where a set is asked",
    ),
    "ps1-gradients/PARTIALS_DEPEND_ON/wrong_strings": (
        "a string of letters where a set of variable names is asked",
    ),
    "ps1-gradients/directional_derivative/wrong_allclose_zero_check": (
        "a test for the zero vector that also catches nonzero vectors",
    ),
    "ps1-gradients/directional_derivative/wrong_assert_nonzero": (
        "an assert where an exception is asked",
    ),
    "ps1-gradients/directional_derivative/wrong_casts_to_double": (
        "returned in float64 for a float32 input",
    ),
    "ps1-gradients/directional_derivative/wrong_divides_by_norm_squared": (
        "d · ∇f divided by ‖d‖² instead of ‖d‖",
    ),
    "ps1-gradients/directional_derivative/wrong_eps_guard": ("an ε guarding the division",),
    "ps1-gradients/directional_derivative/wrong_l1_normalisation": (
        "a direction divided by its L1 norm Σ|dᵢ|",
    ),
    "ps1-gradients/directional_derivative/wrong_no_value_error": (
        "a zero direction divided by its zero length",
    ),
    "ps1-gradients/directional_derivative/wrong_normalises_gradient": (
        "the gradient normalised instead of the direction",
    ),
    "ps1-gradients/directional_derivative/wrong_normalises_in_place": (
        "modified `direction` in place",
    ),
    "ps1-gradients/directional_derivative/wrong_not_normalised": (
        "a direction that was not normalised",
    ),
    "ps1-gradients/directional_derivative/wrong_one_element_result": (
        "an extra dimension of size 1",
    ),
    "ps1-gradients/directional_derivative/wrong_returns_float": (
        "a Python number instead of a 0-d tensor",
    ),
    "ps1-gradients/directional_derivative/wrong_sum_zero_check": (
        "a test for the zero vector that also catches nonzero vectors",
    ),
    "ps1-gradients/directional_derivative/wrong_zero_division_error": (
        "a division by the zero length left to Python",
    ),
    "ps1-gradients/grad_beta_x/wrong_divides_by_x": ("a formula that divides by x",),
    "ps1-gradients/grad_beta_x/wrong_factor_two": ("2β, as for the quadratic xᵀx",),
    "ps1-gradients/grad_beta_x/wrong_function_value": (
        "the value βᵀx itself instead of its gradient",
    ),
    "ps1-gradients/grad_beta_x/wrong_numpy": ("a numpy array instead of a torch.Tensor",),
    "ps1-gradients/grad_beta_x/wrong_returns_x": ("the gradient with respect to β",),
    "ps1-gradients/grad_beta_x/wrong_row_vector": ("an extra dimension of size 1",),
    "ps1-gradients/grad_beta_x/wrong_same_object": (
        "returned `beta` itself, or a view of its memory",
    ),
    "ps1-gradients/grad_beta_x/wrong_tensor_tolist": ("returned in float32 for a float64 input",),
    "ps1-gradients/grad_beta_x/wrong_view_of_beta": (
        "returned `beta` itself, or a view of its memory",
    ),
    "ps1-gradients/grad_l2_norm/wrong_F_normalize": ("an ε guarding the division",),
    "ps1-gradients/grad_l2_norm/wrong_epsilon_denominator": ("an ε guarding the division",),
    "ps1-gradients/grad_l2_norm/wrong_float64_result": ("returned in float64 for a float32 input",),
    "ps1-gradients/grad_l2_norm/wrong_half_square": ("v itself, the gradient of ½‖v‖₂²",),
    "ps1-gradients/grad_l2_norm/wrong_inplace_division": ("modified `v` in place",),
    "ps1-gradients/grad_l2_norm/wrong_l1_norm": (
        "v divided by its L1 norm Σ|vᵢ| instead of the Euclidean norm",
    ),
    "ps1-gradients/grad_l2_norm/wrong_nan_at_zero": (
        "NaN at v = 0: v / ‖v‖₂ divides 0 by 0 there",
    ),
    "ps1-gradients/grad_l2_norm/wrong_norm_squared": ("v divided by ‖v‖₂² instead of ‖v‖₂",),
    "ps1-gradients/grad_l2_norm/wrong_sign": (
        "sign(v), the derivative of |vᵢ| one component at a time",
    ),
    "ps1-gradients/grad_l2_norm/wrong_squared_norm_gradient": ("2v, the gradient of ‖v‖₂²",),
    "ps1-gradients/grad_l2_norm/wrong_sum_zero_check": (
        "a test for the zero vector that also catches nonzero vectors",
    ),
    "ps1-gradients/grad_l2_norm/wrong_zeros_default_dtype": (
        "returned in float32 for a float64 input",
    ),
    "ps1-gradients/grad_x_beta/wrong_column_vector": ("an extra dimension of size 1",),
    "ps1-gradients/grad_x_beta/wrong_dot_T": ("returned `beta` itself, or a view of its memory",),
    "ps1-gradients/grad_x_beta/wrong_double": (
        "returned in float64 for a float32 input",
        "returned `beta` itself, or a view of its memory",
    ),
    "ps1-gradients/grad_x_beta/wrong_function_value": (
        "the value βᵀx itself instead of its gradient",
    ),
    "ps1-gradients/grad_x_beta/wrong_list": (
        "a Python list or tuple of numbers instead of a torch.Tensor",
    ),
    "ps1-gradients/grad_x_beta/wrong_returns_x": (
        "x instead of β: ∂(xᵀβ)/∂x is β, exactly like ∂(βᵀx)/∂x",
    ),
    "ps1-gradients/grad_x_beta/wrong_same_object": (
        "returned `beta` itself, or a view of its memory",
    ),
    "ps1-gradients/grad_x_beta/wrong_times_x_over_x": ("a formula that divides by x",),
    "ps1-gradients/gradient/wrong_backward_on_input": ("left a .grad on `point`",),
    "ps1-gradients/gradient/wrong_clone_without_detach": ("left a .grad on `point`",),
    "ps1-gradients/gradient/wrong_create_graph": ("still attached to the autograd graph",),
    "ps1-gradients/gradient/wrong_floattensor_cast": ("returned in float32 for a float64 input",),
    "ps1-gradients/gradient/wrong_forward_difference": (
        "finite differences instead of the exact derivative",
    ),
    "ps1-gradients/gradient/wrong_numpy_finite_differences": (
        "returned in float64 for a float32 input",
    ),
    "ps1-gradients/gradient/wrong_requires_grad_on_input": ("left requires_grad=True on `point`",),
    "ps1-gradients/gradient/wrong_restores_flag_keeps_grad": ("left a .grad on `point`",),
    "ps1-gradients/gradient/wrong_returns_numpy": ("a numpy array instead of a torch.Tensor",),
    "ps1-gradients/gradient/wrong_returns_tuple": ("the 1-tuple that torch.autograd.grad returns",),
    "ps1-gradients/gradient/wrong_reversed": ("the components in the wrong order",),
    "ps1-gradients/gradient/wrong_squeezed_jacobian": ("a squeezed answer",),
    "ps1-gradients/gradient/wrong_tensor_from_items": ("returned in float32 for a float64 input",),
    "ps1-gradients/gradient_field/wrong_create_graph": ("still attached to the autograd graph",),
    "ps1-gradients/gradient_field/wrong_f_on_whole_grid": (
        "f called once on the whole stacked grid",
    ),
    "ps1-gradients/gradient_field/wrong_finite_differences": (
        "finite differences instead of the exact derivative",
    ),
    "ps1-gradients/gradient_field/wrong_flat_output": ("U and V flattened to 1-D",),
    "ps1-gradients/gradient_field/wrong_hard_coded_example": (
        "the gradient of the notebook's example 2x² + xy, whatever f is",
    ),
    "ps1-gradients/gradient_field/wrong_meshgrid_ij": ("U and V transposed",),
    "ps1-gradients/gradient_field/wrong_requires_grad_on_grid": ("left requires_grad=True on `X`",),
    "ps1-gradients/gradient_field/wrong_returns_numpy": (
        "a numpy array instead of a torch.Tensor",
    ),
    "ps1-gradients/gradient_field/wrong_swapped_components": ("U and V swapped",),
    "ps1-gradients/gradient_field/wrong_zeros_default_dtype": (
        "returned in float32 for a float64 input",
    ),
    "ps1-gradients/linear_approximation/wrong_dot_with_point": (
        "∇f(point) · point instead of ∇f(point) · eps",
    ),
    "ps1-gradients/linear_approximation/wrong_gradient_at_shifted_point": (
        "the gradient taken at point + eps instead of at point",
    ),
    "ps1-gradients/linear_approximation/wrong_matrix_shape": ("an extra dimension of size 1",),
    "ps1-gradients/linear_approximation/wrong_minus_sign": ("the wrong sign of eps",),
    "ps1-gradients/linear_approximation/wrong_normalises_eps": ("eps normalised like a direction",),
    "ps1-gradients/linear_approximation/wrong_not_detached": (
        "still attached to the autograd graph",
    ),
    "ps1-gradients/linear_approximation/wrong_requires_grad_on_point": (
        "left requires_grad=True on `point`",
    ),
    "ps1-gradients/linear_approximation/wrong_returns_float": (
        "a Python number instead of a 0-d tensor",
    ),
    "ps1-gradients/linear_approximation/wrong_step_only": (
        "eps · ∇f(point) alone, without f(point)",
    ),
    "ps1-gradients/linear_approximation/wrong_tensor_of_item": (
        "returned in float32 for a float64 input",
    ),
    "ps1-gradients/linear_approximation/wrong_true_value": (
        "the exact value f(point + eps) instead of the approximation",
    ),
    "ps1-gradients/logsumexp_grad/wrong_clamp_inputs": ("inputs clamped before exponentiating",),
    "ps1-gradients/logsumexp_grad/wrong_float64_upcast": (
        "returned in float64 for a float32 input",
    ),
    "ps1-gradients/logsumexp_grad/wrong_global_max": (
        "one maximum subtracted for the whole batch",
    ),
    "ps1-gradients/logsumexp_grad/wrong_naive_exp": ("an overflowing log-sum-exp",),
    "ps1-gradients/logsumexp_grad/wrong_shift_by_abs_max": ("a shift by max(|x|, |y|)",),
    "ps1-gradients/logsumexp_grad/wrong_shift_by_x": ("a shift by x (or by y) alone",),
    "ps1-gradients/logsumexp_grad/wrong_stack_no_broadcast": (
        "x and y stacked without broadcasting them first",
    ),
    "ps1-gradients/logsumexp_grad/wrong_swapped": ("the two components swapped",),
    "ps1-gradients/logsumexp_grad/wrong_unnormalised": (
        "the exponentials (eˣ, eʸ) without dividing by eˣ + eʸ",
    ),
    "ps1-gradients/partials/wrong_dfdy_uses_y": ("∂(−3xy)/∂y taken as −3y",),
    "ps1-gradients/partials/wrong_double_precision": ("returned in float64 for a float32 input",),
    "ps1-gradients/partials/wrong_expand_as_x": ("a missing broadcast",),
    "ps1-gradients/partials/wrong_forgot_factor_two": ("the power rule slipped",),
    "ps1-gradients/partials/wrong_inplace_accumulate": ("modified `x` in place",),
    "ps1-gradients/partials/wrong_inplace_on_broadcast_view": ("modified `z` in place",),
    "ps1-gradients/partials/wrong_no_broadcast": ("a missing broadcast",),
    "ps1-gradients/partials/wrong_power_rule_dfdz": ("the power rule slipped",),
    "ps1-gradients/partials/wrong_sign_dfdx": ("a wrong sign: −3xy differentiates to −3y",),
    "ps1-gradients/slope_150/wrong_components_swapped": (
        "the components paired the wrong way round",
    ),
    "ps1-gradients/slope_150/wrong_drops_4x_term": ("the 4x of ∂(4xy)/∂y left out",),
    "ps1-gradients/slope_150/wrong_float32_constants": (
        "the direction stored in a float32 tensor",
    ),
    "ps1-gradients/slope_150/wrong_forces_float64": ("returned in float64 for a float32 input",),
    "ps1-gradients/slope_150/wrong_item_scalars": ("tensors turned into Python numbers",),
    "ps1-gradients/slope_150/wrong_not_unit": ("a direction that was not normalised",),
    "ps1-gradients/slope_150/wrong_power_rule": ("the power rule slipped",),
    "ps1-gradients/slope_150/wrong_radians": (
        "degrees passed to cos/sin without conversion to radians",
    ),
    "ps1-gradients/slope_150/wrong_sign_cos": ("the direction of 30°",),
    "ps1-gradients/steepest_ascent/wrong_descent_direction": (
        "the direction of steepest descent −∇f / ‖∇f‖₂",
    ),
    "ps1-gradients/steepest_ascent/wrong_descent_negative_rate": (
        "(with the slope along it, −‖∇f‖₂)",
    ),
    "ps1-gradients/steepest_ascent/wrong_gradient_squared_rate": (
        "its length is the rate), and the slope ‖∇f‖₂²",
    ),
    "ps1-gradients/steepest_ascent/wrong_max_norm": (
        "∇f divided by its largest component max |∂f/∂xᵢ|",
    ),
    "ps1-gradients/steepest_ascent/wrong_no_value_error": (
        "∇f divided by its zero length (0/0 is NaN)",
    ),
    "ps1-gradients/steepest_ascent/wrong_not_normalised": ("the gradient itself as the direction",),
    "ps1-gradients/steepest_ascent/wrong_rate_float": ("the rate returned as a Python number",),
    "ps1-gradients/steepest_ascent/wrong_rate_keepdim": ("an extra dimension of size 1",),
    "ps1-gradients/steepest_ascent/wrong_rate_squared": ("the slope ‖∇f‖₂² (that is ∇f · ∇f",),
    "ps1-gradients/steepest_ascent/wrong_requires_grad_on_point": (
        "left requires_grad=True on `point`",
    ),
    "ps1-gradients/unit_vector/wrong_clockwise": ("the angle measured clockwise, [cos θ, −sin θ]",),
    "ps1-gradients/unit_vector/wrong_default_float32": (
        "a tensor in torch's default dtype float32",
    ),
    "ps1-gradients/unit_vector/wrong_degrees_to_cos": (
        "degrees passed to cos/sin without conversion to radians",
    ),
    "ps1-gradients/unit_vector/wrong_float32_then_double": (
        "cos and sin computed in float32 and only then converted",
    ),
    "ps1-gradients/unit_vector/wrong_pi_approx": ("an approximation of π",),
    "ps1-gradients/unit_vector/wrong_returns_tuple": (
        "a Python list or tuple of numbers instead of a torch.Tensor",
    ),
    "ps1-gradients/unit_vector/wrong_row_vector_shape": ("an extra dimension of size 1",),
    "ps1-gradients/unit_vector/wrong_sin_cos_swapped": ("the components in the wrong order",),
    "ps2-descent/GOOD_DELTA/wrong_default_step": ("default step size",),
    "ps2-descent/GOOD_DELTA/wrong_int": ("a step size so large that the iteration diverges",),
    "ps2-descent/GOOD_DELTA/wrong_just_too_small": ("a step size too small",),
    "ps2-descent/GOOD_DELTA/wrong_one": ("the iterates overshoot x* and swing around it",),
    "ps2-descent/GOOD_DELTA/wrong_string": ("a number written as a string",),
    "ps2-descent/GOOD_DELTA/wrong_too_large": ("the iterates overshoot x* and swing around it",),
    "ps2-descent/STEPS_SCALED/wrong_ascent": (
        "a step that adds the gradient instead of subtracting it",
    ),
    "ps2-descent/STEPS_SCALED/wrong_includes_start": ("listed as the first point",),
    "ps2-descent/STEPS_SCALED/wrong_partial_x_forgets_y": ("∂f/∂x taken as 4x",),
    "ps2-descent/STEPS_SCALED/wrong_partial_y_is_y": ("∂f/∂y taken as y",),
    "ps2-descent/STEPS_SCALED/wrong_reuses_first_gradient": (
        "the gradient of the start reused for the second step",
    ),
    "ps2-descent/STEPS_SCALED/wrong_rounded_to_one_decimal": (
        "points rounded (to one decimal or to whole numbers)",
    ),
    "ps2-descent/STEPS_SCALED/wrong_sequential_update": (
        "x updated before y's gradient was taken",
    ),
    "ps2-descent/STEPS_SCALED/wrong_unscaled": ("the gradient not scaled by δ = 0.1",),
    "ps2-descent/STEPS_UNSCALED/wrong_ascent": (
        "a step that adds the gradient instead of subtracting it",
    ),
    "ps2-descent/STEPS_UNSCALED/wrong_copied_scaled": ("the δ = 0.1 steps",),
    "ps2-descent/STEPS_UNSCALED/wrong_includes_start": ("listed as the first point",),
    "ps2-descent/STEPS_UNSCALED/wrong_partial_x_forgets_y": ("∂f/∂x taken as 4x",),
    "ps2-descent/STEPS_UNSCALED/wrong_partial_y_is_y": ("∂f/∂y taken as y",),
    "ps2-descent/STEPS_UNSCALED/wrong_reuses_first_gradient": (
        "the gradient of the start reused for the second step",
    ),
    "ps2-descent/STEPS_UNSCALED/wrong_sequential_update": (
        "x updated before y's gradient was taken",
    ),
    "ps2-descent/STEPS_UNSCALED/wrong_strings": ("a number written as a string",),
    "ps2-descent/grad_descent/wrong_ascent": (
        "a step that adds the derivative instead of subtracting it",
    ),
    "ps2-descent/grad_descent/wrong_delta_ignored": ("the step size δ ignored",),
    "ps2-descent/grad_descent/wrong_derivative_sign": (
        "the wrong derivative: d/dx e^(−x) is −e^(−x)",
    ),
    "ps2-descent/grad_descent/wrong_early_stop": ("a loop that stops early once the derivative",),
    "ps2-descent/grad_descent/wrong_float32_torch": ("the iteration computed in float32",),
    "ps2-descent/grad_descent/wrong_off_by_one": ("one step too many",),
    "ps2-descent/grad_descent/wrong_one_step_short": ("one step too few",),
    "ps2-descent/grad_descent/wrong_recursive": ("a recursion with one call per step",),
    "ps2-descent/grad_descent/wrong_returns_f_value": (
        "the value f(x) at the last iterate instead of the point x itself",
    ),
    "ps2-descent/grad_descent/wrong_returns_int_start": ("the start returned unconverted",),
    "ps2-descent/grad_descent/wrong_steps_by_value": (
        "a step by the function value f(x) instead of its derivative",
    ),
    "ps2-descent/gradient_descent/wrong_ascent": (
        "a step that adds the gradient instead of subtracting it",
    ),
    "ps2-descent/gradient_descent/wrong_data_update_in_place": ("modified `x0` in place",),
    "ps2-descent/gradient_descent/wrong_detach_view_steps0": (
        "returned `x0` itself, or a view of its memory",
    ),
    "ps2-descent/gradient_descent/wrong_grad_accumulates": ("gradients that were never zeroed",),
    "ps2-descent/gradient_descent/wrong_normalised_step": ("a step of fixed length lr",),
    "ps2-descent/gradient_descent/wrong_not_detached": ("still attached to the autograd graph",),
    "ps2-descent/gradient_descent/wrong_off_by_one": ("one step too many",),
    "ps2-descent/gradient_descent/wrong_one_step_short": ("one step too few",),
    "ps2-descent/gradient_descent/wrong_returns_path": ("the whole path of iterates",),
    "ps2-descent/gradient_descent/wrong_returns_x0_itself": (
        "returned `x0` itself, or a view of its memory",
    ),
    "ps2-descent/gradient_descent/wrong_sgd_momentum": ("momentum in the update",),
    "ps2-descent/gradient_descent/wrong_tolist_float32": (
        "returned in float32 for a float64 input",
    ),
    "ps2-descent/multi_grad_descent/wrong_ascent": (
        "a step that adds the gradient instead of subtracting it",
    ),
    "ps2-descent/multi_grad_descent/wrong_delta_hard_coded": ("the step size δ ignored",),
    "ps2-descent/multi_grad_descent/wrong_float32": ("beyond float32's range",),
    "ps2-descent/multi_grad_descent/wrong_grads_accumulate": ("gradients that were never zeroed",),
    "ps2-descent/multi_grad_descent/wrong_off_by_one": ("one step too few",),
    "ps2-descent/multi_grad_descent/wrong_one_step_more": ("one step too many",),
    "ps2-descent/multi_grad_descent/wrong_returns_tensors": (
        "a tensor where a Python number is asked",
    ),
    "ps2-descent/multi_grad_descent/wrong_swapped_result": (
        "the coordinates returned in the wrong order",
    ),
    "ps2-descent/multi_grad_descent/wrong_typo_in_f": (
        "the term 4y² differentiated as if it were 8y",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_duplicate": (
        "more than once: list each critical point once",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_factor_signs": ("roots with their signs flipped",),
    "ps3-critical-points/CRITICAL_POINTS/wrong_function_values": (
        "a function value f(x) instead of a location x",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_missing_root": ("a missing critical point",),
    "ps3-critical-points/CRITICAL_POINTS/wrong_missing_zero": ("a missing critical point",),
    "ps3-critical-points/CRITICAL_POINTS/wrong_numpy_array": (
        "a numpy array instead of a list of Python numbers",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_pairs": (
        "pairs (x, f(x)) instead of the locations x alone",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_roots_of_f": (
        "a zero of f instead of a zero of f′",
    ),
    "ps3-critical-points/CRITICAL_POINTS/wrong_unsorted": ("a list that is not sorted",),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_axes": (
        "a point where only one partial derivative vanishes",
    ),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_bare_tuple": (
        "a single point instead of a list of points",
    ),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_empty": ("a missing critical point",),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_extra_point": (
        "a point where only one partial derivative vanishes",
    ),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_repeated_origin": (
        "lists the same critical point 2 times",
    ),
    "ps3-critical-points/D2L4_CRITICAL_POINTS/wrong_zeros_of_f": (
        "a zero of f instead of a zero of ∇f",
    ),
    "ps3-critical-points/D2L4_ORIGIN_KIND/wrong_capitalised": (
        "write the answer exactly as one of",
    ),
    "ps3-critical-points/D2L4_ORIGIN_KIND/wrong_maximum": ("calling the origin a maximum",),
    "ps3-critical-points/D2L4_ORIGIN_KIND/wrong_minimum": ("calling the origin a minimum",),
    "ps3-critical-points/D2L4_ORIGIN_KIND/wrong_saddle": ("an answer outside the allowed ones",),
    "ps3-critical-points/D2L4_ORIGIN_KIND/wrong_trailing_space": (
        "write the answer exactly as one of",
    ),
    "ps3-critical-points/D2L5_CHOICE/wrong_a": (
        "both gradients zero is sufficient for ∇f = 0 but not necessary",
    ),
    "ps3-critical-points/D2L5_CHOICE/wrong_c": ("∇g = ∇h gives ∇f = 2∇g",),
    "ps3-critical-points/D2L5_CHOICE/wrong_d": (
        "g = −h everywhere is sufficient but not necessary",
    ),
    "ps3-critical-points/D2L5_CHOICE/wrong_uppercase": ("write the answer exactly as one of",),
    "ps3-critical-points/D2L5_CHOICE/wrong_with_parenthesis": (
        "write the answer exactly as one of",
    ),
    "ps3-critical-points/GLOBAL_MIN/wrong_arithmetic_slip": (
        "worked out without the coefficient 3 of 3x⁴",
    ),
    "ps3-critical-points/GLOBAL_MIN/wrong_derivative_value": (
        "f′(2) = 0 instead of the value f(2)",
    ),
    "ps3-critical-points/GLOBAL_MIN/wrong_local_max": ("the local maximum at x = 0",),
    "ps3-critical-points/GLOBAL_MIN/wrong_local_min": ("the local minimum at x = −1",),
    "ps3-critical-points/GLOBAL_MIN/wrong_sign_of_value": ("the sign of f(x) dropped",),
    "ps3-critical-points/GLOBAL_MIN/wrong_swapped": ("(f(x), x) in the wrong order",),
    "ps3-critical-points/GLOBAL_MIN/wrong_x_only": ("only the location x",),
    "ps3-critical-points/classify_critical_point/wrong_abbreviated": ("an abbreviated label",),
    "ps3-critical-points/classify_critical_point/wrong_boundary_inclusive": (
        "an eigenvalue equal to tol counted as nonzero",
    ),
    "ps3-critical-points/classify_critical_point/wrong_capitalised": (
        "write the answer exactly as one of",
    ),
    "ps3-critical-points/classify_critical_point/wrong_determinant_trace": (
        "the determinant and trace test of a 2 × 2 Hessian",
    ),
    "ps3-critical-points/classify_critical_point/wrong_diagonal_entries": (
        "the diagonal entries used instead of the eigenvalues",
    ),
    "ps3-critical-points/classify_critical_point/wrong_ignores_tol": ("the tolerance ignored",),
    "ps3-critical-points/classify_critical_point/wrong_labels_swapped": (
        "minimum and maximum mixed up",
    ),
    "ps3-critical-points/classify_critical_point/wrong_maximum_threshold": (
        "a zero eigenvalue counted as negative (or positive) on one side",
    ),
    "ps3-critical-points/classify_critical_point/wrong_no_degenerate": (
        "every point that is neither a minimum nor a maximum called a saddle",
    ),
    "ps3-critical-points/classify_critical_point/wrong_relative_tol": (
        "tol taken relative to the largest eigenvalue",
    ),
    "ps3-critical-points/classify_critical_point/wrong_rescales_in_place": (
        "modified `H` in place",
    ),
    "ps3-critical-points/classify_critical_point/wrong_saddle_point_label": (
        "the label 'saddle point'",
    ),
    "ps3-critical-points/classify_critical_point/wrong_semidefinite": (
        "a zero eigenvalue counted as positive or negative",
    ),
    "ps3-critical-points/classify_critical_point/wrong_zero_eigenvalue_first": (
        "a zero eigenvalue made it degenerate",
    ),
    "ps3-critical-points/hessian/wrong_create_graph_result": (
        "still attached to the autograd graph",
    ),
    "ps3-critical-points/hessian/wrong_diagonal_only": (
        "only the diagonal (the pure second derivatives ∂²f/∂xᵢ²)",
    ),
    "ps3-critical-points/hessian/wrong_fails_for_linear": (
        "a gradient entry that does not depend on x",
    ),
    "ps3-critical-points/hessian/wrong_finite_difference_of_gradient": (
        "finite differences of the gradient",
    ),
    "ps3-critical-points/hessian/wrong_float64_result": (
        "returned in float64 for a float32 input",
    ),
    "ps3-critical-points/hessian/wrong_gradient_outer_product": (
        "the outer product ∇f ∇fᵀ of the gradient",
    ),
    "ps3-critical-points/hessian/wrong_hard_coded_2d": ("only the first two rows",),
    "ps3-critical-points/hessian/wrong_lower_triangle": ("only the lower triangle filled in",),
    "ps3-critical-points/hessian/wrong_requires_grad_on_point": (
        "left requires_grad=True on `point`",
    ),
    "ps3-critical-points/hessian/wrong_sum_trick_diagonal": ("the row sums H·1 on the diagonal",),
    "ps3-critical-points/hessian/wrong_upper_triangle": ("only the upper triangle filled in",),
    "ps3-critical-points/hessian/wrong_zeros_default_dtype": (
        "returned in float32 for a float64 input",
    ),
    "ps3-critical-points/newton_step/wrong_cholesky": (
        "a solver that assumes a positive definite Hessian",
    ),
    "ps3-critical-points/newton_step/wrong_diagonal_inverse": ("∇f divided by the diagonal of H",),
    "ps3-critical-points/newton_step/wrong_double_precision": (
        "returned in float64 for a float32 input",
    ),
    "ps3-critical-points/newton_step/wrong_gradient_step": ("a plain gradient step x − ∇f",),
    "ps3-critical-points/newton_step/wrong_in_place_update": ("modified `x` in place",),
    "ps3-critical-points/newton_step/wrong_multiplies_by_H": ("H∇f instead of H⁻¹∇f",),
    "ps3-critical-points/newton_step/wrong_not_detached": ("still attached to the autograd graph",),
    "ps3-critical-points/newton_step/wrong_plus_sign": (
        "the Newton step added instead of subtracted",
    ),
    "ps3-critical-points/newton_step/wrong_returns_step": (
        "the step H⁻¹∇f itself instead of the new point x − H⁻¹∇f",
    ),
    "ps3-critical-points/newton_step/wrong_two_by_two_inverse": (
        "a Newton step written out for 2-D points only",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_attached_value": (
        "still attached to the autograd graph",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_diagonal_hessian": (
        "only the diagonal of the Hessian",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_float64_constants": (
        "returned in float64 for a float32 input",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_half_on_gradient": (
        "½ in front of the gradient term too",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_linear_only": (
        "the linear approximation only",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_minus_gradient": (
        "the gradient term with the wrong sign",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_misprint_no_half": (
        "the full Hessian where ½H belongs",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_modifies_q_argument": (
        "modified `x` in place",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_no_constant": (
        "a missing constant term f(x₀)",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_one_element": (
        "an extra dimension of size 1",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_q_returns_float": (
        "a Python number instead of a 0-d tensor",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_returns_f": (
        "f(x) itself instead of its quadratic approximation",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_returns_value": (
        "should return a function q",
    ),
    "ps3-critical-points/quadratic_approximation/wrong_x_not_shifted": (
        "x in place of x − x₀ in the gradient and Hessian terms",
    ),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_both_million": ("one reverse sweep per input",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_both_one": ("a single forward sweep",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_keys": ("a dict with the wrong keys",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_no_reverse_sweep": ("no reverse sweep at all",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_reverse_two": (
        "the forward evaluation counted as a reverse sweep",
    ),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_swapped": ("the two modes swapped",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_thousand": ("a million inputs (10⁶, not 10³)",),
    "ps4-backprop/REVERSE_MODE_SWEEPS/wrong_two_sweeps_per_input": (
        "two sweeps per input for forward mode",
    ),
    "ps4-backprop/autograd_partials/wrong_backward_not_summed": (
        "backward() on a batch of f values",
    ),
    "ps4-backprop/autograd_partials/wrong_backward_twice": ("partials that are twice too large",),
    "ps4-backprop/autograd_partials/wrong_clone_without_detach": ("left a .grad on `w`",),
    "ps4-backprop/autograd_partials/wrong_double_copies": (
        "returned in float64 for a float32 input",
    ),
    "ps4-backprop/autograd_partials/wrong_dw_for_all": ("df/dw copied to every input",),
    "ps4-backprop/autograd_partials/wrong_f_attached": ("still attached to the autograd graph",),
    "ps4-backprop/autograd_partials/wrong_f_summed": ("f summed over the batch",),
    "ps4-backprop/autograd_partials/wrong_grad_left_on_inputs": ("left a .grad on `w`",),
    "ps4-backprop/autograd_partials/wrong_item_floats": ("values turned into Python numbers",),
    "ps4-backprop/autograd_partials/wrong_keys": ("a dict with the wrong keys",),
    "ps4-backprop/autograd_partials/wrong_requires_grad_on_inputs": (
        "left requires_grad=True on `w`",
    ),
    "ps4-backprop/backprop/wrong_a_bar_missing_v": (
        "a chain rule that follows only the path through u",
    ),
    "ps4-backprop/backprop/wrong_all_equal_w": (
        "the y and z partials computed like those of w and x",
    ),
    "ps4-backprop/backprop/wrong_b_bar_sign": ("a wrong sign for ∂v/∂b",),
    "ps4-backprop/backprop/wrong_da_one": ("∂a/∂w treated as 1",),
    "ps4-backprop/backprop/wrong_drops_b": ("a chain rule that leaves out the path through b",),
    "ps4-backprop/backprop/wrong_float_values": ("values turned into Python numbers",),
    "ps4-backprop/backprop/wrong_keys": ("a dict with the wrong keys",),
    "ps4-backprop/backprop/wrong_no_f": ("a dict with the wrong keys",),
    "ps4-backprop/backprop/wrong_returns_tuple": ("returned as a sequence instead of a dict",),
    "ps4-backprop/backprop/wrong_uses_autograd": (
        "autograd used where the exercise asks for the chain rule by hand",
    ),
    "ps4-backprop/backprop/wrong_y_z_sign": (
        "the y and z partials computed like those of w and x",
    ),
    "ps4-backprop/backprop/wrong_yz_minus_flipped": (
        "the minus sign on the wrong term of the y and z partials",
    ),
    "ps4-backprop/backprop/wrong_z_sign_only": ("the z partial computed like that of w",),
    "ps4-backprop/chain_rule_grad/wrong_diagonal_only": (
        "the diagonal of J_F times ∇g elementwise",
    ),
    "ps4-backprop/chain_rule_grad/wrong_finite_difference_outer": (
        "finite differences instead of the exact derivative",
    ),
    "ps4-backprop/chain_rule_grad/wrong_float64": ("returned in float64 for a float32 input",),
    "ps4-backprop/chain_rule_grad/wrong_forgets_jacobian": ("∇g(F(x)) alone: the Jacobian of F",),
    "ps4-backprop/chain_rule_grad/wrong_grad_g_at_x": ("∇g taken at x instead of at y = F(x)",),
    "ps4-backprop/chain_rule_grad/wrong_no_transpose": ("J_F ∇g instead of J_Fᵀ ∇g",),
    "ps4-backprop/chain_rule_grad/wrong_not_detached": ("still attached to the autograd graph",),
    "ps4-backprop/chain_rule_grad/wrong_requires_grad_on_x": ("left requires_grad=True on `x`",),
    "ps4-backprop/forward_df_dw/wrong_as_tensor_float32": (
        "returned in float32 for a float64 input",
    ),
    "ps4-backprop/forward_df_dw/wrong_db_sign": ("a minus sign on ∂b/∂w",),
    "ps4-backprop/forward_df_dw/wrong_df_only_u_path": (
        "a chain rule that follows only the path through u",
    ),
    "ps4-backprop/forward_df_dw/wrong_du_missing_two": (
        "the factor 2 of the power rule dropped in ∂u and ∂v",
    ),
    "ps4-backprop/forward_df_dw/wrong_du_only_a_path": (
        "a chain rule that leaves out the path through b",
    ),
    "ps4-backprop/forward_df_dw/wrong_dv_sign": ("a wrong sign for ∂v/∂b",),
    "ps4-backprop/forward_df_dw/wrong_inplace_accumulator": ("modified `w` in place",),
    "ps4-backprop/forward_df_dw/wrong_item_floats": ("values turned into Python numbers",),
    "ps4-backprop/forward_df_dw/wrong_no_outer_factor": (
        "the factor ∂f/∂u = ∂f/∂v = 2(u + v) left out",
    ),
    "ps4-backprop/forward_df_dw/wrong_swapped_result": ("the tuple in the wrong order",),
    "ps4-backprop/forward_df_dw/wrong_uses_autograd": (
        "autograd used where the exercise asks for the chain rule by hand",
    ),
    "ps4-backprop/grad_factorization/wrong_U_not_transposed": (
        "−2U(X − UV): U must be transposed, −2Uᵀ(X − UV)",
    ),
    "ps4-backprop/grad_factorization/wrong_U_on_the_right": (
        "−2(X − UV)Uᵀ: Uᵀ belongs on the left",
    ),
    "ps4-backprop/grad_factorization/wrong_forgets_UV": (
        "−2UᵀX: the UV term of the residual X − UV is missing",
    ),
    "ps4-backprop/grad_factorization/wrong_gradient_wrt_U": (
        "−2(X − UV)Vᵀ, the gradient with respect to U, not V",
    ),
    "ps4-backprop/grad_factorization/wrong_inplace_sub": ("modified `X` in place",),
    "ps4-backprop/grad_factorization/wrong_mean": (
        "the gradient of the mean of the squared entries",
    ),
    "ps4-backprop/grad_factorization/wrong_missing_two": (
        "−Uᵀ(X − UV): the factor 2 from differentiating the square",
    ),
    "ps4-backprop/grad_factorization/wrong_numpy": ("a numpy array instead of a torch.Tensor",),
    "ps4-backprop/grad_factorization/wrong_residual_alias": ("modified `X` in place",),
    "ps4-backprop/grad_factorization/wrong_sign": ("+2Uᵀ(X − UV): the sign is wrong",),
    "ps4-backprop/grad_factorization/wrong_transposed_result": ("the transpose of the gradient",),
    "ps4-backprop/grad_factorization_U/wrong_V_not_transposed": (
        "−2(X − UV)V: V must be transposed",
    ),
    "ps4-backprop/grad_factorization_U/wrong_V_on_the_left": (
        "−2Vᵀ(X − UV): Vᵀ belongs on the right",
    ),
    "ps4-backprop/grad_factorization_U/wrong_float64": ("returned in float64 for a float32 input",),
    "ps4-backprop/grad_factorization_U/wrong_forgets_UV": (
        "−2XVᵀ: the UV term of the residual X − UV is missing",
    ),
    "ps4-backprop/grad_factorization_U/wrong_gradient_wrt_V": (
        "−2Uᵀ(X − UV), the gradient with respect to V, not U",
    ),
    "ps4-backprop/grad_factorization_U/wrong_inplace_residual": ("modified `X` in place",),
    "ps4-backprop/grad_factorization_U/wrong_mean": (
        "the gradient of the mean of the squared entries",
    ),
    "ps4-backprop/grad_factorization_U/wrong_missing_two": (
        "−(X − UV)Vᵀ: the factor 2 from differentiating the square",
    ),
    "ps4-backprop/grad_factorization_U/wrong_sign": ("+2(X − UV)Vᵀ: the sign is wrong",),
    "ps4-backprop/grad_factorization_U/wrong_transposed_result": (
        "the transpose of the gradient (it must have the shape of U",
    ),
    "ps4-backprop/grad_least_squares/wrong_alias_b": ("modified `b` in place",),
    "ps4-backprop/grad_least_squares/wrong_column_broadcast": (
        "Ax made a column (m, 1) while b stays of shape (m,)",
    ),
    "ps4-backprop/grad_least_squares/wrong_float64": ("returned in float64 for a float32 input",),
    "ps4-backprop/grad_least_squares/wrong_forgets_b": ("2AᵀAx: the −2Aᵀb term",),
    "ps4-backprop/grad_least_squares/wrong_half_cross_term": (
        "2AᵀAx − Aᵀb: the cross term −2bᵀAx differentiates to −2Aᵀb",
    ),
    "ps4-backprop/grad_least_squares/wrong_mean": (
        "the gradient of the mean of the squared residuals",
    ),
    "ps4-backprop/grad_least_squares/wrong_missing_two": (
        "Aᵀ(Ax − b): the factor 2 from differentiating the square",
    ),
    "ps4-backprop/grad_least_squares/wrong_no_transpose": (
        "2A(Ax − b): the chain rule brings Aᵀ, not A",
    ),
    "ps4-backprop/grad_least_squares/wrong_returns_residual": (
        "the gradient with respect to the residual r = Ax − b",
    ),
    "ps4-backprop/grad_least_squares/wrong_sign": ("2Aᵀ(b − Ax): the sign is wrong",),
    "ps4-backprop/grad_quadratic_form/wrong_A_x_only": (
        "only Ax: the product rule gives two terms, Ax + Aᵀx",
    ),
    "ps4-backprop/grad_quadratic_form/wrong_function_value": (
        "the value xᵀAx itself instead of its gradient",
    ),
    "ps4-backprop/grad_quadratic_form/wrong_hard_coded_2x2": (
        "a gradient written out entry by entry for 2 × 2 matrices only",
    ),
    "ps4-backprop/grad_quadratic_form/wrong_inplace_sum": ("modified `A` in place",),
    "ps4-backprop/grad_quadratic_form/wrong_numpy": ("a numpy array instead of a torch.Tensor",),
    "ps4-backprop/grad_quadratic_form/wrong_row_vector": ("an extra dimension of size 1",),
    "ps4-backprop/grad_quadratic_form/wrong_two_AT_x": (
        "2Aᵀx, which is the gradient only for a symmetric A",
    ),
    "ps4-backprop/grad_quadratic_form/wrong_two_A_x": (
        "2Ax, which is the gradient only for a symmetric A",
    ),
    "ps4-backprop/grad_quadratic_form/wrong_x_A_only": (
        "only Aᵀx: the product rule gives two terms, Ax + Aᵀx",
    ),
    "ps4-backprop/jacobian/wrong_create_graph": ("still attached to the autograd graph",),
    "ps4-backprop/jacobian/wrong_finite_differences": (
        "finite differences instead of the exact derivative",
    ),
    "ps4-backprop/jacobian/wrong_gradient_of_sum": ("the gradient of the sum of the outputs",),
    "ps4-backprop/jacobian/wrong_grads_accumulate": ("rows that add up the earlier rows",),
    "ps4-backprop/jacobian/wrong_requires_grad_on_x": ("left requires_grad=True on `x`",),
    "ps4-backprop/jacobian/wrong_square_only": ("a Jacobian sized n × n, one row per input",),
    "ps4-backprop/jacobian/wrong_squeezed": ("a squeezed answer: the Jacobian of F",),
    "ps4-backprop/jacobian/wrong_sum_every_row": ("every row the gradient of F(x).sum()",),
    "ps4-backprop/jacobian/wrong_transposed": ("the transpose of the Jacobian",),
    "ps4-backprop/jacobian/wrong_zeros_default_dtype": ("returned in float32 for a float64 input",),
}

_BELOW_TOLERANCE = (
    "differs from the right answer by less than 1e-16 in absolute terms, far below the "
    "tolerance every check uses (absolute 1e-9 in float64): numerically the same answer"
)
_NO_GRAD_CALLERS = (
    "the contract and the docstring do not ask for calls inside torch.no_grad() (only the "
    "hand-written passes of ps4, whose notebook test calls them so, are checked that way)"
)
_PRECONDITION = "the docstring states n ≥ 0 as a precondition: negative n is never passed"
_DEVICE = (
    "the device rule: scored only where the course pins c.Grader.device = 'cuda' (the same "
    "score on every runner); on CPU runners it is not checked, as the feedback says"
)

DISAGREE: dict[str, str] = {
    "ps1-gradients/logsumexp_grad/wrong_clamp_difference": _BELOW_TOLERANCE,
    "ps1-gradients/logsumexp_grad/wrong_one_minus": _BELOW_TOLERANCE,
    "ps1-gradients/logsumexp_grad/wrong_tanh_form": _BELOW_TOLERANCE,
    "ps2-descent/multi_grad_descent/wrong_float32_start": (
        "rounding a start of three decimals to float32 moves the answer by about 1e-8 "
        "relative, below the checks' rtol of 1e-6"
    ),
    "ps1-gradients/gradient/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps2-descent/gradient_descent/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps4-backprop/autograd_partials/wrong_no_enable_grad": _NO_GRAD_CALLERS,
    "ps2-descent/grad_descent/wrong_no_value_error": _PRECONDITION,
    "ps2-descent/multi_grad_descent/wrong_no_value_error": _PRECONDITION,
    "ps2-descent/gradient_descent/wrong_no_value_error": _PRECONDITION,
    "ps1-gradients/partials/wrong_numpy_roundtrip": _DEVICE,
    "ps1-gradients/partials/wrong_zeros_no_device": _DEVICE,
    "ps3-critical-points/quadratic_approximation/wrong_calls_f_in_q": (
        "q's values are right; how often q calls f is not part of the contract"
    ),
    "ps3-critical-points/quadratic_approximation/wrong_keeps_reference": (
        "q is only wrong if the caller later changes point in place, which the contract "
        "forbids the student's code, not the caller"
    ),
}

ACCEPTED: dict[str, str] = {
    "ps1-gradients/partials/wrong_tuple_as_list": "is a list [...] where the text asks for a tuple",
    "ps1-gradients/steepest_ascent/wrong_returns_list": (
        "is a list [...] where the text asks for a tuple"
    ),
    "ps4-backprop/forward_df_dw/wrong_returns_list": "is a list [...] where the text asks for a tuple",
}
