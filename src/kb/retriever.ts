import { findArticleRefs } from './article-ref.js';
import { termWeights } from './bm25.js';
import type { Embedder } from './embedder.js';
import type { Knowledge } from './knowledge.js';
import { expandTerms } from './lexicon.js';
import { askedUnits, cardUnits, type SearchIndex } from './search-index.js';
import { charBigrams, tokenize } from './tokenizer.js';
import type { Article, GuideCard, SearchHit } from './types.js';

/** Fusion settings, tuned on the dev half of the evaluation set (scripts/eval.ts). */
export const TUNING = {
  /** Reciprocal-rank-fusion constant: damps the difference between rank 1 and rank 2 of one signal. */
  rrfK: 5,
  /** Weight of each signal: words and vectors over articles, then over card questions, then cards → articles. */
  bm25: 1,
  vector: 1,
  cardBm25: 1,
  cardVector: 1,
  cardRaw: 0.4,
  card: 1,
  /** How much a card's 2nd, 3rd… citation counts compared with its first. */
  citeDecay: [1, 0.6, 0.35, 0.25],
  /** How many of the best cards pass their score on to articles. */
  cardsUsed: 3,
  /** Everyday words stand for legal terms with a lower weight than the user's own words. */
  expansion: 0.6,
  /** Weight of each sentence of a long or many-question message, matched against cards on its own. */
  segment: 0.5,
  maxSegments: 6,
  /**
   * Articles found through the everyday questions written for them (knowledge/asked/), by vector. Their words
   * are already in the article's BM25 document; a BM25 of their own added nothing on the dev halves.
   */
  askedVector: 0.5,
  /** Latent-semantic neighbours (see latent-semantics.ts): whole cards, and articles. */
  latentCard: 1.5,
  latentArticle: 1,
  /**
   * Provincial regulations found by words alone count this much, unless the question names the
   * place: most questions are settled by national law, and a provincial text restating it (河南省工伤保险
   * 条例) would otherwise crowd it out. Cards citing a local text pass it on at full weight.
   */
  local: 0.5,
};

// Provincial regulations restate much national law; the office's own documents (地方文件) are local on purpose.
const LOCAL_KINDS = new Set(['地方性法规', '地方政府规章']);
const NAMES_PLACE = /河南|洛阳|豫|本省|我省|省里|本市|我市|市里|当地|本地|地方/;

/** The sentences of a message that are long enough to carry a question of their own. */
export function segments(text: string): string[] {
  return text.split(/[。！？!?；;\n]+/).map((s) => s.trim()).filter((s) => s.length >= 6);
}
const POOL = 100;

export interface SearchOptions {
  k?: number;
}

export interface CardMatch {
  card: GuideCard;
  /** Fused rank score (comparable only within one search). */
  score: number;
  /** Best cosine similarity between the question and one of the card's questions, title or answer (0..1). */
  similarity: number;
  /** Direct evidence for answering from this card: best-unit cosine + best-unit BM25 relative to this search's best (0..2). */
  match: number;
  /**
   * Share of the question's words, weighted by how rare they are among the cards, that the card's own
   * material (its questions, answer and cited articles) speaks to (0..1). A card that matches on common
   * words (合同, 无效) but never mentions the question's subject (婚育) covers little of it.
   */
  coverage: number;
}

/** Numbers and amounts say nothing about the subject of a question. */
const QUANTITY = /\d|^[一二三四五六七八九十百千万两半几]+[个年月天日号岁元块万千周]*$/;

export interface SearchResult {
  hits: SearchHit[];
  /** Guidance cards matching the question, best first (the answer layer may answer from the top one). */
  cards: CardMatch[];
  /** Legal terms the lexicon added to the question. */
  expansions: string[];
}

