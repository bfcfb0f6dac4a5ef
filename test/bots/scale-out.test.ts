import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../bots/telegram/webhook.js';
import { startCluster, urlWithSchema, runNode, type Cluster } from '../../scripts/lib/cluster.js';
import { launchChromium } from '../helpers/browser.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';
import { startTelegramServer, TgUser, type TelegramServerT } from '../helpers/telegram.js';
import { adminClient, makeUscc, setupSuite, TEST_DATABASE_URL, uniqueName } from '../ledger/backends.js';

/** How long a Telegram reply may take: two processes, nginx, the emulator and Chromium share two busy cores. */
const TG_WAIT = 60_000;
/**
 * The Telegram steps run only with SCALE_OUT_TELEGRAM=1: in one of two clean `.ci/run`s on 2026-12-03 (and beside CPU hogs) the
 * emulator's webhook deliveries to the cluster stopped altogether (no reply in 60 s from the first message),
 * while in the other and when run alone they passed. Known and open (issue 15); the browser steps always run.
 */
const TELEGRAM = process.env.SCALE_OUT_TELEGRAM === '1';

/**
 * Scale-out as an operator would do it: two `npm start` processes on one PostgreSQL schema behind a real
 * nginx (round-robin, no stickiness), the web chat in headless Chromium and Telegram in webhook mode
 * (telegram-test-api) through it. Every message may reach either process, so each step below holds only
 * when the state it needs is shared: onboarding drafts, the previous question, the rate limit, hand-off
 * routes, the browser's pushed messages. Then one process is killed with SIGKILL and the conversations
 * go on through the other.
 */

const TOKEN = '515151:TEST-scale-out';
const STAFF = 7009;
const PASSWORD = 'Scale-out-2025';
const RATE_LIMITED = '您发送消息的速度有点快';

let root: string;
let schema: string;
let cluster: Cluster;
let telegram: TelegramServerT;
let relay: http.Server;
let db: pg.Pool;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let consoleCookie = '';
let uscc = 0;

/**
 * Telegram's side of webhook mode: the emulator posts updates to TELEGRAM_WEBHOOK_URL, but without the
 * secret-token header real Telegram adds; this relay adds it and forwards to nginx.
 */
function startRelay(target: () => string): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        fetch(`${target()}${req.url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': webhookSecret(TOKEN) },
          body: Buffer.concat(chunks),
        }).then(
          async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
          () => res.writeHead(502).end(),
        );
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function tgUser(id: number): TgUser {
  return new TgUser(telegram.getClient(TOKEN, { userId: id, chatId: id, firstName: `用户${id}` } as never));
}

/** Say something in the browser's chat and wait for a bot message after it that matches. */
async function say(text: string, expected: RegExp, timeout = 30_000): Promise<string> {
  const before = await page.locator('.msg.bot').count();
  await page.fill('#q', text);
  await page.keyboard.press('Enter');
  let found = '';
  await expect
    .poll(async () => {
      const texts = await page.locator('.msg.bot').allInnerTexts();
      found = texts.slice(Math.max(0, before - 1)).find((t) => expected.test(t)) ?? '';
      return found;
    }, { timeout, message: `no reply matching ${String(expected)} to "${text}"` })
    .not.toBe('');
  return found;
}

/** A web visitor outside the browser (the rate-limit step): posts and reads the NDJSON answer. */
class WebVisitor {
  cookie = '';
  private n = 0;
  async say(text: string): Promise<string[]> {
    const res = await fetch(`${cluster.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ messageId: `w${Date.now()}-${++this.n}`, text }),
    });
    const set = res.headers.getSetCookie();
    if (set.length) this.cookie = set.map((c) => c.split(';')[0]).join('; ');
    expect(res.status).toBe(200);
    return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reply?: { text: string } }).flatMap((l) => (l.reply ? [l.reply.text] : []));
  }
}

/** Sign in to the office console through the proxy (sessions and CSRF tokens are in the database). */
async function signIn(): Promise<string> {
  const login = await fetch(`${cluster.url}/office/login`);
  const csrfCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('office_login_csrf='))!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const res = await fetch(`${cluster.url}/office/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, username: 'admin', password: PASSWORD, next: '/office' }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('office_session='))!;
}

/** A staff reply (or close) from the console's consultation page, through the proxy. */
async function consoleAction(consultationId: number, action: 'reply' | 'handoff', fields: Record<string, string>): Promise<void> {
  const detail = await fetch(`${cluster.url}/office/consultations/${consultationId}`, { headers: { cookie: consoleCookie } });
  expect(detail.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await detail.text())![1]!;
  const res = await fetch(`${cluster.url}/office/consultations/${consultationId}/${action}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: consoleCookie },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
  expect(res.status, await res.text()).toBe(303);
}

