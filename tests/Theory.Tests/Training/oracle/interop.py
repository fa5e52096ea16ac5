"""Issue 32's interoperability check, run with /usr/bin/python3 (Debian's python3-torch and python3-numpy).

For each network file Theory wrote (plain, efficientbayes, bayesian-torch conventions), builds the PyTorch module
of that convention (written here, as those projects lay their layers out), loads the file with load_state_dict
(strict), runs the images forward with the mean weights and saves the logits as .npy. Then perturbs the network and
saves it twice, as safetensors bytes written by hand (struct + json) and with numpy.savez, for Theory to read back.
Usage: interop.py FOLDER (holds images.npy, meta.json and the three .safetensors files)."""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder = sys.argv[1]
meta = json.load(open(f"{folder}/meta.json"))
torch.set_default_dtype(torch.float64)
widths = meta["widths"]  # inputs, hidden..., classes
layers = len(widths) - 1
x = torch.from_numpy(np.load(f"{folder}/images.npy"))


def read_safetensors(path):
    """A safetensors file parsed by hand: 8-byte little-endian length, JSON header, raw little-endian data."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F64", entry
        begin, end = entry["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(body[begin:end], dtype="<f8").copy().reshape(entry["shape"]))
    return out, header.get("__metadata__", {})


def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, t in tensors.items():
        b = t.detach().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    open(path, "wb").write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class EfficientBayesLayer(nn.Module):
    """The authors' NetLayer (EfficientBayes network.py): weight_mu, weight_phi, bias_mu, bias_phi (1, out)."""

    def __init__(self, d, k):
        super().__init__()
        self.weight_mu = nn.Parameter(torch.zeros(k, d))
        self.weight_phi = nn.Parameter(torch.zeros(k, d))
        self.bias_mu = nn.Parameter(torch.zeros(k))
        self.bias_phi = nn.Parameter(torch.zeros(1, k))

    def forward(self, h):
        return F.linear(h, self.weight_mu, self.bias_mu)


class BayesianTorchLayer(nn.Module):
    """bayesian-torch's LinearReparameterization, its parameters and prior buffers, mean-weight forward."""

    def __init__(self, d, k):
        super().__init__()
        self.mu_weight = nn.Parameter(torch.zeros(k, d))
        self.rho_weight = nn.Parameter(torch.zeros(k, d))
        self.mu_bias = nn.Parameter(torch.zeros(k))
        self.rho_bias = nn.Parameter(torch.zeros(k))

    def forward(self, h):
        return F.linear(h, self.mu_weight, self.mu_bias)


class PlainLayer(nn.Module):
    def __init__(self, d, k):
        super().__init__()
        self.mu = nn.Parameter(torch.zeros(k, d))
        self.sigma = nn.Parameter(torch.ones(k, d))
        self.bias_mu = nn.Parameter(torch.zeros(k))
        self.bias_sigma = nn.Parameter(torch.ones(k))

    def forward(self, h):
        return F.linear(h, self.mu, self.bias_mu)


class Net(nn.Module):
    def __init__(self, convention):
        super().__init__()
        self.names = []
        if convention == "plain":
            self.layers = nn.ModuleList([PlainLayer(widths[l], widths[l + 1]) for l in range(layers)])
            self.stack = list(self.layers)
        else:
            make, prefix = (EfficientBayesLayer, "linear") if convention == "efficientbayes" else (BayesianTorchLayer, "fc")
            self.stack = []
            for l in range(layers):
                m = make(widths[l], widths[l + 1])
                setattr(self, f"{prefix}{l + 1}", m)
                self.stack.append(m)

    def forward(self, h):
        for l, m in enumerate(self.stack):
            h = m(h)
            relu = (l < layers - 1) if meta["layout"] == "text" else (l > 0)
            if relu:
                h = F.relu(h)
        return h


report = {}
for convention in ["plain", "efficientbayes", "bayesian-torch"]:
    state, metadata = read_safetensors(f"{folder}/{convention}.safetensors")
    net = Net(convention)
    net.load_state_dict(state, strict=True)
    with torch.no_grad():
        np.save(f"{folder}/logits_{convention}.npy", net(x).numpy())
    report[convention] = metadata.get("convention")

# Perturb the EfficientBayes network and save it both ways, for Theory to import.
state, metadata = read_safetensors(f"{folder}/efficientbayes.safetensors")
g = torch.Generator().manual_seed(7)
perturbed = {k: v + 0.01 * torch.randn(v.shape, generator=g) for k, v in state.items()}
write_safetensors(f"{folder}/perturbed.safetensors", perturbed, {"source": "interop.py"})
np.savez(f"{folder}/perturbed.npz", **{k: v.numpy() for k, v in perturbed.items()})
print(json.dumps(report))
