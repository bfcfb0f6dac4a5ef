export { Assistant, MAX_MESSAGE_CHARS, type AnswerSource, type AssistantDeps, type HandleOptions } from './engine.js';
export { CachedAnswerer } from './answer-cache.js';
export { SenderRegistry } from './senders.js';
export { DEFAULT_OFFICE_HOURS, DEFAULT_OFFICE_TIMEZONE, OfficeHours, OfficeHoursError } from './office-hours.js';
export { HandoffError, type Broadcast } from './staff.js';
export { outreachBroadcast } from './outreach-hook.js';
export type { ChannelName, ChannelSender, IncomingMessage, Reply, ReplyButton } from './types.js';
