import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Logger factory. Logs leave the process (files, collectors), so personal data is masked here,
 * once, rather than trusting every call site: mainland mobile numbers, ID, bank card and passport
 * numbers (also written with spaces or dashes), credentials in URLs, the values of secret-looking keys,
 * and the parameters of a failed SQL statement (they hold questions, answers and chat ids).
 */

// 18-digit resident ID (17 digits + digit/X), also as 6-8-4 groups, not glued to other letters or digits.
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})[ -]?\d{8}[ -]?(\d{3}[\dXx])(?![0-9A-Za-z])/g;
// Mainland mobile 1[3-9]xxxxxxxxx, also as 3-4-4 groups, optionally with +86 / 86 in front.
const MOBILE = /(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g;
// Bank cards: 16 to 19 digits, run together or in groups of four (dates and amounts are never that long).
const BANK_CARD = /(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![0-9A-Za-z])/g;
// Chinese passports: E/G/D/S/P/H, an optional second letter, 7 or 8 digits.
const PASSPORT = /(?<![0-9A-Za-z])([EGDSPHegdsph])[A-Za-z]?\d{3,4}(\d{4})(?![0-9A-Za-z])/g;
// Fields of a database error that carry the statement's values.
const STATEMENT_VALUES = new Set(['params', 'parameters', 'values', 'queryoptions', 'binds']);
// scheme://user:password@host — keep the user, hide the password.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/\s@"]*:)[^@\s/"\\]+@/gi;

const SECRET_KEYS = new Set([
  'password', 'passwd', 'pwd', 'passwordhash', 'secret', 'clientsecret', 'token', 'accesstoken',
  'refreshtoken', 'apikey', 'authorization', 'proxyauthorization', 'cookie', 'setcookie', 'privatekey',
]);

export const REDACTED = '[REDACTED]';

/** Mask phone numbers, ID numbers and URL passwords inside free text. */
export function maskText(text: string): string {
  return text
    .replace(ID_NUMBER, '$1********$2')
    .replace(MOBILE, '$1****$2')
    .replace(BANK_CARD, (card) => `****${card.replace(/\D/g, '').slice(-4)}`)
    .replace(PASSPORT, '$1****$2')
    .replace(URL_CREDENTIALS, '$1****@');
}

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  // Suffixes catch names like telegramBotToken, OPENAI_API_KEY, WECHATY_PUPPET_TOKEN.
  return SECRET_KEYS.has(k) || k.endsWith('token') || k.endsWith('secret') || k.endsWith('password') || k.endsWith('apikey');
}

/** Deep copy of a log payload with secrets redacted and personal data masked. */
export function maskValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'number' && Number.isInteger(value) && value > 1e10) {
    const masked = maskText(String(value));
    return masked === String(value) ? value : masked;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return maskError(value, seen);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== undefined && v !== null ? REDACTED : maskValue(v, seen);
  }
  return out;
}

/** A masked copy that is still an Error of the same class, so pino's err serializer reports its type. */
function maskError(err: Error, seen: WeakSet<object>): Error {
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error;
  for (const key of Object.keys(err)) {
    const value = (err as unknown as Record<string, unknown>)[key];
    let masked: unknown;
    if (isSecretKey(key) || STATEMENT_VALUES.has(key.toLowerCase())) masked = REDACTED;
    // "Key (idempotency_key)=(web:…) already exists.": the column names help, the values are the user's.
    else if (key === 'detail' && typeof value === 'string') masked = maskText(value.replace(/\)=\((.*?)\)(?= |\.|$)/g, ')=(…)'));
    else masked = maskValue(value, seen);
    (copy as unknown as Record<string, unknown>)[key] = masked;
  }
  Object.defineProperty(copy, 'message', { value: maskText(err.message), enumerable: false, writable: true, configurable: true });
  if (err.stack) Object.defineProperty(copy, 'stack', { value: maskText(err.stack), enumerable: false, writable: true, configurable: true });
  if (err.cause !== undefined) Object.defineProperty(copy, 'cause', { value: maskValue(err.cause, seen), enumerable: false, writable: true, configurable: true });
  return copy;
}

export interface LoggerSettings {
  level?: LoggerOptions['level'];
  name?: string;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    ...(settings.name ? { name: settings.name } : {}),
    formatters: {
      log: (obj) => maskValue(obj) as Record<string, unknown>,
      bindings: (bindings) => maskValue(bindings) as Record<string, unknown>,
    },
    // The message is serialized after printf-style interpolation, so this catches values passed as %s too.
    serializers: { msg: (m: unknown) => (typeof m === 'string' ? maskText(m) : m) },
  };
  const logger = settings.destination ? pino(options, settings.destination) : pino(options);
  // pino formats a child's bindings without the bindings formatter, so mask them on the way in.
  // Children inherit this `child` through their prototype, and `this` is always the logger called.
  const baseChild = logger.child;
  logger.child = function maskedChild(this: Logger, bindings, childOptions) {
    return baseChild.call(this, maskValue(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return logger;
}

export type { Logger };
