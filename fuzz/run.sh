#!/usr/bin/env bash
# Fuzzes the parsers with afl-fuzz (Debian's afl++) and SharpFuzz, one target at a time or all of them.
#
#   fuzz/run.sh SECONDS [TARGET...]     (no TARGET: every target; two at a time on a 2-core machine)
#
# Each target runs for SECONDS from the seeds in fuzz/corpus/TARGET, with a 5 s timeout per input and the .NET heap
# capped at 512 MB (an input that makes a parser allocate past it is a crash). Findings go to artifacts/fuzz/TARGET.
# Ends with one line per target (executions, paths, crashes, hangs) and exits 1 if any target crashed or hung.
# A crashing input goes into fuzz/regressions/TARGET once fixed: the test suite replays every file there.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(idx-images idx-labels importance csv npy safetensors npz options)

if ! command -v afl-fuzz >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null 2>&1 || { echo "fuzz: apt-get install afl++ failed" >&2; exit 1; }
    else
        echo "fuzz: afl-fuzz is missing: run 'sudo apt-get install -y afl++'" >&2
        exit 1
    fi
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
    dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null || { echo "fuzz: dotnet tool install SharpFuzz.CommandLine failed" >&2; exit 1; }
fi

# A fresh publish, then the project's own assemblies instrumented for coverage.
bin=artifacts/fuzz/bin
rm -rf "$bin"
dotnet publish fuzz/Theory.Fuzz -c Release -o "$bin" --nologo -v quiet >/dev/null || { echo "fuzz: publish failed" >&2; exit 1; }
for dll in Theory.Core.dll theory.dll; do
    sharpfuzz "$bin/$dll" >/dev/null || { echo "fuzz: sharpfuzz could not instrument $dll" >&2; exit 1; }
done

run_one() { # target
    local target=$1 out=artifacts/fuzz/$1
    rm -rf "$out"
    mkdir -p "$out"
    AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
        DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0 \
        afl-fuzz -V "$seconds" -i "fuzz/corpus/$target" -o "$out" -t 5000 -m none -- dotnet "$bin/Theory.Fuzz.dll" "$target" \
        >"$out/afl.log" 2>&1
    local stats=$out/default/fuzzer_stats
    if [ ! -f "$stats" ]; then
        echo "$target: afl-fuzz did not start: $(tail -n 3 "$out/afl.log" | tr '\n' ' ')"
        return 1
    fi
    local execs paths crashes hangs
    execs=$(awk -F: '/^execs_done/ {gsub(/ /, "", $2); print $2}' "$stats")
    paths=$(awk -F: '/^corpus_count/ {gsub(/ /, "", $2); print $2}' "$stats")
    crashes=$(awk -F: '/^saved_crashes/ {gsub(/ /, "", $2); print $2}' "$stats")
    hangs=$(awk -F: '/^saved_hangs/ {gsub(/ /, "", $2); print $2}' "$stats")
    echo "$target: $execs executions, $paths paths, $crashes crashes, $hangs hangs in ${seconds} s"
    [ "$crashes" = 0 ] && [ "$hangs" = 0 ]
}

status=0
pids=()
for target in "${targets[@]}"; do
    run_one "$target" > "artifacts/fuzz/$target.result" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$(nproc)" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
for target in "${targets[@]}"; do
    cat "artifacts/fuzz/$target.result"
done
exit $status
