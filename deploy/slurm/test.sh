#!/usr/bin/env bash
# The SLURM job array on a real single-node cluster: installs Debian's slurm-wlm and munge when missing (as root),
# starts munged, slurmctld and slurmd on this machine from a temporary folder, submits shard.sbatch as a 4-task
# array on tiny data and the merge as a dependent job, and compares the merged table with the same sweep run here
# without SLURM. The daemons are stopped by their pid files whatever the outcome. Prints PASS or FAIL last; a daemon
# that does not start fails the test with its log's last lines.
#
#   deploy/slurm/test.sh THEORY_DLL MNIST_FOLDER
set -uo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 THEORY_DLL MNIST_FOLDER" >&2
    exit 2
fi
dll=$(realpath "$1")
mnist=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)

fail() {
    echo "slurm: $*" >&2
    echo "FAIL"
    exit 1
}

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" -eq 0 ] || fail "slurm-wlm and munge are missing: run 'sudo apt-get install -y slurm-wlm munge'"
    echo "installing slurm-wlm munge"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq slurm-wlm munge; } >/dev/null 2>&1 || fail "apt-get install slurm-wlm munge failed"
fi
[ "$(id -u)" -eq 0 ] || fail "the single-node cluster runs its daemons as root (SlurmUser=root); run as root"

tmp=$(mktemp -d /tmp/theory-slurm.XXXXXX)
chmod 755 "$tmp"
stop() {
    for pid in "$tmp"/slurmd.pid "$tmp"/slurmctld.pid "$tmp"/munged.pid; do
        [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
    done
    sleep 1
    for pid in "$tmp"/slurmd.pid "$tmp"/slurmctld.pid "$tmp"/munged.pid; do
        [ -f "$pid" ] && kill -9 "$(cat "$pid")" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap stop EXIT

# munge: a fresh key and a private socket.
mkdir -p "$tmp/munge"
chmod 700 "$tmp/munge"
mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null 2>&1 || dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged --force --key-file="$tmp/munge/munge.key" --socket="$socket" --pid-file="$tmp/munged.pid" \
    --log-file="$tmp/munged.log" --seed-file="$tmp/munge/munged.seed" 2>>"$tmp/munged.log" \
    || fail "munged did not start: $(tail -n 3 "$tmp/munged.log" | tr '\n' ' ')"

host=$(hostname -s)
cpus=$(nproc)
free_port() { python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=theory
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=theory Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF" 2>>"$tmp/slurmctld.log" || fail "slurmctld did not start: $(tail -n 3 "$tmp/slurmctld.log" | tr '\n' ' ')"
slurmd -f "$SLURM_CONF" 2>>"$tmp/slurmd.log" || fail "slurmd did not start: $(tail -n 3 "$tmp/slurmd.log" | tr '\n' ' ')"
for _ in $(seq 1 60); do
    sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
    sleep 0.5
done
state=$(sinfo -h -o %T 2>/dev/null)
[[ $state =~ ^(idle|mixed|allocated) ]] || fail "the node did not come up (sinfo: '${state}'): $(tail -n 3 "$tmp/slurmctld.log" "$tmp/slurmd.log" | tr '\n' ' ')"

# The sweep: 2 mechanisms x 2 settings x 2 c = 8 tasks in 4 shards, on 600 images.
sweep=(--data "$mnist" --train-limit 600 --epochs 2 --lr 3e-3 --c 1e-2:1e2:2 --rho 0.5 --rho 2)
export THEORY="dotnet $dll"
out="$tmp/sweep"
cd "$tmp"
array=$(sbatch --parsable --wait --cpus-per-task=1 --array=1-4 "$here/shard.sbatch" "$out" "${sweep[@]}") \
    || fail "the array failed: $(cat "$tmp"/theory-shard-*.out 2>/dev/null | tail -n 5 | tr '\n' ' ')"
array=${array%%;*}
sbatch --parsable --wait --dependency="afterok:$array" --cpus-per-task=1 --output="$tmp/merge.out" \
    --wrap "$THEORY tradeoff --merge '$out'" >/dev/null || fail "the merge job failed: $(tail -n 5 "$tmp/merge.out" | tr '\n' ' ')"
shards=$(ls "$tmp"/theory-shard-"$array"_*.out 2>/dev/null | wc -l)
[ "$shards" -eq 4 ] || fail "expected 4 array task logs, found $shards"
grep -h "shard" "$tmp"/theory-shard-"$array"_*.out | sed 's/^/slurm: /'

# The same sweep here, without SLURM, into another folder.
local_out=$(dotnet "$dll" tradeoff "${sweep[@]}" --quiet) || fail "the local sweep failed"
stderr_lines=$(grep -c '^theory:' "$tmp/merge.out")
merged=$(grep -v '^theory:' "$tmp/merge.out")
if [ "$merged" != "$local_out" ]; then
    diff <(echo "$merged") <(echo "$local_out") | head -n 10 >&2
    fail "the merged table differs from the local one"
fi
[ -f "$out/tradeoff.txt" ] && [ -f "$out/run.json" ] || fail "the merge wrote no tradeoff.txt and run.json"
echo "slurm: 4 array tasks and the merge ran on $host ($cpus CPUs); merged table identical to the local sweep ($(echo "$local_out" | wc -l) lines, $stderr_lines notes)"

# theory reproduce as a 2-task array (three fast claims: the bound, the data, the plasticity rule) through submit.sh,
# whose merge job builds the report; its claims table must equal the same claims run here.
claims=(--only entropy-bound --only fig6-rate --only plasticity-oja)
report="$tmp/report"
PATH="$PATH" THEORY_COMMAND=reproduce SBATCH_WAIT=1 "$here/submit.sh" 2 "$report" "${claims[@]}" >"$tmp/submit.out" \
    || fail "submit.sh reproduce failed: $(cat "$tmp/submit.out" "$tmp"/theory-shard-*.out 2>/dev/null | tail -n 5 | tr '\n' ' ')"
for _ in $(seq 1 240); do
    [ -f "$report/report.html" ] && break
    sleep 0.5
done
[ -f "$report/report.html" ] || fail "the reproduce merge wrote no report.html: $(cat "$tmp"/theory-reproduce-merge-*.out 2>/dev/null | tail -n 5 | tr '\n' ' ')"
local_claims=$(dotnet "$dll" reproduce --out "$tmp/report-local" --quiet "${claims[@]}" 2>/dev/null) || fail "the local reproduce failed"
merged_claims=$(grep -v '^theory:' "$tmp"/theory-reproduce-merge-*.out)
if [ "$merged_claims" != "$local_claims" ]; then
    diff <(echo "$merged_claims") <(echo "$local_claims") | head -n 10 >&2
    fail "the merged claims table differs from the local one"
fi
echo "slurm: reproduce as 2 array tasks and the dependent merge (submit.sh); claims table identical to the local run"
echo "PASS"