export class Retriever {
  private readonly articleKeys: Map<string, number>;
  private readonly cardsByKey = new Map<string, GuideCard[]>();
  /** Card index of each card unit (label - articles in the vector index, doc in the card BM25). */
  private readonly unitCard: number[];
  /** Whether a card unit is a way of asking (title, question) rather than the card's answer. */
  private readonly unitAsked: boolean[];
  /** Article of each unit of the asked-questions vector index. */
  private readonly askedArticle: number[];
  /** Per article: 1, or TUNING.local for a provincial regulation. */
  private readonly prior: Float32Array;
  /** Words and character bigrams of each card's whole material, built when first needed. */
  private readonly cardVocab: Array<{ words: Set<string>; bigrams: Set<string> } | undefined> = [];

  constructor(
    readonly knowledge: Knowledge,
    private readonly index: SearchIndex,
    private readonly embedder: Embedder,
  ) {
    this.articleKeys = new Map(knowledge.articles.map((a, i) => [`${a.law}#${a.number}`, i]));
    const local = new Set(knowledge.laws.filter((l) => LOCAL_KINDS.has(l.meta.kind)).map((l) => l.meta.law));
    this.prior = Float32Array.from(knowledge.articles, (a) => (local.has(a.law) ? TUNING.local : 1));
    const units = cardUnits(knowledge.cards);
    this.unitCard = units.map((u) => u.card);
    this.unitAsked = units.map((u) => u.asked);
    this.askedArticle = askedUnits(knowledge).map((u) => u.article);
    for (const c of knowledge.cards) {
      for (const cite of c.cites) {
        const key = `${cite.law}#${cite.article}`;
        this.cardsByKey.set(key, [...(this.cardsByKey.get(key) ?? []), c]);
      }
    }
  }

  article(law: string, n: number): Article | undefined {
    const i = this.articleKeys.get(`${law}#${n}`);
    return i === undefined ? undefined : this.knowledge.articles[i];
  }

  /** One article as a hit (for citing an article a card names that the search did not return). */
  hit(law: string, n: number): SearchHit | undefined {
    const a = this.article(law, n);
    return a && this.toHit(a, 0, [], []);
  }

  private vocab(card: number): { words: Set<string>; bigrams: Set<string> } {
    let v = this.cardVocab[card];
    if (!v) {
      const c = this.knowledge.cards[card]!;
      const text = [c.title, ...c.questions, c.answer, c.risk ?? '', ...c.cites.map((x) => this.article(x.law, x.article)?.text ?? '')].join('\n');
      v = { words: new Set(tokenize(text)), bigrams: new Set(charBigrams(text)) };
      this.cardVocab[card] = v;
    }
    return v;
  }

  /**
   * The question's words that say what it is about, each with its rarity among the cards and the legal
   * terms the lexicon reads it as: worked out once per question, then compared with each top card.
   */
  private subjectWords(words: string[]): Array<{ word: string; weight: number; legal: string[] }> {
    return [...new Set(words)]
      .filter((w) => w.length >= 2 && !QUANTITY.test(w))
      .map((word) => ({ word, weight: this.index.cards.idfOf(word) ?? this.index.cards.maxIdf, legal: expandTerms(this.knowledge.lexicon, word) }));
  }

  /** See CardMatch.coverage. A word counts as covered when the card has it, all its bigrams, or a legal term it stands for. */
  private coverage(subject: ReturnType<Retriever['subjectWords']>, card: number): number {
    const v = this.vocab(card);
    const has = (t: string) => {
      if (v.words.has(t)) return true;
      const grams = charBigrams(t);
      return grams.length > 0 && grams.every((g) => v.bigrams.has(g));
    };
    let total = 0;
    let covered = 0;
    for (const { word, weight, legal } of subject) {
      total += weight;
      if (has(word) || legal.some(has)) covered += weight;
    }
    return total ? covered / total : 1;
  }

  /** Plain BM25 over article text: the baseline of the evaluation. */
  baseline(question: string, k = 10): SearchHit[] {
    const ranked = this.index.baseline.search(termWeights(tokenize(question)), k);
    return ranked.map((r) => this.toHit(this.knowledge.articles[r.doc]!, r.score, ['bm25'], []));
  }

