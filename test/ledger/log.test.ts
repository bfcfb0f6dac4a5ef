import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskText, maskValue } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

describe('log masking', () => {
  it('masks mainland mobile numbers as 138****5678', () => {
    expect(maskText('联系电话13812345678，备用 19987654321')).toBe('联系电话138****5678，备用 199****4321');
    expect(maskText('+8613812345678')).toBe('+86138****5678');
    // Not a mobile: wrong second digit, or part of a longer number.
    expect(maskText('12812345678 和 013812345678')).toBe('12812345678 和 013812345678');
  });

  it('masks 18-digit ID numbers as first 6 + ******** + last 4', () => {
    expect(maskText('身份证号410305199001011234')).toBe('身份证号410305********1234');
    expect(maskText('ID 41030519900101123X end')).toBe('ID 410305********123X end');
    expect(maskText('11010519491231002x')).toBe('110105********002x');
  });

  it('leaves USCCs with letters and ordinary numbers alone', () => {
    expect(maskText('91350100M000100Y43 共 1200 人 2025-03-01')).toBe('91350100M000100Y43 共 1200 人 2025-03-01');
  });

  it('redacts secret keys at any depth and URL passwords', () => {
    const out = maskValue({
      password: 'hunter2',
      nested: { apiKey: 'sk-123', OPENAI_API_KEY: 'sk-456', Authorization: 'Bearer abc', telegramBotToken: '123:ABC', ok: 'fine' },
      DATABASE_URL: 'postgres://ledger:s3cret@db.internal:5432/prod',
      list: [{ token: 't' }],
    }) as Record<string, any>;
    expect(out.password).toBe('[REDACTED]');
    expect(out.nested.apiKey).toBe('[REDACTED]');
    expect(out.nested.OPENAI_API_KEY).toBe('[REDACTED]');
    expect(out.nested.Authorization).toBe('[REDACTED]');
    expect(out.nested.telegramBotToken).toBe('[REDACTED]');
    expect(out.nested.ok).toBe('fine');
    expect(out.DATABASE_URL).toBe('postgres://ledger:****@db.internal:5432/prod');
    expect(out.list[0].token).toBe('[REDACTED]');
  });

  it('masks what actually reaches the log: message, interpolated args, fields, errors, child bindings', () => {
    const { lines, logger } = capture();
    const child = logger.child({ contactPhone: '13912345678' });
    child.info({ question: '我的手机13812345678，身份证410305199001011234', password: 'pw', phone: 13800138000 }, '来电 %s', '15012345678');
    child.error({ err: new Error('lookup failed for 410305199001011234') }, 'failed');
    logger.warn('db %s', 'postgres://app:topsecret@127.0.0.1:5432/ledger');
    const all = lines.join('\n');
    for (const secret of ['13812345678', '410305199001011234', '15012345678', '13912345678', '13800138000', 'topsecret', '"pw"']) {
      expect(all).not.toContain(secret);
    }
    const first = JSON.parse(lines[0]!);
    expect(first.msg).toBe('来电 150****5678');
    expect(first.question).toBe('我的手机138****5678，身份证410305********1234');
    expect(first.password).toBe('[REDACTED]');
    expect(first.phone).toBe('138****8000');
    expect(first.contactPhone).toBe('139****5678');
    const second = JSON.parse(lines[1]!);
    expect(second.err.type).toBe('Error');
    expect(second.err.message).toBe('lookup failed for 410305********1234');
    expect(second.err.stack).not.toContain('410305199001011234');
    expect(JSON.parse(lines[2]!).msg).toBe('db postgres://app:****@127.0.0.1:5432/ledger');
  });
});

describe('log masking of nested loggers', () => {
  it('masks bindings of grandchildren and keeps each level\'s own bindings', () => {
    const { lines, logger } = capture();
    logger.child({ requestId: 'r1' }).child({ token: 'abc', contact: '13612345678' }).info('hi');
    const line = JSON.parse(lines[0]!);
    expect(line.requestId).toBe('r1');
    expect(line.token).toBe('[REDACTED]');
    expect(line.contact).toBe('136****5678');
  });

  it('does not break JSON around URLs without credentials', () => {
    expect(maskText('{"url":"http://host:8080","email":"a@b.cn"}')).toBe('{"url":"http://host:8080","email":"a@b.cn"}');
  });
});

describe('log masking of numbers written with separators, and of database errors', () => {
  it('masks mobiles with separators, IDs with spaces, bank cards and passports', () => {
    expect(maskText('电话138-1234-5678或138 1234 5678')).toBe('电话138****5678或138****5678');
    expect(maskText('身份证 410305 19900101 1234')).toBe('身份证 410305********1234');
    expect(maskText('卡号6222 0212 3456 7890 123，另一张6217000012345678901')).toBe('卡号****0123，另一张****8901');
    expect(maskText('护照E12345678，旧护照G1234567')).toBe('护照E****5678，旧护照G****4567');
    // Dates, amounts, USCCs and short ids stay readable.
    expect(maskText('2026-12-03 月薪8000 91350100M000100Y43 chat 123456789')).toBe('2026-12-03 月薪8000 91350100M000100Y43 chat 123456789');
  });

  it('leaves the parameters and the values in the detail of a failed statement out of the log', () => {
    const { lines, logger } = capture();
    const err = Object.assign(new Error('duplicate key value violates unique constraint "t_pkey"'), {
      detail: 'Key (idempotency_key)=(web:9f1c-session:42) already exists.',
      params: ['web:9f1c-session:42', '老板说我干了三年，月薪八千，要赔多少？'],
      query: 'insert into consultations (idempotency_key, question) values ($1, $2)',
    });
    logger.error({ err }, 'recording failed');
    const all = lines.join('\n');
    expect(all).toContain('recording failed');
    expect(all).toContain('insert into consultations');
    expect(all).not.toContain('9f1c-session');
    expect(all).not.toContain('月薪八千');
  });
});
