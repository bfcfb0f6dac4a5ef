import { createInterface } from 'node:readline';
import { z } from 'zod';

const line = z.object({ id: z.union([z.string(), z.number()]), question: z.string() });
export type QuestionLine = z.infer<typeof line>;

/**
 * The {"id","question"} lines of a batch on stdin, in order. A malformed line is reported on stderr
 * (in Chinese, with its number) and skipped; `bad()` says how many were, for the exit code.
 */
export function questionLines(input: NodeJS.ReadableStream = process.stdin): { lines: AsyncGenerator<QuestionLine>; bad: () => number } {
  let bad = 0;
  async function* lines(): AsyncGenerator<QuestionLine> {
    let n = 0;
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (!raw.trim()) continue;
      let parsed;
      try {
        parsed = line.safeParse(JSON.parse(raw));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) yield parsed.data;
      else {
        bad++;
        process.stderr.write(`第${n}行不是 {"id","question"} 格式的 JSON，已跳过\n`);
      }
    }
  }
  return { lines: lines(), bad: () => bad };
}
