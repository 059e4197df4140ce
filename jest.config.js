/**
 * One jest run covers every suite. Suites talk to the real local API over HTTP, and the
 * end-to-end suite drives the real Pulumi engine, so they run in band and with generous timeouts.
 * `--experimental-vm-modules` (set by the npm script) lets the CommonJS client load ESM-only `got`
 * through `await import()` inside jest's sandbox, exactly as it does in the provider process.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 60_000,
  verbose: true,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
