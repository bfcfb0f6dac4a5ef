export { Assistant, MAX_MESSAGE_CHARS, type AnswerSource, type AssistantDeps, type HandleOptions } from './engine.js';
export { CachedAnswerer } from './answer-cache.js';
export { SenderRegistry } from './senders.js';
export { SharedRateLimit, type RateLimit } from './rate-limit.js';
export { DEFAULT_OFFICE_HOURS, DEFAULT_OFFICE_TIMEZONE, OfficeHours, OfficeHoursError } from './office-hours.js';
export { HandoffError, type Broadcast } from './staff.js';
// The engine's input and output, so its callers need one import.
export type { ChannelName, ChannelSender, IncomingMessage, Reply, ReplyButton } from '../channels/index.js';
