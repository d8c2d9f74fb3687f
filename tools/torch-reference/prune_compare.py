#!/usr/bin/python3
"""PyTorch side of `./pruneline bench --against-pytorch`.

Prunes the same trained model pruneline prunes, at the same budget, with PyTorch's own tools, fine-tunes it for
the same number of epochs and measures it:

  weight targets   torch.nn.utils.prune.global_unstructured with L1Unstructured over every conv and linear weight
  channel targets  L1-norm filter pruning (Li et al., "Pruning Filters for Efficient ConvNets", ICLR 2017) in
                   plain PyTorch: every channel group (channels tied by residual sums are one group) loses the
                   same share of its filters with the smallest L1 norm, the share bisected to the MACs target;
                   and, with --torch-pruning DIR (a copy of Torch-Pruning; nothing is downloaded), Torch-Pruning's
                   MagnitudePruner (L1) and TaylorImportance pruner at the same MACs target

The trained model comes as a pruneline bundle (model.json + weights.safetensors, dense float32); the images as
IDX files that the Java side wrote from its own splits (train / validation / test, uint8 pixels, same order), so
both sides see the same data. --time-bundle DIR adds the batch-1 / batch-64 latency of another bundle (the one
pruneline pruned) measured here, so every latency in the table comes from the same runtime.

stdout: one JSON object per line, the first for the unpruned model as read here (tool "dense"), then one per tool
("tool", "after_prune", "after_finetune", "macs", "nonzero_macs", "params",
"nonzero", "latency1_ms", "latency64_ms", "epochs"); progress on stderr. Exit 0 on success, 2 on bad input
("error: ..." on stderr), 3 when torch is missing, 1 on any other failure. Needs Debian's python3-torch; never a
runtime dependency of pruneline.
"""

import argparse
import gzip
import json
import math
import os
import statistics
import struct
import sys
import time

BATCH = 64
LEARNING_RATE = 1e-3
SEED = 42
LATENCY_WARMUPS = 3


