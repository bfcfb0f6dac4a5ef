import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_OFFICE_HOURS, DEFAULT_OFFICE_TIMEZONE, OfficeHours } from './assistant/office-hours.js';

/** Every setting the product reads from the environment, parsed once. Defaults make `npm start` work offline. */
const schema = z.object({
  /** PostgreSQL URL; unset = embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Where embedded data lives: PGlite database, spool, built indexes. */
  DATA_DIR: z.string().default('./data'),
  /** The knowledge base folder (laws, guides, lexicon, policies). */
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  /** HTTP port of the web chat and office console. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Address the web server listens on. Default 127.0.0.1: `npm start` on a workstation is reachable from
   * that machine only (and from a reverse proxy on it); 0.0.0.0 (or ::) serves every interface.
   */
  HOST: z.string().trim().min(1).regex(/^[0-9A-Za-z.:%_-]+$/, { error: '应为监听地址，如 127.0.0.1、0.0.0.0 或 ::' }).default('127.0.0.1'),
  /**
   * A reverse proxy in front terminates TLS and is trusted: X-Forwarded-Proto decides Secure cookies and
   * the last X-Forwarded-For entry is the client address (per-address limit). Off by default: without a
   * proxy those headers are the client's to forge.
   */
  TRUST_PROXY: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: '应为 1 或 0（true/false）' }))
    .default('0')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** OpenAI-compatible service; without a key the offline answerer and local embedder serve. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  /** Days raw chat text is kept in the ledger before it is blanked (0 = keep forever). */
  CHAT_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  WECHATY_PUPPET: z.string().min(1).optional(),
  WECHATY_PUPPET_TOKEN: z.string().min(1).optional(),
  /**
   * Chat identities of staff who may use staff commands in chat (reply to a hand-off, close it,
   * broadcast, today's figures): comma-separated channel:id, e.g. "telegram:12345,wechat:wxid_abc".
   * Default: nobody.
   */
  STAFF_IDS: z
    .string()
    .default('')
    .transform((v) => v.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(telegram|wechat|web|console):.+$/, { error: '应为 渠道:账号，如 telegram:12345' }))),
  /** Messages one contact may send per minute before the bot asks them to slow down. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Web chat messages one client address may send per minute (the contact id is the client's to pick). */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(120),
  /**
   * When staff answer hand-offs, told to a user waiting outside them: "mon-fri 08:30-12:00,14:30-17:30",
   * groups separated by ";" (e.g. "; sat 09:00-12:00"), in OFFICE_TIMEZONE. Holidays are not modelled.
   */
  OFFICE_HOURS: z.string().default(DEFAULT_OFFICE_HOURS),
  OFFICE_TIMEZONE: z.string().default(DEFAULT_OFFICE_TIMEZONE),
});

export type Config = z.infer<typeof schema> & { dataDir: string; knowledgeDir: string; officeHours: OfficeHours };

/** Parse an environment (default: process.env). Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  let officeHours: OfficeHours;
  try {
    officeHours = OfficeHours.parse(c.OFFICE_HOURS, c.OFFICE_TIMEZONE);
  } catch (err) {
    throw new Error(`Invalid configuration:\n  OFFICE_HOURS: ${(err as Error).message}`);
  }
  return { ...c, dataDir: path.resolve(c.DATA_DIR), knowledgeDir: path.resolve(c.KNOWLEDGE_DIR), officeHours };
}
