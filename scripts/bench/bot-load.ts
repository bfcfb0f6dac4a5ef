/**
 * The far side of bench:bot, in its own thread so that it does not share the bot's CPU (in production
 * Telegram's servers are not in our process): telegram-test-api plus the simulated users.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

export interface LoadParams {
  token: string;
  users: number;
  messages: number;
  warmup: number;
}
export type LoadMessage = { type: 'ready'; apiURL: string } | { type: 'done'; latencies: number[]; seconds: number; sent: number };

const QUESTIONS = [
  '试用期最长可以约定多久？', '员工加班费怎么计算？', '没签劳动合同要付双倍工资吗？', '年休假有几天？', '经济补偿金怎么算？',
  '员工辞职要提前几天通知？', '女职工产假多少天？', '工伤认定要多长时间？', '最低工资标准是多少？', '劳务派遣用工比例有限制吗？',
];

const p = workerData as LoadParams;
const port = parentPort!;

let server: TelegramServer | undefined;
for (let i = 0; i < 10 && !server; i++) {
  const s = new TelegramServer({ port: 20_000 + Math.floor(Math.random() * 20_000), host: '127.0.0.1' });
  try {
    await s.start();
    server = s;
  } catch {
    /* port taken */
  }
}
if (!server) throw new Error('no free port for telegram-test-api');

// An answer is complete when its last piece (the one carrying the feedback buttons) arrives.
const waiting = new Map<string, () => void>();
let seen = 0;
server.on('AddedBotMessage', () => {
  const all = server!.storage.botMessages;
  for (; seen < all.length; seen++) {
    const m = all[seen]!.message as { chat_id: number | string; reply_markup?: unknown };
    if (!m.reply_markup) continue;
    const done = waiting.get(String(m.chat_id));
    waiting.delete(String(m.chat_id));
    done?.();
  }
});

async function user(u: number, count: number, latencies: number[]): Promise<void> {
  const id = 700_000 + u;
  const client = server!.getClient(p.token, { userId: id, chatId: id, firstName: `用户${u}` });
  for (let i = 0; i < count; i++) {
    const answered = new Promise<void>((resolve) => waiting.set(String(id), resolve));
    const t0 = performance.now();
    await client.sendMessage(client.makeMessage(QUESTIONS[(u + i) % QUESTIONS.length]!) as never);
    await answered;
    latencies.push(performance.now() - t0);
  }
}

port.postMessage({ type: 'ready', apiURL: server.config.apiURL } satisfies LoadMessage);
port.once('message', async () => {
  const warmUsers = Math.min(p.users, 10);
  await Promise.all(Array.from({ length: warmUsers }, (_, u) => user(u + p.users, p.warmup, [])));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: p.users }, (_, u) => user(u, p.messages, latencies)));
  const seconds = (performance.now() - t0) / 1000;
  await server!.stop();
  port.postMessage({ type: 'done', latencies, seconds, sent: warmUsers * p.warmup + p.users * p.messages } satisfies LoadMessage);
});
