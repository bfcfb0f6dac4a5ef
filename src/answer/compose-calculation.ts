import type { SearchHit } from '../kb/index.js';
import type { Calculation } from './calculation/index.js';
import { CALC_TITLE } from './calculation/index.js';
import type { Answer, Citation, Handoff } from './types.js';
import { NEEDS_PERSON } from './handoff.js';

/** How many of the calculators' caveats a chat reply shows; the rest add length, not help. */
const MAX_NOTES = 4;

const money = (v: number, unit: string) => `${v.toLocaleString('zh-CN')}${unit}`;

/**
 * The reply to a question that asks for a figure: the result first, then the facts as read from the
 * user's words and the working, then the caveats and the articles it rests on. When a fact that changes the
 * figure is missing, the reply is that one question and nothing that could be read as a figure, so the
 * text and the figures always agree.
 */
export function composeCalculation(
  calc: Calculation,
  cite: (hit: SearchHit) => Citation,
  lookup: (law: string, n: number) => SearchHit | undefined,
  citationLines: (c: Citation[]) => string[],
  handoff: Handoff = { needed: false },
): Answer {
  const parts: string[] = [];
  let citations: Citation[] = [];
  if (calc.ask) {
    parts.push(`要算${CALC_TITLE[calc.ask.kind]}，还需要确认一点：\n${calc.ask.text}`);
    if (calc.reading.length) parts.push(`我目前读到的条件：${calc.reading.join('；')}。`);
    // The rule the figure will rest on, so the question is not all the user gets.
    citations = calc.basis.map((c) => lookup(c.law, c.article)).filter((h): h is SearchHit => !!h).map(cite);
    if (citations.length) parts.push(`计算依据：\n${citationLines(citations).join('\n')}`);
  } else {
    if (calc.results.length) {
      parts.push(calc.results.map((r) => `按您说的情况，${r.figure.label}为${money(r.figure.value, r.figure.unit)}。`).join(''));
      if (calc.reading.length) parts.push(`我读到的条件：${calc.reading.join('；')}。如有读错，请更正后再问。`);
      parts.push(`计算过程：\n${calc.figures.map((f) => `· ${f.label}：${money(f.value, f.unit)}${f.basis ? `（${f.basis}）` : ''}`).join('\n')}`);
    }
    parts.push(...calc.explain);
    if (calc.notes.length) parts.push(`说明：\n${calc.notes.slice(0, MAX_NOTES).map((n) => `· ${n}`).join('\n')}`);
    citations = calc.citations.map((c) => lookup(c.law, c.article)).filter((h): h is SearchHit => !!h).map(cite);
    if (citations.length) parts.push(`依据：\n${citationLines(citations).join('\n')}`);
    if (calc.results.length) parts.push('以上按您提供的数字计算，仅供参考；实际数额以仲裁或法院认定为准。');
  }
  if (handoff.needed) parts.push(NEEDS_PERSON);
  return {
    text: parts.join('\n\n'),
    citations,
    figures: calc.ask ? [] : calc.figures,
    risks: [],
    confidence: calc.ask ? 0.7 : calc.results.length ? 0.9 : 0.5,
    handoff,
    ...(calc.ask ? { clarify: calc.ask.text } : {}),
    source: 'calculator',
    calculation: {
      kinds: calc.kinds,
      results: calc.results.map((r) => r.figure),
      message: calc.message,
      ...(calc.ask ? { ask: { slot: calc.ask.slot, kind: calc.ask.kind } } : {}),
    },
  };
}
