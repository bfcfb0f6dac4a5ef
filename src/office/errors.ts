import { LedgerNotFoundError, LedgerValidationError } from '../ledger/index.js';

/** A message for the person at the form, or rethrow what is not their doing. */
export function userError(err: unknown): string {
  if (err instanceof LedgerValidationError) return err.message;
  if (err instanceof LedgerNotFoundError) return err.message;
  throw err;
}
