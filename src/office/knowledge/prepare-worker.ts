/** Runs in a worker thread (see prepare.ts): reads an uploaded document and turns it into a knowledge file. */
import { parentPort, workerData } from 'node:worker_threads';
import { extractText } from '../../kb/extract-text.js';
import { toKnowledgeMarkdown, type OfficeMeta } from '../../kb/office-document.js';

interface Job {
  file: string;
  name: string;
  meta: OfficeMeta;
  maxPdfPages: number;
  maxTextChars: number;
}

const job = workerData as Job;
try {
  const text = await extractText(job.file, { maxPdfPages: job.maxPdfPages });
  if (text.length > job.maxTextChars) {
    parentPort!.postMessage({
      ok: false, kind: 'limit',
      message: `文件的文字共约 ${Math.round(text.length / 10_000)} 万字，超过上限 ${job.maxTextChars / 10_000} 万字：请拆分成较小的文件后分别上传`,
    });
  } else {
    const { markdown, doc } = toKnowledgeMarkdown(text, job.name, job.meta);
    parentPort!.postMessage({ ok: true, markdown, doc });
  }
} catch (err) {
  const e = err as Error;
  parentPort!.postMessage({ ok: false, kind: e.name === 'KnowledgeParseError' ? 'parse' : 'read', message: e.message });
}
