(* Printed by check.sh: every main theorem may rest only on the axioms of Coq's standard real numbers. *)
From Coq Require Import Reals.
Require Import Theory.ExpLn Theory.EntropyBound Theory.OptimalNoise Theory.Scalings Theory.Posterior Theory.Tradeoff.

Print Assumptions one_plus_le_exp.
Print Assumptions ln_le_sub_1.
Print Assumptions ln_eq_sub_1_iff.
Print Assumptions entropy_bound.
Print Assumptions entropy_bound_equality.
Print Assumptions gap_nonneg.
Print Assumptions gap_monotone_rho.
Print Assumptions gap_strictly_increasing_rho.
Print Assumptions gap_limit_rho_0.
Print Assumptions optimal_noise_global_min.
Print Assumptions optimal_noise_unique.
Print Assumptions log_sigma_star_sq.
Print Assumptions slope_log_importance.
Print Assumptions slope_log_variance.
Print Assumptions membrane_scaling.
Print Assumptions actin_scaling.
Print Assumptions trafficking_scaling.
Print Assumptions calcium_scaling.
Print Assumptions vi_optimum.
Print Assumptions vi_optimum_unique.
Print Assumptions langevin_fixed_point.
Print Assumptions langevin_fixed_point_unique.
Print Assumptions langevin_converges.
Print Assumptions langevin_bias.
Print Assumptions filter_variance_exact.
Print Assumptions power_mean_bound.
Print Assumptions power_mean_equality.
Print Assumptions heterogeneous_total.
Print Assumptions homogeneous_optimum.
Print Assumptions heterogeneous_le_homogeneous.
Print Assumptions fixed_reliability_optimum.
Print Assumptions fixed_reliability_minimum.
Print Assumptions fixed_reliability_attained.
