import type { CardMatch, SearchHit, SearchResult } from '../kb/index.js';
import { tokenize } from '../kb/tokenizer.js';
import type { Calculation } from './calculation/index.js';
import { clarifyingQuestion } from './clarify.js';
import { composeCalculation } from './compose-calculation.js';
import { confidenceOf, UNSURE_BELOW } from './confidence.js';
import { inForceText, statusNote, wholeRepealed } from './in-force.js';
import { decisiveQuote } from './quote.js';
import type { Answer, Citation, Handoff, Signals } from './types.js';
import { NEEDS_PERSON } from './handoff.js';

/**
 * How much a card's coverage of the question (CardMatch.coverage) counts when choosing the answering
 * card: a card that matches on common words (合同无效) loses to one that speaks to the question's
 * subject (婚育). Chosen on the dev halves (npm run eval).
 */
const COVERAGE_WEIGHT = 2;

/** Below this similarity to its nearest question a card is not trusted to answer by itself. */
export const CARD_MIN_SIMILARITY = 0.2;

export interface ComposeInput {
  question: string;
  search: SearchResult;
  /** What the calculators made of the question: figures with their working, or the one fact missing. */
  calculation?: Calculation;
  /** A reason a person must take over regardless of the answer (sensitive matter, explicit request). */
  handoff?: Handoff;
}

export interface ComposeOptions {
  /** Answer as if sure even when the confidence is low (for fitting the confidence model). Default false. */
  neverUnsure?: boolean;
}

/**
 * Characters of the question's words that also occur in a text. Vector similarity alone is not
 * evidence (a two-letter message can land near anything); a match must share real words, 3+ characters.
 */
export function sharedChars(question: string, text: string): number {
  const have = new Set(tokenize(text));
  return [...new Set(tokenize(question))].filter((t) => t.length >= 2 && have.has(t)).reduce((n, t) => n + t.length, 0);
}
const MIN_SHARED_CHARS = 3;
/**
 * Words that put a message in the world of work even when the lexicon expands none of it and nothing in the
 * knowledge matches ("气温多少度就必须停工"): such a question is one we cannot answer, not one outside our remit.
 */
const WORK_WORDS = /员工|职工|工人|雇员|公司|单位|企业|厂里|工厂|老板|雇主|工资|薪水|薪资|上班|下班|停工|复工|劳动|社保|合同|加班|工伤|招聘|招工|入职|离职|辞职|请假|休假|用工/;

const UNVERIFIED_NOTE = '（注：该条文字尚待与官方公布文本核对，请以官方文本为准。）';
export const UNSURE_TEXT = '这个问题我没有把握给出准确的答复，为免误导，先不下结论。';
const OFFER_PERSON = '如需确切答复，请回复“人工”，由人社部门的工作人员为您解答。';

/** A citation quoting only what is in force, with the article's status when part of it is not. */
function cite(hit: SearchHit, question: string, guidance = ''): Citation {
  const status = statusNote(hit.status);
  return {
    law: hit.law,
    article: hit.article,
    label: hit.label,
    quote: decisiveQuote(inForceText(hit), question, guidance),
    unverified: hit.unverified,
    ...(status ? { status } : {}),
  };
}

function citationLines(citations: Citation[]): string[] {
  return citations.map((c) => `《${c.law}》${c.label}：“${c.quote}”${c.status ? `（${c.status}）` : ''}${c.unverified ? UNVERIFIED_NOTE : ''}`);
}

/** The hit for an article the card cites, from the search results or looked up. */
function hitFor(search: SearchResult, law: string, article: number, lookup: (law: string, n: number) => SearchHit | undefined): SearchHit | undefined {
  return search.hits.find((h) => h.law === law && h.article === article) ?? lookup(law, article);
}

/**
 * The card to answer from: among the five best, the one whose best question is closest to the user's
 * (CardMatch.match) and whose own articles the article search also ranks high — two independent
 * signals agreeing beat either alone.
 */
/** How high the article search ranks a card's first two articles: 1/(1+rank) each. */
function citeAgreement(search: SearchResult, m: CardMatch): number {
  const keys = search.hits.map((h) => `${h.law}#${h.article}`);
  return m.card.cites.slice(0, 2).reduce((sum, c) => {
    const i = keys.indexOf(`${c.law}#${c.article}`);
    return sum + (i >= 0 ? 1 / (1 + i) : 0);
  }, 0);
}

