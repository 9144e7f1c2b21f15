// Trunk post-build hook: writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9)
// beside each hashed .wasm, .js and .css file, so the server sends the smallest form the browser
// accepts without compressing per request (the compression middleware works at a fast level).
// Runs with the Node.js that the build already needs for wasm-opt; no extra tool.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('precompress: set TRUNK_STAGING_DIR or pass the directory');
  process.exit(2);
}
for (const name of readdirSync(dir)) {
  if (!/-[0-9a-f]{16,}(_bg)?\.(wasm|js|css)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm') ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(join(dir, `${name}.br`), br);
  writeFileSync(join(dir, `${name}.gz`), gz);
  console.log(`precompress: ${name} ${data.length} B -> br ${br.length} B, gzip ${gz.length} B`);
}
