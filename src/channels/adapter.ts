import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RetrieverRef } from '../kb/index.js';
import type { Ledger } from '../ledger/index.js';
import type { ChannelLimits } from './limits.js';
import type { ChannelName } from './messages.js';
import type { ChannelSender, OutreachSender } from './sender.js';

/** What a channel gets from the process that runs it (npm start, outreach-worker). */
export interface ChannelEnv {
  config: Config;
  ledger: Ledger;
  log: Logger;
}

/** What a channel that receives messages gets besides: the engine, and the knowledge base its citations open. */
export interface ChannelStartEnv<A> extends ChannelEnv {
  assistant: A;
  knowledge: RetrieverRef;
}

/** A channel receiving messages for the conversation engine. */
export interface RunningChannel {
  /** Writes to a chat outside a reply (staff answers, hand-off notices); its sends keep the channel's limits. */
  readonly sender: ChannelSender;
  /** Routes this channel serves on the process's web server (a webhook, the chat page), if any. */
  readonly routes?: Hono;
  /** Stop receiving; sends in hand finish. */
  stop(): Promise<void>;
}

/**
 * The one shape every adapter in bots/ exports (bots/channels.ts lists them), in the manner of Hono's
 * adapters: the composition roots (src/main.ts, scripts/outreach-worker.ts) loop over the list and
 * know no channel by name. `A` is the conversation engine; src/channels does not depend on it.
 */
export interface ChannelAdapter<A> {
  readonly name: ChannelName;
  /** The channel's name as staff read it. */
  readonly label: string;
  readonly limits: ChannelLimits;
  /** Whether the configuration turns this channel on in a server process. */
  enabled(config: Config): boolean;
  /**
   * A sender for the outbox that needs nothing of the channel running (a stateless API, a database row),
   * so outreach workers can send on it too. Absent where sending rides on the receiving session (WeChat's
   * login): there the outbox of the process running the channel uses the running channel's sender.
   */
  outreachSender?(env: ChannelEnv): Promise<OutreachSender>;
  /** Start receiving: each message goes to the engine, its replies back to the chat. */
  start(env: ChannelStartEnv<A>): Promise<RunningChannel>;
}