export function answeringCard(search: SearchResult): CardMatch | undefined {
  let best: CardMatch | undefined;
  let bestScore = -Infinity;
  for (const m of search.cards.slice(0, 5)) {
    const score = m.match + citeAgreement(search, m) + COVERAGE_WEIGHT * m.coverage;
    if (score > bestScore) [best, bestScore] = [m, score];
  }
  return best;
}

/** The evidence the confidence model reads, for an answer from a card or from articles alone. */
function signalsOf(question: string, search: SearchResult, top: CardMatch | undefined, fromCard: boolean): Signals {
  const length = Math.log10(Math.max(1, [...question].length));
  const hitGap = search.hits[1] ? Math.max(0, Math.min(1, (search.hits[0]?.score ?? 0) - search.hits[1].score)) : 1;
  const others = search.cards.filter((m) => m !== top);
  const rival = top ? Math.max(0, ...others.map((m) => m.coverage - top.coverage)) : 0;
  if (!top || !fromCard) {
    return { similarity: 0, match: 0, agreement: 0, coverage: top?.coverage ?? 0, margin: 0, card: 0, length, consensus: 0, rival, hitGap };
  }
  const first = top.card.cites[0];
  const consensus = first && others.length
    ? others.filter((m) => m.card.cites.some((c) => c.law === first.law && c.article === first.article)).length / others.length
    : 0;
  const next = others[0];
  return {
    similarity: top.similarity,
    match: top.match,
    agreement: citeAgreement(search, top),
    coverage: top.coverage,
    margin: next && top.score > 0 ? Math.max(0, (top.score - next.score) / top.score) : 1,
    card: 1,
    length,
    consensus,
    rival,
    hitGap,
  };
}

/**
 * The offline answer: from a confidently matched guidance card (its plain answer, the decisive
 * sentence of each article it cites, its risk note, one clarifying question when a needed fact is
 * missing), else from the best articles with their decisive sentences quoted. When the confidence
 * model is not sure, the reply says so, gives the best articles as leads and offers a person, rather
 * than a confident answer on a neighbouring topic. A question asking for a figure is answered by
 * composeCalculation instead.
 */
