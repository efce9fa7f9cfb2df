#!/usr/bin/env python3
"""Builds each test network in PyTorch and writes what PyTorch reports about it.

Run from the repository root (Debian: apt-get install python3-torch python3-torchvision):

    /usr/bin/python3 engine/nn/reference/torch_reference.py > engine/nn/testdata/torch_reference.json

AlexNet and VGG-16 are also checked against torchvision's own models (parameters, and
MACs by hooks on their Conv2d and Linear modules); the script stops if they differ.

For every network the output holds its definition in nngrade's own terms
(input channels last, layers with FORMAT.md's keys) and, per layer, the output
shape PyTorch computes (converted to channels last), the parameter count
(sum of p.numel() over the module's parameters; buffers such as batch-norm
running statistics are not parameters), and the MACs counted with forward hooks
(one multiply-accumulate per kernel tap per output element, bias not counted).
Where a network is convolutions and pools, each layer's receptive field is measured
with gradients (probe_receptive). The Go test engine/nn/reference_test.go reads
the file; it needs no Python.

Keras numbers are not produced here (Keras is not installable from Debian); the
Go tests check them against Keras's documented formulas:
  - LSTM: 4 * units * (input_dim + units + 1)  (keras.layers.LSTM, one bias vector)
  - GRU with reset_after=True: 3 * units * (input_dim + units + 2)
  - BatchNormalization: 4 * C parameters, 2 * C non-trainable (moving mean and variance)
  - "same" padding: out = ceil(in / stride) (tf.nn.convolution)
"""
import json
import sys

import torch
import torchvision
from torch import nn

torch.manual_seed(0)


def spec_conv(n, filters, kernel, **kw):
    d = {"type": f"conv{n}d", "filters": filters, "kernel": kernel}
    d.update(kw)
    return d


class GlobalPool(nn.Module):
    """Mean or maximum over every positional axis of a channels-first batch, any rank
    (torch has no global pool of its own; AdaptiveAvgPool2d(1) + Flatten for images)."""

    def __init__(self, take_max):
        super().__init__()
        self.take_max = take_max

    def forward(self, x):
        x = x.flatten(2)
        return x.amax(-1) if self.take_max else x.mean(-1)


def build(spec, in_shape):
    """Turns one nngrade layer spec into a torch module, given the channels-last input shape."""
    t = spec["type"]
    ch = in_shape[-1]
    if t.startswith("conv_transpose"):
        n = int(t[-2])
        cls = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d}[n]
        return cls(ch, spec["filters"], spec["kernel"], stride=spec.get("stride", 1), padding=spec.get("padding", 0),
                   output_padding=spec.get("output_padding", 0), dilation=spec.get("dilation", 1),
                   groups=spec.get("groups", 1), bias=spec.get("bias", True))
    if t.startswith("conv"):
        n = int(t[-2])
        cls = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[n]
        return cls(ch, spec["filters"], spec["kernel"], stride=spec.get("stride", 1), padding=spec.get("padding", 0),
                   dilation=spec.get("dilation", 1), groups=spec.get("groups", 1), bias=spec.get("bias", True))
    if t[:7] in ("maxpool", "avgpool"):
        n = int(t[-2])
        size = spec["size"]
        kw = dict(stride=spec.get("stride", size), padding=spec.get("padding", 0), ceil_mode=spec.get("ceil_mode", False))
        cls = {("maxpool", 1): nn.MaxPool1d, ("maxpool", 2): nn.MaxPool2d, ("maxpool", 3): nn.MaxPool3d,
               ("avgpool", 1): nn.AvgPool1d, ("avgpool", 2): nn.AvgPool2d, ("avgpool", 3): nn.AvgPool3d}[(t[:7], n)]
        return cls(size, **kw)
    if t == "adaptive_avgpool2d":
        return nn.AdaptiveAvgPool2d(tuple(spec["output"]))
    if t == "adaptive_maxpool2d":
        return nn.AdaptiveMaxPool2d(tuple(spec["output"]))
    if t in ("global_avgpool", "global_maxpool"):
        return GlobalPool(t == "global_maxpool")
    if t == "flatten":
        return nn.Flatten()
    if t == "dense":
        return nn.Linear(ch, spec["units"], bias=spec.get("bias", True))
    if t == "dropout":
        return nn.Dropout(spec.get("rate", 0.5))
    if t in ("relu", "tanh", "sigmoid", "gelu", "leaky_relu", "softmax"):
        return {"relu": nn.ReLU(), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid(), "gelu": nn.GELU(),
                "leaky_relu": nn.LeakyReLU(), "softmax": nn.Softmax(dim=1)}[t]
    if t == "batchnorm":
        return {2: nn.BatchNorm1d, 3: nn.BatchNorm1d, 4: nn.BatchNorm2d, 5: nn.BatchNorm3d}[len(in_shape) + 1](ch)
    if t == "layernorm":
        return nn.LayerNorm(ch)
    if t == "embedding":
        return nn.Embedding(spec["vocab"], spec["dim"])
    if t in ("rnn", "lstm", "gru"):
        cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[t]
        return cls(ch, spec["units"], num_layers=spec.get("layers", 1), bidirectional=spec.get("bidirectional", False),
                   bias=spec.get("bias", True), batch_first=True)
    if t == "multihead_attention":
        return nn.MultiheadAttention(ch, spec["heads"], bias=spec.get("bias", True), batch_first=True)
    raise ValueError(t)


