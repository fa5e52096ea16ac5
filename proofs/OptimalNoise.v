(* Theorems 5 and 6 (THEORY.md sections 3 and 4): the energy-efficient optimum of the linear Gaussian
   model and its log-log slopes. C# counterparts: Theory.Analytic.OptimalNoise.Sigma,
   OptimalNoise.LogSigmaSquared, PredictedSlopes.VersusImportance and VersusMeanFieldVariance. *)
From Coq Require Import Reals Lra.
Require Import Theory.ExpLn.
Open Scope R_scope.

(* Per-synapse expected cost: A sigma^2 / 2 + lambda (1/rho) (s/sigma)^rho. *)
Definition cost (A lambda s rho sigma : R) : R :=
  A * sigma ^ 2 / 2 + lambda * / rho * Rpower (s / sigma) rho.

(* sigma* = (lambda s^rho / A)^(1/(2+rho)). *)
Definition sigma_star (A lambda s rho : R) : R :=
  Rpower (lambda * Rpower s rho / A) (/ (2 + rho)).

Lemma ln_quot : forall x y : R, 0 < x -> 0 < y -> ln (x / y) = ln x - ln y.
Proof.
  intros x y Hx Hy. unfold Rdiv. rewrite ln_mult by (auto; apply Rinv_0_lt_compat; exact Hy).
  rewrite ln_Rinv by exact Hy. ring.
Qed.

Lemma Rpower_pos : forall x y : R, 0 < Rpower x y.
Proof. intros. unfold Rpower. apply exp_pos. Qed.

Lemma ln_sigma_star : forall A lambda s rho : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho ->
  ln (sigma_star A lambda s rho) = (ln lambda + rho * ln s - ln A) / (2 + rho).
Proof.
  intros A lambda s rho HA Hl Hs Hr. unfold sigma_star. rewrite ln_Rpower.
  rewrite ln_quot; [| apply Rmult_lt_0_compat; [exact Hl | apply Rpower_pos] | exact HA].
  rewrite ln_mult by (auto; apply Rpower_pos). rewrite ln_Rpower. field. lra.
Qed.

Lemma sigma_star_pos : forall A lambda s rho : R, 0 < sigma_star A lambda s rho.
Proof. intros. apply Rpower_pos. Qed.

(* The cost in log coordinates. *)
Lemma cost_exp_form : forall A lambda s rho sigma : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho -> 0 < sigma ->
  cost A lambda s rho sigma = exp (ln A + 2 * ln sigma) / 2 + exp (ln lambda + rho * (ln s - ln sigma)) / rho.
Proof.
  intros A lambda s rho sigma HA Hl Hs Hr Hsig. unfold cost, Rpower.
  rewrite ln_quot by assumption.
  replace (2 * ln sigma) with (ln sigma + ln sigma) by ring.
  rewrite !exp_plus, !exp_ln by assumption.
  replace (rho * (ln s - ln sigma)) with ((ln s - ln sigma) * rho) by ring.
  simpl. field. lra.
Qed.

(* F(w) = e^(2w)/2 + e^(-rho w)/rho is minimised exactly at w = 0. *)
Definition F (rho w : R) : R := exp (2 * w) / 2 + exp (- rho * w) / rho.

Lemma F_min : forall rho w : R, 0 < rho -> F rho 0 <= F rho w.
Proof.
  intros rho w Hr. unfold F.
  rewrite Rmult_0_r, Rmult_0_r, exp_0.
  pose proof (one_plus_le_exp (2 * w)) as H1.
  pose proof (one_plus_le_exp (- rho * w)) as H2.
  assert (H2' : (1 + - rho * w) / rho <= exp (- rho * w) / rho)
    by (unfold Rdiv; apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra | exact H2]).
  replace ((1 + - rho * w) / rho) with (/ rho - w) in H2' by (field; lra).
  replace (1 / rho) with (/ rho) by (field; lra). lra.
Qed.

Lemma F_min_unique : forall rho w : R, 0 < rho -> F rho w = F rho 0 -> w = 0.
Proof.
  intros rho w Hr Heq. destruct (Req_dec w 0) as [E | Ne]; [exact E |]. exfalso.
  unfold F in Heq. rewrite Rmult_0_r, Rmult_0_r, exp_0 in Heq.
  assert (N1 : 2 * w <> 0) by lra.
  pose proof (one_plus_lt_exp (2 * w) N1) as H1.
  pose proof (one_plus_le_exp (- rho * w)) as H2.
  assert (H2' : (1 + - rho * w) / rho <= exp (- rho * w) / rho)
    by (unfold Rdiv; apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra | exact H2]).
  replace ((1 + - rho * w) / rho) with (/ rho - w) in H2' by (field; lra).
  replace (1 / rho) with (/ rho) in Heq by (field; lra). lra.
Qed.

Lemma cost_F_form : forall A lambda s rho sigma : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho -> 0 < sigma ->
  cost A lambda s rho sigma =
  exp (ln A + 2 * ln (sigma_star A lambda s rho)) * F rho (ln sigma - ln (sigma_star A lambda s rho)).