class BadInput(Exception):
    """A bad option, bundle or data folder: exit 2."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Bundle and data

def read_safetensors(path):
    import torch
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise BadInput("%s is too short for a safetensors file" % path)
    (n,) = struct.unpack("<Q", raw[:8])
    if n <= 0 or 8 + n > len(raw):
        raise BadInput("%s: bad safetensors header length %d" % (path, n))
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    sparse = {k[len("sparse."):]: v for k, v in header.get("__metadata__", {}).items() if k.startswith("sparse.")}
    plain = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        dtype = {"F32": torch.float32, "I32": torch.int32, "U16": torch.int16, "I64": torch.int64}.get(spec["dtype"])
        if dtype is None:
            raise BadInput("%s: tensor %s has dtype %s" % (path, name, spec["dtype"]))
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(spec["shape"]) if end > begin \
            else torch.zeros(spec["shape"], dtype=dtype)
        if spec["dtype"] == "U16":
            t = t.to(torch.int64) & 0xFFFF
        plain[name] = t
    tensors = {}
    for name, t in plain.items():
        if name.endswith(".sparse_indices") or name.endswith(".sparse_values"):
            continue
        tensors[name] = t.float()
    for name, shape in sparse.items():
        dims = [int(x) for x in shape.split(",")]
        dense = torch.zeros(math.prod(dims))
        dense[plain[name + ".sparse_indices"].long()] = plain[name + ".sparse_values"].float()
        tensors[name] = dense.reshape(dims)
    return tensors


def read_idx(path):
    import torch
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise BadInput("%s is not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * raw[3], raw[4:4 + 4 * raw[3]])
    body = raw[4 + 4 * raw[3]:]
    if len(body) != math.prod(dims):
        raise BadInput("%s: %d bytes for shape %s" % (path, len(body), list(dims)))
    return torch.frombuffer(bytearray(body), dtype=torch.uint8).reshape(dims)


def load_split(folder, split, shape, norm):
    """Images of one split as normalised float (N, C, H, W) and int64 labels."""
    import torch
    x = read_idx(os.path.join(folder, split + "-images-idx-ubyte"))
    y = read_idx(os.path.join(folder, split + "-labels-idx1-ubyte")).long()
    c, h, w = shape
    x = x.reshape(x.shape[0], c, h, w).float() / 255.0
    mean = torch.tensor(norm["mean"] * (c if len(norm["mean"]) == 1 else 1)).view(1, c, 1, 1)
    std = torch.tensor(norm["std"] * (c if len(norm["std"]) == 1 else 1)).view(1, c, 1, 1)
    return (x - mean) / std, y


# ---------------------------------------------------------------------------------------------------------------
# model.json as a torch module

BN_NAMES = {"weight": "gamma", "bias": "beta"}


def layer_modules(spec, tensors):
    """(name, module or None, layer) per layer, with the bundle's weights loaded (none when tensors is None)."""
    import torch
    from torch import nn

    def pair(layer, key, default):
        v = layer.get(key, default)
        return (v, v) if isinstance(v, (int, float)) else tuple(v)

    shapes = {}
    previous = None
    x_shape = tuple(spec["inputShape"])
    out = []
    for layer in spec["layers"]:
        name, kind = layer["name"], layer["type"]
        inputs = layer.get("inputs") or ([previous] if previous else [])
        in_shape = shapes[inputs[0]] if inputs else x_shape
        module = None
        if kind == "conv2d":
            module = nn.Conv2d(in_shape[0], layer["outChannels"], pair(layer, "kernel", None),
                               stride=pair(layer, "stride", 1), padding=pair(layer, "padding", 0),
                               dilation=pair(layer, "dilation", 1), groups=layer.get("groups", 1),
                               bias=layer.get("bias", True))
        elif kind == "linear":
            module = nn.Linear(math.prod(in_shape), layer["outFeatures"], bias=layer.get("bias", True))
        elif kind == "batchnorm":
            cls = nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d
            module = cls(in_shape[0], eps=layer.get("eps", 1e-5), momentum=1 - layer.get("momentum", 0.9))
        elif kind == "relu":
            module = nn.ReLU()
        elif kind == "maxpool":
            k = pair(layer, "kernel", None)
            module = nn.MaxPool2d(k, stride=pair(layer, "stride", k), padding=pair(layer, "padding", 0),
                                  ceil_mode=layer.get("ceilMode", False))
        elif kind == "avgpool":
            k = pair(layer, "kernel", None)
            module = nn.AvgPool2d(k, stride=pair(layer, "stride", k), padding=pair(layer, "padding", 0),
                                  ceil_mode=layer.get("ceilMode", False),
                                  count_include_pad=layer.get("countIncludePad", True))
        elif kind == "globalavgpool":
            module = nn.AdaptiveAvgPool2d(1)
        elif kind == "flatten":
            module = nn.Flatten()
        elif kind == "dropout":
            module = nn.Dropout(layer.get("rate", 0.5))
        elif kind != "add":
            raise BadInput("layer '%s': type %s is not supported by the PyTorch harness" % (name, kind))
        if module is not None:
            with torch.no_grad():
                for pname, p in list(module.named_parameters()) + list(module.named_buffers()):
                    if pname == "num_batches_tracked" or tensors is None:
                        continue
                    key = name + "." + (BN_NAMES.get(pname, pname) if kind == "batchnorm" else pname)
                    if key not in tensors:
                        raise BadInput("the bundle lacks %s" % key)
                    if tuple(tensors[key].shape) != tuple(p.shape):
                        raise BadInput("%s has shape %s, the graph needs %s"
                                       % (key, list(tensors[key].shape), list(p.shape)))
                    p.copy_(tensors[key])
        with torch.no_grad():
            probe = torch.zeros((1,) + tuple(in_shape))
            if module is not None:
                module.eval()  # a batch norm in training mode would fold the probe into its running statistics
            shapes[name] = tuple(module(probe).shape[1:]) if module is not None else in_shape
        out.append((name, module, layer))
        previous = name
    return out


