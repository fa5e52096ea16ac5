#!/usr/bin/python3
"""The same training epoch as Theory's EpochBenchmarks, in PyTorch: a benchmark baseline only.

784 -> 10 softmax classifier (or, with --hidden 100,100, the paper's 784 -> 100 -> 100 -> 10 with a ReLU after
each hidden layer) with stochastic weights and biases, w = mu + softplus(phi) * eps with one weight sample per
minibatch shared by the batch; loss per minibatch = B * mean CE + (B/N) lambda sum (1/rho)(s/sigma)^rho
+ (B/N) kappa sum |mu| over all layers; Adam (lr 1e-4); batch 20; float64 (or --float, float32);
inputs (x/255 - 0.1307)/0.3081 preloaded as one tensor. Prints one line per epoch and the median.

Run with Debian's python3 (the one python3-torch installs into): /usr/bin/python3 pytorch_network.py
"""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path, magic):
    with open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != magic:
        sys.exit(f"{path}: not an IDX file with magic {magic}")
    dims = 3 if magic == 2051 else 1
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="One epoch of the stochastic network, timed.")
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "data", "mnist"), help="folder of the four MNIST IDX files")
    parser.add_argument("--epochs", type=int, default=3, help="epochs to time (at least 1)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (at least 1)")
    parser.add_argument("--rho", type=float, default=2.0 / 3, help="cost exponent")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hidden", default="", help="hidden widths, comma-separated (100,100: the paper's network)")
    parser.add_argument("--float", action="store_true", help="float32 instead of float64")
    args = parser.parse_args()
    try:
        hidden = [int(v) for v in args.hidden.split(",")] if args.hidden else []
    except ValueError:
        parser.error(f"--hidden must be comma-separated widths (got '{args.hidden}')")
    if any(h < 1 for h in hidden):
        parser.error(f"--hidden widths must be at least 1 (got '{args.hidden}')")
    if args.epochs < 1:
        parser.error(f"--epochs must be at least 1 (got {args.epochs})")
    if args.threads < 1:
        parser.error(f"--threads must be at least 1 (got {args.threads})")
    if not args.rho > 0 or args.rho == float("inf"):
        parser.error(f"--rho must be positive and finite (got {args.rho})")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    dtype = torch.float32 if args.float else torch.float64
    images = read_idx(os.path.join(args.data, "train-images-idx3-ubyte"), 2051)
    labels = read_idx(os.path.join(args.data, "train-labels-idx1-ubyte"), 2049)
    x_all = (((torch.from_numpy(images.reshape(len(images), -1).astype(np.float64)) / 255.0) - 0.1307) / 0.3081).to(dtype)
    y_all = torch.from_numpy(labels.astype(np.int64))
    n, d = x_all.shape
    batch, s, lam, kappa, rho = 20, 1e-3, 1.0, 0.01, args.rho

    widths = [d] + hidden + [10]
    phi0 = float(np.log(np.expm1(1e-4)))
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        mu_w = torch.empty(fan_out, fan_in, dtype=dtype).uniform_(-0.1, 0.1).requires_grad_()
        mu_b = torch.empty(fan_out, dtype=dtype).uniform_(-0.1, 0.1).requires_grad_()
        phi_w = torch.full((fan_out, fan_in), phi0, dtype=dtype, requires_grad=True)
        phi_b = torch.full((fan_out,), phi0, dtype=dtype, requires_grad=True)
        layers.append((mu_w, mu_b, phi_w, phi_b))
    params = [p for layer in layers for p in layer]
    optimiser = torch.optim.Adam(params, lr=1e-4, foreach=True)
    scale = batch / n
    log_s = math.log(s)

    times = []
    for epoch in range(args.epochs):
        order = torch.randperm(n)
        start = time.perf_counter()
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            x, y = x_all[idx], y_all[idx]
            h = x
            reliability = 0
            magnitude = 0
            for index, (mu_w, mu_b, phi_w, phi_b) in enumerate(layers):
                sigma_w, sigma_b = F.softplus(phi_w), F.softplus(phi_b)
                w = mu_w + sigma_w * torch.randn_like(sigma_w)
                b = mu_b + sigma_b * torch.randn_like(sigma_b)
                h = torch.addmm(b, h, w.t())
                if index < len(layers) - 1:
                    h = torch.relu(h)
                # (s/sigma)^rho as exp(rho (ln s - ln sigma)): the same values, and 12-18% faster per epoch here than
                # torch.pow, whose double kernel (forward and backward) was the dearest element-wise op of the step.
                reliability = reliability + torch.exp(rho * (log_s - torch.log(sigma_w))).sum() + torch.exp(rho * (log_s - torch.log(sigma_b))).sum()
                magnitude = magnitude + mu_w.abs().sum() + mu_b.abs().sum()
            ce = F.cross_entropy(h, y, reduction="sum")
            loss = ce + scale * (lam / rho * reliability + kappa * magnitude)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
        times.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1}: {times[-1]:.3f} s", flush=True)
    print(f"median seconds per epoch: {statistics.median(times):.4f}")


if __name__ == "__main__":
    main()