  /** Hybrid search: direct article references first, then BM25 + vectors + guidance cards fused by rank. */
  async search(question: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const k = opts.k ?? 10;
    const expansions = expandTerms(this.knowledge.lexicon, question);
    const words = tokenize(question);
    const query = termWeights(words);
    termWeights(tokenize(expansions.join(' ')), TUNING.expansion, query);

    const A = this.knowledge.articles.length;
    const scores = new Map<number, number>();
    const via = new Map<number, Set<SearchHit['via'][number]>>();
    const add = (doc: number, s: number, why: SearchHit['via'][number]) => {
      scores.set(doc, (scores.get(doc) ?? 0) + s);
      via.set(doc, (via.get(doc) ?? new Set()).add(why));
    };
    // Articles found by words alone: provincial regulations weigh less unless the question names the place.
    const placeNamed = NAMES_PLACE.test(question);
    const found = (doc: number, s: number, why: SearchHit['via'][number]) => add(doc, placeNamed ? s : s * this.prior[doc]!, why);

    this.index.articles.search(query, POOL).forEach((r, rank) => found(r.doc, TUNING.bm25 / (TUNING.rrfK + rank), 'bm25'));

    const vector = await this.embedder.embedQuery([question, ...expansions].join(' '));
    // A question with no words at all ("？？？") has a zero vector: nothing is near it.
    const near = vector.some((x) => x !== 0) ? this.index.vectors.search(vector, 2 * POOL) : [];
    // Cards rank by their best unit, separately for words and vectors; the two ranks are then fused.
    const cardRank = new Map<number, number>();
    const rankCards = (units: number[], weight: number) => {
      const seen = new Set<number>();
      for (const u of units) {
        const card = this.unitCard[u]!;
        if (seen.has(card)) continue;
        cardRank.set(card, (cardRank.get(card) ?? 0) + weight / (TUNING.rrfK + seen.size));
        seen.add(card);
      }
    };
    let articleRank = 0;
    const nearUnits: number[] = [];
    const similarity = new Map<number, number>();
    for (const n of near) {
      if (n.label < A) found(n.label, TUNING.vector / (TUNING.rrfK + articleRank++), 'vector');
      else {
        nearUnits.push(n.label - A);
        const card = this.unitCard[n.label - A]!;
        if (this.unitAsked[n.label - A]) similarity.set(card, Math.max(similarity.get(card) ?? 0, n.score));
      }
    }
    rankCards(nearUnits, TUNING.cardVector);
    // Everyday questions written per article: an article ranks by its closest question.
    if (vector.some((x) => x !== 0)) {
      const seen = new Set<number>();
      for (const n of this.index.askedVectors.search(vector, POOL)) {
        const doc = this.askedArticle[n.label]!;
        if (seen.has(doc)) continue;
        found(doc, TUNING.askedVector / (TUNING.rrfK + seen.size), 'asked');
        seen.add(doc);
      }
    }
    const lexical = this.index.cards.search(query, POOL);
    rankCards(lexical.map((r) => r.doc), TUNING.cardBm25);
    // Raw evidence too: how close the best question is (cosine) and how many rare words it shares
    // (BM25 relative to the best unit of this search). Ranks alone cannot tell a near tie from a clear winner.
    const lexMax = lexical[0]?.score ?? 1;
    const raw = new Map<number, number>();
    for (const r of lexical) {
      if (!this.unitAsked[r.doc]) continue;
      const card = this.unitCard[r.doc]!;
      raw.set(card, Math.max(raw.get(card) ?? 0, r.score / lexMax));
    }
    for (const [card, sim] of similarity) raw.set(card, (raw.get(card) ?? 0) + sim);
    for (const [card, v] of raw) cardRank.set(card, (cardRank.get(card) ?? 0) + TUNING.cardRaw * v);
    // A story or several questions in one message: each sentence also finds its own cards.
    const parts = segments(question);
    if (parts.length > 1) {
      for (const part of parts.slice(-TUNING.maxSegments)) {
        const q = termWeights(tokenize(part));
        termWeights(tokenize(expandTerms(this.knowledge.lexicon, part).join(' ')), TUNING.expansion, q);
        rankCards(this.index.cards.search(q, 20).map((r) => r.doc), TUNING.cardBm25 * TUNING.segment);
        const v = await this.embedder.embedQuery(part);
        if (v.some((x) => x !== 0)) {
          rankCards(this.index.vectors.search(v, 40).filter((n) => n.label >= A).map((n) => n.label - A), TUNING.cardVector * TUNING.segment);
        }
      }
    }
    // Latent space: cards and articles that speak of the same things in other words.
    const latent = this.index.latent.projectTokens(words);
    if (latent.some((x) => x !== 0)) {
      this.index.latentCards.search(latent, 20).forEach((n, r) => cardRank.set(n.label, (cardRank.get(n.label) ?? 0) + TUNING.latentCard / (TUNING.rrfK + r)));
      this.index.latentArticles.search(latent, 30).forEach((n, r) => found(n.label, TUNING.latentArticle / (TUNING.rrfK + r), 'latent'));
    }
    const subject = this.subjectWords(words);
    const cards = [...cardRank.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([i, score], rank) => ({
        card: this.knowledge.cards[i]!,
        score,
        similarity: similarity.get(i) ?? 0,
        match: raw.get(i) ?? 0,
        coverage: rank < 5 ? this.coverage(subject, i) : 0,
      }));
    cards.slice(0, TUNING.cardsUsed).forEach(({ card }, rank) => {
      card.cites.forEach((cite, j) => {
        const doc = this.articleKeys.get(`${cite.law}#${cite.article}`);
        if (doc !== undefined) add(doc, (TUNING.card * (TUNING.citeDecay[j] ?? 0.2)) / (TUNING.rrfK + rank), 'card');
      });
    });

    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const direct = findArticleRefs(question, this.knowledge.aliases)
      .map((r) => this.articleKeys.get(`${r.law}#${r.article}`))
      .filter((d): d is number => d !== undefined);
    const order = [...direct, ...ranked.map(([d]) => d).filter((d) => !direct.includes(d))].slice(0, k);
    const top = ranked[0]?.[1] ?? 1;
    const hits = order.map((d) => {
      const isDirect = direct.includes(d);
      const why = isDirect ? ['direct' as const, ...(via.get(d) ?? [])] : [...(via.get(d) ?? [])];
      return this.toHit(this.knowledge.articles[d]!, isDirect ? Math.max(1, (scores.get(d) ?? 0) / top) : (scores.get(d) ?? 0) / top, why, cards);
    });
    return { hits, cards: cards.slice(0, 5), expansions };
  }

  private toHit(a: Article, score: number, why: SearchHit['via'], matched: CardMatch[]): SearchHit {
    const citing = this.cardsByKey.get(`${a.law}#${a.number}`) ?? [];
    const order = new Map(matched.map((m, i) => [m.card.id, i]));
    const cards = [...citing]
      .sort((x, y) => (order.get(x.id) ?? 1e9) - (order.get(y.id) ?? 1e9))
      .map((c) => ({ id: c.id, title: c.title }));
    const meta = this.knowledge.laws.find((l) => l.meta.law === a.law)!.meta;
    return {
      law: a.law,
      title: meta.title,
      article: a.number,
      label: a.label,
      text: a.text,
      score: Math.round(score * 1e4) / 1e4,
      headings: a.headings,
      unverified: a.unverified,
      status: a.status,
      paragraphs: a.paragraphs.map((x) => x.text + x.items.join('')),
      cards,
      via: why,
    };
  }
}
