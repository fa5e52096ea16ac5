(* Theorem 1 (THEORY.md sections 3 and 5): 1 + u <= exp u, and ln x <= x - 1 with equality iff x = 1. *)
From Coq Require Import Reals Lra.
Open Scope R_scope.

Theorem one_plus_le_exp : forall u : R, 1 + u <= exp u.
Proof. intro u. apply exp_ineq1_le. Qed.

Theorem one_plus_lt_exp : forall u : R, u <> 0 -> 1 + u < exp u.
Proof. intros u Hu. apply exp_ineq1; exact Hu. Qed.

Theorem ln_le_sub_1 : forall x : R, 0 < x -> ln x <= x - 1.
Proof.
  intros x Hx.
  pose proof (one_plus_le_exp (ln x)) as H.
  rewrite exp_ln in H by exact Hx. lra.
Qed.

Theorem ln_eq_sub_1_iff : forall x : R, 0 < x -> (ln x = x - 1 <-> x = 1).
Proof.
  intros x Hx. split.
  - intro Heq. destruct (Req_dec x 1) as [E | Ne]; [exact E |].
    assert (Hl : ln x <> 0) by (apply ln_neq_0; assumption).
    pose proof (one_plus_lt_exp (ln x) Hl) as H.
    rewrite exp_ln in H by exact Hx. lra.
  - intro E. subst x. rewrite ln_1. lra.
Qed.

(* exp is convex between 0 and a: exp (t a) <= (1 - t) + t exp a for t in [0, 1], strictly when
   0 < t < 1 and a <> 0. Used for the monotonicity of the entropy gap in rho. *)
Lemma exp_tangent : forall m x : R, exp m * (1 + (x - m)) <= exp x.
Proof.
  intros m x.
  pose proof (one_plus_le_exp (x - m)) as H.
  replace x with (m + (x - m)) at 2 by ring. rewrite exp_plus.
  apply Rmult_le_compat_l; [left; apply exp_pos | exact H].
Qed.

Lemma exp_tangent_strict : forall m x : R, x <> m -> exp m * (1 + (x - m)) < exp x.
Proof.
  intros m x Hne.
  assert (Hd : x - m <> 0) by lra.
  pose proof (one_plus_lt_exp (x - m) Hd) as H.
  replace x with (m + (x - m)) at 2 by ring. rewrite exp_plus.
  apply Rmult_lt_compat_l; [apply exp_pos | exact H].
Qed.

Lemma exp_convex_0 : forall t a : R, 0 <= t <= 1 -> exp (t * a) <= (1 - t) + t * exp a.
Proof.
  intros t a Ht.
  set (m := t * a).
  pose proof (exp_tangent m a) as Ha.
  pose proof (exp_tangent m 0) as H0. rewrite exp_0 in H0.
  assert (E : exp m = t * (exp m * (1 + (a - m))) + (1 - t) * (exp m * (1 + (0 - m)))) by (unfold m; ring).
  assert (P1 : t * (exp m * (1 + (a - m))) <= t * exp a) by (apply Rmult_le_compat_l; lra).
  assert (P2 : (1 - t) * (exp m * (1 + (0 - m))) <= (1 - t) * 1) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.

Lemma exp_convex_0_strict : forall t a : R, 0 < t < 1 -> a <> 0 -> exp (t * a) < (1 - t) + t * exp a.
Proof.
  intros t a Ht Ha.
  set (m := t * a).
  assert (Hne : a <> m) by (unfold m; intro E; apply Ha; nra).
  pose proof (exp_tangent_strict m a Hne) as Hs.
  pose proof (exp_tangent m 0) as H0. rewrite exp_0 in H0.
  assert (E : exp m = t * (exp m * (1 + (a - m))) + (1 - t) * (exp m * (1 + (0 - m)))) by (unfold m; ring).
  assert (P1 : t * (exp m * (1 + (a - m))) < t * exp a) by (apply Rmult_lt_compat_l; lra).
  assert (P2 : (1 - t) * (exp m * (1 + (0 - m))) <= (1 - t) * 1) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.
