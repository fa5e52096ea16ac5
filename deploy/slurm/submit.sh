#!/usr/bin/env bash
# Submits a theory tradeoff sweep as a job array of N shards and its merge as a job that starts when every shard
# succeeded; prints both job ids. The table lands in OUT/tradeoff.txt (and .json, .csv), the merge job's log says
# which tasks are missing if a shard failed (resubmit the same command: finished tasks are skipped).
#
#   deploy/slurm/submit.sh N OUT [theory tradeoff options...]
#
# Extra sbatch options (partition, account, time) go in SBATCH_* variables, such as SBATCH_PARTITION=short.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 N OUT [theory tradeoff options...]" >&2
    exit 2
fi
n=$1
out=$(realpath -m "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array="1-$n" "$here/tradeoff.sbatch" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --job-name=theory-tradeoff-merge --dependency="afterok:$array" --cpus-per-task=1 \
    --output="theory-tradeoff-merge-%j.out" --wrap "${THEORY:-theory} tradeoff --merge '$out'")
echo "array $array ($n shards), merge $merge"
