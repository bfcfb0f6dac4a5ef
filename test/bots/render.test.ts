import { describe, expect, it } from 'vitest';
import { escapeHtml, splitForTelegram, toTelegramMessages, TELEGRAM_LIMIT } from '../../bots/telegram/render.js';
import { toWechatTexts } from '../../bots/wechat/render.js';

describe('Telegram rendering', () => {
  it('escapes & < > for parse_mode HTML', () => {
    expect(escapeHtml('工资<3000 & 加班>36小时')).toBe('工资&lt;3000 &amp; 加班&gt;36小时');
  });

  it('splits long answers under 4096 escaped characters, never inside an entity, keeping all text', () => {
    const para = '第一条 用人单位应当依法支付工资 & 加班费 <不得克扣>。';
    const text = Array.from({ length: 400 }, (_, i) => `${i}${para}`).join('\n');
    const pieces = splitForTelegram(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(escapeHtml(p).length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    const msgs = toTelegramMessages({ text, buttons: [[{ label: '👍', data: 'fb:h:k' }]] });
    expect(msgs.at(-1)!.markup).toBeDefined();
    expect(msgs[0]!.markup).toBeUndefined();
    expect(msgs.every((m) => !/&(?!amp;|lt;|gt;)/.test(m.text))).toBe(true);
    const blob = splitForTelegram('&'.repeat(5000));
    expect(blob.every((p) => escapeHtml(p).length <= TELEGRAM_LIMIT)).toBe(true);
    expect(blob.join('')).toHaveLength(5000);
  });
});

describe('WeChat rendering', () => {
  it('turns buttons into numbered choices and feedback into a hint', () => {
    expect(toWechatTexts({ text: '请选择', buttons: [[{ label: '老城区', data: 'a' }, { label: '西工区', data: 'b' }]] })[0]).toMatch(/1\. 老城区\n2\. 西工区/);
    expect(toWechatTexts({ text: '答复', buttons: [[{ label: '👍', data: 'fb:h:x' }]] })[0]).toMatch(/回复“有用”/);
    expect(toWechatTexts({ text: '长'.repeat(4000) }).length).toBeGreaterThan(2);
  });
});
