#!/usr/bin/python3
"""Export small real ONNX test fixtures with PyTorch's own exporter (torch.onnx.export).

Writes into compression-core/src/test/resources/onnx/ (or --out DIR):
  <name>.onnx                  the exported model (input "input" [N,3,32,32] float32, batch axis dynamic)
  <name>.reference.safetensors two float32 tensors: "input" [4,3,32,32] and "output" (PyTorch eval output)
  fixtures.json                what each file is, its opset, versions, names, shapes and operator types

Random initialisation with a fixed seed per model (no pretrained weights: nothing is downloaded).
Every BatchNorm's running statistics and affine parameters are randomised before export so a folded
batch norm is not an identity.

After exporting, every graph is checked with onnx.checker and then re-evaluated by a small
interpreter in this file (torch.nn.functional, fed only from the ONNX graph: nodes, attributes,
initializers) on the reference input; its output must match the PyTorch output. That guards the
node/attribute facts a Java importer relies on (pads, ceil_mode, transB, Clip inputs, ...).

With --full DIR it writes instead, into DIR (not committed, not test fixtures), the full-size torchvision
models of the ONNX benchmark (docs/compression-benchmark.md): mobilenet_v2.onnx and resnet18.onnx, 8 classes,
random initialisation (fixed seed), BatchNormalization kept, plus full.json; the default run is unchanged.

Only a tool for producing test data: pruneline never needs torch, torchvision or onnx at run time.
Run with Debian's python (/usr/bin/python3): python3-torch, python3-torchvision, python3-onnx.
"""

import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import BasicBlock

import onnx
from onnx import numpy_helper

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "compression-core", "src", "test", "resources", "onnx")
NUM_CLASSES = 10
REFERENCE_BATCH = 4
REFERENCE_INPUT_SEED = 20240601


# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------

