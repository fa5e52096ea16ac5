(* Theorem 7 (THEORY.md section 1): at fixed mean PSP mu = n p q, each biophysical cost is C sigma^(-rho).
   Membrane (rho 2/3), actin (4/3), trafficking (2): n free, p fixed, q = mu / (n p).
   Calcium (1/2): n fixed, p free, cost = (p / (1 - p))^(1/4).
   C# counterparts: Theory.Analytic.BiophysicalCost.Cost and Mechanisms.Rho. *)
From Coq Require Import Reals Lra.
Require Import Theory.OptimalNoise.
Open Scope R_scope.

(* Katz-Miledi noise: sigma = sqrt(n p (1 - p) q^2) with q = mu / (n p). *)
Definition quantal_sigma (mu n p : R) : R := sqrt (n * p * (1 - p) * (mu / (n * p)) ^ 2).

Definition membrane_cost (mu p n : R) : R := n * Rpower (mu / (n * p)) (2 / 3).
Definition actin_cost (mu p n : R) : R := n * Rpower (mu / (n * p)) (1 / 3).
Definition trafficking_cost (n : R) : R := n.
Definition calcium_cost (p : R) : R := Rpower (p / (1 - p)) (1 / 4).

Lemma ln_quantal_sigma : forall mu n p : R, 0 < mu -> 0 < n -> 0 < p < 1 ->
  ln (quantal_sigma mu n p) = (2 * ln mu + ln (1 - p) - ln n - ln p) / 2.
Proof.
  intros mu n p Hm Hn Hp. unfold quantal_sigma.
  replace (n * p * (1 - p) * (mu / (n * p)) ^ 2) with (mu * mu * (1 - p) / (n * p)) by (field; lra).
  assert (HX : 0 < mu * mu * (1 - p) / (n * p)).
  { apply Rdiv_lt_0_compat; [apply Rmult_lt_0_compat; [apply Rmult_lt_0_compat |]; lra | apply Rmult_lt_0_compat; lra]. }
  rewrite <- Rpower_sqrt by exact HX. rewrite ln_Rpower.
  rewrite ln_quot by (repeat (apply Rmult_lt_0_compat || apply Rdiv_lt_0_compat); lra).
  rewrite !ln_mult by (repeat (apply Rmult_lt_0_compat || apply Rdiv_lt_0_compat); lra).
  field.
Qed.

(* Any positive f whose logarithm is c0 - rho ln sigma is C sigma^(-rho) with C = exp c0 > 0. *)
Lemma power_law_of_log : forall (f sigma : R) (c0 rho : R), 0 < f -> 0 < sigma ->
  ln f = c0 - rho * ln sigma -> f = exp c0 * Rpower sigma (- rho).
Proof.
  intros f sigma c0 rho Hf Hs H. unfold Rpower. rewrite <- exp_plus.
  rewrite <- (exp_ln f) by exact Hf. f_equal. rewrite H. ring.
Qed.

(* The three n-free mechanisms are n q^a with a = 2/3, 1/3, 0: n q^a ~ n^(1-a) ~ sigma^(-2(1-a)). *)
Lemma n_q_power_scaling : forall mu p a : R, 0 < mu -> 0 < p < 1 ->
  exists C : R, 0 < C /\ forall n : R, 0 < n ->
    n * Rpower (mu / (n * p)) a = C * Rpower (quantal_sigma mu n p) (- (2 * (1 - a))).
Proof.
  intros mu p a Hm Hp.
  exists (exp (a * (ln mu - ln p) + (1 - a) * (2 * ln mu + ln (1 - p) - ln p))). split; [apply exp_pos |].
  intros n Hn. apply power_law_of_log.
  - apply Rmult_lt_0_compat; [exact Hn | apply Rpower_pos].
  - unfold quantal_sigma. apply sqrt_lt_R0. apply Rmult_lt_0_compat; [| apply pow_lt; apply Rdiv_lt_0_compat; [| apply Rmult_lt_0_compat]]; try lra.
    apply Rmult_lt_0_compat; [apply Rmult_lt_0_compat |]; lra.
  - rewrite ln_quantal_sigma by assumption.
    rewrite ln_mult by (lra || apply Rpower_pos). rewrite ln_Rpower.
    rewrite ln_quot by (repeat (apply Rmult_lt_0_compat || apply Rdiv_lt_0_compat); lra). rewrite ln_mult by lra. field.
Qed.

Theorem membrane_scaling : forall mu p : R, 0 < mu -> 0 < p < 1 ->
  exists C : R, 0 < C /\ forall n : R, 0 < n -> membrane_cost mu p n = C * Rpower (quantal_sigma mu n p) (- (2 / 3)).
Proof.
  intros mu p Hm Hp. destruct (n_q_power_scaling mu p (2 / 3) Hm Hp) as [C [HC H]].
  exists C. split; [exact HC |]. intros n Hn. unfold membrane_cost. rewrite H by exact Hn.
  f_equal. f_equal. field.
Qed.

Theorem actin_scaling : forall mu p : R, 0 < mu -> 0 < p < 1 ->
  exists C : R, 0 < C /\ forall n : R, 0 < n -> actin_cost mu p n = C * Rpower (quantal_sigma mu n p) (- (4 / 3)).
Proof.
  intros mu p Hm Hp. destruct (n_q_power_scaling mu p (1 / 3) Hm Hp) as [C [HC H]].
  exists C. split; [exact HC |]. intros n Hn. unfold actin_cost. rewrite H by exact Hn.
  f_equal. f_equal. field.
Qed.

Theorem trafficking_scaling : forall mu p : R, 0 < mu -> 0 < p < 1 ->
  exists C : R, 0 < C /\ forall n : R, 0 < n -> trafficking_cost n = C * Rpower (quantal_sigma mu n p) (- (2)).
Proof.
  intros mu p Hm Hp. destruct (n_q_power_scaling mu p 0 Hm Hp) as [C [HC H]].
  exists C. split; [exact HC |]. intros n Hn. unfold trafficking_cost.
  replace (- (2)) with (- (2 * (1 - 0))) by ring. rewrite <- H by exact Hn.
  unfold Rpower. rewrite Rmult_0_l, exp_0. ring.
Qed.

Theorem calcium_scaling : forall mu n : R, 0 < mu -> 0 < n ->
  exists C : R, 0 < C /\ forall p : R, 0 < p < 1 -> calcium_cost p = C * Rpower (quantal_sigma mu n p) (- (1 / 2)).
Proof.
  intros mu n Hm Hn.
  exists (exp ((1 / 4) * (2 * ln mu - ln n))). split; [apply exp_pos |].
  intros p Hp. apply power_law_of_log.
  - apply Rpower_pos.
  - unfold quantal_sigma. apply sqrt_lt_R0. apply Rmult_lt_0_compat; [| apply pow_lt; apply Rdiv_lt_0_compat; [| apply Rmult_lt_0_compat]]; try lra.
    apply Rmult_lt_0_compat; [apply Rmult_lt_0_compat |]; lra.
  - rewrite ln_quantal_sigma by assumption. unfold calcium_cost.
    rewrite ln_Rpower. rewrite ln_quot by lra. field.
Qed.
