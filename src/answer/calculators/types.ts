/** Shapes shared by the deterministic legal calculators (src/answer/calculators/*). */
import type { Figure } from '../types.js';

/**
 * An article a calculation rests on. `law` is the law's file name in knowledge/laws (official title without
 * 中华人民共和国), the same shape as a guide card's `cites`; the composer resolves it to a full Citation
 * (label, exact quote, unverified flag) from the knowledge base. For a notice without articles
 * (`units: sections`) `article` is the section number (二、 → 2).
 */
export interface LawRef {
  law: string;
  article: number;
}

/** A local policy (knowledge/policies/*.yaml) a figure comes from; not a statute, so never a Citation. */
export interface PolicyRef {
  id: string;
  title: string;
  /** null when the office has not found the document number. */
  docNumber: string | null;
  issuer: string;
  effective: string;
  /** true only when the office has checked the figures against the original document. */
  verified: boolean;
  source: string;
}

/** What every calculator returns. */
export interface CalcResult {
  /** The answer itself; one of `figures` (the last one unless the calculator says otherwise). */
  primary: Figure;
  /** Every figure in reading order: inputs as understood, intermediate steps, then the result. */
  figures: Figure[];
  /** Articles the calculation rests on, most decisive first. */
  citations: LawRef[];
  /** Plain-Chinese caveats: assumptions made, facts not checked, where local practice differs. */
  notes: string[];
  /** Local policies used (marked as local policy, with document and verified flag). */
  policies: PolicyRef[];
}

/** A length of time as people state it: whole months plus extra days (3年6个月 = 42 months). */
export interface Duration {
  months: number;
  days?: number;
}

/**
 * Dates are ISO strings, YYYY-MM-DD. A service period runs from `start` (用工之日, the first day worked)
 * to `end` (the last day, inclusive).
 */
export interface DatePeriod {
  start: string;
  end: string;
}

/** Thrown when a calculator is given impossible input (negative wage, end before start…). */
export class CalculatorInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CalculatorInputError';
  }
}