def build_net(spec, tensors):
    from torch import nn

    class GraphNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = layer_modules(spec, tensors)
            self.mods = nn.ModuleDict({n.replace(".", "_"): m for n, m, _ in self.layers if m is not None})

        def forward(self, x):
            outs = {}
            prev = x
            for name, _, layer in self.layers:
                inputs = layer.get("inputs") or []
                src = outs[inputs[0]] if inputs else prev
                if layer["type"] == "add":
                    y = outs[inputs[0]]
                    for other in inputs[1:]:
                        y = y + outs[other]
                else:
                    y = self.mods[name.replace(".", "_")](src)
                outs[name] = y
                prev = y
            return prev

    return GraphNet()


def load_bundle(folder):
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        spec = json.load(f)
    tensors = read_safetensors(os.path.join(folder, "weights.safetensors"))
    return spec, tensors


# ---------------------------------------------------------------------------------------------------------------
# Measurement

def count(net, shape):
    """MACs per image of conv and linear layers (zero weights count as work), parameters, non-zero parameters."""
    import torch
    from torch import nn
    macs = [0]

    nonzero_macs = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            positions = out.numel() // m.out_channels
            macs[0] += positions * m.weight.numel()
            nonzero_macs[0] += positions * int((m.weight != 0).sum())
        elif isinstance(m, nn.Linear):
            macs[0] += m.weight.numel()
            nonzero_macs[0] += int((m.weight != 0).sum())

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    net.eval()
    with torch.no_grad():
        net(torch.zeros((1,) + tuple(shape)))
    for h in handles:
        h.remove()
    params = sum(p.numel() for p in net.parameters())
    nonzero = sum(int((p != 0).sum()) for p in net.parameters())
    count.nonzero_macs = nonzero_macs[0]
    return macs[0], params, nonzero


def accuracy(net, x, y):
    import torch
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 256):
            correct += int((net(x[i:i + 256]).argmax(1) == y[i:i + 256]).sum())
    return correct / x.shape[0]


