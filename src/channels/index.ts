export { CHANNEL_NAMES, type ChannelName, type IncomingMessage, type Reply, type ReplyButton } from './messages.js';
export type { ChannelSender, OutreachSender } from './sender.js';
export { DEFAULT_LIMITS, type ChannelLimits } from './limits.js';
export { RENDERING, showsButtons, type RenderingRules } from './rendering.js';
export type { ChannelAdapter, ChannelEnv, ChannelStartEnv, RunningChannel } from './adapter.js';