def to_torch(x, t):
    """Channels-last batch of one -> the layout a torch module wants."""
    if t in ("rnn", "lstm", "gru", "multihead_attention", "dense", "layernorm", "embedding", "flatten", "dropout",
             "relu", "tanh", "sigmoid", "gelu", "leaky_relu", "softmax"):
        return x
    if x.dim() >= 3:  # [1, ..., C] -> [1, C, ...]
        return x.movedim(-1, 1)
    return x


def from_torch(y, t):
    if t in ("rnn", "lstm", "gru", "multihead_attention", "dense", "layernorm", "embedding", "flatten", "dropout",
             "relu", "tanh", "sigmoid", "gelu", "leaky_relu", "softmax", "global_avgpool", "global_maxpool"):
        return y
    if y.dim() >= 3:
        return y.movedim(1, -1)
    return y


def macs_of(module, spec, x, y):
    """Multiply-accumulates, bias not counted (the fvcore / thop convention)."""
    t = spec["type"]
    if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        taps = module.weight[0].numel()  # C_in/groups * kernel
        return y.numel() * taps
    if isinstance(module, (nn.ConvTranspose1d, nn.ConvTranspose2d)):
        return x.numel() * module.weight[0].numel()  # each input meets C_out/groups * kernel weights
    if isinstance(module, nn.Linear):
        return (y.numel() // module.out_features) * module.in_features * module.out_features
    if isinstance(module, (nn.RNN, nn.LSTM, nn.GRU)):
        steps = x.shape[1]
        return steps * sum(p.numel() for n, p in module.named_parameters() if n.startswith("weight"))
    if isinstance(module, nn.MultiheadAttention):
        tokens, e = x.shape[1], x.shape[2]
        return 4 * tokens * e * e + 2 * tokens * tokens * e
    return 0


def homework_weight_shape(m):
    """The weight matrix's shape in homework order ([kh, kw, C_in/groups, filters], [in, out]),
    from the shape PyTorch stores; None for a layer without weights."""
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        out, cin, *k = m.weight.shape  # PyTorch: [filters, C_in/groups, k...]
        return [*k, cin, out]
    if isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d)):
        cin, out, *k = m.weight.shape  # PyTorch: [C_in, filters/groups, k...]
        return [*k, out, cin]
    if isinstance(m, nn.Linear):
        return [m.weight.shape[1], m.weight.shape[0]]  # PyTorch: [out, in]
    if isinstance(m, nn.Embedding):
        return list(m.weight.shape)
    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm)):
        return list(m.weight.shape)
    if isinstance(m, (nn.RNN, nn.LSTM, nn.GRU)):
        return [m.weight_ih_l0.shape[1], m.weight_ih_l0.shape[0]]  # PyTorch: [gates*H, F]
    if isinstance(m, nn.MultiheadAttention):
        return [m.in_proj_weight.shape[1], m.in_proj_weight.shape[0]]  # PyTorch: [3E, E]
    return None


def split_params(m):
    """Weights and biases as PyTorch names them (weight*, in_proj_weight; bias*)."""
    weights = biases = 0
    for n, p in m.named_parameters():
        leaf = n.split(".")[-1]
        if "weight" in leaf:
            weights += p.numel()
        elif "bias" in leaf:
            biases += p.numel()
        else:
            raise ValueError(n)
    return weights, biases


