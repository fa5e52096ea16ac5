(* Theorems 2-4 (THEORY.md section 5): the power-law reliability cost bounds the entropic cost.
   C# counterpart: Theory.Bound.EntropyBound.Gap. *)
From Coq Require Import Reals Lra.
Require Import Theory.ExpLn.
Open Scope R_scope.

(* The gap g(sigma; rho, s) = ((s/sigma)^rho - 1)/rho - ln(s/sigma) = (1/rho)(s/sigma)^rho - 1/rho + ln(sigma/s). *)
Definition gap (rho s sigma : R) : R := (Rpower (s / sigma) rho - 1) / rho - ln (s / sigma).

Lemma ln_ratio_flip : forall s sigma : R, 0 < s -> 0 < sigma -> ln (sigma / s) = - ln (s / sigma).
Proof.
  intros s sigma Hs Hsig.
  replace (sigma / s) with (/ (s / sigma)) by (field; lra).
  apply ln_Rinv. apply Rdiv_lt_0_compat; assumption.
Qed.

Lemma frac_le : forall a b c d : R, 0 < b -> 0 < d -> a * d <= c * b -> a / b <= c / d.
Proof.
  intros a b c d Hb Hd H.
  replace (a / b) with ((a * d) * / (b * d)) by (field; lra).
  replace (c / d) with ((c * b) * / (b * d)) by (field; lra).
  apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; nra | exact H].
Qed.

Lemma frac_lt : forall a b c d : R, 0 < b -> 0 < d -> a * d < c * b -> a / b < c / d.
Proof.
  intros a b c d Hb Hd H.
  replace (a / b) with ((a * d) * / (b * d)) by (field; lra).
  replace (c / d) with ((c * b) * / (b * d)) by (field; lra).
  apply Rmult_lt_compat_r; [apply Rinv_0_lt_compat; nra | exact H].
Qed.

Lemma gap_exp_form : forall rho s sigma : R,
  gap rho s sigma = (exp (rho * ln (s / sigma)) - 1) / rho - ln (s / sigma).
Proof. intros. unfold gap, Rpower. reflexivity. Qed.

(* Theorem 2: -ln(sigma/s) <= ((s/sigma)^rho - 1)/rho, with equality iff sigma = s. *)
Theorem entropy_bound : forall rho s sigma : R, 0 < rho -> 0 < s -> 0 < sigma ->
  - ln (sigma / s) <= (Rpower (s / sigma) rho - 1) / rho.
Proof.
  intros rho s sigma Hr Hs Hsig.
  rewrite ln_ratio_flip by assumption. rewrite Ropp_involutive.
  unfold Rpower. set (u := ln (s / sigma)).
  pose proof (one_plus_le_exp (rho * u)) as H.
  replace u with ((rho * u) / rho) at 1 by (field; lra).
  unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra | lra].
Qed.

Theorem gap_nonneg : forall rho s sigma : R, 0 < rho -> 0 < s -> 0 < sigma -> 0 <= gap rho s sigma.
Proof.
  intros rho s sigma Hr Hs Hsig.
  pose proof (entropy_bound rho s sigma Hr Hs Hsig) as H.
  rewrite ln_ratio_flip in H by assumption. unfold gap. lra.
Qed.

Theorem entropy_bound_equality : forall rho s sigma : R, 0 < rho -> 0 < s -> 0 < sigma ->
  (- ln (sigma / s) = (Rpower (s / sigma) rho - 1) / rho <-> sigma = s).
Proof.
  intros rho s sigma Hr Hs Hsig. split.
  - intro Heq.
    rewrite ln_ratio_flip in Heq by assumption. rewrite Ropp_involutive in Heq.
    unfold Rpower in Heq. set (u := ln (s / sigma)) in *.
    destruct (Req_dec u 0) as [U0 | Une].
    + assert (Hq : s / sigma = 1).
      { apply ln_inv; [apply Rdiv_lt_0_compat; assumption | lra | rewrite ln_1; exact U0]. }
      apply Rmult_eq_reg_r with (/ sigma); [| apply Rinv_neq_0_compat; lra].
      rewrite Rinv_r by lra. unfold Rdiv in Hq. lra.
    + exfalso.
      assert (Hne : rho * u <> 0) by (intro E; apply Une; apply Rmult_eq_reg_l with rho; lra).
      pose proof (one_plus_lt_exp (rho * u) Hne) as H.
      assert (E : u * rho = exp (rho * u) - 1).
      { transitivity (((exp (rho * u) - 1) / rho) * rho).
        - rewrite <- Heq. reflexivity.
        - field. lra. }
      lra.
  - intro E. subst sigma. unfold Rdiv. rewrite Rinv_r by lra. rewrite ln_1.
    unfold Rpower. rewrite ln_1, Rmult_0_r, exp_0. field. lra.
Qed.

(* Theorem 3: the gap is non-decreasing in rho, strictly increasing when sigma <> s. *)
Theorem gap_monotone_rho : forall rho1 rho2 s sigma : R, 0 < rho1 -> rho1 <= rho2 -> 0 < s -> 0 < sigma ->
  gap rho1 s sigma <= gap rho2 s sigma.
