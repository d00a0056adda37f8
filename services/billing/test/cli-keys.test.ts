import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@zakupai/cli';
import { freePort } from '@zakupai/testing/free-port';
import { captureStream } from '@zakupai/testing/capture-stream';
import { startBilling, type BillingHarness } from './support/billing-harness.ts';
import { AUDIENCE, ISSUER } from './support/tokens.ts';

describe('zakupai keys create|list|revoke against the billing admin API', () => {
  let h: BillingHarness;
  let url: string;
  let dir: string;
  let jwkFile: string;

  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await main(argv, {
      stdout,
      stderr,
      env: {
        BILLING_URL: url,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        ZAKUPAI_ADMIN_JWK_FILE: jwkFile,
        ...env,
      },
      cwd: dir,
      signal: new AbortController().signal,
    });
    return { code, out: stdout.text(), err: stderr.text() };
  };

  before(async () => {
    // PGlite: the CLI test is about the command, and needs no server beyond billing itself.
    h = await startBilling('pglite');
    url = await h.listen();
    dir = mkdtempSync(join(tmpdir(), 'zk-cli-keys-'));
    jwkFile = join(dir, 'admin.jwk.json');
    writeFileSync(jwkFile, JSON.stringify(h.admin.privateJwk), { mode: 0o600 });
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('create prints the key once; list shows the prefix only; revoke refuses it', async () => {
    const created = await run(['keys', 'create', '--owner', 'tg:77', '--plan', 'premium', '--label', 'bot']);
    assert.equal(created.code, 0, created.err);
    const key = created.out.trim();
    assert.match(key, /^zk_live_[0-9a-z]{12}_[0-9A-Za-z]{43}$/);
    assert.match(created.err, /shown once/);
    const prefix = key.slice(0, 20);

    const list = await run(['keys', 'list', '--owner', 'tg:77']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`^${prefix}\\tactive\\tpremium\\ttg:77\\t`, 'm'));
    assert.ok(!list.out.includes(key.slice(21)));

    const revoked = await run(['keys', 'revoke', prefix]);
    assert.equal(revoked.code, 0, revoked.err);
    assert.match(revoked.out, new RegExp(`^${prefix} revoked at \\d{4}-`));
    assert.equal(
      (await run(['keys', 'list', '--owner', 'tg:77'])).out.trim().split('\n').length,
      1,
      'only the header: no active key',
    );
    const all = await run(['keys', 'list', '--owner', 'tg:77', '--all', '--json']);
    assert.equal(JSON.parse(all.out)[0].state, 'revoked');
    assert.ok(!h.logs.text().includes(key.slice(21)));
  });

  test('bad input names the field and exits 2; missing credentials exit 2; billing down exits 1', async () => {
    const badPlan = await run(['keys', 'create', '--owner', 'x', '--plan', 'gold']);
    assert.equal(badPlan.code, 2);
    assert.match(badPlan.err, /body\.plan/);
    const noOwner = await run(['keys', 'create']);
    assert.equal(noOwner.code, 2);
    assert.match(noOwner.err, /--owner/);
    const badRef = await run(['keys', 'revoke', 'nonsense']);
    assert.equal(badRef.code, 2);
    assert.match(badRef.err, /params\.id/);
    const none = await run(['keys', 'list'], { ZAKUPAI_ADMIN_JWK_FILE: '' });
    assert.equal(none.code, 2);
    assert.match(none.err, /ZAK_CLI_NO_ADMIN_TOKEN/);
    const down = await run(['keys', 'list'], { BILLING_URL: `http://127.0.0.1:${await freePort()}` });
    assert.equal(down.code, 1);
    assert.match(down.err, /not reachable/);
    const unknown = await run(['keys', 'rotate']);
    assert.equal(unknown.code, 2);
  });

  test('a token file works; a token without the admin scope is refused', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, await h.admin.sign({ scope: 'zakupai:admin' }), { mode: 0o600 });
    assert.equal((await run(['keys', 'list'], { ZAKUPAI_ADMIN_TOKEN_FILE: tokenFile })).code, 0);
    writeFileSync(tokenFile, await h.admin.sign({ scope: 'zakupai:calc' }));
    const r = await run(['keys', 'list'], { ZAKUPAI_ADMIN_TOKEN_FILE: tokenFile });
    assert.equal(r.code, 1);
    assert.match(r.err, /ZAK_FORBIDDEN/);
  });
});
