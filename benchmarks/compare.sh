#!/usr/bin/env bash
# One training epoch (60,000 MNIST images, batch 20, float64, one weight sample per minibatch, Adam) in
# Theory (C#) and in PyTorch, on the same thread count, alternating, several runs; prints each side's
# median seconds per epoch and the ratio.
# Usage: benchmarks/compare.sh [runs=3] [threads=1] [--hidden 100,100] [--float]
# (--hidden: the paper's deep network instead of the 784 -> 10 classifier; --float: float32 on both sides)
set -euo pipefail
cd "$(dirname "$0")/.."
positional=(); extra=()
while (($#)); do
    case $1 in
        --hidden)
            if ! [[ ${2:-} =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]]; then
                echo "compare.sh: --hidden needs comma-separated widths such as 100,100 (got '${2:-}')" >&2
                exit 2
            fi
            extra+=(--hidden "$2"); shift 2 ;;
        --float) extra+=(--float); shift ;;
        -*) echo "compare.sh: unknown option '$1'; use [runs] [threads] [--hidden 100,100] [--float]" >&2; exit 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
runs=${positional[0]:-3}
threads=${positional[1]:-1}
cores=$(nproc)
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "compare.sh: runs must be a whole number of at least 1 (got '$runs')" >&2
    exit 2
fi
if ! [[ $threads =~ ^[1-9][0-9]*$ ]] || ((threads > cores)); then
    echo "compare.sh: threads must be a whole number from 1 to this machine's $cores cores (got '$threads')" >&2
    exit 2
fi

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing Debian's python3-torch"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq python3-torch >/dev/null
    else
        echo "PyTorch missing: run 'sudo apt-get install -y python3-torch'" >&2
        exit 1
    fi
fi

dotnet build benchmarks/Theory.Benchmarks -c Release --nologo -v quiet >/dev/null
bench=benchmarks/Theory.Benchmarks/bin/Release/net10.0/Theory.Benchmarks.dll
dotnet "$bench" epoch --epochs 1 >/dev/null # fetches MNIST into data/mnist if missing

csharp=(); torch=()
for ((r = 1; r <= runs; r++)); do
    c=$(DOTNET_PROCESSOR_COUNT=$threads taskset -c 0-$((threads - 1)) dotnet "$bench" epoch --epochs 3 --threads "$threads" ${extra[@]+"${extra[@]}"} | awk '/median/ { print $NF }')
    p=$(OMP_NUM_THREADS=$threads taskset -c 0-$((threads - 1)) /usr/bin/python3 benchmarks/baselines/pytorch_network.py --epochs 3 --threads "$threads" ${extra[@]+"${extra[@]}"} | awk '/median/ { print $NF }')
    echo "run $r: C# $c s, PyTorch $p s"
    csharp+=("$c"); torch+=("$p")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mc=$(median "${csharp[@]}"); mp=$(median "${torch[@]}")
echo "network: ${extra[*]:-no hidden layer, float64}; threads: $threads; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "median seconds per epoch: C# $mc, PyTorch $(/usr/bin/python3 -c "import torch; print(torch.__version__)") $mp; PyTorch / C# = $(awk -v a="$mp" -v b="$mc" 'BEGIN { printf "%.1f", a / b }')"
