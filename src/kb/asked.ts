import { z } from 'zod';
import { parseYaml } from './yaml.js';

/**
 * How people ask about one article, in their own words (knowledge/asked/<law>.yaml). Written per
 * article from its text, not from any evaluation question: the search then matches everyday
 * wording, stories and dispute phrasings to the article they turn on ("doc2query").
 */
export interface AskedQuestions {
  law: string;
  article: number;
  questions: string[];
}

const file = z.object({
  law: z.string().min(2),
  articles: z.array(z.object({ article: z.number().int().positive(), questions: z.array(z.string().min(4)).min(1) })),
});

/** Parse one file of asked questions; the caller checks that its law and articles exist. */
export function parseAskedFile(source: string, path: string): AskedQuestions[] {
  const data = parseYaml(source, path, file);
  return data.articles.map((a) => ({ law: data.law, article: a.article, questions: a.questions.map((q) => q.trim()) }));
}