class SmallResNet(nn.Module):
    """torchvision's ResNet structure (stem conv + BN + ReLU + MaxPool(3, 2, padding 1), stages of
    torchvision.models.resnet.BasicBlock, downsample = 1x1 conv + BN where stride or width change,
    AdaptiveAvgPool2d(1), torch.flatten(x, 1), Linear) with small widths. The stem is a 3x3 stride-1
    conv (the CIFAR-sized choice) instead of 7x7 stride 2."""

    def __init__(self, widths=(16, 32, 64), blocks=(2, 1, 1), num_classes=NUM_CLASSES):
        super().__init__()
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(3, widths[0], kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(widths[0], blocks[0], stride=1)
        self.layer2 = self._make_layer(widths[1], blocks[1], stride=2)
        self.layer3 = self._make_layer(widths[2], blocks[2], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[2], num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, planes, blocks, stride):
        # Same as torchvision.models.resnet.ResNet._make_layer for BasicBlock.
        downsample = None
        if stride != 1 or self.inplanes != planes * BasicBlock.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * BasicBlock.expansion, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * BasicBlock.expansion),
            )
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * BasicBlock.expansion
        for _ in range(1, blocks):
            layers.append(BasicBlock(self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


class MixedOps(nn.Module):
    """A small hand-written CNN exercising operators the torchvision models do not:
    LeakyReLU(0.1), Sigmoid, AvgPool2d(2), a padded AvgPool2d(3, 1, padding=1) (count_include_pad
    default True: the exporter writes an explicit Pad before it), a dilation-2 conv, a groups=2 conv,
    a channel Concat of two branches, MaxPool2d(3, 2, ceil_mode=True) on an even map (ceil_mode
    changes the output size there: 8x8 -> 4x4, where floor would give 3x3), x.reshape(-1, N) with a
    constant N, torch.matmul(x, W) + b from nn.Parameters, and Softmax over the classes.

    The two branch convs are given equal bias values on purpose (tie_biases): the exporter then keeps
    one initializer and writes an Identity node from it to the other name, as it does for the
    all-zero biases of freshly initialised torchvision models."""

    FLAT = 16 * 4 * 4

    def __init__(self, num_classes=NUM_CLASSES):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, kernel_size=3, padding=1)               # 32x32
        self.stem_bn = nn.BatchNorm2d(16)
        self.act = nn.LeakyReLU(0.1)
        self.dilated = nn.Conv2d(16, 12, kernel_size=3, padding=2, dilation=2)  # branch a, 32x32
        self.grouped = nn.Conv2d(16, 12, kernel_size=3, padding=1, groups=2)    # branch b, 32x32
        self.pool = nn.AvgPool2d(2)                                          # 32 -> 16
        self.mix = nn.Conv2d(24, 16, kernel_size=3, stride=2, padding=1)     # 16 -> 8
        self.smooth = nn.AvgPool2d(3, stride=1, padding=1)                   # 8 -> 8, pads counted
        self.ceil_pool = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # 8 -> 4 (floor: 3)
        self.weight = nn.Parameter(torch.randn(self.FLAT, num_classes) * (1.0 / self.FLAT ** 0.5))
        self.bias = nn.Parameter(torch.randn(num_classes) * 0.1)

    def forward(self, x):
        x = self.act(self.stem_bn(self.stem(x)))
        a = torch.sigmoid(self.dilated(x))
        b = self.act(self.grouped(x))
        x = torch.cat([a, b], dim=1)
        x = self.pool(x)
        x = self.smooth(self.act(self.mix(x)))
        x = self.ceil_pool(x)
        x = x.reshape(-1, self.FLAT)
        x = torch.matmul(x, self.weight) + self.bias
        return torch.softmax(x, dim=1)

    def tie_biases(self):
        with torch.no_grad():
            self.grouped.bias.copy_(self.dilated.bias)


def build_resnet_small():
    return SmallResNet()


def build_mobilenetv2_small():
    return torchvision.models.mobilenet_v2(weights=None, width_mult=0.25, num_classes=NUM_CLASSES)


def build_squeezenet_small():
    return torchvision.models.squeezenet1_1(weights=None, num_classes=NUM_CLASSES)


def build_mobilenetv3_small():
    # torchvision 0.14 passes width_mult through to _mobilenet_v3_conf (MobileNetV3 ignores the extra kwarg).
    return torchvision.models.mobilenet_v3_small(weights=None, width_mult=0.25, num_classes=NUM_CLASSES)


def build_mixed_ops():
    return MixedOps()


# name, builder, seed, opset, output name, export options, description
FIXTURES = [
    dict(name="resnet_small", build=build_resnet_small, seed=1, opset=11, output="logits",
         keep_bn=False,
         description="Small ResNet from torchvision BasicBlock (widths 16/32/64, blocks 2/1/1, 3x3 stem, "
                     "MaxPool 3/2 pad 1, 1x1-conv downsample); BN folded into Conv; identity and "
                     "projection residual Add; GlobalAveragePool, Flatten, Gemm."),
    dict(name="mobilenetv2_small", build=build_mobilenetv2_small, seed=2, opset=13, output="logits",
         keep_bn=False,
         description="torchvision mobilenet_v2(width_mult=0.25); depthwise Conv (group=C), ReLU6 as Clip "
                     "with min/max inputs, inverted-residual Add, GlobalAveragePool, Flatten, Gemm; BN folded."),
    dict(name="squeezenet_small", build=build_squeezenet_small, seed=3, opset=17, output="logits",
         keep_bn=False,
         description="torchvision squeezenet1_1(num_classes=10); MaxPool ceil_mode=1, Fire modules "
                     "(squeeze 1x1, expand 1x1 and 3x3, Concat axis 1), 1x1 conv classifier + Relu, "
                     "GlobalAveragePool, Flatten; Dropout gone in eval."),
    dict(name="mobilenetv3_small", build=build_mobilenetv3_small, seed=4, opset=14, output="logits",
         keep_bn=False,
         description="torchvision mobilenet_v3_small(width_mult=0.25); HardSwish op, HardSigmoid, "
                     "squeeze-and-excitation (GlobalAveragePool, 1x1 Conv, Relu, 1x1 Conv, HardSigmoid, Mul), "
                     "depthwise Conv, residual Add, Flatten, Gemm; BN folded."),
    dict(name="resnet_small_bn", build=build_resnet_small, seed=5, opset=15, output="logits",
         keep_bn=True,
         description="Same SmallResNet class as resnet_small (other seed), exported with "
                     "TrainingMode.PRESERVE from eval mode and no constant folding: BatchNormalization "
                     "nodes kept, in inference semantics (training_mode=0, one output)."),
    dict(name="mixed_ops", build=build_mixed_ops, seed=6, opset=13, output="probabilities",
         keep_bn=False,
         description="Hand-written CNN: LeakyRelu(0.1), Sigmoid, Pad (all-zero pads) + AveragePool 2x2, "
                     "Pad (1 each side) + AveragePool 3x3 stride 1 (count_include_pad as an explicit Pad), "
                     "dilation-2 Conv, group=2 Conv, Concat of two branches, MaxPool ceil_mode=1 where it "
                     "matters (8x8 -> 4x4), Reshape to a Constant [-1, 256], MatMul + Add, Softmax axis 1; "
                     "one BN folded; an Identity node from deduplicated equal biases."),
]


def randomise_batchnorm_and_biases(model, generator):
    """BatchNorm statistics and affine parameters random, so folded batch norms are not identities;
    Conv/Linear biases random (torchvision initialises many to zero, which would hide bias handling
    and make the exporter deduplicate them into Identity nodes)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
            with torch.no_grad():
                m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.1)
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                n = m.num_features
                m.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=generator) * 1.5 + 0.5)      # uniform(0.5, 2)
                m.weight.copy_(torch.rand(n, generator=generator) + 0.5)                 # uniform(0.5, 1.5)
                m.bias.copy_(torch.randn(n, generator=generator) * 0.1)


# ----------------------------------------------------------------------------------------------
# safetensors, by hand
# ----------------------------------------------------------------------------------------------

def write_safetensors(path, tensors):
    """tensors: list of (name, float32 numpy array). Format: u64 LE header length, JSON header padded
    with spaces to a multiple of 8, then the raw little-endian data in the listed order."""
    header = {}
    blobs = []
    offset = 0
    for name, arr in tensors:
        data = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, meta in header.items():
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(raw[base + a:base + b], dtype="<f4").reshape(meta["shape"])
    return out


# ----------------------------------------------------------------------------------------------
# A tiny ONNX interpreter (torch.nn.functional), to check the exported graphs against PyTorch
# ----------------------------------------------------------------------------------------------

def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def run_onnx(model, x):
    env = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy()) for init in model.graph.initializer}
    env[model.graph.input[0].name] = x
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Conv":
            w = ins[0 + 1]
            b = ins[2] if len(ins) > 2 else None
            pads = a.get("pads", [0, 0, 0, 0])
            assert a.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET")
            xi = ins[0]
            if pads[0] != pads[2] or pads[1] != pads[3]:
                xi = F.pad(xi, (pads[1], pads[3], pads[0], pads[2]))
                padding = 0
            else:
                padding = (pads[0], pads[1])
            y = F.conv2d(xi, w, b, stride=tuple(a.get("strides", [1, 1])), padding=padding,
                         dilation=tuple(a.get("dilations", [1, 1])), groups=a.get("group", 1))
        elif op == "BatchNormalization":
            assert a.get("training_mode", 0) == 0 and len(node.output) == 1
            y = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], training=False, eps=a.get("epsilon", 1e-5))
        elif op == "Relu":
            y = F.relu(ins[0])
        elif op == "LeakyRelu":
            y = F.leaky_relu(ins[0], a.get("alpha", 0.01))
        elif op == "Sigmoid":
            y = torch.sigmoid(ins[0])
        elif op == "Clip":
            if "min" in a or "max" in a:
                y = torch.clamp(ins[0], a.get("min"), a.get("max"))
            else:
                lo = ins[1].item() if len(ins) > 1 and ins[1] is not None else None
                hi = ins[2].item() if len(ins) > 2 and ins[2] is not None else None
                y = torch.clamp(ins[0], lo, hi)
        elif op == "HardSigmoid":
            y = torch.clamp(a.get("alpha", 0.2) * ins[0] + a.get("beta", 0.5), 0.0, 1.0)
        elif op == "HardSwish":
            y = ins[0] * torch.clamp(ins[0] / 6.0 + 0.5, 0.0, 1.0)
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "Mul":
            y = ins[0] * ins[1]
        elif op == "MaxPool":
            k = a["kernel_shape"]
            pads = a.get("pads", [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3]
            assert a.get("dilations", [1, 1]) == [1, 1] and a.get("storage_order", 0) == 0
            y = F.max_pool2d(ins[0], tuple(k), stride=tuple(a.get("strides", [1, 1])), padding=(pads[0], pads[1]),
                             ceil_mode=bool(a.get("ceil_mode", 0)))
        elif op == "AveragePool":
            k = a["kernel_shape"]
            pads = a.get("pads", [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3]
            y = F.avg_pool2d(ins[0], tuple(k), stride=tuple(a.get("strides", [1, 1])), padding=(pads[0], pads[1]),
                             ceil_mode=bool(a.get("ceil_mode", 0)),
                             count_include_pad=bool(a.get("count_include_pad", 0)))
        elif op == "Pad":
            p = ins[1].tolist()  # [x1_begin, x2_begin, ..., x1_end, x2_end, ...]
            r = len(p) // 2
            mode = a.get("mode", b"constant")
            assert mode in (b"constant", "constant")
            value = ins[2].item() if len(ins) > 2 and ins[2] is not None else 0.0
            torch_pad = []
            for d in reversed(range(r)):
                torch_pad += [p[d], p[d + r]]
            y = F.pad(ins[0], tuple(torch_pad), value=value)
        elif op == "GlobalAveragePool":
            y = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Flatten":
            axis = a.get("axis", 1)
            s = ins[0].shape
            y = ins[0].reshape(int(np.prod(s[:axis])), int(np.prod(s[axis:])))
        elif op == "Reshape":
            shape = [int(v) for v in ins[1].tolist()]
            assert a.get("allowzero", 0) == 0
            shape = [ins[0].shape[i] if v == 0 else v for i, v in enumerate(shape)]
            y = ins[0].reshape(shape)
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            if a.get("transA", 0):
                A = A.t()
            if a.get("transB", 0):
                B = B.t()
            y = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                y = y + a.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            y = torch.matmul(ins[0], ins[1])
        elif op == "Concat":
            y = torch.cat(ins, dim=a["axis"])
        elif op == "Softmax":
            y = torch.softmax(ins[0], dim=a.get("axis", -1))
        elif op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Identity":
            y = ins[0]
        elif op == "Shape":
            y = torch.tensor(list(ins[0].shape), dtype=torch.int64)
        elif op == "Gather":
            y = torch.from_numpy(np.take(ins[0].numpy(), ins[1].numpy(), axis=a.get("axis", 0)))
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else ins[1].tolist()
            y = ins[0]
            for ax in sorted(axes):
                y = y.unsqueeze(ax)
        else:
            raise NotImplementedError("op %s in interpreter" % op)
        env[node.output[0]] = y
    return env[model.graph.output[0].name]


# ----------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------

def export_one(spec, out_dir):
    torch.manual_seed(spec["seed"])
    model = spec["build"]()
    randomise_batchnorm_and_biases(model, torch.Generator().manual_seed(1000 + spec["seed"]))
    if hasattr(model, "tie_biases"):
        model.tie_biases()
    model.eval()
    param_count = sum(p.numel() for p in model.parameters())

    gen = torch.Generator().manual_seed(REFERENCE_INPUT_SEED + spec["seed"])
    x = torch.randn(REFERENCE_BATCH, 3, 32, 32, generator=gen)
    with torch.no_grad():
        y = model(x)

    path = os.path.join(out_dir, spec["name"] + ".onnx")
    kwargs = dict(
        input_names=["input"],
        output_names=[spec["output"]],
        dynamic_axes={"input": {0: "batch"}, spec["output"]: {0: "batch"}},
        opset_version=spec["opset"],
        export_params=True,
    )
    if spec["keep_bn"]:
        kwargs.update(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    else:
        kwargs.update(training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)
    with torch.no_grad():
        torch.onnx.export(model, x, path, **kwargs)

    ref_path = os.path.join(out_dir, spec["name"] + ".reference.safetensors")
    write_safetensors(ref_path, [("input", x.numpy()), ("output", y.numpy())])

    # checks
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    back = read_safetensors(ref_path)
    assert np.array_equal(back["input"], x.numpy()) and np.array_equal(back["output"], y.numpy())
    with torch.no_grad():
        y_graph = run_onnx(m, torch.from_numpy(back["input"].copy()))
    diff = float((y_graph - y).abs().max())
    scale = float(y.abs().max())
    if not diff <= 1e-4 * max(1.0, scale):
        raise SystemExit("%s: the ONNX graph (interpreted) differs from PyTorch by %g" % (spec["name"], diff))

    ops = sorted({n.op_type for n in m.graph.node})
    bn_attrs = sorted({a.name for n in m.graph.node if n.op_type == "BatchNormalization" for a in n.attribute})
    bn_outputs = sorted({len(n.output) for n in m.graph.node if n.op_type == "BatchNormalization"})
    entry = {
        "file": spec["name"] + ".onnx",
        "reference": spec["name"] + ".reference.safetensors",
        "opset": spec["opset"],
        "ir_version": m.ir_version,
        "producer": "%s %s" % (m.producer_name, m.producer_version),
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "input": {"name": "input", "shape": ["batch", 3, 32, 32], "dtype": "float32"},
        "output": {"name": spec["output"], "shape": ["batch", NUM_CLASSES], "dtype": "float32"},
        "reference_batch": REFERENCE_BATCH,
        "seed": spec["seed"],
        "parameters": param_count,
        "initializer_elements": int(sum(int(np.prod(i.dims)) for i in m.graph.initializer)),
        "nodes": len(m.graph.node),
        "op_types": ops,
        "description": spec["description"],
        "bytes": os.path.getsize(path),
        "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
        "reference_sha256": hashlib.sha256(open(ref_path, "rb").read()).hexdigest(),
        "interpreter_max_abs_diff": float("%.3g" % diff),
    }
    if bn_attrs or "BatchNormalization" in ops:
        entry["batchnorm"] = {
            "count": sum(1 for n in m.graph.node if n.op_type == "BatchNormalization"),
            "attributes": bn_attrs,
            "attribute_values": sorted({"%s=%s" % (a.name, onnx.helper.get_attribute_value(a))
                                        for n in m.graph.node if n.op_type == "BatchNormalization"
                                        for a in n.attribute}),
            "outputs_per_node": bn_outputs,
            "inputs": ["X", "scale", "B", "input_mean", "input_var"],
        }
    return entry


# The full-size torchvision models of the ONNX benchmark (--full): torchvision's own constructors, unchanged.
FULL_MODELS = [
    dict(name="mobilenet_v2", build=lambda n: torchvision.models.mobilenet_v2(weights=None, num_classes=n), seed=11),
    dict(name="resnet18", build=lambda n: torchvision.models.resnet18(weights=None, num_classes=n), seed=12),
]
FULL_CLASSES = 8
FULL_OPSET = 13


def export_full(out_dir):
    """Exports FULL_MODELS for the benchmark: torchvision's default initialisation under a fixed seed, eval mode,
    opset 13, input "input" [batch, 3, 32, 32], output "logits" [batch, 8], dynamic batch. BatchNormalization is
    kept (TrainingMode.PRESERVE, no constant folding), as in resnet_small_bn: the models are trained from random
    weights by pruneline first, and a deep network trains badly once its batch norms are folded away."""
    entries = []
    for spec in FULL_MODELS:
        torch.manual_seed(spec["seed"])
        model = spec["build"](FULL_CLASSES)
        model.eval()
        x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(REFERENCE_INPUT_SEED + spec["seed"]))
        with torch.no_grad():
            y = model(x)
        path = os.path.join(out_dir, spec["name"] + ".onnx")
        with torch.no_grad():
            torch.onnx.export(model, x, path, input_names=["input"], output_names=["logits"],
                              dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                              opset_version=FULL_OPSET, export_params=True,
                              training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
        m = onnx.load(path)
        onnx.checker.check_model(m, full_check=True)
        with torch.no_grad():
            diff = float((run_onnx(m, x) - y).abs().max())
        if not diff <= 1e-4 * max(1.0, float(y.abs().max())):
            raise SystemExit("%s: the ONNX graph (interpreted) differs from PyTorch by %g" % (spec["name"], diff))
        entry = {
            "file": spec["name"] + ".onnx",
            "model": "torchvision.models.%s(weights=None, num_classes=%d)" % (spec["name"], FULL_CLASSES),
            "seed": spec["seed"],
            "opset": FULL_OPSET,
            "input": {"name": "input", "shape": ["batch", 3, 32, 32], "dtype": "float32"},
            "output": {"name": "logits", "shape": ["batch", FULL_CLASSES], "dtype": "float32"},
            "parameters": sum(p.numel() for p in model.parameters()),
            "nodes": len(m.graph.node),
            "op_types": sorted({n.op_type for n in m.graph.node}),
            "bytes": os.path.getsize(path),
            "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
            "interpreter_max_abs_diff": float("%.3g" % diff),
        }
        entries.append(entry)
        print("%-14s %10d bytes  params %9d  nodes %3d  diff %.2g  %s"
              % (entry["file"], entry["bytes"], entry["parameters"], entry["nodes"], diff,
                 ",".join(entry["op_types"])))
    doc = {"generator": "tools/onnx-fixtures/export_fixtures.py --full", "torch": torch.__version__,
           "torchvision": torchvision.__version__, "onnx": onnx.__version__,
           "debian_packages": debian_versions(), "models": entries}
    with open(os.path.join(out_dir, "full.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    return 0


def debian_versions(packages=("python3-torch", "python3-torchvision", "python3-onnx", "python3-numpy")):
    """Debian package versions where dpkg knows them (torch.__version__ of Debian's 1.13.1 says 1.13.0a0)."""
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n"] + list(packages),
                             capture_output=True, text=True, check=False).stdout
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    p.add_argument("--only", default="", help="comma-separated fixture names (default: all)")
    p.add_argument("--full", metavar="DIR", help="write the full-size benchmark models into DIR instead")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if args.full:
        os.makedirs(args.full, exist_ok=True)
        return export_full(args.full)
    os.makedirs(args.out, exist_ok=True)
    only = {s for s in args.only.split(",") if s}
    entries = []
    total = 0
    for spec in FIXTURES:
        if only and spec["name"] not in only:
            continue
        e = export_one(spec, args.out)
        entries.append(e)
        total += e["bytes"]
        print("%-20s %9d bytes  opset %2d  params %7d  nodes %3d  diff %.2g  %s"
              % (e["file"], e["bytes"], e["opset"], e["parameters"], e["nodes"],
                 e["interpreter_max_abs_diff"], ",".join(e["op_types"])))
    print("total .onnx bytes: %d" % total)
    if not only:
        doc = {
            "generator": "tools/onnx-fixtures/export_fixtures.py",
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "onnx": onnx.__version__,
            "numpy": np.__version__,
            "debian_packages": debian_versions(),
            "fixtures": entries,
        }
        with open(os.path.join(args.out, "fixtures.json"), "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