def torchvision_counts(model, input_chw):
    """Parameters and MACs of a torchvision model itself, counted with hooks on its
    Conv2d and Linear modules: an independent check of the layer list above."""
    macs = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            macs[0] += out.numel() * m.weight[0].numel()
        elif isinstance(m, nn.Linear):
            macs[0] += m.in_features * m.out_features

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            m.register_forward_hook(hook)
    model.eval()
    with torch.no_grad():
        model(torch.randn(1, *input_chw))
    return sum(p.numel() for p in model.parameters()), macs[0]


POINTWISE = ("relu", "tanh", "sigmoid", "gelu", "leaky_relu", "dropout", "batchnorm")


def probe_receptive(input_shape, layers):
    """Measures each layer's receptive field with gradients, independently of the
    recurrence the Go code uses: a one-channel copy of the network (the field does
    not depend on channels) with positive weights, pools replaced by average pools
    of the same geometry (a max pool routes its gradient to one pixel) and
    activations by the identity. The input pixels with a non-zero gradient for a
    unit near the middle are its field: size = hi - lo + 1; the centres of two
    neighbouring units give the jump, and start = centre(u) - u * jump. Stops at
    the first layer that is not a convolution, a pool or pointwise; a field that
    touches the input's border (clipped) is recorded as None."""
    n = len(input_shape) - 1
    mods, fields = [], []
    for spec in layers:
        t = spec["type"]
        if t in POINTWISE:
            mods.append(nn.Identity())
        elif t.startswith("conv") and not t.startswith("conv_transpose"):
            conv = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[n](
                1, 1, spec["kernel"], stride=spec.get("stride", 1), padding=spec.get("padding", 0),
                dilation=spec.get("dilation", 1), bias=False)
            nn.init.constant_(conv.weight, 1.0 / conv.weight.numel())
            mods.append(conv)
        elif t[:7] in ("maxpool", "avgpool"):
            size = spec["size"]
            mods.append({1: nn.AvgPool1d, 2: nn.AvgPool2d, 3: nn.AvgPool3d}[n](
                size, stride=spec.get("stride", size), padding=spec.get("padding", 0), ceil_mode=spec.get("ceil_mode", False)))
        else:
            break
        fields.append(measure(nn.Sequential(*mods), input_shape[:-1]))
    return fields


