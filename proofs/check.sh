#!/usr/bin/env bash
# Compiles the Coq proofs in dependency order, refuses unfinished proofs, and prints the axioms each main
# theorem rests on; fails unless they are only those of Coq's standard real numbers.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v coqc >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "coqc not found: installing Debian's coq"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq coq >/dev/null
    else
        echo "coqc not found: run 'sudo apt-get install -y coq'" >&2
        exit 1
    fi
fi

files=(ExpLn.v EntropyBound.v OptimalNoise.v Scalings.v Posterior.v Tradeoff.v)
if grep -nE '\b(Admitted|admit|Axiom|Parameter)\b' "${files[@]}" Assumptions.v; then
    echo "proofs: unfinished proof or assumed axiom above" >&2
    exit 1
fi

for f in "${files[@]}"; do
    coqc -q -Q . Theory "$f"
    echo "proofs: $f compiled"
done

assumptions=$(coqc -q -Q . Theory Assumptions.v)
echo "$assumptions" | awk '/^Axioms:/ { n++ } END { print "proofs: Print Assumptions for " n " theorems" }'
allowed='^(ClassicalDedekindReals\.sig_forall_dec|ClassicalDedekindReals\.sig_not_dec|FunctionalExtensionality\.functional_extensionality_dep|Classical_Prop\.classic)$'
used=$(echo "$assumptions" | grep -oE '^[A-Za-z_][A-Za-z0-9_.]*' | grep -v '^Axioms$' | sort -u)
echo "proofs: axioms used: $(echo "$used" | tr '\n' ' ')"
bad=$(echo "$used" | grep -vE "$allowed" || true)
if [ -n "$bad" ]; then
    echo "proofs: axioms beyond the standard reals: $bad" >&2
    exit 1
fi
theorems=$(grep -cE '^(Theorem) ' "${files[@]}" | awk -F: '{ s += $2 } END { print s }')
echo "proofs: $theorems theorems compiled; the main ones rest only on the standard real-number axioms"
