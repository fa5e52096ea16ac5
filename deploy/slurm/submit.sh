#!/usr/bin/env bash
# Submits a theory tradeoff sweep (or, with THEORY_COMMAND=reproduce, a theory reproduce run) as a job array of N
# shards, and its merge as a job that starts when every shard succeeded; prints both job ids. The tradeoff table lands
# in OUT/tradeoff.txt (and .json, .csv), the reproduce report in OUT/report.html (and report.md, claims.csv/json). The
# merge job's log says what is missing if a shard failed (resubmit the same command: finished tasks are skipped).
#
#   deploy/slurm/submit.sh N OUT [theory tradeoff options...]
#   THEORY_COMMAND=reproduce deploy/slurm/submit.sh N OUT --tier paper [theory reproduce options...]
#
# Extra sbatch options (partition, account, time) go in SBATCH_* variables, such as SBATCH_PARTITION=short.
set -euo pipefail
command=${THEORY_COMMAND:-tradeoff}
if [ $# -lt 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]] || ! [[ $command =~ ^(tradeoff|reproduce)$ ]]; then
    echo "usage: [THEORY_COMMAND=tradeoff|reproduce] $0 N OUT [theory $command options...]" >&2
    exit 2
fi
n=$1
out=$(realpath -m "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
export THEORY_COMMAND=$command
array=$(sbatch --parsable --array="1-$n" "$here/shard.sbatch" "$out" "$@")
array=${array%%;*}
if [ "$command" = tradeoff ]; then
    merge_command="${THEORY:-theory} tradeoff --merge '$out'"
else
    merge_command="${THEORY:-theory} reproduce --out '$out' --merge$(printf " %q" "$@")"
fi
merge=$(sbatch --parsable --job-name="theory-$command-merge" --dependency="afterok:$array" --cpus-per-task=1 \
    --output="theory-$command-merge-%j.out" --wrap "$merge_command")
echo "array $array ($n shards), merge $merge"