def latency(net, shape, batch, repeats):
    import torch
    net.eval()
    x = torch.randn((batch,) + tuple(shape))
    times = []
    with torch.no_grad():
        for i in range(LATENCY_WARMUPS + repeats):
            t0 = time.perf_counter()
            net(x)
            if i >= LATENCY_WARMUPS:
                times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def fine_tune(net, x, y, epochs, seed, schedule, lr):
    """Adam at lr, batch 64, the data shuffled per epoch, the learning rate constant or decayed per step on a half
    cosine to 1% of its start over all the epochs: the recipe of a pruneline release's fine-tuning."""
    import math
    import torch
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=lr)
    steps = max(1, epochs * ((x.shape[0] + BATCH - 1) // BATCH))
    decay = (lambda n: 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(n, steps) / steps))) if schedule == "cosine" \
        else (lambda n: 1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(x.shape[0], generator=g)
        total = 0.0
        for i in range(0, x.shape[0], BATCH):
            idx = order[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * idx.shape[0]
        log("  fine-tune epoch %d: loss %.4f" % (epoch + 1, total / x.shape[0]))


# ---------------------------------------------------------------------------------------------------------------
# Channel groups and L1 filter pruning in plain PyTorch

def channel_groups(spec):
    """Groups of tied channels: producers (conv/linear outputs) and the consumers reading them.

    Returns a list of dicts {producers: [layer], norms: [batchnorm], consumers: [(layer, block)]}, where block is
    the number of consumer inputs per channel (spatial size after a flatten). The last layer's outputs (the
    classes) are never a group.
    """
    layers = spec["layers"]
    by_name = {l["name"]: l for l in layers}
    shapes = {}
    previous = None
    x_shape = tuple(spec["inputShape"])
    source = {}   # layer -> list of group ids its output carries (None for the model input)
    parent = {}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    groups = {}
    flatten_block = spatial_blocks(spec)
    for i, l in enumerate(layers):
        name, kind = l["name"], l["type"]
        inputs = l.get("inputs") or ([previous] if previous else [])
        src = source.get(inputs[0]) if inputs else None
        if kind in ("conv2d", "linear"):
            if src is not None:
                block = 1
                if kind == "linear" and inputs and by_name[inputs[0]]["type"] == "flatten":
                    block = flatten_block[inputs[0]]
                groups[find(src)]["consumers"].append((name, block))
            if kind == "conv2d" and l.get("groups", 1) != 1:
                raise BadInput("layer '%s': grouped convolutions are not supported by the L1 harness" % name)
            if i == len(layers) - 1:
                source[name] = None
            else:
                parent[name] = name
                groups[name] = {"producers": [name], "norms": [], "consumers": []}
                source[name] = name
        elif kind == "add":
            gs = [source.get(s) for s in inputs]
            if any(g is None for g in gs):
                raise BadInput("layer '%s': a sum with the model input cannot be pruned" % name)
            root = find(gs[0])
            for g in gs[1:]:
                r = find(g)
                if r != root:
                    parent[r] = root
                    groups[root]["producers"] += groups[r]["producers"]
                    groups[root]["norms"] += groups[r]["norms"]
                    groups[root]["consumers"] += groups[r]["consumers"]
                    del groups[r]
            source[name] = root
        elif kind == "batchnorm":
            if src is not None:
                groups[find(src)]["norms"].append(name)
            source[name] = src
        elif kind == "flatten":
            source[name] = src
        else:
            source[name] = src
        previous = name
    return list(groups.values())


def spatial_blocks(spec):
    """For each flatten layer, the inputs of the next linear per channel (height x width of its input)."""
    import torch
    blocks = {}
    net_layers = layer_modules(spec, None)
    x = torch.zeros((1,) + tuple(spec["inputShape"]))
    outs = {}
    prev = x
    for name, module, layer in net_layers:
        inputs = layer.get("inputs") or []
        src = outs[inputs[0]] if inputs else prev
        if layer["type"] == "add":
            y = outs[inputs[0]]
        else:
            y = module(src)
        if layer["type"] == "flatten":
            blocks[name] = int(src[0, 0].numel()) if src.dim() == 4 else 1
        outs[name] = y
        prev = y
    return blocks


def l1_prune(spec, tensors, ratio):
    """A new (spec, tensors) with floor(ratio * n) lowest-L1 channels of every group removed (at least one kept)."""
    import copy
    import torch
    groups = channel_groups(spec)
    spec = copy.deepcopy(spec)
    tensors = dict(tensors)
    by_name = {l["name"]: l for l in spec["layers"]}
    for g in groups:
        n = tensors[g["producers"][0] + ".weight"].shape[0]
        remove = min(n - 1, int(math.floor(ratio * n)))
        if remove == 0:
            continue
        score = torch.zeros(n)
        for p in g["producers"]:
            w = tensors[p + ".weight"]
            norms = w.abs().reshape(n, -1).sum(1)
            score += norms / max(float(norms.mean()), 1e-12)
        keep = torch.sort(torch.argsort(score, descending=True)[:n - remove]).values
        for p in g["producers"]:
            for suffix in (".weight", ".bias"):
                if p + suffix in tensors:
                    tensors[p + suffix] = tensors[p + suffix][keep].clone()
            layer = by_name[p]
            layer["outChannels" if layer["type"] == "conv2d" else "outFeatures"] = len(keep)
        for b in g["norms"]:
            for suffix in (".gamma", ".beta", ".running_mean", ".running_var"):
                tensors[b + suffix] = tensors[b + suffix][keep].clone()
        for c, block in g["consumers"]:
            w = tensors[c + ".weight"]
            if block == 1:
                tensors[c + ".weight"] = w[:, keep].clone()
            else:
                cols = (keep.view(-1, 1) * block + torch.arange(block).view(1, -1)).reshape(-1)
                tensors[c + ".weight"] = w[:, cols].clone()
    return spec, tensors


def bisect_ratio(make, target, dense_macs, shape):
    """The smallest uniform ratio (to 1e-3) whose model removes at least `target` of the dense MACs."""
    lo, hi = 0.0, 0.95
    if 1 - count(make(hi), shape)[0] / dense_macs < target:
        raise BadInput("a MACs reduction of %.3f cannot be reached by uniform filter pruning" % target)
    while hi - lo > 1e-3:
        mid = (lo + hi) / 2
        if 1 - count(make(mid), shape)[0] / dense_macs >= target:
            hi = mid
        else:
            lo = mid
    return hi


# ---------------------------------------------------------------------------------------------------------------
# Torch-Pruning (when a copy is given)

def torch_pruning_rows(tp_dir, spec, tensors, data, target, dense_macs, epochs, recipe, repeats):
    import torch
    sys.path.insert(0, tp_dir)
    import torch_pruning as tp
    shape = tuple(spec["inputShape"])
    (xtr, ytr), (xte, yte) = data["train"], data["test"]
    rows = []
    for label, importance in (("Torch-Pruning L1", lambda: tp.importance.MagnitudeImportance(p=1)),
                              ("Torch-Pruning Taylor", lambda: tp.importance.TaylorImportance())):
        def make(ratio):
            net = build_net(spec, tensors)
            last = [m for m in net.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))][-1]
            pruner = tp.pruner.MagnitudePruner(net, torch.zeros((1,) + shape), importance=importance(),
                                               pruning_ratio=ratio, ignored_layers=[last])
            if "Taylor" in label:
                net.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(xtr[:256]), ytr[:256])
                loss.backward()
            pruner.step()
            return net
        ratio = bisect_ratio(make, target, dense_macs, shape)
        net = make(ratio)
        rows.append(measure(label, net, shape, data, epochs, recipe, repeats))
    return rows


