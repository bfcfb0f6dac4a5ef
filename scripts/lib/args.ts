import { parseArgs } from 'node:util';

/** Parse command-line flags; on a mistake print the usage in Chinese and exit 2. */
export function cliArgs<T extends Parameters<typeof parseArgs>[0]['options']>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n用法：${usage}\n`);
    process.exit(2);
  }
}
