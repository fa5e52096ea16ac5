(* Theorems 10-12 (THEORY.md sections 7, 8 and 11): mean-field VI in the quadratic model, the Langevin
   chain's step bias, and the static Bayesian filter. C# counterparts: Theory.Analytic.Posterior
   (MeanFieldVariances), LayerResult.LaplaceVariance; the Langevin and filter formulas are those that
   issue 15's `theory synapses` predicts with. *)
From Coq Require Import Reals Lra.
Require Import Theory.ExpLn.
Open Scope R_scope.

(* ---- Theorem 10: mean-field VI for one weight (section 11) ---- *)

(* The terms of the negative ELBO that depend on v: (1/2) H v - (1/2) ln v + v / (2 sigma0^2). *)
Definition vi_objective (H sigma0 v : R) : R := H * v / 2 - ln v / 2 + v / (2 * sigma0 ^ 2).

Definition vi_variance (H sigma0 : R) : R := / (H + / sigma0 ^ 2).

Lemma vi_variance_pos : forall H sigma0 : R, 0 <= H -> 0 < sigma0 -> 0 < vi_variance H sigma0.
Proof.
  intros H s0 HH Hs. unfold vi_variance. apply Rinv_0_lt_compat.
  assert (0 < / s0 ^ 2) by (apply Rinv_0_lt_compat; apply pow_lt; exact Hs). lra.
Qed.

(* With P = H + 1/sigma0^2: objective v - objective v* = (P v - 1 - ln (P v)) / 2. *)
Lemma vi_objective_gap : forall H sigma0 v : R, 0 <= H -> 0 < sigma0 -> 0 < v ->
  vi_objective H sigma0 v - vi_objective H sigma0 (vi_variance H sigma0) =
  ((H + / sigma0 ^ 2) * v - 1 - ln ((H + / sigma0 ^ 2) * v)) / 2.
Proof.
  intros H s0 v HH Hs Hv.
  assert (Hq : 0 < / s0 ^ 2) by (apply Rinv_0_lt_compat; apply pow_lt; exact Hs).
  assert (HP : 0 < H + / s0 ^ 2) by lra.
  unfold vi_objective, vi_variance.
  rewrite ln_mult by lra. rewrite ln_Rinv by lra.
  assert (s0 ^ 2 <> 0) by (apply pow_nonzero; lra).
  assert (0 < H * s0 ^ 2 + 1) by (assert (0 <= H * s0 ^ 2) by (apply Rmult_le_pos; [exact HH | apply pow2_ge_0]); lra).
  field. repeat split; try lra.
Qed.

Theorem vi_optimum : forall H sigma0 : R, 0 <= H -> 0 < sigma0 -> forall v : R, 0 < v ->
  vi_objective H sigma0 (vi_variance H sigma0) <= vi_objective H sigma0 v.
Proof.
  intros H s0 HH Hs v Hv.
  assert (Hq : 0 < / s0 ^ 2) by (apply Rinv_0_lt_compat; apply pow_lt; exact Hs).
  pose proof (vi_objective_gap H s0 v HH Hs Hv) as G.
  pose proof (ln_le_sub_1 ((H + / s0 ^ 2) * v)) as L.
  assert (0 < (H + / s0 ^ 2) * v) by (apply Rmult_lt_0_compat; lra).
  specialize (L H0). lra.
Qed.

Theorem vi_optimum_unique : forall H sigma0 : R, 0 <= H -> 0 < sigma0 -> forall v : R, 0 < v ->
  vi_objective H sigma0 v = vi_objective H sigma0 (vi_variance H sigma0) -> v = vi_variance H sigma0.
Proof.
  intros H s0 HH Hs v Hv E.
  assert (Hq : 0 < / s0 ^ 2) by (apply Rinv_0_lt_compat; apply pow_lt; exact Hs).
  assert (HP : 0 < H + / s0 ^ 2) by lra.
  pose proof (vi_objective_gap H s0 v HH Hs Hv) as G.
  assert (Hx : 0 < (H + / s0 ^ 2) * v) by (apply Rmult_lt_0_compat; lra).
  assert (Z : ln ((H + / s0 ^ 2) * v) = (H + / s0 ^ 2) * v - 1) by lra.
  apply (ln_eq_sub_1_iff _ Hx) in Z.
  unfold vi_variance. apply (Rmult_eq_reg_l (H + / s0 ^ 2)); [| lra].
  rewrite Z, Rinv_r by lra. reflexivity.
Qed.

(* ---- Theorem 11: the Langevin step bias, scalar case (section 8) ---- *)

(* x' = (1 - e P) x + sqrt(2 e) xi with xi ~ N(0, 1) independent of x maps the variance V to
   (1 - e P)^2 V + 2 e (the variance of a sum of independent terms: the probabilistic step, taken as the
   model). The stationary variance is the fixed point of that map, and the limit from any start. *)
Definition langevin_step (e P V : R) : R := (1 - e * P) ^ 2 * V + 2 * e.

Fixpoint langevin_variance (e P V0 : R) (t : nat) : R :=
  match t with
  | O => V0
  | S t' => langevin_step e P (langevin_variance e P V0 t')
  end.

