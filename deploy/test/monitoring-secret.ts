import type { BaoServer } from '@zakupai/testing/bao';
import { plant } from '@zakupai/testing/leak-audit';

/**
 * Writes `zakupai/monitoring`. Only the bot token is planted for the leak audit: the chat id is, by Telegram's
 * contract, echoed in every `sendMessage` reply (`result.chat.id`), and the fake Telegram serving that reply runs in
 * the test process, whose HTTP bodies the audit captures.
 */
export async function putMonitoringSecret(
  bao: BaoServer,
  s: { botToken: string; chatId: string },
): Promise<void> {
  plant(s.botToken);
  const r = await bao.api('POST', 'zakupai/data/monitoring', {
    data: { TELEGRAM_BOT_TOKEN: s.botToken, TELEGRAM_CHAT_ID: s.chatId },
  });
  if (r.status >= 300) throw new Error(`write zakupai/monitoring → ${r.status}`);
}
