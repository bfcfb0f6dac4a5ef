/**
 * The Telegram emulator and the proxy the outreach tests put in front of it (telegramHarness.ts) must never
 * drop a request themselves: a clean CI run on a loaded 2-core machine failed with an unhandled
 * `fetch failed` / `read ECONNRESET` from the proxy. Two causes, each shown here: a server closing an idle
 * keep-alive connection just as the client sends its next request on it, and the emulator stopped while
 * the proxy still had a request on its way to it.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmulator, TelegramProxy, type Emulator } from './telegramHarness.js';

/** Longer than Node's default keep-alive timeout (5 s, closed at about 6 s in Node 20) that closed idle connections. */
const PAUSE_MS = 7_000;

const getMe = (host: string) => `POST /bot1:test/getMe HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;

/** One connection, as a client's keep-alive pool holds it: a request, a pause, the next request on it. */
async function requestAfterPause(url: string): Promise<{ closedDuringPause: boolean; second: string }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let closedDuringPause = false;
  socket.on('end', () => (closedDuringPause = true));
  socket.on('error', () => (closedDuringPause = true));
  const nextData = () => new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  await new Promise((r) => socket.once('connect', r));
  const first = nextData();
  socket.write(getMe(`${hostname}:${port}`));
  expect(await first).toMatch(/^HTTP\/1\.1 200/);
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  const second = closedDuringPause ? Promise.resolve('') : nextData();
  if (!closedDuringPause) socket.write(getMe(`${hostname}:${port}`));
  const answer = await second;
  socket.destroy();
  return { closedDuringPause, second: answer };
}

const sendMessage = (proxy: TelegramProxy, text: string) =>
  fetch(`${proxy.url}/bot1:test/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: 7, text }) });

describe('the Telegram emulator and its proxy in tests', () => {
  let emu: Emulator;
  afterAll(async () => {
    await emu?.stop();
  });

  it('keep an idle connection open, so a request sent on it after a pause is answered', { timeout: 20_000 }, async () => {
    emu = await startEmulator();
    const proxy = await new TelegramProxy(emu.url).start();
    const [direct, proxied] = await Promise.all([requestAfterPause(emu.url), requestAfterPause(proxy.url)]);
    expect(direct).toEqual({ closedDuringPause: false, second: expect.stringMatching(/^HTTP\/1\.1 200/) });
    expect(proxied).toEqual({ closedDuringPause: false, second: expect.stringMatching(/^HTTP\/1\.1 200/) });
    await proxy.stop();
  });

  it('answers a request already on its way when stop() is called, so the emulator can stop right after', async () => {
    emu ??= await startEmulator();
    const proxy = await new TelegramProxy(emu.url).start();
    let stopped: Promise<void> | undefined;
    // The request has reached the proxy; the test is over for whoever stops the proxy now.
    proxy.decide = () => {
      setImmediate(() => (stopped = proxy.stop()));
      return 'pass';
    };
    const res = await sendMessage(proxy, '通知一');
    expect(await res.json()).toMatchObject({ ok: true, result: { text: '通知一' } });
    await stopped;
    expect(emu.server.storage.botMessages.map((m) => m.message.text)).toContain('通知一');
  });

  it('answers 502 for a request the emulator did not answer, and stop() then fails naming it', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const proxy = await new TelegramProxy(nobody).start();
    const res = await sendMessage(proxy, '通知二');
    expect(res.status).toBe(502);
    await expect(proxy.stop()).rejects.toThrow(/failed 1 forwarded request\(s\): \/bot1:test\/sendMessage \(fetch failed: connect ECONNREFUSED/);
  });
});