/** The open hand-off of a chat, as the console lists it. */
async function openHandoff(keyPrefix: string): Promise<number> {
  let id = 0;
  await expect
    .poll(async () => {
      const rows = await db.query<{ id: number }>(
        `SELECT id FROM consultations WHERE idempotency_key LIKE $1 AND handoff_state IN ('requested', 'claimed') ORDER BY id DESC LIMIT 1`,
        [`${keyPrefix}%`],
      );
      id = Number(rows.rows[0]?.id ?? 0);
      return id;
    }, { timeout: 10_000 })
    .toBeGreaterThan(0);
  return id;
}

async function webChatId(): Promise<string> {
  const rows = await db.query<{ external_id: string }>(`SELECT external_id FROM contacts WHERE channel = 'web' AND display_name = '网页访客' ORDER BY id LIMIT 1`);
  return rows.rows[0]!.external_id;
}

async function registerOnTelegram(user: TgUser, name: string, between?: () => Promise<void>): Promise<void> {
  await user.say('注册');
  await user.expect(/第1步/, TG_WAIT);
  await user.say(name);
  await user.expect(/第2步/, TG_WAIT);
  await between?.();
  await user.say(makeUscc(++uscc));
  await user.expect(/第3步/, TG_WAIT);
  await user.say('C');
  await user.expect(/第4步/, TG_WAIT);
  await user.say('涧西区');
  await user.expect(/第5步/, TG_WAIT);
  await user.say('30');
  await user.expect(/登记完成/, TG_WAIT);
}