Definition langevin_stationary (e P : R) : R := / (P * (1 - e * P / 2)).

Theorem langevin_fixed_point : forall e P : R, 0 < e -> 0 < P -> 0 < e * P < 2 ->
  langevin_step e P (langevin_stationary e P) = langevin_stationary e P.
Proof.
  intros e P He HP H. unfold langevin_step, langevin_stationary.
  field. split; [lra | nra].
Qed.

Theorem langevin_fixed_point_unique : forall e P V : R, 0 < e -> 0 < P -> 0 < e * P < 2 ->
  langevin_step e P V = V -> V = langevin_stationary e P.
Proof.
  intros e P V He HP H E. unfold langevin_step, langevin_stationary in *.
  assert (Hd : P * (1 - e * P / 2) <> 0) by nra.
  apply (Rmult_eq_reg_l (P * (1 - e * P / 2))); [| exact Hd].
  rewrite Rinv_r by exact Hd.
  apply (Rmult_eq_reg_l (2 * e)); [| lra]. nra.
Qed.

(* The distance to the fixed point shrinks by (1 - e P)^2 < 1 every step, so the chain converges to it. *)
Lemma langevin_contraction : forall e P V0 : R, 0 < e -> 0 < P -> 0 < e * P < 2 -> forall t : nat,
  langevin_variance e P V0 t - langevin_stationary e P = ((1 - e * P) ^ 2) ^ t * (V0 - langevin_stationary e P).
