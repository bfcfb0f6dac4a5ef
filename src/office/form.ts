/** Reading HTML form fields (parseBody output) into the shapes the ledger's validators expect. */
export type FormBody = Record<string, string | File | (string | File)[]>;

export function str(body: FormBody, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

/** Empty → null, a number → that number, anything else → the text (so the validator names the field). */
export function numOrNull(body: FormBody, key: string): number | string | null {
  const v = str(body, key)?.trim();
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

export function checked(body: FormBody, key: string): boolean {
  return str(body, key) === '1' || str(body, key) === 'on';
}

export function emptyToNull(body: FormBody, key: string): string | null {
  const v = str(body, key)?.trim();
  return v ? v : null;
}
