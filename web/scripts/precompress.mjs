// Writes x.br (brotli, quality 11) and x.gz (gzip, level 9) beside every compressible file
// of a built UI, for the server to send to clients that accept them (src/server/static_files.hpp).
// A coding whose result is not smaller than the file is skipped, and a sibling left from an
// earlier build is then removed.
//
//   node scripts/precompress.mjs [DIR]     DIR defaults to dist/ beside this script's folder
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|topojson|txt)$/;
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist'));

/** every regular file under `dir`, recursively */
async function* filesUnder(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** writes `encoded` to `target` when it is smaller than `size`, else removes `target`; the bytes written */
async function keepIfSmaller(target, encoded, size) {
  if (encoded.length < size) {
    await fs.writeFile(target, encoded);
    return encoded.length;
  }
  await fs.rm(target, { force: true });
  return size;
}

async function precompress(file) {
  const bytes = await fs.readFile(file);
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ]);
  return {
    size: bytes.length,
    br: await keepIfSmaller(`${file}.br`, br, bytes.length),
    gz: await keepIfSmaller(`${file}.gz`, gz, bytes.length),
  };
}

try {
  await fs.access(path.join(root, 'index.html'));
} catch {
  console.error(`precompress: no built UI in ${root} (no index.html); run 'vite build' first`);
  process.exit(1);
}
const files = [];
for await (const file of filesUnder(root)) if (COMPRESSIBLE.test(file)) files.push(file);
const results = await Promise.all(files.map(precompress));
const total = (key) => results.reduce((sum, result) => sum + result[key], 0);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const shown = path.relative(process.cwd(), root);
console.log(
  `precompressed ${files.length} files in ${shown.startsWith('..') ? root : shown || '.'}: ` +
    `${kib(total('size'))}, ${kib(total('br'))} as brotli, ${kib(total('gz'))} as gzip`,
);