Proof.
  intros r1 r2 s sigma H1 H12 Hs Hsig.
  rewrite !gap_exp_form. set (u := ln (s / sigma)).
  cut ((exp (r1 * u) - 1) / r1 <= (exp (r2 * u) - 1) / r2); [lra |].
  apply frac_le; [lra | lra |].
  set (t := r1 / r2). set (a := r2 * u).
  assert (Ht : 0 <= t <= 1).
  { unfold t; split; [left; apply Rdiv_lt_0_compat; lra |].
    apply Rmult_le_reg_r with r2; [lra |]. field_simplify; lra. }
  assert (Eta : r1 * u = t * a) by (unfold t, a; field; lra).
  pose proof (exp_convex_0 t a Ht) as C. rewrite <- Eta in C.
  assert (Er1 : r1 = t * r2) by (unfold t; field; lra).
  assert (M : (exp (r1 * u) - 1) * r2 <= (t * (exp a - 1)) * r2) by (apply Rmult_le_compat_r; lra).
  replace ((t * (exp a - 1)) * r2) with ((exp a - 1) * r1) in M by (rewrite Er1; ring).
  exact M.
Qed.

Theorem gap_strictly_increasing_rho : forall rho1 rho2 s sigma : R,
  0 < rho1 -> rho1 < rho2 -> 0 < s -> 0 < sigma -> sigma <> s ->
  gap rho1 s sigma < gap rho2 s sigma.
Proof.
  intros r1 r2 s sigma H1 H12 Hs Hsig Hne.
  rewrite !gap_exp_form. set (u := ln (s / sigma)).
  assert (Hu : u <> 0).
  { intro U0. apply Hne. unfold u in U0.
    assert (Hq : s / sigma = 1) by (apply ln_inv; [apply Rdiv_lt_0_compat; assumption | lra | rewrite ln_1; exact U0]).
    apply Rmult_eq_reg_r with (/ sigma); [| apply Rinv_neq_0_compat; lra].
    rewrite Rinv_r by lra. unfold Rdiv in Hq. lra. }
  cut ((exp (r1 * u) - 1) / r1 < (exp (r2 * u) - 1) / r2); [lra |].
  apply frac_lt; [lra | lra |].
  set (t := r1 / r2). set (a := r2 * u).
  assert (Ht : 0 < t < 1).
  { unfold t; split; [apply Rdiv_lt_0_compat; lra |].
    apply Rmult_lt_reg_r with r2; [lra |]. field_simplify; lra. }
  assert (Ha : a <> 0) by (unfold a; intro E; apply Hu; apply Rmult_eq_reg_l with r2; lra).
  assert (Eta : r1 * u = t * a) by (unfold t, a; field; lra).
  pose proof (exp_convex_0_strict t a Ht Ha) as C. rewrite <- Eta in C.
  assert (Er1 : r1 = t * r2) by (unfold t; field; lra).
  assert (M : (exp (r1 * u) - 1) * r2 < (t * (exp a - 1)) * r2) by (apply Rmult_lt_compat_r; lra).
  replace ((t * (exp a - 1)) * r2) with ((exp a - 1) * r1) in M by (rewrite Er1; ring).
  exact M.
Qed.

(* Theorem 4: the gap tends to 0 as rho -> 0+ (fixed s, sigma), in the sense of the stdlib's limit1_in. *)
Theorem gap_limit_rho_0 : forall s sigma : R, 0 < s -> 0 < sigma ->
  limit1_in (fun rho => gap rho s sigma) (fun rho => 0 < rho) 0 0.
Proof.
  intros s sigma Hs Hsig eps Heps.
  set (u := ln (s / sigma)).
  destruct (Req_dec u 0) as [U0 | Une].
  - exists 1. split; [lra |]. intros x [Hx _].
    simpl. unfold R_dist. rewrite gap_exp_form. fold u. rewrite U0, Rmult_0_r, exp_0.
    replace ((1 - 1) / x - 0 - 0) with 0 by (field; lra). rewrite Rabs_R0. exact Heps.
  - assert (Hau : 0 < Rabs u) by (apply Rabs_pos_lt; exact Une).
    destruct (derivable_pt_lim_exp_0 (eps / Rabs u)) as [delta Hd].
    { apply Rdiv_lt_0_compat; assumption. }
    exists (delta / Rabs u). split; [apply Rdiv_lt_0_compat; [apply cond_pos | exact Hau] |].
    intros x [Hx Hdist]. simpl in Hdist. unfold R_dist in Hdist. rewrite Rminus_0_r, Rabs_pos_eq in Hdist by lra.
    simpl. unfold R_dist. rewrite Rminus_0_r, gap_exp_form. fold u.
    set (h := x * u).
    assert (Hh : h <> 0) by (unfold h; intro E; apply Une; apply Rmult_eq_reg_l with x; lra).
    assert (Hhd : Rabs h < delta).
    { unfold h. rewrite Rabs_mult, (Rabs_pos_eq x) by lra.
      apply (Rmult_lt_compat_r (Rabs u)) in Hdist; [| exact Hau].
      replace (delta / Rabs u * Rabs u) with (pos delta) in Hdist by (field; lra).
      exact Hdist. }
    pose proof (Hd h Hh Hhd) as Hlim. rewrite Rplus_0_l, exp_0 in Hlim.
    replace ((exp h - 1) / x - u) with (u * ((exp h - 1) / h - 1)) by (unfold h; field; split; lra).
    rewrite Rabs_mult.
    replace eps with (Rabs u * (eps / Rabs u)) by (field; lra).
    apply Rmult_lt_compat_l; assumption.
Qed.
