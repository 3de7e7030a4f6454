// One SWC configuration for the build and for jest, so the code that runs in tests is compiled
// exactly as the code that ships. Path aliases come from tsconfig.base.json; baseUrl is computed
// here (SWC wants it absolute) so no machine path is ever written to the repository.
const path = require('node:path');
const { paths } = require('../tsconfig.base.json').compilerOptions;

const root = path.resolve(__dirname, '..');

/** @returns {import('@swc/core').Options} */
function swcOptions({ rewritePaths }) {
  return {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      ...(rewritePaths ? { baseUrl: root, paths } : {}),
    },
  };
}

module.exports = { swcOptions, root };
