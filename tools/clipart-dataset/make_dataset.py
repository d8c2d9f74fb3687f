#!/usr/bin/python3
"""Build an 8-class RGB image data set at 32x32 from Debian's openclipart-png (public-domain clip art).

Writes an image tree that pruneline's --data reads:
  OUT/train/<class>/<n>.png    80% of each class
  OUT/test/<class>/<n>.png     20% of each class
  OUT/dataset.json             classes, counts, the sources of every image, versions, seed

Classes are openclipart categories (every PNG below /usr/share/openclipart/png/<category>/):
computer, shapes, signs_and_symbols, recreation, people, transportation, food, animals.
Per class: the sorted file list, duplicates removed (files with the same bytes are kept once; bytes found in
more than one category are dropped everywhere, so no image is in two classes), shuffled with a fixed seed,
the first --per-class images that decode kept, and the first 20% of those are the test split.
Each image is composited on white (the clip art has alpha), scaled to fit --size x --size keeping its aspect
ratio (Lanczos) and centred on a white square.

Deterministic: the same package version and Pillow give the same files byte for byte.
A benchmark tool only: pruneline never needs Pillow or openclipart at run time; the data set is not committed.
Run with Debian's python (/usr/bin/python3, python3-pil) after `apt install openclipart-png`.
"""

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import warnings

from PIL import Image

SOURCE = "/usr/share/openclipart/png"
CLASSES = ["computer", "shapes", "signs_and_symbols", "recreation", "people", "transportation", "food", "animals"]
SEED = 20240917
TEST_SHARE = 0.2


def category_files(root, category):
    """Every .png below root/category, as sorted relative paths (symbolic links followed)."""
    base = os.path.join(root, category)
    out = []
    for d, dirs, files in os.walk(base, followlinks=True):
        dirs.sort()
        for f in files:
            if f.lower().endswith(".png"):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def unique_sources(root, classes):
    """Per class: sorted relative paths with unique bytes; bytes shared by two classes are dropped."""
    per_class = {}
    owners = {}
    for c in classes:
        seen = {}
        for rel in category_files(root, c):
            h = digest(os.path.join(root, rel))
            if h not in seen:
                seen[h] = rel
        per_class[c] = seen
        for h in seen:
            owners.setdefault(h, set()).add(c)
    return {c: sorted(rel for h, rel in seen.items() if len(owners[h]) == 1) for c, seen in per_class.items()}


def render(path, size):
    """The clip art on white, scaled to fit size x size keeping its aspect ratio, centred; None if unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                im.load()
                rgba = im.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if rgba.width < 1 or rgba.height < 1:
        return None
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    rgb = Image.alpha_composite(white, rgba).convert("RGB")
    scale = size / max(rgb.width, rgb.height)
    w = max(1, round(rgb.width * scale))
    h = max(1, round(rgb.height * scale))
    small = rgb.resize((w, h), Image.LANCZOS)
    canvas = Image.new("RGB", (size, size), (255, 255, 255))
    canvas.paste(small, ((size - w) // 2, (size - h) // 2))
    return canvas


def debian_version(package):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                             capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    return out or None


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", help="output folder (created; must be empty or absent)")
    p.add_argument("--per-class", type=int, default=360, help="at most this many images per class (%(default)s)")
    p.add_argument("--size", type=int, default=32, help="side of the square images (%(default)s)")
    p.add_argument("--source", default=SOURCE, help="openclipart png folder (%(default)s)")
    args = p.parse_args(argv)
    if os.path.exists(args.out) and os.listdir(args.out):
        raise SystemExit("%s exists and is not empty" % args.out)
    Image.MAX_IMAGE_PIXELS = None  # a few clip-art PNGs are large; they are local files from a Debian package
    sources = unique_sources(args.source, CLASSES)
    summary = {"generator": "tools/clipart-dataset/make_dataset.py", "source": args.source,
               "openclipart_png": debian_version("openclipart-png"), "pillow": Image.__version__,
               "seed": SEED, "size": args.size, "per_class": args.per_class, "test_share": TEST_SHARE,
               "classes": []}
    for c in CLASSES:
        files = list(sources[c])
        random.Random("%d:%s" % (SEED, c)).shuffle(files)
        images = []
        skipped = 0
        for rel in files:
            if len(images) == args.per_class:
                break
            img = render(os.path.join(args.source, rel), args.size)
            if img is None:
                skipped += 1
                continue
            images.append((rel, img))
        n_test = round(len(images) * TEST_SHARE)
        splits = {"test": images[:n_test], "train": images[n_test:]}
        entry = {"name": c, "available": len(files), "unreadable_skipped": skipped}
        for split, items in splits.items():
            d = os.path.join(args.out, split, c)
            os.makedirs(d, exist_ok=True)
            for i, (rel, img) in enumerate(items):
                img.save(os.path.join(d, "%d.png" % i), format="PNG", optimize=False)
            entry[split] = len(items)
            entry[split + "_sources"] = [rel for rel, _ in items]
        summary["classes"].append(entry)
        print("%-18s %4d available  %3d train  %3d test  %d unreadable skipped"
              % (c, len(files), entry["train"], entry["test"], skipped))
    with open(os.path.join(args.out, "dataset.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
