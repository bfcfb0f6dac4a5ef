/** npm run build-index: check the knowledge folder and (re)build the search index if it changed. */
import { loadConfig } from '../src/config.js';
import { KnowledgeParseError, openKnowledgeBase } from '../src/kb/index.js';

const started = performance.now();
try {
  const { retriever, built, indexDir } = await openKnowledgeBase(loadConfig());
  const k = retriever.knowledge;
  process.stdout.write(
    `${built ? '已重建' : '已是最新'}：${k.laws.length} 部法规 ${k.articles.length} 条，指导卡片 ${k.cards.length} 张，词典 ${k.lexicon.entries.length} 条；` +
      `索引 ${indexDir}（${Math.round(performance.now() - started)} ms）\n`,
  );
} catch (e) {
  if (e instanceof KnowledgeParseError) {
    process.stderr.write(`知识库文件有误：${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
