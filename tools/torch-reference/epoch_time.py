#!/usr/bin/python3
"""PyTorch speed reference for `./pruneline engine-bench`.

Times one training epoch (median of R consecutive epochs) and the batch-64 eval
forward latency of lenet5, vgg-small and resnet8 on an MNIST-format IDX folder.
stdout carries exactly one line per model (the contract parsed by the Java side):

  model=<name> threads=<N> batches=<B> epoch_ms=<int> latency64_ms=<float .2f> torch=<ver> mkldnn=<True|False>

Progress goes to stderr. Exit 0 on success, 2 on a bad option or unreadable data
folder ("error: ..." on stderr), 1 on any other failure (torch missing included).
Needs Debian's python3-torch; never a runtime dependency of pruneline.
"""

import argparse
import gzip
import math
import os
import statistics
import struct
import sys
import time

MODELS = ("lenet5", "vgg-small", "resnet8")
DEFAULT_WIDTHS = {"lenet5": (6, 16), "vgg-small": (32, 32, 64, 64), "resnet8": (16, 32, 64)}
BATCH = 64
MEAN, STD = 0.1307, 0.3081
VALIDATION_FRACTION = 0.1
SEED = 42
LATENCY_WARMUPS = 3
TRAIN_WARMUP_BATCHES = 3


