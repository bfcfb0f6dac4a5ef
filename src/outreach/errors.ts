/** A broadcast or reminder request that cannot go ahead; the message is for office staff, in Chinese. */
export class OutreachError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutreachError';
  }
}
