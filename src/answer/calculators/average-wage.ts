/**
 * The city's published average monthly wage (knowledge/data/average-wage.yaml), used for the 第四十七条第二款
 * severance cap. The office enters each year's figure; until then `monthly` is null and the cap cannot be checked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from '../../kb/yaml.js';
import { parseDate } from './dates.js';

const entry = z
  .object({
    year: z.number().int().min(2000).max(2100),
    city: z.string().min(1),
    monthly: z.number().positive().nullable(),
    source: z.string().min(1).nullable(),
    todo: z.string().optional(),
  })
  .refine((e) => e.monthly === null || e.source !== null, { message: '填写了 monthly 就必须写明 source（公布出处）' });

const schema = z.array(entry).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const key = `${e.city}#${e.year}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'year'], message: `${e.city}${e.year}年度重复` });
    seen.add(key);
  });
});

export type AverageWageEntry = z.infer<typeof entry>;

/** One year's figure as handed to the severance calculator (monthly null = not entered by the office). */
export interface AverageWage {
  year: number;
  city: string;
  monthly: number | null;
  source: string | null;
}

export const AVERAGE_WAGE_FILE = 'data/average-wage.yaml';

export function parseAverageWages(text: string, file = AVERAGE_WAGE_FILE): AverageWageEntry[] {
  return parseYaml(text, file, schema);
}

/** Read knowledge/data/average-wage.yaml; throws KnowledgeParseError naming the field when it is malformed. */
export function loadAverageWages(knowledgeDir: string): AverageWageEntry[] {
  return parseAverageWages(readFileSync(path.join(knowledgeDir, AVERAGE_WAGE_FILE), 'utf8'));
}

/**
 * The figure for a termination on `date`: the previous calendar year's average (上年度职工月平均工资).
 * Returns a figure with monthly null (and the year asked for) when the office has not entered it, so the
 * calculator can say exactly which year is missing.
 */
export function averageWageFor(table: AverageWageEntry[], date: string, city = '洛阳市'): AverageWage {
  const year = parseDate(date).y - 1;
  const hit = table.find((e) => e.year === year && e.city === city);
  return { year, city, monthly: hit?.monthly ?? null, source: hit?.source ?? null };
}
