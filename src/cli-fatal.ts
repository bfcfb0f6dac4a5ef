import { writeSync } from 'node:fs';

/**
 * Command-line tools end on an error with one readable line on stderr and exit code 1. Left to Node,
 * an error thrown inside a bundled library (PGlite is one minified file) prints the source line it was
 * thrown from: 160 KB of minified code on the terminal. Set LOG_LEVEL=debug to get the stack as well.
 */
export function errorLine(err: unknown): string {
  if (!(err instanceof Error)) return `出错了：${String(err).slice(0, 300)}`;
  const first = (err.message || err.name).split('\n')[0]!.trim();
  const text = first.length > 500 ? `${first.slice(0, 500)}…` : first;
  // Our own refusals are written for the reader (Chinese); anything else is labelled as an error.
  if (/[\u4e00-\u9fff]/.test(text)) return err.message.length > 2000 ? `${err.message.slice(0, 2000)}…` : err.message;
  const code = (err as { code?: unknown }).code;
  return `出错了：${text}${typeof code === 'string' && !text.includes(code) ? `（${code}）` : ''}`;
}

let installed = false;

export function installCliErrorHandlers(): void {
  if (installed) return;
  installed = true;
  const debug = /^(debug|trace)$/i.test(process.env.LOG_LEVEL ?? '');
  const fatal = (err: unknown) => {
    try {
      writeSync(2, `${errorLine(err)}\n`);
      if (debug && err instanceof Error && err.stack) writeSync(2, `${err.stack.slice(0, 4000)}\n`);
    } finally {
      process.exit(1);
    }
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