Proof.
  intros A lambda s rho sigma HA Hl Hs Hr Hsig.
  rewrite cost_exp_form by assumption.
  set (v := ln (sigma_star A lambda s rho)).
  assert (Hv : (2 + rho) * v = ln lambda + rho * ln s - ln A)
    by (unfold v; rewrite ln_sigma_star by assumption; field; lra).
  unfold F. unfold Rdiv. rewrite !Rmult_plus_distr_l.
  rewrite <- !Rmult_assoc, <- !exp_plus.
  replace (ln A + 2 * v + 2 * (ln sigma - v)) with (ln A + 2 * ln sigma) by ring.
  replace (ln A + 2 * v + - rho * (ln sigma - v)) with (ln lambda + rho * (ln s - ln sigma)) by lra.
  reflexivity.
Qed.

(* Theorem 5: sigma* is the global minimiser of the cost over sigma > 0, and the only one. *)
Theorem optimal_noise_global_min : forall A lambda s rho : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho ->
  forall sigma : R, 0 < sigma ->
  cost A lambda s rho (sigma_star A lambda s rho) <= cost A lambda s rho sigma.
Proof.
  intros A lambda s rho HA Hl Hs Hr sigma Hsig.
  rewrite !cost_F_form by (assumption || apply sigma_star_pos).
  rewrite Rminus_eq_0.
  apply Rmult_le_compat_l; [left; apply exp_pos | apply F_min; exact Hr].
Qed.

Theorem optimal_noise_unique : forall A lambda s rho : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho ->
  forall sigma : R, 0 < sigma ->
  cost A lambda s rho sigma = cost A lambda s rho (sigma_star A lambda s rho) -> sigma = sigma_star A lambda s rho.
Proof.
  intros A lambda s rho HA Hl Hs Hr sigma Hsig Heq.
  rewrite !cost_F_form in Heq by (assumption || apply sigma_star_pos).
  rewrite Rminus_eq_0 in Heq.
  apply Rmult_eq_reg_l in Heq; [| apply Rgt_not_eq; apply exp_pos].
  apply F_min_unique in Heq; [| exact Hr].
  apply ln_inv; [exact Hsig | apply sigma_star_pos | lra].
Qed.

(* Theorem 6: ln sigma*^2 = (2/(2+rho)) (ln lambda + rho ln s - ln A) ... *)
Theorem log_sigma_star_sq : forall A lambda s rho : R, 0 < A -> 0 < lambda -> 0 < s -> 0 < rho ->
  ln (sigma_star A lambda s rho ^ 2) = 2 / (2 + rho) * (ln lambda + rho * ln s - ln A).
Proof.
  intros A lambda s rho HA Hl Hs Hr. simpl. rewrite Rmult_1_r.
  rewrite ln_mult by apply sigma_star_pos. rewrite ln_sigma_star by assumption. field. lra.
Qed.

Lemma derivable_pt_lim_affine : forall c k x : R, derivable_pt_lim (fun y => c + k * y) x k.
Proof.
  intros c k x eps Heps. exists (mkposreal 1 Rlt_0_1). intros h Hh _.
  replace ((c + k * (x + h) - (c + k * x)) / h - k) with 0 by (field; exact Hh).
  rewrite Rabs_R0. exact Heps.
Qed.

(* ... so d ln sigma*^2 / d ln A = -2/(2+rho) ... *)
Theorem slope_log_importance : forall lambda s rho a : R, 0 < lambda -> 0 < s -> 0 < rho ->
  ln (sigma_star (exp a) lambda s rho ^ 2) = 2 / (2 + rho) * (ln lambda + rho * ln s) + (- 2 / (2 + rho)) * a /\
  derivable_pt_lim (fun y => 2 / (2 + rho) * (ln lambda + rho * ln s) + (- 2 / (2 + rho)) * y) a (- 2 / (2 + rho)).
Proof.
  intros lambda s rho a Hl Hs Hr. split.
  - rewrite log_sigma_star_sq by (apply exp_pos || assumption). rewrite ln_exp. field. lra.
  - apply derivable_pt_lim_affine.
Qed.

(* ... and with A = sigma_y^2 / v (the large-prior mean-field variance v = sigma_y^2 / A),
   d ln sigma*^2 / d ln v = 2/(2+rho). *)
Theorem slope_log_variance : forall lambda s rho sigma_y lv : R, 0 < lambda -> 0 < s -> 0 < rho -> 0 < sigma_y ->
  ln (sigma_star (sigma_y ^ 2 / exp lv) lambda s rho ^ 2)
    = 2 / (2 + rho) * (ln lambda + rho * ln s - 2 * ln sigma_y) + 2 / (2 + rho) * lv /\
  derivable_pt_lim (fun y => 2 / (2 + rho) * (ln lambda + rho * ln s - 2 * ln sigma_y) + 2 / (2 + rho) * y) lv (2 / (2 + rho)).
Proof.
  intros lambda s rho sy lv Hl Hs Hr Hy. split.
  - assert (HA : 0 < sy ^ 2 / exp lv) by (apply Rdiv_lt_0_compat; [apply pow_lt; exact Hy | apply exp_pos]).
    rewrite log_sigma_star_sq by assumption.
    rewrite ln_quot by first [apply exp_pos | apply pow_lt; exact Hy].
    rewrite ln_exp. simpl. rewrite Rmult_1_r, ln_mult by exact Hy. field. lra.
  - apply derivable_pt_lim_affine.
Qed.
