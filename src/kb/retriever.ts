import { findArticleRefs } from './article-ref.js';
import { termWeights } from './bm25.js';
import type { Embedder } from './embedder.js';
import type { Knowledge } from './knowledge.js';
import { expandTerms } from './lexicon.js';
import type { SearchIndex } from './search-index.js';
import { tokenize } from './tokenizer.js';
import type { Article, GuideCard, SearchHit } from './types.js';

/** Reciprocal-rank-fusion constant: damps the difference between rank 1 and rank 2 of one signal. */
const RRF_K = 20;
/** Weight of each signal in the fusion (tuned on the dev half of the evaluation set). */
export const WEIGHTS = { bm25: 1, vector: 0.6, card: 1.4 } as const;
/** How much a card's 2nd, 3rd… citation counts compared with its first. */
const CITE_DECAY = [1, 0.6, 0.35, 0.25];
/** Everyday words stand for legal terms with a lower weight than the user's own words. */
const EXPANSION_WEIGHT = 0.6;
const POOL = 100;

export interface SearchOptions {
  k?: number;
}

export interface CardMatch {
  card: GuideCard;
  score: number;
}

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

  constructor(
    readonly knowledge: Knowledge,
    private readonly index: SearchIndex,
    private readonly embedder: Embedder,
  ) {
    this.articleKeys = new Map(knowledge.articles.map((a, i) => [`${a.law}#${a.number}`, i]));
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

  /** Plain BM25 over article text: the baseline of the evaluation. */
  baseline(question: string, k = 10): SearchHit[] {
    const ranked = this.index.baseline.search(termWeights(tokenize(question)), k);
    return ranked.map((r) => this.toHit(this.knowledge.articles[r.doc]!, r.score, ['bm25'], []));
  }

  /** Hybrid search: direct article references first, then BM25 + vectors + guidance cards fused by rank. */
  async search(question: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const k = opts.k ?? 10;
    const expansions = expandTerms(this.knowledge.lexicon, question);
    const query = termWeights(tokenize(question));
    termWeights(tokenize(expansions.join(' ')), EXPANSION_WEIGHT, query);

    const A = this.knowledge.articles.length;
    const scores = new Map<number, number>();
    const via = new Map<number, Set<SearchHit['via'][number]>>();
    const add = (doc: number, s: number, why: SearchHit['via'][number]) => {
      scores.set(doc, (scores.get(doc) ?? 0) + s);
      via.set(doc, (via.get(doc) ?? new Set()).add(why));
    };

    this.index.articles.search(query, POOL).forEach((r, rank) => add(r.doc, WEIGHTS.bm25 / (RRF_K + rank), 'bm25'));

    const vector = await this.embedder.embedQuery([question, ...expansions].join(' '));
    // A question with no words at all ("？？？") has a zero vector: nothing is near it.
    const near = vector.some((x) => x !== 0) ? this.index.vectors.search(vector, POOL + this.knowledge.cards.length) : [];
    const cardRank = new Map<number, number>();
    let articleRank = 0;
    for (const n of near) {
      if (n.label < A) add(n.label, WEIGHTS.vector / (RRF_K + articleRank++), 'vector');
      else cardRank.set(n.label - A, (cardRank.get(n.label - A) ?? 0) + 0.5 / (RRF_K + cardRank.size));
    }
    // Cards: lexical and vector evidence fused, then passed on to the articles they cite.
    this.index.cards.search(query, 30).forEach((r, rank) => cardRank.set(r.doc, (cardRank.get(r.doc) ?? 0) + 1 / (RRF_K + rank)));
    const cards = [...cardRank.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([i, score]) => ({ card: this.knowledge.cards[i]!, score }));
    cards.slice(0, 10).forEach(({ card }, rank) => {
      card.cites.forEach((cite, j) => {
        const doc = this.articleKeys.get(`${cite.law}#${cite.article}`);
        if (doc !== undefined) add(doc, (WEIGHTS.card * (CITE_DECAY[j] ?? 0.2)) / (RRF_K + rank), 'card');
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
      cards,
      via: why,
    };
  }
}
