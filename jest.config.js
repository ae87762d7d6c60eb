/** One jest run over every workspace: unit tests (*.test.ts) and tests over the real stack (*.int.test.ts). */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testMatch: ['<rootDir>/{packages,services,workflows,infra,test,bench}/**/test/**/*.test.ts', '<rootDir>/test/src/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/'],
  testTimeout: 120_000,
  maxWorkers: 2,
};