def measure(net, spatial):
    x = torch.zeros(1, 1, *spatial, requires_grad=True)
    y = net(x)
    out = y.shape[2:]
    per_axis = []
    for a in range(len(spatial)):
        u = [o // 2 for o in out]
        centres = []
        for du in (0, 1):
            if u[a] + du >= out[a]:
                return None
            idx = list(u)
            idx[a] += du
            (g,) = torch.autograd.grad(y[(0, 0, *idx)], x, retain_graph=True)
            nz = g[0, 0].nonzero()[:, a]
            lo, hi = int(nz.min()), int(nz.max())
            if lo == 0 or hi == spatial[a] - 1:
                return None  # clipped by the border: the field is larger than what we see
            centres.append(((lo + hi) / 2, hi - lo + 1))
        (c0, size), (c1, _) = centres
        jump = c1 - c0
        per_axis.append({"size": size, "jump": jump, "start": c0 - u[a] * jump})
    return per_axis


def run(name, input_shape, layers):
    x = torch.randn(1, *input_shape) if layers[0]["type"] != "embedding" else torch.randint(0, layers[0]["vocab"], (1, *input_shape))
    shape = list(input_shape)
    out_layers = []
    total = 0
    total_macs = 0
    for i, spec in enumerate(layers):
        spec.setdefault("name", f"{spec['type']}_{i + 1}")
        m = build(spec, shape)
        m.eval()
        xin = to_torch(x, spec["type"])
        with torch.no_grad():
            if isinstance(m, nn.MultiheadAttention):
                # torch 1.13's inference fast path fails without biases; the
                # ordinary path (gradients on) computes the same shapes.
                with torch.enable_grad():
                    y = m(xin, xin, xin, need_weights=False)[0].detach()
            elif isinstance(m, (nn.RNN, nn.LSTM, nn.GRU)):
                y = m(xin)[0]
                if not spec.get("return_sequences", True):
                    y = y[:, -1, :]
            else:
                y = m(xin)
        params = sum(p.numel() for p in m.parameters())
        weights, biases = split_params(m)
        assert weights + biases == params, spec
        buffers = sum(b.numel() for n, b in m.named_buffers() if not n.endswith("num_batches_tracked"))
        macs = macs_of(m, spec, xin, y)
        x = from_torch(y, spec["type"])
        shape = list(x.shape[1:])
        total += params
        total_macs += macs
        out_layers.append({"name": spec["name"], "output_shape": shape, "params": params, "weights": weights,
                           "biases": biases, "buffers": buffers, "weight_shape": homework_weight_shape(m), "macs": macs})
    if layers[0]["type"] != "embedding" and len(input_shape) >= 2:
        for layer, field in zip(out_layers, probe_receptive(list(input_shape), layers)):
            layer["receptive"] = field
    return {"name": name, "input": list(input_shape), "layers": layers, "expected": out_layers,
            "total_params": total, "macs": total_macs}


def vgg16_layers():
    layers = []
    for block in [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]:
        for f in block:
            layers += [spec_conv(2, f, 3, padding=1), {"type": "relu"}]
        layers.append({"type": "maxpool2d", "size": 2})
    layers += [{"type": "adaptive_avgpool2d", "output": [7, 7]}, {"type": "flatten"},
               {"type": "dense", "units": 4096}, {"type": "relu"}, {"type": "dropout", "rate": 0.5},
               {"type": "dense", "units": 4096}, {"type": "relu"}, {"type": "dropout", "rate": 0.5},
               {"type": "dense", "units": 1000}]
    return layers


NETWORKS = [
    ("homework8", [64, 64, 3], [
        {"name": "conv1", **spec_conv(2, 32, 5)}, {"name": "pool1", "type": "maxpool2d", "size": 2},
        {"name": "conv2", **spec_conv(2, 64, 3, stride=2)}, {"name": "flatten", "type": "flatten"},
        {"name": "fc", "type": "dense", "units": 10}]),
    ("lenet5", [32, 32, 1], [
        spec_conv(2, 6, 5), {"type": "tanh"}, {"type": "avgpool2d", "size": 2}, spec_conv(2, 16, 5), {"type": "tanh"},
        {"type": "avgpool2d", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 120}, {"type": "tanh"},
        {"type": "dense", "units": 84}, {"type": "tanh"}, {"type": "dense", "units": 10}]),
    ("alexnet", [224, 224, 3], [
        spec_conv(2, 64, 11, stride=4, padding=2), {"type": "relu"}, {"type": "maxpool2d", "size": 3, "stride": 2},
        spec_conv(2, 192, 5, padding=2), {"type": "relu"}, {"type": "maxpool2d", "size": 3, "stride": 2},
        spec_conv(2, 384, 3, padding=1), {"type": "relu"}, spec_conv(2, 256, 3, padding=1), {"type": "relu"},
        spec_conv(2, 256, 3, padding=1), {"type": "relu"}, {"type": "maxpool2d", "size": 3, "stride": 2},
        {"type": "adaptive_avgpool2d", "output": [6, 6]}, {"type": "flatten"}, {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 4096}, {"type": "relu"}, {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 4096}, {"type": "relu"}, {"type": "dense", "units": 1000}]),
    ("vgg16", [224, 224, 3], vgg16_layers()),
    ("mobilenet_block", [56, 56, 32], [
        spec_conv(2, 32, 3, padding=1, groups=32, bias=False), {"type": "batchnorm"}, {"type": "relu"},
        spec_conv(2, 64, 1, bias=False), {"type": "batchnorm"}, {"type": "relu"},
        spec_conv(2, 64, 3, stride=2, padding=1, groups=64, bias=False), {"type": "batchnorm"}, {"type": "relu"},
        spec_conv(2, 128, 1, bias=False), {"type": "batchnorm"}, {"type": "relu"}, {"type": "global_avgpool"},
        {"type": "dense", "units": 10}]),
    ("decoder", [7, 7, 64], [
        {"type": "conv_transpose2d", "filters": 32, "kernel": 4, "stride": 2, "padding": 1}, {"type": "relu"},
        {"type": "conv_transpose2d", "filters": 16, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1},
        {"type": "relu"}, {"type": "conv_transpose2d", "filters": 1, "kernel": 5, "dilation": 2}]),
    ("conv1d_net", [100, 8], [
        spec_conv(1, 16, 5, dilation=2), {"type": "relu"}, {"type": "maxpool1d", "size": 3, "stride": 2, "ceil_mode": True},
        spec_conv(1, 32, 3, padding=1, stride=2), {"type": "avgpool1d", "size": 2, "padding": 1},
        {"type": "conv_transpose1d", "filters": 8, "kernel": 4, "stride": 3}, {"type": "flatten"},
        {"type": "dense", "units": 4}]),
    ("conv3d_net", [16, 32, 32, 3], [
        spec_conv(3, 8, 3, padding=1, stride=2), {"type": "batchnorm"}, {"type": "relu"},
        {"type": "maxpool3d", "size": 2}, spec_conv(3, 16, [1, 3, 3]), {"type": "avgpool3d", "size": [2, 2, 2], "ceil_mode": True},
        {"type": "flatten"}, {"type": "dense", "units": 5}]),
    ("pools", [15, 15, 4], [
        {"type": "maxpool2d", "size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
        {"type": "avgpool2d", "size": 2, "stride": 2, "ceil_mode": True},
        {"type": "maxpool2d", "size": [2, 1]}, {"type": "adaptive_maxpool2d", "output": [2, 3]}]),
    ("stacked_rnns", [12, 10], [
        {"type": "rnn", "units": 16, "layers": 2}, {"type": "gru", "units": 8, "bidirectional": True},
        {"type": "lstm", "units": 20, "layers": 3, "bidirectional": True, "return_sequences": False},
        {"type": "dense", "units": 3}]),
    ("lstm_20_on_10", [5, 10], [{"type": "lstm", "units": 20}]),
    ("bidirectional_rnns", [8, 6], [
        {"type": "rnn", "units": 10, "bidirectional": True}, {"type": "gru", "units": 12, "layers": 2, "bias": False},
        {"type": "lstm", "units": 7, "bidirectional": True, "return_sequences": False}, {"type": "dense", "units": 2}]),
    ("mlp_batchnorm", [20], [
        {"type": "dense", "units": 64}, {"type": "batchnorm"}, {"type": "relu"}, {"type": "dense", "units": 32, "bias": False},
        {"type": "batchnorm"}, {"type": "leaky_relu"}, {"type": "dense", "units": 10}, {"type": "softmax"}]),
    ("sequence_norms", [16, 24], [
        {"type": "batchnorm"}, {"type": "conv1d", "filters": 24, "kernel": 3, "padding": "same"},
        {"type": "layernorm"}, {"type": "multihead_attention", "heads": 4, "bias": False}, {"type": "global_maxpool"}]),
    ("same_padding_and_ceil_rule", [20, 20, 3], [
        spec_conv(2, 8, 4, padding="same"), spec_conv(2, 8, 3, dilation=2, padding="same"), spec_conv(2, 8, 5, padding="valid"),
        spec_conv(2, 6, [3, 5], stride=[1, 2], padding=[1, 0]),
        # ATen's rule along the width: 6 + 2 - 2 = 6, ceil(6/4) + 1 = 3 windows, but the 3rd
        # would start at 8 >= 6 + 1, inside the right padding, so 2.
        {"type": "maxpool2d", "size": 2, "stride": 4, "padding": 1, "ceil_mode": True},
        {"type": "avgpool2d", "size": 3, "stride": 2, "padding": 1, "ceil_mode": True}]),
    ("receptive_fields", [96, 80, 2], [
        spec_conv(2, 4, 3), spec_conv(2, 4, 5, stride=2, padding=1), {"type": "maxpool2d", "size": 3, "stride": 2},
        spec_conv(2, 4, [3, 1], dilation=[2, 1]), spec_conv(2, 4, 4, padding=2), {"type": "relu"},
        {"type": "avgpool2d", "size": 2, "padding": 1}, spec_conv(2, 4, 3, stride=[2, 1])]),
    ("text_classifier", [40], [
        {"type": "embedding", "vocab": 5000, "dim": 64}, {"type": "multihead_attention", "heads": 8},
        {"type": "layernorm"}, {"type": "dense", "units": 128}, {"type": "gelu"},
        {"type": "lstm", "units": 32, "return_sequences": False}, {"type": "dropout", "rate": 0.1},
        {"type": "dense", "units": 2}]),
]


TORCHVISION = {"alexnet": torchvision.models.alexnet, "vgg16": torchvision.models.vgg16}


def main():
    networks = []
    for n, s, l in NETWORKS:
        r = run(n, s, l)
        if n in TORCHVISION:
            params, macs = torchvision_counts(TORCHVISION[n](), [s[2], s[0], s[1]])
            assert (params, macs) == (r["total_params"], r["macs"]), (n, params, macs, r["total_params"], r["macs"])
            r["torchvision_params"], r["torchvision_macs"] = params, macs
        networks.append(r)
    out = {"generator": "engine/nn/reference/torch_reference.py", "torch": torch.__version__,
           "torchvision": torchvision.__version__, "networks": networks}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
