import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Logger factory. Logs leave the process (files, collectors), so personal data is masked here,
 * once, rather than trusting every call site: mainland mobile numbers, 18-digit ID numbers,
 * credentials in URLs, and the values of secret-looking keys.
 */

// 18-digit resident ID (17 digits + digit/X), not glued to other letters or digits.
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
// Mainland mobile 1[3-9]xxxxxxxxx, optionally written with +86 / 86 in front.
const MOBILE = /(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
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
    (copy as unknown as Record<string, unknown>)[key] = isSecretKey(key) ? REDACTED : maskValue((err as unknown as Record<string, unknown>)[key], seen);
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
