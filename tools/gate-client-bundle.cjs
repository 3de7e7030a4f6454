// Bundles @gatehouse/gate-client for browsers: one minified ES module, no dependencies, and its
// size gzipped, which must stay within GATE_CLIENT_BUDGET_BYTES (a spec checks it too). Also builds
// the web example (examples/web) beside it: its page script is ESM that imports the bundle.
// `node tools/gate-client-bundle.cjs` alone, or as the last step of `npm run build`.
const { build } = require('esbuild');
const { cpSync, existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const { Buffer } = require('node:buffer');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const GATE_CLIENT_BUDGET_BYTES = 6 * 1024;
const entry = path.join(root, 'libs/gate-client/src/index.ts');
const bundleFile = path.join(root, 'dist/libs/gate-client/gate-client.min.js');
const webDir = path.join(root, 'examples/web');
const webOut = path.join(root, 'dist/examples/web');

/** The minified bundle as text, and its size raw and gzipped (level 9, as a server would). */
async function bundleGateClient() {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0].text;
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** The page script: TypeScript to ESM, its import of the library pointed at the bundle beside it. */
async function buildWebExample() {
  const external = {
    name: 'gate-client-bundle',
    setup: (b) =>
      b.onResolve({ filter: /^@gatehouse\/gate-client$/ }, () => ({
        path: './gate-client.js',
        external: true,
      })),
  };
  await build({
    entryPoints: [path.join(webDir, 'app.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: path.join(webOut, 'app.js'),
    plugins: [external],
    sourcemap: true,
  });
  for (const file of ['index.html', 'style.css']) cpSync(path.join(webDir, file), path.join(webOut, file));
}

async function buildBrowserBundles() {
  const { code, bytes, gzipBytes } = await bundleGateClient();
  mkdirSync(path.dirname(bundleFile), { recursive: true });
  writeFileSync(bundleFile, code);
  // The Docker image is built without examples/: it serves no page.
  if (existsSync(webDir)) {
    await buildWebExample();
    writeFileSync(path.join(webOut, 'gate-client.js'), code);
  }
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  console.log(
    `gate-client: ${path.relative(root, bundleFile)} ${kb(bytes)} minified, ${kb(gzipBytes)} gzipped (budget ${kb(GATE_CLIENT_BUDGET_BYTES)})`,
  );
  if (gzipBytes > GATE_CLIENT_BUDGET_BYTES) throw new Error('gate-client bundle is over its size budget');
}

if (require.main === module) {
  buildBrowserBundles().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

module.exports = { bundleGateClient, buildBrowserBundles, GATE_CLIENT_BUDGET_BYTES };
