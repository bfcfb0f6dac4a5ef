import type { Ledger, Staff } from '../ledger/index.js';
import { hashPassword, passwordProblem } from './password.js';

/**
 * Create the first admin, or (same username) reset that account's password, make it an active admin
 * and lift any lock: the way back in when the only admin forgot the password.
 */
export async function createAdmin(ledger: Ledger, input: { username: string; password: string; displayName?: string }): Promise<{ staff: Staff; created: boolean }> {
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem);
  const username = input.username.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return ledger.transaction(async (tx) => {
    const existing = await tx.staff.findForLogin(username);
    if (!existing) {
      const staff = await tx.staff.create({ username, displayName: input.displayName ?? '系统管理员', role: 'admin', passwordHash });
      await tx.audit.append({ action: 'staff.create_admin', targetType: 'staff', targetId: staff.id, detail: { username, via: 'command line' } });
      return { staff, created: true };
    }
    await tx.staff.setPasswordHash(existing.id, passwordHash);
    await tx.staff.setRole(existing.id, 'admin');
    await tx.staff.setActive(existing.id, true);
    await tx.staff.recordSuccessfulLogin(existing.id);
    await tx.audit.append({ action: 'staff.reset_admin', targetType: 'staff', targetId: existing.id, detail: { username, via: 'command line' } });
    return { staff: (await tx.staff.get(existing.id))!, created: false };
  });
}
