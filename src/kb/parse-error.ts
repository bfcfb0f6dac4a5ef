/** A knowledge file that cannot be used as it is; names the file and line so the office can fix it. */
export class KnowledgeParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'KnowledgeParseError';
  }
}
