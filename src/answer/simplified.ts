import * as OpenCC from 'opencc-js/t2cn';

/**
 * Traditional characters (Taiwan, Hong Kong) to simplified: the statutes, cards and fact readers are all in
 * simplified Chinese, and a question typed in 繁體 ("經濟補償多少") would otherwise match nothing. OpenCC's
 * converter leaves simplified text as it is, so every message can go through it.
 */
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function toSimplified(text: string): string {
  return convert(text);
}