describe('two processes behind nginx (round-robin), one PostgreSQL schema', () => {
  setupSuite(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'scale-out-'));
    schema = uniqueName('scale_out');
    const admin = await adminClient();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    uscc = 5000 + Math.floor(Math.random() * 100_000);
    const databaseUrl = urlWithSchema(TEST_DATABASE_URL, schema);
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    telegram = await startTelegramServer();
    let target = '';
    relay = await startRelay(() => target);
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.config.apiURL,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/telegram/hook`,
      STAFF_IDS: `telegram:${STAFF}`, RATE_LIMIT_PER_MINUTE: '20', RATE_LIMIT_PER_ADDRESS: '100000',
    };
    const adminRun = await runNode('scripts/create-admin.ts', ['--name', 'admin', '--password', PASSWORD], {
      ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(root, 'admin'), LOG_LEVEL: 'silent',
    });
    if (adminRun.code !== 0) throw new Error(`create-admin failed: ${adminRun.out}`);
    cluster = await startCluster({ processes: 2, databaseUrl, root, indexDir: path.join(SHIPPED_DATA_DIR, 'index'), env });
    target = cluster.url;
    consoleCookie = await signIn();
    browser = await launchChromium('scale-out');
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(cluster.url);
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    await telegram?.stop();
    relay?.close();
    await db?.end();
    if (schema) {
      const admin = await adminClient();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('registers an enterprise step by step in the browser', { timeout: 120_000 }, async () => {
    await say('注册', /第1步/);
    await say('洛阳横向扩展网页测试有限公司', /第2步/);
    await say(makeUscc(++uscc), /第3步/);
    await say('C', /第4步/);
    await say('涧西区', /第5步/);
    await say('25', /登记完成/);
  });

  it.runIf(TELEGRAM)('registers an enterprise step by step on Telegram (webhook)', { timeout: 120_000 }, async () => {
    await registerOnTelegram(tgUser(7001), '洛阳横向扩展电报测试有限公司');
  });

  it('reads a follow-up with the question before it, in the browser and on Telegram', { timeout: 120_000 }, async () => {
    await say('干了3年月薪6000辞退要赔多少', /劳动关系是怎么结束的/);
    await say('那如果是公司违法解除呢？', /36,000元/);
    if (!TELEGRAM) return;
    const user = tgUser(7001);
    await user.say('干了3年月薪6000辞退要赔多少');
    await user.expect(/劳动关系是怎么结束的/, TG_WAIT);
    await user.say('那如果是公司违法解除呢？');
    await user.expect(/36,000元/, TG_WAIT);
  });

  it('counts the per-contact rate limit across both processes', { timeout: 120_000 }, async () => {
    const visitor = new WebVisitor();
    const replies: string[][] = [];
    for (let i = 1; i <= 23; i++) replies.push(await visitor.say(`你好，第${i}条`));
    const limited = replies.map((r, i) => (r.some((t) => t.includes(RATE_LIMITED)) ? i + 1 : 0)).filter(Boolean);
    // RATE_LIMIT_PER_MINUTE=20: messages 21–23 are over it, wherever they landed.
    expect(limited).toEqual([21, 22, 23]);
  });

  it('hands off to a person; the console’s reply is pushed to the browser', { timeout: 120_000 }, async () => {
    await say('人工', /已为您转接/);
    const id = await openHandoff(`web:${await webChatId()}:`);
    // Pushed, not polled: from the console's reply to the message on screen the page makes no request.
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => requests.push(r.url());
    page.on('request', onRequest);
    await consoleAction(id, 'reply', { text: '您好，我是涧西区人社局的王老师，请留下联系电话。' });
    await page.locator('.msg.bot', { hasText: '请留下联系电话' }).waitFor({ timeout: 15_000 });
    page.off('request', onRequest);
    expect(requests).toEqual([]);
    await consoleAction(id, 'handoff', { state: 'resolved' });
    await page.locator('.msg.bot', { hasText: '本次人工服务已结束' }).waitFor({ timeout: 15_000 });

    // The same on Telegram: the reply reaches the chat whichever process the console request reached.
    if (!TELEGRAM) return;
    const user = tgUser(7001);
    await user.say('人工');
    await user.expect(/已为您转接/, TG_WAIT);
    const tgId = await openHandoff('telegram:7001:');
    await consoleAction(tgId, 'reply', { text: '您好，电报用户，请留下联系电话。' });
    await user.expect(/【人社局工作人员回复】[\s\S]*电报用户/, TG_WAIT);
  });

  it.runIf(TELEGRAM)('delivers a broadcast to the browser and to Telegram', { timeout: 120_000 }, async () => {
    const staff = tgUser(STAFF);
    await staff.say('/broadcast 洛阳市人社局提醒：春节前请按时足额支付农民工工资。');
    await staff.expect(/已提交群发，共 \d+ 位联系人待发送/, TG_WAIT);
    await page.locator('.msg.bot', { hasText: '按时足额支付农民工工资' }).waitFor({ timeout: 30_000 });
    await tgUser(7001).expect(/按时足额支付农民工工资/, TG_WAIT);
  });

  it('keeps the conversation across a reload', { timeout: 60_000 }, async () => {
    await page.reload();
    await page.locator('.msg.user', { hasText: '洛阳横向扩展网页测试有限公司' }).waitFor({ timeout: 15_000 });
    await page.locator('.msg.bot', { hasText: '请留下联系电话' }).waitFor({ timeout: 15_000 });
    if (TELEGRAM) await page.locator('.msg.bot', { hasText: '按时足额支付农民工工资' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.msg.bot', { hasText: '36,000元' }).count()).toBeGreaterThan(0);
  });

  it('goes on through the other process after one is killed with SIGKILL mid-conversation', { timeout: 180_000 }, async () => {
    const user = tgUser(7003);
    // Half-way through onboarding on Telegram, and with a question asked in the browser, one process dies.
    await say('干了5年月薪8000辞退要赔多少', /劳动关系是怎么结束的/);
    if (TELEGRAM) {
      await registerOnTelegram(user, '洛阳横向扩展故障测试有限公司', async () => {
        await cluster.kill(cluster.apps[0]!);
      });
    } else {
      await cluster.kill(cluster.apps[0]!);
    }
    await say('那如果是公司违法解除呢？', /80,000元/);
    // The browser's event stream reconnects to the survivor; a console reply still reaches it.
    await say('人工', /已为您转接/);
    const id = await openHandoff(`web:${await webChatId()}:`);
    await consoleAction(id, 'reply', { text: '进程重启后的回复：请稍候。' });
    await page.locator('.msg.bot', { hasText: '进程重启后的回复' }).waitFor({ timeout: 30_000 });
  });
});
