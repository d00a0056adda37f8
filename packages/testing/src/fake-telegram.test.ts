import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTelegramHtml, startFakeTelegram } from './fake-telegram.ts';

const send = (url: string, token: string, body: Record<string, string>) =>
  fetch(`${url}/bot${token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('fake Telegram Bot API', () => {
  it('answers sendMessage with a full Message and records token, chat id, text and parse mode', async () => {
    const tg = await startFakeTelegram();
    try {
      const res = await send(tg.url, '123:ABC', {
        chat_id: '-1001234567890',
        text: '<b>hi</b> &amp; bye',
        parse_mode: 'HTML',
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        ok: boolean;
        result: { message_id: number; date: number; chat: { id: number; type: string }; text: string };
      };
      assert.equal(body.ok, true);
      assert.equal(body.result.message_id, 1);
      assert.ok(Math.abs(body.result.date - Date.now() / 1000) < 5);
      assert.deepEqual([body.result.chat.id, body.result.chat.type], [-1001234567890, 'supergroup']);
      assert.equal(body.result.text, 'hi & bye', 'entities decoded, tags stripped, as Telegram returns it');
      const [r] = tg.delivered();
      assert.deepEqual(
        [r!.token, r!.chatId, r!.text, r!.parseMode, r!.status],
        ['123:ABC', '-1001234567890', '<b>hi</b> &amp; bye', 'HTML', 200],
      );
    } finally {
      await tg.close();
    }
  });

  it('injects failures in order, then succeeds; rejects unknown tokens; rejects bad HTML like Telegram', async () => {
    const tg = await startFakeTelegram();
    try {
      tg.failNext(1, { status: 500 });
      tg.failNext(1, { status: 429, description: 'Too Many Requests: retry after 5', retryAfter: 5 });
      const a = await send(tg.url, 't:1', { chat_id: '1', text: 'x' });
      assert.equal(a.status, 500);
      assert.equal(((await a.json()) as { ok: boolean }).ok, false);
      const b = await send(tg.url, 't:1', { chat_id: '1', text: 'x' });
      assert.deepEqual(((await b.json()) as { parameters: unknown }).parameters, { retry_after: 5 });
      assert.equal((await send(tg.url, 't:1', { chat_id: '1', text: 'x' })).status, 200);

      tg.acceptTokens(['good:1']);
      assert.equal((await send(tg.url, 'old:1', { chat_id: '1', text: 'x' })).status, 401);
      assert.equal((await send(tg.url, 'good:1', { chat_id: '1', text: 'x' })).status, 200);

      const bad = await send(tg.url, 'good:1', { chat_id: '1', text: 'a < b', parse_mode: 'HTML' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { description: string }).description, /can't parse entities/);
      assert.equal((await send(tg.url, 'good:1', { chat_id: '1', text: '' })).status, 400);
      assert.deepEqual(
        tg.requests.map((r) => r.status),
        [500, 429, 200, 401, 200, 400, 400],
      );
    } finally {
      await tg.close();
    }
  });

  it('waitFor resolves on a later delivery and times out with what it saw', async () => {
    const tg = await startFakeTelegram();
    try {
      const waiting = tg.waitFor((r) => r.text === 'later', 5000);
      await send(tg.url, 't:1', { chat_id: '1', text: 'earlier' });
      await send(tg.url, 't:1', { chat_id: '1', text: 'later' });
      assert.equal((await waiting).text, 'later');
      await assert.rejects(
        tg.waitFor((r) => r.text === 'never', 200),
        /no matching sendMessage within 200 ms[\s\S]*"earlier"/,
      );
    } finally {
      await tg.close();
    }
  });

  it('parses Telegram HTML: allowed tags, entities, balance', () => {
    assert.equal(
      parseTelegramHtml('<b>x</b> <a href="https://e/x?a=1&amp;b=2">r</a> &lt;&#34;&#x41;'),
      'x r <"A',
    );
    assert.throws(() => parseTelegramHtml('<script>x</script>'), /unsupported start tag "script"/);
    assert.throws(() => parseTelegramHtml('<b>x'), /end tag/);
    assert.throws(() => parseTelegramHtml('<b>x</i>'), /end tag/);
    assert.throws(() => parseTelegramHtml('fish & chips'), /unescaped "&"/);
  });
});
