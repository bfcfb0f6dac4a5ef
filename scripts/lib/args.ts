import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse command-line flags; on a mistake print the usage in Chinese and exit 2. */
export function cliArgs<const T extends Options>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n用法：${usage}\n`);
    process.exit(2);
  }
}
