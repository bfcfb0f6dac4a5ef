import type { Ledger } from '../../src/ledger/index.js';

/** First chat id used for generated Telegram recipients. */
export const CHAT_BASE = 700_000;

/** n Telegram contacts (chat ids CHAT_BASE+1 …) and one notice queued to all of them. Returns the notice id. */
export async function seedBroadcast(ledger: Ledger, n: number): Promise<{ noticeId: number; chatIds: string[] }> {
  await ledger.db.query(
    `INSERT INTO contacts (channel, external_id, display_name)
     SELECT 'telegram', ($1::bigint + g)::text, '联系人' || g FROM generate_series(1, $2::int) g
     ON CONFLICT (channel, external_id) DO NOTHING`,
    [CHAT_BASE, n],
  );
  const contacts = await ledger.db.query<{ id: number; externalId: string }>(
    `SELECT id, external_id AS "externalId" FROM contacts WHERE channel = 'telegram' ORDER BY id LIMIT $1`,
    [n],
  );
  const notice = await ledger.notices.create({ title: '测试通知', body: '这是一条发送测试通知。', topic: '测试' });
  await ledger.outbox.enqueue({ noticeId: notice.id, recipients: contacts.map((c) => ({ contactId: c.id, channel: 'telegram' as const })) });
  return { noticeId: notice.id, chatIds: contacts.map((c) => c.externalId) };
}
