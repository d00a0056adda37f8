import type { TestContext } from 'node:test';

/**
 * Decides what a test does when a server it needs is absent: under CI (`CI=true`) it fails,
 * elsewhere it skips with the reason. Returns true when the test may go on.
 */
export function requireServer(t: TestContext, available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`required server missing under CI: ${what}`);
  t.skip(`${what} is not available`);
  return false;
}
