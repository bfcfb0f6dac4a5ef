/**
 * npm run create-admin -- --name <用户名> --password <密码> [--display-name 姓名]
 * Creates the office console's first admin account (or resets that account's password and unlocks it).
 * Uses DATABASE_URL, or PGlite in DATA_DIR, like every other command.
 */
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { LedgerValidationError, openLedger } from '../src/ledger/index.js';
import { createAdmin } from '../src/office/create-admin.js';
import { cliArgs } from './lib/args.js';

installCliErrorHandlers();
const usage = 'npm run create-admin -- --name <用户名> --password <密码> [--display-name 姓名]';
const { values } = cliArgs({ name: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } }, usage);
if (!values.name || !values.password) {
  process.stderr.write(`请给出用户名和密码。\n用法：${usage}\n`);
  process.exit(2);
}

const ledger = await openLedger(loadConfig());
try {
  const { staff, created } = await createAdmin(ledger, {
    username: values.name,
    password: values.password,
    ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
  });
  process.stdout.write(created ? `已创建管理员账户 ${staff.username}（${staff.displayName}）。\n` : `账户 ${staff.username} 已设为管理员，密码已重置并解除锁定。\n`);
} catch (err) {
  process.stderr.write(`${err instanceof LedgerValidationError || err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await ledger.close();
}
