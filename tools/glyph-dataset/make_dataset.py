#!/usr/bin/python3
"""Build a grey image data set of letters (A to J by default) or digits drawn in the fonts Debian installs (after
notMNIST).

Writes an image tree that pruneline's --data reads:
  OUT/train/<letter>/<font index>-<case>.png      case: capital, small, or digit
  OUT/test/<letter>/<font index>-<case>.png
  OUT/dataset.json             classes, counts, the font file behind every image, versions, seed

Every .ttf and .otf file below --fonts is a candidate. Each character of --letters (one class each) is drawn once
for a digit, and as a capital and as a small letter for a letter (both in its class), white on black, scaled so
its ink fits --size - 4 pixels keeping its aspect ratio and centred on a --size x --size square. A font is kept
only when all its glyphs have ink and differ from the font's drawing of a code point no font here has (its
missing-glyph box), and when its drawings differ from those of every font kept before it (families install the
same design under several names). The kept fonts are shuffled with a fixed seed and split by font: the first 20%
of them give the test images, so no test image comes from a font seen in training.

Deterministic: the same font packages and Pillow give the same files byte for byte.
A benchmark tool only: pruneline never needs Pillow or these fonts at run time; the data set is not committed.
Run with Debian's python (/usr/bin/python3, python3-pil) after installing font packages (see README.md).
"""

import argparse
import hashlib
import io
import json
import os
import random
import sys

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageFont

FONTS = "/usr/share/fonts"
LETTERS = "ABCDEFGHIJ"  # notMNIST's classes; --letters picks others
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
SEED = 20261207
TEST_SHARE = 0.2
MISSING = "\U000F0000"  # a private-use code point: fonts draw their missing-glyph box for it
CANVAS = 160


def font_files(root):
    out = []
    for d, dirs, files in os.walk(root, followlinks=True):
        dirs.sort()
        for f in sorted(files):
            if f.lower().endswith((".ttf", ".otf")):
                out.append(os.path.join(d, f))
    return out


def ink(font, char):
    """The glyph drawn large on black, cropped to its ink, or None where it has none."""
    img = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(img).text((CANVAS // 4, CANVAS // 8), char, fill=255, font=font)
    box = img.getbbox()
    return None if box is None else img.crop(box)


def fit(glyph, size):
    """glyph scaled to fit (size - 4) pixels keeping its aspect ratio, centred on a black size x size square."""
    inner = size - 4
    w, h = glyph.size
    scale = inner / max(w, h)
    scaled = glyph.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.LANCZOS)
    out = Image.new("L", (size, size), 0)
    out.paste(scaled, ((size - scaled.size[0]) // 2, (size - scaled.size[1]) // 2))
    return out


def same(a, b):
    return a is not None and b is not None and a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def variants(char):
    """(case, character) pairs drawn for one class: a letter as capital and small, a digit once."""
    return [("capital", char), ("small", char.lower())] if char.isalpha() else [("digit", char)]


def drawings(path, size, letters):
    """(class index, case, image) of every glyph of a font, or None where it cannot draw them all."""
    try:
        font = ImageFont.truetype(path, CANVAS // 2)
    except OSError:
        return None
    missing = ink(font, MISSING)
    out = []
    for index, letter in enumerate(letters):
        for case, char in variants(letter):
            try:
                glyph = ink(font, char)
            except (OSError, ValueError):
                return None
            if glyph is None or same(glyph, missing):
                return None
            out.append((index, case, fit(glyph, size)))
    return out


def png(img):
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", help="output folder (created; must be empty or absent)")
    p.add_argument("--size", type=int, default=28, help="side of the square images (%(default)s)")
    p.add_argument("--fonts", default=FONTS, help="folder searched for .ttf and .otf files (%(default)s)")
    p.add_argument("--letters", default=LETTERS,
                   help="the classes: distinct letters A to Z or digits 0 to 9, one class each (%(default)s)")
    args = p.parse_args(argv)
    letters = args.letters.upper()
    if len(letters) < 2 or len(set(letters)) != len(letters) or not all(c in ALPHABET for c in letters):
        print("error: --letters must name at least two distinct characters A to Z or 0 to 9, got '%s'" % args.letters,
              file=sys.stderr)
        return 2
    if os.path.isdir(args.out) and os.listdir(args.out):
        print("error: %s is not empty" % args.out, file=sys.stderr)
        return 2
    kept, seen, skipped = [], set(), 0
    for path in font_files(args.fonts):
        images = drawings(path, args.size, letters)
        if images is None:
            skipped += 1
            continue
        encoded = [(index, case, png(image)) for index, case, image in images]
        key = hashlib.sha256(b"".join(data for _, _, data in encoded)).hexdigest()
        if key in seen:
            skipped += 1
            continue
        seen.add(key)
        kept.append((os.path.relpath(path, args.fonts), encoded))
    random.Random(SEED).shuffle(kept)
    n_test = round(len(kept) * TEST_SHARE)
    counts = {"train": 0, "test": 0}
    sources = {"train": [], "test": []}
    for index, (font, encoded) in enumerate(kept):
        split = "test" if index < n_test else "train"
        sources[split].append(font)
        for k, case, data in encoded:
            folder = os.path.join(args.out, split, letters[k])
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "%04d-%s.png" % (index, case)), "wb") as f:
                f.write(data)
            counts[split] += 1
    with open(os.path.join(args.out, "dataset.json"), "w") as f:
        json.dump({"generator": "tools/glyph-dataset/make_dataset.py", "fonts_folder": args.fonts, "size": args.size,
                   "seed": SEED, "test_share": TEST_SHARE, "classes": list(letters), "fonts_kept": len(kept),
                   "font_files_skipped": skipped, "images": counts, "pillow": PIL.__version__,
                   "fonts": sources}, f, indent=1)
    print("%d fonts kept (%d files skipped: missing glyphs or a drawing already kept); %d train and %d test images"
          % (len(kept), skipped, counts["train"], counts["test"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