export function composeOffline(input: ComposeInput, lookup: (law: string, n: number) => SearchHit | undefined, opts: ComposeOptions = {}): Answer {
  const { question, search, calculation } = input;
  const direct = search.hits.filter((h) => h.via.includes('direct'));
  // A question that asks for a figure is answered by the calculation, so that text and figures agree.
  if (calculation && !direct.length) return composeCalculation(calculation, (h) => cite(h, question), lookup, citationLines, input.handoff);
  const top = answeringCard(search);
  const cardText = top ? [top.card.title, ...top.card.questions, top.card.answer].join('\n') : '';
  // Everyday words the lexicon knows (工伤, 辞退…) are evidence enough that the question is about work.
  const minShared = search.expansions.length ? 2 : MIN_SHARED_CHARS;
  const aboutWork = search.expansions.length > 0 || WORK_WORDS.test(question);
  const current = search.hits.filter((h) => !wholeRepealed(h));
  const risks: string[] = [];
  const parts: string[] = [];
  let citations: Citation[] = [];
  let confidence: number;
  let source: Answer['source'];
  let clarify: string | undefined;
  let offTopic = false;
  let signals: Signals | undefined;
  let unsure = false;

  if (direct.length) {
    // The user named the article(s): quote them in full, that is what was asked for, with their status.
    citations = direct.map((h) => ({ ...cite(h, question), quote: h.text.replace(/\n/g, '') }));
    parts.push(
      ...direct.map((h) => {
        const status = statusNote(h.status);
        return `《${h.title}》${h.label}规定：\n${h.text}${status ? `\n【条文状态】${status}。` : ''}${h.unverified ? `\n${UNVERIFIED_NOTE}` : ''}`;
      }),
    );
    const card = top && top.card.cites.some((c) => direct.some((h) => h.law === c.law && h.article === c.article)) ? top.card : undefined;
    if (card) parts.push(`通俗地说：${card.answer}`);
    confidence = 0.95;
    source = 'articles';
  } else if (top && top.similarity >= CARD_MIN_SIMILARITY && sharedChars(question, cardText) >= minShared) {
    const card = top.card;
    const guidance = `${card.title}\n${card.answer}`;
    citations = card.cites
      .map((c) => hitFor(search, c.law, c.article, lookup))
      .filter((h): h is SearchHit => !!h && !wholeRepealed(h))
      .map((h) => cite(h, question, guidance));
    parts.push(card.answer);
    if (card.risk) risks.push(card.risk);
    clarify = clarifyingQuestion(card.needs, question);
    signals = signalsOf(question, search, top, true);
    confidence = confidenceOf(signals);
    source = 'card';
  } else if (
    current[0] &&
    (sharedChars(question, current[0].text) >= minShared ||
      // A work question sharing words with one of the next articles or with the nearest card: one the knowledge
      // may not answer squarely (the confidence decides whether to say so), but not one to turn away.
      (aboutWork && (current.slice(1, 3).some((h) => sharedChars(question, h.text) >= minShared) || (!!top && sharedChars(question, cardText) >= minShared))))
  ) {
    citations = current.slice(0, 2).map((h) => cite(h, question));
    parts.push('没有找到与您的问题完全对应的指导意见。以下是检索到的最相关规定，供参考：');
    signals = signalsOf(question, search, top, false);
    confidence = confidenceOf(signals);
    source = 'articles';
  } else {
    offTopic = !aboutWork;
    parts.push(
      offTopic
        ? '这个问题好像不在用工指导的范围内。我可以解答招聘用工、劳动合同、工资工时、社会保险、解除补偿、工伤等方面的问题，也可以帮您查法律条文，例如“试用期最长多久”或“劳动合同法第十条”。'
        : '抱歉，知识库里没有找到能回答这个问题的法律规定。',
    );
    confidence = 0.1;
    source = 'none';
    unsure = !offTopic;
  }

  if (!opts.neverUnsure && (source === 'card' || source === 'articles') && !direct.length && confidence < UNSURE_BELOW) {
    // Not sure: say so, and give leads rather than a conclusion that may be about another question.
    unsure = true;
    // Leads: what the nearest card rests on, then the best articles, then what the runner-up card rests on, then
    // the next articles. Five, not four: on the dev halves the fifth lead was the right article for one unsure
    // answer in twenty (npm run eval).
    const runnerUp = search.cards.find((m) => m !== top)?.card.cites[0];
    const runnerHit = runnerUp && hitFor(search, runnerUp.law, runnerUp.article, lookup);
    const leads = [
      ...(source === 'card' ? citations.slice(0, 1) : []),
      ...current.slice(0, 3).map((h) => cite(h, question)),
      ...(runnerHit && !wholeRepealed(runnerHit) ? [cite(runnerHit, question)] : []),
    ];
    citations = [...leads, ...current.slice(3, 5).map((h) => cite(h, question))]
      .filter((c, i, all) => all.findIndex((x) => x.law === c.law && x.article === c.article) === i)
      .slice(0, 5);
    parts.length = 0;
    risks.length = 0;
    clarify = undefined;
    parts.push(UNSURE_TEXT);
    if (source === 'card' && top) parts.push(`相近的问题：“${top.card.title}”。如果您问的就是这个，可以换个说法再问一次。`);
  }

  if (citations.length && !direct.length) parts.push(`${unsure ? '可能相关的规定（仅供参考）' : '依据'}：\n${citationLines(citations).join('\n')}`);
  if (risks.length) parts.push(`风险提示：${risks.join('；')}`);
  if (clarify) parts.push(clarify);

  const handoff: Handoff = input.handoff ?? { needed: false };
  // A hand-off is the channel's to make and to announce (queued, or a person offered): the answer says a person
  // is needed, not that one has been reached.
  if (handoff.needed) parts.push(NEEDS_PERSON);
  else if (unsure) parts.push(OFFER_PERSON);
  return {
    text: parts.join('\n\n'),
    citations,
    figures: [],
    risks,
    confidence: Math.round(confidence * 100) / 100,
    handoff,
    clarify,
    source,
    ...(unsure ? { unsure } : {}),
    ...(signals ? { signals } : {}),
  };
}
