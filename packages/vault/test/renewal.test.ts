import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baoAvailable, startBao } from '@zakupai/testing/bao';
import {
  accessorAlive,
  createAppRole,
  mountKv,
  putSecret,
  readPolicy,
  writePolicy,
} from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';
import { VaultClient, type VaultEvent } from '@zakupai/vault';

test('a 3s/8s AppRole token is renewed and re-logged-in across 5+ TTL periods with zero failed reads', async (t) => {
  if (!requireServer(t, baoAvailable(), 'bao')) return;
  const bao = await startBao();
  const log: VaultEvent[] = [];
  const vault = await (async () => {
    await mountKv(bao, 'zakupai', 2);
    await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: 'postgres://renewal-test' });
    await writePolicy(bao, 'zakupai-calc', readPolicy('zakupai', 'calc'));
    const role = await createAppRole(bao, 'calc', {
      policies: ['zakupai-calc'],
      tokenTtl: '3s',
      tokenMaxTtl: '8s',
    });
    return new VaultClient({
      addr: bao.addr,
      auth: { kind: 'approle', ...role },
      onEvent: (e) => log.push(e),
    });
  })();
  try {
    await vault.login();
    const accessors = new Set<string>([vault.tokenInfo()!.accessor!]);
    let reads = 0;
    const failures: string[] = [];
    const until = Date.now() + 16_500; // > 5 × 3s TTL and > 2 × 8s max TTL
    while (Date.now() < until) {
      try {
        const s = await vault.kv('zakupai').read('calc');
        assert.equal(s.data.DATABASE_URL, 'postgres://renewal-test');
        reads++;
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
      accessors.add(vault.tokenInfo()!.accessor!);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(failures, []);
    assert.ok(reads > 100, `reads: ${reads}`);
    const logins = log.filter((e) => e.type === 'login').length;
    const renews = log.filter((e) => e.type === 'renew');
    assert.ok(logins >= 3, `logins: ${logins} (re-login at max TTL)`);
    assert.ok(renews.length >= 4, `renewals: ${renews.length}`);
    assert.ok(
      renews.some((e) => e.type === 'renew' && e.capped),
      'a renewal was capped by max_ttl',
    );
    assert.equal(log.filter((e) => e.type.endsWith('failed')).length, 0, JSON.stringify(log));
    // Only the current token is alive: each re-login revoked its predecessor.
    const current = vault.tokenInfo()!.accessor!;
    for (const a of accessors) assert.equal(await accessorAlive(bao, a), a === current, `accessor ${a}`);
  } finally {
    await vault.close();
    await bao.stop();
  }
});
