/** What the knowledge page needs: where knowledge/ is, and how to rebuild the index and swap it in. */
export interface KnowledgeDeps {
  knowledgeDir: string;
  /**
   * Build a new index from knowledge/ and swap it in (see RetrieverSwap); answers keep using the old
   * index until the new one is ready. Resolves with the new article count.
   */
  rebuild(): Promise<{ articles: number }>;
}