class BadInput(Exception):
    """A bad option or data folder: exit 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise BadInput(message)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv):
    p = Parser(prog="epoch_time.py", allow_abbrev=False,
               description="PyTorch epoch-time and batch-64 latency reference for ./pruneline engine-bench.")
    p.add_argument("--data", required=True, help="folder with the 4 MNIST IDX files (gzip or not)")
    p.add_argument("--models", default=",".join(MODELS), help="comma list of %s (default all)" % ", ".join(MODELS))
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                   help="intra-op threads (default os.cpu_count()); inter-op threads are 1")
    p.add_argument("--epochs-repeats", type=int, default=3, help="epochs timed per model, median reported (default 3)")
    p.add_argument("--max-batches", type=int, default=0, help="batches per epoch, 0 = full epoch (default 0)")
    p.add_argument("--latency-repeats", type=int, default=20,
                   help="timed batch-64 eval forwards after %d warm-ups, median reported (default 20)" % LATENCY_WARMUPS)
    p.add_argument("--widths", default=None,
                   help="NAME=W1,W2,... conv widths for one network: lenet5=C1,C2; vgg-small=C1,C2,C3,C4; "
                        "resnet8=S1,S2,S3 (stage widths, the stem follows S1)")
    a = p.parse_args(argv)
    if a.threads < 1:
        raise BadInput("--threads must be at least 1, got %d" % a.threads)
    if a.epochs_repeats < 1:
        raise BadInput("--epochs-repeats must be at least 1, got %d" % a.epochs_repeats)
    if a.max_batches < 0:
        raise BadInput("--max-batches must be 0 (full epoch) or more, got %d" % a.max_batches)
    if a.latency_repeats < 1:
        raise BadInput("--latency-repeats must be at least 1, got %d" % a.latency_repeats)
    models = [m.strip() for m in a.models.split(",")]
    for m in models:
        if m not in MODELS:
            raise BadInput("unknown model '%s' in --models; known: %s" % (m, ",".join(MODELS)))
    if len(set(models)) != len(models):
        raise BadInput("--models lists a model twice: %s" % a.models)
    a.models = models
    a.widths_of = {m: DEFAULT_WIDTHS[m] for m in models}
    if a.widths is not None:
        name, sep, values = a.widths.partition("=")
        name = name.strip()
        if not sep or name not in MODELS:
            raise BadInput("--widths must be NAME=W1,W2,... with NAME one of %s, got '%s'" % (",".join(MODELS), a.widths))
        if name not in models:
            raise BadInput("--widths names %s, which is not in --models (%s)" % (name, ",".join(models)))
        try:
            widths = tuple(int(v) for v in values.split(","))
        except ValueError:
            raise BadInput("--widths values must be integers, got '%s'" % values)
        if len(widths) != len(DEFAULT_WIDTHS[name]):
            raise BadInput("--widths for %s takes %d widths, got %d" % (name, len(DEFAULT_WIDTHS[name]), len(widths)))
        if min(widths) < 1:
            raise BadInput("--widths must all be at least 1, got '%s'" % values)
        a.widths_of[name] = widths
    if not os.path.isdir(a.data):
        raise BadInput("--data %s is not a folder" % a.data)
    return a


# ---------------------------------------------------------------- data

def read_idx(folder, stem, magic, ndim):
    """Reads stem or stem.gz (the plain file wins when both exist) as a uint8 numpy array."""
    import numpy as np
    path = os.path.join(folder, stem)
    if not os.path.isfile(path):
        path += ".gz"
        if not os.path.isfile(path):
            raise BadInput("missing %s[.gz] in %s" % (stem, folder))
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        raise BadInput("cannot read %s: %s" % (path, e))
    head = 4 + 4 * ndim
    if len(raw) < head or struct.unpack(">I", raw[:4])[0] != magic:
        raise BadInput("%s is not an IDX file with magic %d" % (path, magic))
    dims = struct.unpack(">" + "I" * ndim, raw[4:head])
    if len(raw) - head != math.prod(dims):
        raise BadInput("%s: header says %s but holds %d bytes of data" % (path, dims, len(raw) - head))
    return np.frombuffer(raw, dtype=np.uint8, offset=head).reshape(dims)


def load_data(folder):
    """Returns (train_x, train_y, latency_x) as torch tensors, normalised; validation held out as on the Java side."""
    import numpy as np
    import torch
    images = read_idx(folder, "train-images-idx3-ubyte", 2051, 3)
    labels = read_idx(folder, "train-labels-idx1-ubyte", 2049, 1)
    test_images = read_idx(folder, "t10k-images-idx3-ubyte", 2051, 3)
    test_labels = read_idx(folder, "t10k-labels-idx1-ubyte", 2049, 1)
    for imgs, labs, what in ((images, labels, "train"), (test_images, test_labels, "t10k")):
        if imgs.shape[1:] != (28, 28):
            raise BadInput("%s images are %dx%d, the networks take 28x28" % (what, imgs.shape[1], imgs.shape[2]))
        if imgs.shape[0] != labs.shape[0]:
            raise BadInput("%s: %d images but %d labels" % (what, imgs.shape[0], labs.shape[0]))
    if labels.size and labels.max() > 9:
        raise BadInput("train labels go up to %d, the networks have 10 classes" % labels.max())
    n = images.shape[0]
    n_val = int(math.floor(n * VALIDATION_FRACTION + 0.5))  # Math.round, as DataFolder does
    order = np.random.default_rng(SEED).permutation(n)
    train_idx = order[n_val:]
    if train_idx.size == 0:
        raise BadInput("no training images left after holding out %d for validation" % n_val)
    if test_images.shape[0] < BATCH:
        raise BadInput("the latency batch takes the first %d t10k images; the folder has %d"
                       % (BATCH, test_images.shape[0]))

    def norm(u8):
        x = (u8.astype(np.float32) / np.float32(255.0) - np.float32(MEAN)) / np.float32(STD)
        return torch.from_numpy(np.ascontiguousarray(x.reshape(-1, 1, 28, 28)))

    train_x = norm(images[train_idx])
    train_y = torch.from_numpy(labels[train_idx].astype(np.int64))
    latency_x = norm(test_images[:BATCH])
    return train_x, train_y, latency_x, n_val


# ---------------------------------------------------------------- networks

def build(name, widths):
    from torch import nn
    if name == "lenet5":
        c1, c2 = widths
        return nn.Sequential(
            nn.Conv2d(1, c1, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(c2 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    if name == "vgg-small":
        layers, cin = [], 1
        for i, w in enumerate(widths):
            layers += [nn.Conv2d(cin, w, 3, padding=1, bias=False), nn.BatchNorm2d(w, eps=1e-5, momentum=0.1), nn.ReLU()]
            if i in (1, 3):
                layers.append(nn.MaxPool2d(2))
            cin = w
        layers += [nn.Flatten(), nn.Linear(cin * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10)]
        return nn.Sequential(*layers)
    if name == "resnet8":
        class Block(nn.Module):
            def __init__(self, cin, cout, stride):
                super().__init__()
                self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
                self.bn1 = nn.BatchNorm2d(cout)
                self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
                self.bn2 = nn.BatchNorm2d(cout)
                self.relu = nn.ReLU()
                if stride == 1 and cin == cout:
                    self.shortcut = nn.Identity()
                else:
                    self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                                                  nn.BatchNorm2d(cout))

            def forward(self, x):
                y = self.relu(self.bn1(self.conv1(x)))
                y = self.bn2(self.conv2(y))
                return self.relu(y + self.shortcut(x))

        s1, s2, s3 = widths
        return nn.Sequential(
            nn.Conv2d(1, s1, 3, padding=1, bias=False), nn.BatchNorm2d(s1), nn.ReLU(),
            Block(s1, s1, 1), Block(s1, s2, 2), Block(s2, s3, 2),
            nn.AvgPool2d(7), nn.Flatten(), nn.Linear(s3, 10))
    raise AssertionError(name)


# ---------------------------------------------------------------- timing

def time_model(name, widths, args, train_x, train_y, latency_x):
    import torch
    torch.manual_seed(SEED)
    model = build(name, widths)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    n = train_x.shape[0]
    batches = (n + BATCH - 1) // BATCH
    if args.max_batches:
        batches = min(batches, args.max_batches)
    epoch_ms = []
    model.train()
    # Untimed warm-up (first-call allocations and kernel selection), as the Java side does.
    for b in range(min(TRAIN_WARMUP_BATCHES, batches)):
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(train_x[b * BATCH:(b + 1) * BATCH]), train_y[b * BATCH:(b + 1) * BATCH]).backward()
        optimizer.step()
    for r in range(args.epochs_repeats):
        perm = torch.randperm(n, generator=gen)[:batches * BATCH]
        xs, ys = train_x[perm], train_y[perm]  # gathered before the clock starts
        t0 = time.perf_counter()
        for b in range(batches):
            x, y = xs[b * BATCH:(b + 1) * BATCH], ys[b * BATCH:(b + 1) * BATCH]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        ms = (time.perf_counter() - t0) * 1000.0
        epoch_ms.append(ms)
        log("%s epoch %d/%d: %d batches, %.0f ms, last loss %.4f"
            % (name, r + 1, args.epochs_repeats, batches, ms, loss.item()))
    model.eval()
    latency_ms = []
    with torch.no_grad():
        for i in range(LATENCY_WARMUPS + args.latency_repeats):
            t0 = time.perf_counter()
            model(latency_x)
            if i >= LATENCY_WARMUPS:
                latency_ms.append((time.perf_counter() - t0) * 1000.0)
    return batches, int(round(statistics.median(epoch_ms))), statistics.median(latency_ms)


def main(argv):
    try:
        args = parse_args(argv)
    except BadInput as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    try:
        import torch
    except ImportError as e:
        print("error: PyTorch is not importable by %s (%s); install Debian's python3-torch "
              "(apt install python3-torch) and run with /usr/bin/python3" % (sys.executable, e), file=sys.stderr)
        return 1
    torch.set_num_interop_threads(1)  # before any parallel work starts
    torch.set_num_threads(args.threads)
    mkldnn = bool(torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled)
    try:
        t0 = time.perf_counter()
        train_x, train_y, latency_x, n_val = load_data(args.data)
        log("data: %d train images (%d held out for validation), loaded in %.0f ms; torch %s, %d threads, mkldnn %s"
            % (train_x.shape[0], n_val, (time.perf_counter() - t0) * 1000.0, torch.__version__,
               torch.get_num_threads(), mkldnn))
    except BadInput as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    for name in args.models:
        widths = args.widths_of[name]
        log("%s widths %s" % (name, ",".join(str(w) for w in widths)))
        batches, epoch_ms, latency = time_model(name, widths, args, train_x, train_y, latency_x)
        print("model=%s threads=%d batches=%d epoch_ms=%d latency64_ms=%.2f torch=%s mkldnn=%s"
              % (name, args.threads, batches, epoch_ms, latency, torch.__version__, mkldnn), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as e:  # noqa: BLE001 - traceback, then one error line on stderr, exit 1
        import traceback
        traceback.print_exc()
        print("error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
