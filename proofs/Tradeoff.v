(* Theorems 13-17 (THEORY.md section 10): heterogeneous against homogeneous noise in the linear Gaussian
   model. C# counterparts: Theory.Analytic.Tradeoff. *)
From Coq Require Import Reals Lra List.
Require Import Theory.ExpLn Theory.OptimalNoise.
Import ListNotations.
Open Scope R_scope.

Fixpoint sumR {A : Type} (f : A -> R) (l : list A) : R :=
  match l with
  | [] => 0
  | x :: l' => f x + sumR f l'
  end.

Definition mean (l : list R) : R := sumR (fun x => x) l / INR (length l).

Lemma sumR_le : forall {A : Type} (f g : A -> R) (l : list A),
  Forall (fun x => f x <= g x) l -> sumR f l <= sumR g l.
Proof.
  intros A f g l H. induction H as [| x l Hx Hl IH]; simpl; lra.
Qed.

Lemma sumR_le_eq : forall {A : Type} (f g : A -> R) (l : list A),
  Forall (fun x => f x <= g x) l -> sumR f l = sumR g l -> Forall (fun x => f x = g x) l.
Proof.
  intros A f g l H. induction H as [| x l Hx Hl IH]; simpl; intro E.
  - constructor.
  - pose proof (sumR_le f g l Hl) as S.
    constructor; [lra | apply IH; lra].
Qed.

Lemma sumR_plus : forall {A : Type} (f g : A -> R) (l : list A),
  sumR (fun x => f x + g x) l = sumR f l + sumR g l.
Proof. intros A f g l. induction l as [| x l IH]; simpl; [ring | rewrite IH; ring]. Qed.

Lemma sumR_scale : forall {A : Type} (c : R) (f : A -> R) (l : list A),
  sumR (fun x => c * f x) l = c * sumR f l.
Proof. intros A c f l. induction l as [| x l IH]; simpl; [ring | rewrite IH; ring]. Qed.

Lemma sumR_ext : forall {A : Type} (f g : A -> R) (l : list A),
  Forall (fun x => f x = g x) l -> sumR f l = sumR g l.
Proof. intros A f g l H. induction H; simpl; [reflexivity | congruence]. Qed.

Lemma sumR_const : forall {A : Type} (c : R) (l : list A), sumR (fun _ => c) l = INR (length l) * c.
Proof.
  intros A c l. induction l as [| x l IH]; simpl length; [simpl; ring |].
  simpl sumR. rewrite IH, S_INR. ring.
Qed.

Lemma sumR_map : forall {A B : Type} (f : B -> R) (g : A -> B) (l : list A),
  sumR f (map g l) = sumR (fun x => f (g x)) l.
Proof. intros A B f g l. induction l as [| x l IH]; simpl; [reflexivity | rewrite IH; reflexivity]. Qed.

Lemma sumR_nonneg : forall l : list R, Forall (fun h => 0 < h) l -> 0 <= sumR (fun x => x) l.
Proof. intros l H. induction H as [| x l Hx Hl IH]; simpl; lra. Qed.

Lemma sumR_pos : forall l : list R, l <> [] -> Forall (fun h => 0 < h) l -> 0 < sumR (fun x => x) l.
Proof.
  intros l Hne H. destruct H as [| x l Hx Hl]; [contradiction |].
  simpl. pose proof (sumR_nonneg l Hl). lra.
Qed.

Lemma length_pos : forall {A : Type} (l : list A), l <> [] -> 0 < INR (length l).
Proof. intros A l H. destruct l; [contradiction |]. simpl length. rewrite S_INR. pose proof (pos_INR (length l)). lra. Qed.

Lemma mean_pos : forall l : list R, l <> [] -> Forall (fun h => 0 < h) l -> 0 < mean l.
Proof.
  intros l Hne H. unfold mean. apply Rdiv_lt_0_compat; [apply sumR_pos; assumption | apply length_pos; exact Hne].
Qed.

(* The tangent line of x^a (0 < a < 1, concave) at m: x^a <= m^a (1 + a (x/m - 1)), strictly when x <> m. *)
Lemma Rpower_split : forall x m a : R, 0 < x -> 0 < m ->
  Rpower x a = Rpower m a * exp (a * ln (x * / m)).
Proof.
  intros x m a Hx Hm. unfold Rpower. rewrite <- exp_plus. f_equal.
  rewrite ln_mult; [| exact Hx | apply Rinv_0_lt_compat; exact Hm]. rewrite ln_Rinv by exact Hm. ring.
Qed.

Lemma power_tangent : forall x m a : R, 0 < x -> 0 < m -> 0 < a < 1 ->
  Rpower x a <= Rpower m a * (1 + a * (x * / m - 1)).
Proof.
  intros x m a Hx Hm Ha. rewrite (Rpower_split x m a Hx Hm).
  assert (Ht : 0 < x * / m) by (apply Rmult_lt_0_compat; [exact Hx | apply Rinv_0_lt_compat; exact Hm]).
  pose proof (exp_convex_0 a (ln (x * / m)) ltac:(lra)) as C. rewrite exp_ln in C by exact Ht.
  apply Rmult_le_compat_l; [left; apply Rpower_pos | lra].
Qed.

Lemma power_tangent_strict : forall x m a : R, 0 < x -> 0 < m -> 0 < a < 1 -> x <> m ->
  Rpower x a < Rpower m a * (1 + a * (x * / m - 1)).
Proof.
  intros x m a Hx Hm Ha Hne. rewrite (Rpower_split x m a Hx Hm).
  assert (Ht : 0 < x * / m) by (apply Rmult_lt_0_compat; [exact Hx | apply Rinv_0_lt_compat; exact Hm]).
  assert (Hl : ln (x * / m) <> 0).
  { intro Z. apply Hne. assert (E : x * / m = 1) by (rewrite <- (exp_ln (x * / m)) by exact Ht; rewrite Z; apply exp_0).
    apply (Rmult_eq_reg_r (/ m)); [rewrite E, Rinv_r by lra; reflexivity | apply Rinv_neq_0_compat; lra]. }
  pose proof (exp_convex_0_strict a (ln (x * / m)) Ha Hl) as C. rewrite exp_ln in C by exact Ht.
  apply Rmult_lt_compat_l; [apply Rpower_pos | lra].
Qed.

Lemma tangent_sum : forall (m a : R) (l : list R),
  sumR (fun x => Rpower m a * (1 + a * (x * / m - 1))) l
  = Rpower m a * (INR (length l) + a * (sumR (fun x => x) l * / m - INR (length l))).
Proof.
  intros m a l. induction l as [| x l IH]; simpl sumR; simpl length; [simpl; ring |].
  rewrite IH, S_INR. ring.
Qed.

(* Theorem 13 (the power-mean inequality behind section 10): sum h_i^a <= n (mean h)^a for 0 < a < 1,
   with equality exactly when every h_i is the mean. *)
Theorem power_mean_bound : forall (l : list R) (a : R), l <> [] -> Forall (fun h => 0 < h) l -> 0 < a < 1 ->
  sumR (fun h => Rpower h a) l <= INR (length l) * Rpower (mean l) a.
Proof.
  intros l a Hne Hpos Ha.
  assert (Hm : 0 < mean l) by (apply mean_pos; assumption).
  apply Rle_trans with (sumR (fun x => Rpower (mean l) a * (1 + a * (x * / mean l - 1))) l).
  - apply sumR_le. eapply Forall_impl; [| exact Hpos]. intros x Hx. apply power_tangent; assumption.
  - rewrite tangent_sum.
    assert (Hn : 0 < INR (length l)) by (apply length_pos; exact Hne).
    replace (sumR (fun x => x) l * / mean l) with (INR (length l)) by (unfold mean; field; split; [lra | apply Rgt_not_eq; apply sumR_pos; assumption]).
    right. ring.
Qed.

Theorem power_mean_equality : forall (l : list R) (a : R), l <> [] -> Forall (fun h => 0 < h) l -> 0 < a < 1 ->
  (sumR (fun h => Rpower h a) l = INR (length l) * Rpower (mean l) a <-> Forall (fun h => h = mean l) l).
Proof.
  intros l a Hne Hpos Ha.
  assert (Hm : 0 < mean l) by (apply mean_pos; assumption).
  assert (Hn : 0 < INR (length l)) by (apply length_pos; exact Hne).
  assert (Tan : Forall (fun x => Rpower x a <= Rpower (mean l) a * (1 + a * (x * / mean l - 1))) l).
  { eapply Forall_impl; [| exact Hpos]. intros x Hx. apply power_tangent; assumption. }
  assert (Sum : sumR (fun x => Rpower (mean l) a * (1 + a * (x * / mean l - 1))) l = INR (length l) * Rpower (mean l) a).
  { rewrite tangent_sum.
    replace (sumR (fun x => x) l * / mean l) with (INR (length l)) by (unfold mean; field; split; [lra | apply Rgt_not_eq; apply sumR_pos; assumption]).
    ring. }
  split.
  - intro E. rewrite <- Sum in E. pose proof (sumR_le_eq _ _ l Tan E) as Eq.
    pose proof (Forall_and Hpos Eq) as Both.
    eapply Forall_impl; [| exact Both]. intros x [Hx Ex].
    destruct (Req_dec x (mean l)) as [D | D]; [exact D |].
    pose proof (power_tangent_strict x (mean l) a Hx Hm Ha D). lra.
  - intro All. rewrite (sumR_ext (fun h => Rpower h a) (fun _ => Rpower (mean l) a) l).
    + apply sumR_const.
    + eapply Forall_impl; [| exact All]. intros x Ex. rewrite Ex. reflexivity.
Qed.

(* ---- The total costs at the optimum ---- *)

Definition tradeoff_a (rho : R) : R := rho / (2 + rho).

Definition cost_scale (lambda s rho : R) : R := (/ 2 + / rho) * Rpower (lambda * Rpower s rho) (2 / (2 + rho)).

(* One synapse at its optimum: cost(h, sigma_star h) = (1/2 + 1/rho) (lambda s^rho)^(2/(2+rho)) h^a. *)
Lemma cost_at_optimum : forall h lambda s rho : R, 0 < h -> 0 < lambda -> 0 < s -> 0 < rho ->
  cost h lambda s rho (sigma_star h lambda s rho) = cost_scale lambda s rho * Rpower h (tradeoff_a rho).
Proof.
  intros h lambda s rho Hh Hl Hs Hr.
  rewrite cost_exp_form by (assumption || apply sigma_star_pos).
  rewrite ln_sigma_star by assumption.
  unfold cost_scale, tradeoff_a, Rpower.
  rewrite ln_mult by (assumption || apply exp_pos). rewrite ln_exp.
  replace (ln h + 2 * ((ln lambda + rho * ln s - ln h) / (2 + rho)))
    with (2 / (2 + rho) * (ln lambda + rho * ln s) + rho / (2 + rho) * ln h) by (field; lra).
  replace (ln lambda + rho * (ln s - (ln lambda + rho * ln s - ln h) / (2 + rho)))
    with (2 / (2 + rho) * (ln lambda + rho * ln s) + rho / (2 + rho) * ln h) by (field; lra).
  replace (rho * ln s) with (ln s * rho) by ring.
  rewrite !exp_plus. field. lra.
Qed.

Definition L_het (lambda s rho : R) (l : list R) : R := cost_scale lambda s rho * sumR (fun h => Rpower h (tradeoff_a rho)) l.

Definition L_hom (lambda s rho : R) (l : list R) : R := cost_scale lambda s rho * (INR (length l) * Rpower (mean l) (tradeoff_a rho)).

(* Theorem 14: with a sigma per synapse, the least total cost is L_het. *)
Theorem heterogeneous_total : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list R, Forall (fun h => 0 < h) l ->
  sumR (fun h => cost h lambda s rho (sigma_star h lambda s rho)) l = L_het lambda s rho l.
Proof.
  intros lambda s rho Hl Hs Hr l H. unfold L_het. rewrite <- sumR_scale.
  apply sumR_ext. eapply Forall_impl; [| exact H]. intros h Hh. apply cost_at_optimum; assumption.
Qed.

(* The total cost with one sigma for every synapse is n times one synapse's at the mean importance. *)
Lemma shared_sigma_cost : forall lambda s rho sigma : R, forall l : list R, l <> [] ->
  sumR (fun h => cost h lambda s rho sigma) l = INR (length l) * cost (mean l) lambda s rho sigma.
Proof.
  intros lambda s rho sigma l Hne.
  assert (Hn : 0 < INR (length l)) by (apply length_pos; exact Hne).
  unfold cost. rewrite sumR_plus, sumR_const.
  rewrite (sumR_ext (fun h => h * sigma ^ 2 / 2) (fun h => sigma ^ 2 / 2 * h) l)
    by (apply Forall_forall; intros; field).
  assert (Hmn : INR (length l) * mean l = sumR (fun x => x) l) by (unfold mean; field; lra).
  rewrite sumR_scale, <- Hmn. lra.
Qed.

(* Theorem 15: with one shared sigma, the least total cost is L_hom, reached at sigma_hom = sigma_star(mean h). *)
Theorem homogeneous_optimum : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list R, l <> [] -> Forall (fun h => 0 < h) l ->
  sumR (fun h => cost h lambda s rho (sigma_star (mean l) lambda s rho)) l = L_hom lambda s rho l /\
  forall sigma : R, 0 < sigma -> L_hom lambda s rho l <= sumR (fun h => cost h lambda s rho sigma) l.
Proof.
  intros lambda s rho Hl Hs Hr l Hne H.
  assert (Hm : 0 < mean l) by (apply mean_pos; assumption).
  assert (Hn : 0 < INR (length l)) by (apply length_pos; exact Hne).
  assert (E : sumR (fun h => cost h lambda s rho (sigma_star (mean l) lambda s rho)) l = L_hom lambda s rho l).
  { rewrite shared_sigma_cost by exact Hne. rewrite cost_at_optimum by assumption. unfold L_hom. ring. }
  split; [exact E |]. intros sigma Hsig.
  rewrite <- E, !shared_sigma_cost by exact Hne.
  apply Rmult_le_compat_l; [lra | apply optimal_noise_global_min; assumption].
Qed.

(* Theorem 16: heterogeneous noise never costs more than homogeneous, and costs the same only when every
   importance is the same: L_het <= L_hom, equality iff all h_i equal (then L_het / L_hom = (M_a/M_1)^a = 1). *)
Theorem heterogeneous_le_homogeneous : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list R, l <> [] -> Forall (fun h => 0 < h) l ->
  L_het lambda s rho l <= L_hom lambda s rho l /\
  (L_het lambda s rho l = L_hom lambda s rho l <-> Forall (fun h => h = mean l) l).
Proof.
  intros lambda s rho Hl Hs Hr l Hne H.
  assert (Ha : 0 < tradeoff_a rho < 1) by (unfold tradeoff_a; split; [apply Rdiv_lt_0_compat; lra | apply (Rmult_lt_reg_r (2 + rho)); [lra | unfold Rdiv; rewrite Rmult_assoc, Rinv_l by lra; lra]]).
  assert (Hc : 0 < cost_scale lambda s rho).
  { unfold cost_scale. apply Rmult_lt_0_compat; [| apply Rpower_pos].
    assert (0 < / rho) by (apply Rinv_0_lt_compat; exact Hr). lra. }
  unfold L_het, L_hom. split.
  - apply Rmult_le_compat_l; [lra | apply power_mean_bound; assumption].
  - rewrite <- (power_mean_equality l (tradeoff_a rho) Hne H Ha). split; intro E.
    + apply (Rmult_eq_reg_l (cost_scale lambda s rho)); [exact E | lra].
    + rewrite E. reflexivity.
Qed.

(* ---- Theorem 17: at a fixed reliability cost (section 10) ---- *)

(* An allocation: (h_i, sigma_i) per synapse. Excess performance cost and reliability cost. *)
Definition performance_cost (l : list (R * R)) : R := sumR (fun p => fst p * snd p ^ 2 / 2) l.

Definition reliability_cost (s rho : R) (l : list (R * R)) : R := sumR (fun p => / rho * Rpower (s / snd p) rho) l.

(* The heterogeneous allocation: sigma_i = sigma_star(h_i) for a lambda, i.e. proportional to h_i^(-1/(2+rho)). *)
Definition heterogeneous_allocation (lambda s rho : R) (l : list (R * R)) : list (R * R) :=
  map (fun p => (fst p, sigma_star (fst p) lambda s rho)) l.

Lemma sigma_star_proportional : forall h lambda s rho : R, 0 < h -> 0 < lambda -> 0 < s -> 0 < rho ->
  sigma_star h lambda s rho = Rpower (lambda * Rpower s rho) (/ (2 + rho)) * Rpower h (- / (2 + rho)).
Proof.
  intros h lambda s rho Hh Hl Hs Hr. unfold sigma_star.
  assert (HX : 0 < lambda * Rpower s rho) by (apply Rmult_lt_0_compat; [exact Hl | apply Rpower_pos]).
  set (X := lambda * Rpower s rho) in *. unfold Rpower. rewrite <- exp_plus. f_equal.
  rewrite ln_quot by assumption. ring.
Qed.

Lemma total_cost_split : forall lambda s rho : R, forall l : list (R * R),
  sumR (fun p => cost (fst p) lambda s rho (snd p)) l = performance_cost l + lambda * reliability_cost s rho l.
Proof.
  intros lambda s rho l. unfold performance_cost, reliability_cost, cost.
  rewrite <- sumR_scale, <- sumR_plus. apply sumR_ext. apply Forall_forall. intros. ring.
Qed.

(* Among all allocations with the same reliability cost as the heterogeneous one, none has a smaller
   performance cost: sigma_i ~ h_i^(-1/(2+rho)) is the optimum at fixed reliability cost. *)
Theorem fixed_reliability_optimum : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list (R * R), Forall (fun p => 0 < fst p /\ 0 < snd p) l ->
  reliability_cost s rho l = reliability_cost s rho (heterogeneous_allocation lambda s rho l) ->
  performance_cost (heterogeneous_allocation lambda s rho l) <= performance_cost l.
Proof.
  intros lambda s rho Hl Hs Hr l H R.
  pose proof (total_cost_split lambda s rho l) as T.
  pose proof (total_cost_split lambda s rho (heterogeneous_allocation lambda s rho l)) as Ts.
  assert (Le : sumR (fun p => cost (fst p) lambda s rho (snd p)) (heterogeneous_allocation lambda s rho l)
               <= sumR (fun p => cost (fst p) lambda s rho (snd p)) l).
  { unfold heterogeneous_allocation. rewrite sumR_map. apply sumR_le. eapply Forall_impl; [| exact H].
    intros [h sg] [Hh Hsg]. simpl. apply optimal_noise_global_min; assumption. }
  rewrite R in T. lra.
Qed.

(* The heterogeneous allocation's two costs in closed form, with L = ln lambda + rho ln s and S = sum h_i^a:
   performance (1/2) e^(2L/(2+rho)) S, reliability (1/rho) e^(rho ln s - a L) S. *)
Lemma sigma_star_log : forall h lambda s rho : R, 0 < h -> 0 < lambda -> 0 < s -> 0 < rho ->
  ln (sigma_star h lambda s rho) = (ln lambda + rho * ln s - ln h) / (2 + rho).
Proof. intros. apply ln_sigma_star; assumption. Qed.

Lemma performance_at_optimum : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list (R * R), Forall (fun p => 0 < fst p) l ->
  performance_cost (heterogeneous_allocation lambda s rho l)
  = / 2 * exp (2 / (2 + rho) * (ln lambda + rho * ln s)) * sumR (fun p => Rpower (fst p) (tradeoff_a rho)) l.
Proof.
  intros lambda s rho Hl Hs Hr l H. unfold performance_cost, heterogeneous_allocation. rewrite sumR_map.
  rewrite <- sumR_scale. apply sumR_ext. eapply Forall_impl; [| exact H]. intros [h sg] Hh. cbn [fst snd] in *.
  pose proof (sigma_star_pos h lambda s rho) as Hp.
  replace (h * sigma_star h lambda s rho ^ 2 / 2) with (/ 2 * exp (ln h + 2 * ln (sigma_star h lambda s rho)))
    by (replace (2 * ln (sigma_star h lambda s rho)) with (ln (sigma_star h lambda s rho) + ln (sigma_star h lambda s rho)) by ring;
        rewrite !exp_plus, !exp_ln by assumption; simpl; field).
  rewrite sigma_star_log by assumption. unfold Rpower, tradeoff_a. rewrite Rmult_assoc, <- exp_plus. f_equal. f_equal. field. lra.
Qed.

Lemma reliability_at_optimum : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list (R * R), Forall (fun p => 0 < fst p) l ->
  reliability_cost s rho (heterogeneous_allocation lambda s rho l)
  = / rho * exp (rho * ln s - tradeoff_a rho * (ln lambda + rho * ln s)) * sumR (fun p => Rpower (fst p) (tradeoff_a rho)) l.
Proof.
  intros lambda s rho Hl Hs Hr l H. unfold reliability_cost, heterogeneous_allocation. rewrite sumR_map.
  rewrite <- sumR_scale. apply sumR_ext. eapply Forall_impl; [| exact H]. intros [h sg] Hh. cbn [fst snd] in *.
  pose proof (sigma_star_pos h lambda s rho) as Hp.
  unfold Rpower at 1. rewrite ln_quot by assumption. rewrite sigma_star_log by assumption.
  unfold Rpower, tradeoff_a. rewrite Rmult_assoc, <- exp_plus. f_equal. f_equal. field. lra.
Qed.

Lemma sum_powers_pos : forall (a : R) (l : list (R * R)), l <> [] -> 0 < sumR (fun p => Rpower (fst p) a) l.
Proof.
  intros a l Hne. destruct l as [| p l]; [contradiction |]. simpl.
  assert (0 <= sumR (fun p => Rpower (fst p) a) l).
  { clear Hne. induction l as [| q l IH]; simpl; [lra |]. pose proof (Rpower_pos (fst q) a). lra. }
  pose proof (Rpower_pos (fst p) a). lra.
Qed.

(* Theorem 17 (the minimum of section 10): at reliability cost R the heterogeneous allocation's performance
   cost is (1/2) (s^rho / (rho R))^(2/rho) (sum h_i^a)^(1/a) ... *)
Theorem fixed_reliability_minimum : forall lambda s rho : R, 0 < lambda -> 0 < s -> 0 < rho ->
  forall l : list (R * R), l <> [] -> Forall (fun p => 0 < fst p) l ->
  performance_cost (heterogeneous_allocation lambda s rho l)
  = / 2 * Rpower (Rpower s rho / (rho * reliability_cost s rho (heterogeneous_allocation lambda s rho l))) (2 / rho)
        * Rpower (sumR (fun p => Rpower (fst p) (tradeoff_a rho)) l) (/ tradeoff_a rho).
Proof.
  intros lambda s rho Hl Hs Hr l Hne H.
  rewrite performance_at_optimum, reliability_at_optimum by assumption.
  pose proof (sum_powers_pos (tradeoff_a rho) l Hne) as HS.
  set (S := sumR (fun p => Rpower (fst p) (tradeoff_a rho)) l) in *.
  set (L := ln lambda + rho * ln s).
  unfold Rpower.
  replace (exp (rho * ln s) / (rho * (/ rho * exp (rho * ln s - tradeoff_a rho * L) * S)))
    with (exp (tradeoff_a rho * L) / S)
    by (replace (rho * ln s - tradeoff_a rho * L) with (rho * ln s + - (tradeoff_a rho * L)) by ring;
        rewrite exp_plus, exp_Ropp; field; repeat split; try lra; apply Rgt_not_eq; apply exp_pos).
  rewrite ln_quot by (assumption || apply exp_pos). rewrite ln_exp.
  replace (/ 2 * exp (2 / rho * (tradeoff_a rho * L - ln S)) * exp (/ tradeoff_a rho * ln S))
    with (/ 2 * exp (2 / (2 + rho) * L + ln S))
    by (rewrite Rmult_assoc, <- exp_plus; do 2 f_equal; unfold tradeoff_a; field; repeat split; lra).
  rewrite exp_plus, exp_ln by exact HS. ring.
Qed.

(* ... and every reliability cost R > 0 is reached by the heterogeneous allocation of some lambda > 0. *)
Theorem fixed_reliability_attained : forall s rho : R, 0 < s -> 0 < rho ->
  forall l : list (R * R), l <> [] -> Forall (fun p => 0 < fst p) l ->
  forall Rt : R, 0 < Rt -> exists lambda : R, 0 < lambda /\ reliability_cost s rho (heterogeneous_allocation lambda s rho l) = Rt.
Proof.
  intros s rho Hs Hr l Hne H Rt HR.
  pose proof (sum_powers_pos (tradeoff_a rho) l Hne) as HS.
  set (S := sumR (fun p => Rpower (fst p) (tradeoff_a rho)) l) in *.
  assert (Ha : 0 < tradeoff_a rho) by (unfold tradeoff_a; apply Rdiv_lt_0_compat; lra).
  set (lnl := (rho * ln s + ln S - ln (rho * Rt)) / tradeoff_a rho - rho * ln s).
  exists (exp lnl). split; [apply exp_pos |].
  rewrite reliability_at_optimum by (assumption || apply exp_pos). fold S. rewrite ln_exp.
  replace (rho * ln s - tradeoff_a rho * (lnl + rho * ln s)) with (ln (rho * Rt) - ln S)
    by (unfold lnl; field; lra).
  rewrite <- ln_quot by (assumption || (apply Rmult_lt_0_compat; assumption)).
  rewrite exp_ln by (apply Rdiv_lt_0_compat; [apply Rmult_lt_0_compat | ]; assumption).
  field. split; lra.
Qed.
