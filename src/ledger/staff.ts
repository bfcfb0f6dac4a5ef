import { z } from 'zod';
import type { Db } from './db.js';
import { parseInput, text, translateConstraintError } from './validate.js';

/** Office staff accounts. Password hashing itself lives with sign-in (src/office); this keeps the hash. */
export const STAFF_ROLES = { admin: '管理员', coordinator: '协调员', viewer: '查看者' } as const;
export type StaffRole = keyof typeof STAFF_ROLES;

export interface Staff {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  phone: string | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  active: boolean;
  createdAt: Date;
}

const LABELS: Record<string, string> = { username: '用户名', displayName: '姓名', role: '角色', phone: '手机号', passwordHash: '密码' };

const roleSchema = z.enum(Object.keys(STAFF_ROLES) as [StaffRole, ...StaffRole[]], { error: '应为 admin（管理员）、coordinator（协调员）、viewer（查看者）之一' });

const createInput = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9_.-]{2,40}$/, { error: '只能用2–40位小写字母、数字、点、下划线或连字符' }),
  displayName: text(50),
  role: roleSchema,
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, { error: '应为11位手机号' }).nullable().optional(),
  passwordHash: z.string().min(20, { error: '应为密码散列值，不是明文密码' }).nullable().optional(),
});

const COLUMNS = `id, username, display_name AS "displayName", role, phone, failed_attempts AS "failedAttempts",
  locked_until AS "lockedUntil", active, created_at AS "createdAt"`;

export function staffRepo(db: Db) {
  return {
    async create(data: z.input<typeof createInput>): Promise<Staff> {
      const s = parseInput(createInput, data, '工作人员', LABELS);
      try {
        const rows = await db.query<Staff>(
          `INSERT INTO staff (username, display_name, role, phone, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [s.username, s.displayName, s.role, s.phone ?? null, s.passwordHash ?? null],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '工作人员', { staff_username_key: { field: 'username', message: `用户名${s.username}已被使用` } });
      }
    },

    /** Insert unless the username exists (demo seed, first admin). */
    async ensure(data: z.input<typeof createInput>): Promise<Staff> {
      const s = parseInput(createInput, data, '工作人员', LABELS);
      await db.query(
        `INSERT INTO staff (username, display_name, role, phone, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
        [s.username, s.displayName, s.role, s.phone ?? null, s.passwordHash ?? null],
      );
      return (await db.query<Staff>(`SELECT ${COLUMNS} FROM staff WHERE username = $1`, [s.username]))[0]!;
    },

    async get(id: number): Promise<Staff | undefined> {
      return (await db.query<Staff>(`SELECT ${COLUMNS} FROM staff WHERE id = $1`, [id]))[0];
    },

    /** For sign-in: the account with its password hash. */
    async findForLogin(username: string): Promise<(Staff & { passwordHash: string | null }) | undefined> {
      return (
        await db.query<Staff & { passwordHash: string | null }>(
          `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM staff WHERE username = $1`,
          [username.trim()],
        )
      )[0];
    },

    async list(): Promise<Staff[]> {
      return db.query<Staff>(`SELECT ${COLUMNS} FROM staff ORDER BY id`);
    },

    async setPasswordHash(id: number, passwordHash: string): Promise<void> {
      parseInput(createInput.pick({ passwordHash: true }), { passwordHash }, '工作人员', LABELS);
      await db.query(`UPDATE staff SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
    },

    async setRole(id: number, role: StaffRole): Promise<void> {
      const r = parseInput(z.strictObject({ role: roleSchema }), { role }, '工作人员', LABELS);
      await db.query(`UPDATE staff SET role = $2, updated_at = now() WHERE id = $1`, [id, r.role]);
    },

    async setActive(id: number, active: boolean): Promise<void> {
      await db.query(`UPDATE staff SET active = $2, updated_at = now() WHERE id = $1`, [id, active]);
    },

    /**
     * Count a failed sign-in; the maxAttempts-th failure locks the account for lockMs. One statement,
     * so concurrent attempts cannot both slip under the limit.
     */
    /**
     * Count a sign-in attempt before its password is checked, in one statement: of any number of attempts
     * made at once, at most `maxAttempts` get through before the lock (counting after the ~70 ms check let
     * 30 parallel guesses through). Returns undefined when the account is locked (or unknown).
     */
    async reserveLoginAttempt(username: string, maxAttempts = 5, lockMs = 15 * 60_000): Promise<{ failedAttempts: number } | undefined> {
      const rows = await db.query<{ failedAttempts: number }>(
        `UPDATE staff SET
           failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
           locked_until = CASE
             WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END) >= $2
             THEN now() + ($3::double precision * interval '1 millisecond') ELSE NULL END,
           updated_at = now()
         WHERE username = $1 AND (locked_until IS NULL OR locked_until <= now() OR failed_attempts < $2)
         RETURNING failed_attempts AS "failedAttempts"`,
        [username.trim(), maxAttempts, lockMs],
      );
      return rows[0];
    },

    async recordSuccessfulLogin(id: number): Promise<void> {
      await db.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE id = $1`, [id]);
    },
  };
}

export type StaffRepo = ReturnType<typeof staffRepo>;
