"""The authors' published objective (EfficientBayes sims-fig2and3.py, as committed) in PyTorch, fed Theory's initial
parameters, data and noise draws: prints, as JSON, the normwise relative differences between PyTorch's loss, gradients
and parameters after each Adam step and Theory's (issue 30's oracle). Run with /usr/bin/python3 (Debian's python3-torch)."""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

folder = sys.argv[1]
meta = json.load(open(f"{folder}/meta.json"))
load = lambda name: torch.from_numpy(np.load(f"{folder}/{name}.npy")).double()
torch.set_default_dtype(torch.float64)
inputs, outputs = meta["inputs"], meta["outputs"]
wo, bo = meta["weight_offset"], meta["bias_offset"]
rho, s, lam, kappa = meta["rho"], meta["s"], meta["lambda"], meta["kappa"]
B, N, D = meta["batch"], meta["train"], meta["data_scale"]
committed = meta["setting"] == "homogeneous"
layers = len(inputs)


def split(flat):
    """Per layer (weight (out, in), bias (out,)) views of a flat vector, as NetworkShape lays them out."""
    return [(flat[wo[l]:wo[l] + outputs[l] * inputs[l]].view(outputs[l], inputs[l]), flat[bo[l]:bo[l] + outputs[l]]) for l in range(layers)]


def relu_after(l):
    if meta["layout"] == "published":
        return l > 0  # none after the first layer, one on every later layer and on the logits
    return l < layers - 1


mu = load("mu0").clone().requires_grad_(True)
phi = load("phi0").clone().requires_grad_(True)
adam = torch.optim.Adam([mu, phi], lr=meta["lr"], betas=(0.9, 0.999), eps=1e-8)
report = {"loss": [], "grad_mu": [], "grad_phi": [], "mu": [], "phi": [], "loss_value": []}
rel = lambda a, b: float((a - b).abs().max() / b.abs().max())
for t in range(meta["steps"]):
    x, y, eps = load(f"x{t}"), torch.from_numpy(np.load(f"{folder}/y{t}.npy")).long(), load(f"eps{t}")
    adam.zero_grad()
    sig = F.softplus(phi)
    if committed:
        # sims-fig2and3.py, uniform=True: every parameter's noise is sigma_bar = sqrt(mean sigma_i^2), and the cost of
        # sigma_bar for each parameter is paid on top of each sigma_i's own (the committed `if sample:` branch).
        bar = torch.sqrt((sig ** 2).sum() / sig.numel())
        w = mu + bar * eps
        rel_cost = (B / N) * (lam * ((1 / rho) * (s / sig) ** rho).sum() + sig.numel() * lam * (1 / rho) * (s / bar) ** rho)
    else:
        w = mu + sig * eps
        rel_cost = (B / N) * lam * ((1 / rho) * (s / sig) ** rho).sum()
    h = x
    for l, (W, b) in enumerate(split(w)):
        h = F.linear(h, W, b)
        if relu_after(l):
            h = F.relu(h)
    nll = F.nll_loss(F.log_softmax(h, dim=1), y, reduction="mean") * B * D
    loss = nll + rel_cost + (B / N) * kappa * mu.abs().sum()
    loss.backward()
    report["loss_value"].append(float(loss))
    report["loss"].append(abs(float(loss) - float(np.load(f"{folder}/loss{t}.npy")[0])) / abs(float(loss)))
    report["grad_mu"].append(rel(load(f"gmu{t}"), mu.grad))
    report["grad_phi"].append(rel(load(f"gphi{t}"), phi.grad))
    adam.step()
    report["mu"].append(rel(load(f"mu{t + 1}"), mu.detach()))
    report["phi"].append(rel(load(f"phi{t + 1}"), phi.detach()))
print(json.dumps(report))
