import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Telegram Bot API on a free loopback port, for Alertmanager's telegram receiver (`api_url: fake.url`).
 *
 * `sendMessage` answers with a FULL `Message` (message_id, date, chat{id,type}, text): Alertmanager 0.25 reads
 * `result.chat.id` and crashes the whole process on a bare `{"ok":true,"result":{"message_id":1}}`
 * (research/monitoring.md §4). Alertmanager sends every field as a string, chat_id and booleans included.
 * With parse_mode HTML the text is checked like Telegram does: only its tags, only its entities, balanced;
 * otherwise 400 "can't parse entities", so a template that forgets to escape fails the test.
 */
export interface TelegramRequest {
  /** Bot API method from the path, e.g. `sendMessage`. */
  method: string;
  /** The bot token from `/bot<token>/<method>`. */
  token: string;
  chatId: string | undefined;
  text: string | undefined;
  parseMode: string | undefined;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface TelegramFailure {
  status?: number;
  description?: string;
  /** Sent as `parameters.retry_after` (Alertmanager 0.25 ignores it). */
  retryAfter?: number;
}

export interface FakeTelegram {
  /** Base URL for `api_url` (no trailing slash: Alertmanager would double it). */
  readonly url: string;
  readonly requests: readonly TelegramRequest[];
  /** sendMessage requests that were answered 200 (delivered). */
  delivered(): TelegramRequest[];
  /** The next `count` requests fail with `failure` (default 500 "Internal Server Error (fake)"). */
  failNext(count: number, failure?: TelegramFailure): void;
  /** Only these tokens are accepted; others get 401 Unauthorized (as Telegram does). Undefined accepts any. */
  acceptTokens(tokens: readonly string[] | undefined): void;
  /** Resolves with the first delivered sendMessage (past or future) matching `pred`, or rejects after `timeoutMs`. */
  waitFor(pred: (r: TelegramRequest) => boolean, timeoutMs?: number): Promise<TelegramRequest>;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'blockquote',
]);

/** Telegram's HTML rules for parse_mode HTML; returns the plain text, or throws with Telegram's wording. */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let plain = '';
  const re =
    /<(\/?)([a-zA-Z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>|&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]|[^<>&]+/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const [tok, close, tag, , entity] = m;
    if (tag) {
      const t = tag.toLowerCase();
      if (!ALLOWED_TAGS.has(t)) throw new Error(`can't parse entities: unsupported start tag "${t}"`);
      if (close) {
        if (stack.pop() !== t)
          throw new Error(`can't parse entities: can't find end tag corresponding to start tag "${t}"`);
      } else stack.push(t);
    } else if (entity) {
      const map: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
      plain +=
        map[entity] ??
        String.fromCodePoint(Number(entity.startsWith('#x') ? `0x${entity.slice(2)}` : entity.slice(1)));
    } else if (tok === '<' || tok === '>' || tok === '&') {
      throw new Error(`can't parse entities: unescaped "${tok}"`);
    } else plain += tok;
  }
  if (stack.length > 0)
    throw new Error(`can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return plain;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const requests: TelegramRequest[] = [];
  const failures: TelegramFailure[] = [];
  let accepted: readonly string[] | undefined;
  let nextId = 1;
  const waiters = new Set<() => void>();

  function answer(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return status;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const at = Date.now();
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      let body: Record<string, unknown> = {};
      try {
        body = await readBody(req);
      } catch {
        answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
        return;
      }
      if (!m) {
        answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const [, token = '', method = ''] = m;
      const rec: TelegramRequest = {
        method,
        token: decodeURIComponent(token),
        chatId: str(body.chat_id),
        text: str(body.text),
        parseMode: str(body.parse_mode),
        body,
        status: 0,
        at,
      };
      requests.push(rec);
      rec.status = respond(rec, res);
      for (const w of waiters) w();
    })();
  });

  function respond(rec: TelegramRequest, res: ServerResponse): number {
    const failure = failures.shift();
    if (failure) {
      const status = failure.status ?? 500;
      return answer(res, status, {
        ok: false,
        error_code: status,
        description: failure.description ?? 'Internal Server Error (fake)',
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    if (accepted && !accepted.includes(rec.token)) {
      return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    if (rec.method === 'getMe') {
      return answer(res, 200, {
        ok: true,
        result: { id: 1, is_bot: true, first_name: 'ZakupAI test bot', username: 'zakupai_test_bot' },
      });
    }
    if (rec.method !== 'sendMessage') {
      return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
    if (!rec.chatId)
      return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    if (!rec.text)
      return answer(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message text is empty',
      });
    let text = rec.text;
    if ((rec.parseMode ?? '').toUpperCase() === 'HTML') {
      try {
        text = parseTelegramHtml(rec.text);
      } catch (e) {
        return answer(res, 400, {
          ok: false,
          error_code: 400,
          description: `Bad Request: ${(e as Error).message}`,
        });
      }
    }
    const numeric = /^-?\d+$/.test(rec.chatId);
    const chat = numeric
      ? {
          id: Number(rec.chatId),
          type: rec.chatId.startsWith('-100')
            ? 'supergroup'
            : rec.chatId.startsWith('-')
              ? 'group'
              : 'private',
          title: 'ZakupAI alerts',
        }
      : { id: -1009999999999, type: 'channel', username: rec.chatId.replace(/^@/, '') };
    return answer(res, 200, {
      ok: true,
      result: {
        message_id: nextId++,
        from: { id: 1, is_bot: true, first_name: 'ZakupAI test bot', username: 'zakupai_test_bot' },
        date: Math.floor(rec.at / 1000),
        chat,
        text,
      },
    });
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const delivered = () => requests.filter((r) => r.method === 'sendMessage' && r.status === 200);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    failNext(count, failure = {}) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    acceptTokens(tokens) {
      accepted = tokens;
    },
    waitFor(pred, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = delivered().find(pred);
          if (!hit) return false;
          cleanup();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = requests
            .map((r) => `${r.status} ${r.method} ${JSON.stringify(r.text ?? '')}`)
            .join('\n  ');
          reject(
            new Error(
              `fake telegram: no matching sendMessage within ${timeoutMs} ms; saw:\n  ${seen || '(nothing)'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(listener);
        };
        const listener = () => void check();
        if (!check()) waiters.add(listener);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
