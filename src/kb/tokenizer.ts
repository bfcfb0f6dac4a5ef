import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';

let jieba: Jieba | undefined;
const extraWords = new Set<string>();

/** Loading the dictionary costs ~170 ms, so it happens once, on first use. */
function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Teach the segmenter domain words (legal terms, lexicon entries) so they stay whole. */
export function addWords(words: Iterable<string>): void {
  const fresh = [...words].filter((w) => w.length > 1 && !extraWords.has(w) && !/\s/.test(w));
  if (!fresh.length) return;
  fresh.forEach((w) => extraWords.add(w));
  instance().loadDict(Buffer.from(fresh.map((w) => `${w} 2000 n`).join('\n')));
}

// Function words and chat filler that carry no meaning for retrieval.
const STOP = new Set(
  ('的 了 吗 呢 吧 啊 呀 哦 嘛 么 是 在 和 与 及 或 或者 就 都 也 还 又 把 被 给 对 让 向 从 到 为 以 之 其 该 这 那 这个 那个 这样 那样 ' +
    '什么 怎么 怎么办 怎样 如何 多少 哪些 是否 可以 能 能不能 可不可以 会 要 需要 应该 应当 有 没有 没 不 吗 请问 你好 您好 谢谢 ' +
    '我 我们 你 你们 他 她 他们 它 咱 咱们 自己 一个 一下 现在 然后 但是 因为 所以 如果 已经 这种 情况 问题 规定 ' +
    '本法 本条例 本规定 下列 之一 其他 有关 依照 按照 根据 规定 等 个 位 名 次 里 上 下 中 时 后 前 内 外').split(/\s+/),
);

/** Full-width → half-width, lower case, unify the look-alike marks people type. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[“”"'‘’]/g, '');
}

const isWord = (t: string): boolean => /[\p{L}\p{N}]/u.test(t) && !STOP.has(t);

/** Search-mode segmentation (long words also yield their parts), stop words and punctuation removed. */
export function tokenize(text: string): string[] {
  return instance().cutForSearch(normalize(text), true).filter(isWord);
}

/** Overlapping character bigrams of the CJK runs: robust to typos and unknown words. */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalize(text).match(/[\p{Script=Han}]+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/**
 * Toneless pinyin bigrams of the CJK runs ("双背" and "双倍" both give shuang|bei): catches the
 * homophone slips of pinyin input methods (公资 for 工资, 年家 for 年假).
 */
export function pinyinBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalize(text).match(/[\p{Script=Han}]+/gu) ?? []) {
    const syllables = pinyin(run, { toneType: 'none', type: 'array' });
    for (let i = 0; i + 1 < syllables.length; i++) out.push(`${syllables[i]}|${syllables[i + 1]}`);
  }
  return out;
}