def measure(label, net, shape, data, epochs, recipe, repeats):
    """recipe: (schedule, learning rate, seed) of the fine-tuning."""
    (xtr, ytr), (xte, yte) = data["train"], data["test"]
    after_prune = accuracy(net, xte, yte)
    log("%s: %.4f right after pruning" % (label, after_prune))
    schedule, lr, seed = recipe
    fine_tune(net, xtr, ytr, epochs, seed, schedule, lr)
    import torch
    import torch.nn.utils.prune  # noqa: F401
    for m in net.modules():
        for hook in list(getattr(m, "_forward_pre_hooks", {}).values()):
            if isinstance(hook, torch.nn.utils.prune.BasePruningMethod):
                torch.nn.utils.prune.remove(m, "weight")
                break
    after = accuracy(net, xte, yte)
    macs, params, nonzero = count(net, shape)
    return {"tool": label, "after_prune": after_prune, "after_finetune": after, "macs": macs,
            "nonzero_macs": count.nonzero_macs, "params": params, "nonzero": nonzero, "latency1_ms": latency(net, shape, 1, repeats),
            "latency64_ms": latency(net, shape, 64, repeats), "epochs": epochs}


def main(argv):
    p = argparse.ArgumentParser(prog="prune_compare.py", allow_abbrev=False,
                                description="PyTorch pruning tools at pruneline's budget, for ./pruneline bench.")
    p.add_argument("--bundle", required=True, help="the trained model: a pruneline bundle folder")
    p.add_argument("--data", required=True, help="folder with train/validation/test IDX files written by the bench")
    p.add_argument("--target", required=True, help="weights=S (share of conv/linear weights) or macs=R")
    p.add_argument("--finetune-epochs", type=int, default=2)
    p.add_argument("--schedule", choices=("constant", "cosine"), default="cosine",
                   help="fine-tuning learning-rate schedule (%(default)s, as a pruneline release)")
    p.add_argument("--seed", type=int, default=SEED, help="seed of the fine-tuning's shuffling (%(default)s)")
    p.add_argument("--lr", type=float, default=LEARNING_RATE,
                   help="fine-tuning Adam learning rate, the start of a decaying schedule (%(default)s)")
    p.add_argument("--torch-pruning", default=None, help="folder holding the torch_pruning package")
    p.add_argument("--time-bundle", default=None, help="also time this bundle (batch 1 and 64)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--latency-repeats", type=int, default=20)
    args = p.parse_args(argv)
    try:
        import torch
        import torch.nn.utils.prune  # noqa: F401 (a submodule torch does not import itself)
    except ImportError:
        print("error: python3-torch is not installed", file=sys.stderr)
        return 3
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    kind, _, amount = args.target.partition("=")
    try:
        amount = float(amount)
    except ValueError:
        raise BadInput("--target must be weights=S or macs=R, got '%s'" % args.target)
    if kind not in ("weights", "macs") or not 0 < amount < 1:
        raise BadInput("--target must be weights=S or macs=R with 0 < S, R < 1, got '%s'" % args.target)
    spec, tensors = load_bundle(args.bundle)
    shape = tuple(spec["inputShape"])
    data = {s: load_split(args.data, s, shape, spec.get("normalization", {"mean": [0.1307], "std": [0.3081]}))
            for s in ("train", "test")}
    dense = build_net(spec, tensors)
    dense_macs = count(dense, shape)[0]
    dense_accuracy = accuracy(dense, *data["test"])
    log("dense: accuracy %.4f, %d MACs" % (dense_accuracy, dense_macs))
    # the unpruned model as read here: its accuracy must be the one pruneline measures on the same images
    rows = [{"tool": "dense", "after_prune": dense_accuracy, "after_finetune": dense_accuracy, "macs": dense_macs,
             "nonzero_macs": count.nonzero_macs, "params": count(dense, shape)[1], "nonzero": count(dense, shape)[2],
             "epochs": 0}]
    if kind == "weights":
        net = build_net(spec, tensors)
        params = [(m, "weight") for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
        torch.nn.utils.prune.global_unstructured(params, pruning_method=torch.nn.utils.prune.L1Unstructured,
                                                 amount=amount)
        rows.append(measure("torch.nn.utils.prune (global L1)", net, shape, data, args.finetune_epochs,
                            (args.schedule, args.lr, args.seed), args.latency_repeats))
    else:
        ratio = bisect_ratio(lambda r: build_net(*l1_prune(spec, tensors, r)), amount, dense_macs, shape)
        net = build_net(*l1_prune(spec, tensors, ratio))
        rows.append(measure("L1 filters (Li et al., plain PyTorch)", net, shape, data, args.finetune_epochs,
                            (args.schedule, args.lr, args.seed), args.latency_repeats))
        if args.torch_pruning:
            rows += torch_pruning_rows(args.torch_pruning, spec, tensors, data, amount, dense_macs,
                                       args.finetune_epochs, (args.schedule, args.lr, args.seed), args.latency_repeats)
    if args.time_bundle:
        tspec, ttensors = load_bundle(args.time_bundle)
        net = build_net(tspec, ttensors)
        macs, params, nonzero = count(net, shape)
        rows.append({"tool": "timed", "macs": macs, "params": params, "nonzero": nonzero,
                     "latency1_ms": latency(net, shape, 1, args.latency_repeats),
                     "latency64_ms": latency(net, shape, 64, args.latency_repeats)})
    for r in rows:
        print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BadInput as e:
        print("error: %s" % e, file=sys.stderr)
        sys.exit(2)