Proof.
  intros e P V0 He HP H t.
  pose proof (langevin_fixed_point e P He HP H) as F. unfold langevin_step in F.
  set (st := langevin_stationary e P) in *.
  assert (F' : 2 * e = st - (1 - e * P) ^ 2 * st) by lra.
  induction t as [| t IH].
  - simpl. ring.
  - change (langevin_variance e P V0 (S t)) with (langevin_step e P (langevin_variance e P V0 t)).
    unfold langevin_step.
    change (((1 - e * P) ^ 2) ^ S t) with ((1 - e * P) ^ 2 * ((1 - e * P) ^ 2) ^ t).
    assert (X : langevin_variance e P V0 t = st + ((1 - e * P) ^ 2) ^ t * (V0 - st)) by lra.
    rewrite X, F'. ring.
Qed.

Theorem langevin_converges : forall e P V0 : R, 0 < e -> 0 < P -> 0 < e * P < 2 ->
  Un_cv (langevin_variance e P V0) (langevin_stationary e P).
Proof.
  intros e P V0 He HP H eps Heps.
  set (c := (1 - e * P) ^ 2).
  assert (Hc0 : 0 <= c) by (unfold c; apply pow2_ge_0).
  assert (Hc1 : c < 1) by (unfold c; nra).
  set (D := Rabs (V0 - langevin_stationary e P)).
  destruct (pow_lt_1_zero c ltac:(rewrite Rabs_pos_eq by exact Hc0; exact Hc1) (eps / (D + 1))) as [N HN].
  { apply Rdiv_lt_0_compat; [exact Heps | unfold D; pose proof (Rabs_pos (V0 - langevin_stationary e P)); lra]. }
  exists N. intros n Hn. unfold R_dist.
  rewrite langevin_contraction by assumption. fold c.
  rewrite Rabs_mult. fold D.
  specialize (HN n Hn).
  assert (HD : 0 <= D) by apply Rabs_pos.
  assert (Hlt : Rabs (c ^ n) * D <= eps / (D + 1) * D) by (apply Rmult_le_compat_r; lra).
  assert (eps / (D + 1) * D < eps).
  { unfold Rdiv. rewrite Rmult_assoc. rewrite <- (Rmult_1_r eps) at 2. apply Rmult_lt_compat_l; [exact Heps |].
    apply (Rmult_lt_reg_l (D + 1)); [lra |]. rewrite <- Rmult_assoc, Rinv_r, Rmult_1_l by lra. lra. }
  lra.
Qed.

(* The bias: the chain's variance exceeds the exact posterior variance 1/P for every stable step. *)
Theorem langevin_bias : forall e P : R, 0 < e -> 0 < P -> 0 < e * P < 2 -> / P < langevin_stationary e P.
Proof.
  intros e P He HP H. unfold langevin_stationary.
  apply Rinv_lt_contravar; [apply Rmult_lt_0_compat; nra |]. nra.
Qed.

(* ---- Theorem 12: the static Bayesian filter, one synapse, constant input (section 7) ---- *)

(* With one synapse, sigma_delta^2 = sigma_y^2 + s^2 x^2 and s^2 <- s^2 - s^4 x^2 / sigma_delta^2. *)
Definition filter_step (sigma_y x v : R) : R := v - v ^ 2 * x ^ 2 / (sigma_y ^ 2 + v * x ^ 2).

Fixpoint filter_variance (s0 sigma_y x : R) (t : nat) : R :=
  match t with
  | O => s0 ^ 2
  | S t' => filter_step sigma_y x (filter_variance s0 sigma_y x t')
  end.

Theorem filter_variance_exact : forall s0 sigma_y x : R, 0 < s0 -> 0 < sigma_y -> forall t : nat,
  filter_variance s0 sigma_y x t = / (/ s0 ^ 2 + INR t * x ^ 2 / sigma_y ^ 2).
Proof.
  intros s0 sy x Hs Hy t.
  assert (Hs2 : 0 < s0 ^ 2) by (apply pow_lt; exact Hs).
  assert (Hy2 : 0 < sy ^ 2) by (apply pow_lt; exact Hy).
  assert (Hx2 : 0 <= x ^ 2) by apply pow2_ge_0.
  induction t as [| t IH].
  - simpl filter_variance. simpl INR. field. lra.
  - simpl filter_variance. rewrite IH. rewrite S_INR. unfold filter_step.
    assert (HQ : 0 < / s0 ^ 2 + INR t * x ^ 2 / sy ^ 2).
    { assert (0 < / s0 ^ 2) by (apply Rinv_0_lt_compat; exact Hs2).
      assert (0 <= INR t * x ^ 2 / sy ^ 2) by (unfold Rdiv; apply Rmult_le_pos; [apply Rmult_le_pos; [apply pos_INR | exact Hx2] | left; apply Rinv_0_lt_compat; exact Hy2]).
      lra. }
    replace (/ s0 ^ 2 + (INR t + 1) * x ^ 2 / sy ^ 2) with ((/ s0 ^ 2 + INR t * x ^ 2 / sy ^ 2) + x ^ 2 / sy ^ 2) by (field; lra).
    set (Q := / s0 ^ 2 + INR t * x ^ 2 / sy ^ 2) in *.
    assert (HQs : 0 < Q * sy ^ 2) by (apply Rmult_lt_0_compat; lra).
    assert (HQx : 0 <= Q * x ^ 2) by (apply Rmult_le_pos; lra).
    assert (Hv : 0 <= / Q * x ^ 2) by (apply Rmult_le_pos; [left; apply Rinv_0_lt_compat; exact HQ | exact Hx2]).
    field. repeat split; try lra.
Qed.

(* ... which is the exact posterior variance of w given t observations y = w x + noise(sigma_y^2) under the prior
   N(m0, s0^2): precision 1/s0^2 + t x^2/sigma_y^2 (section 4 with one synapse). *)
