import type { Assistant } from '../src/assistant/index.js';
import type { ChannelAdapter } from '../src/channels/index.js';
import { consoleChannel } from './console/channel.js';
import { telegramChannel } from './telegram/channel.js';
import { webChannel } from './web/channel.js';
import { wechatChannel } from './wechat/channel.js';

/**
 * Every channel. src/main.ts starts the enabled ones and scripts/outreach-worker.ts sends on those with
 * an outreach sender, both from this list: a new channel is a folder in bots/ exporting a ChannelAdapter
 * (src/channels/adapter.ts) and one line here.
 */
export const CHANNELS: readonly ChannelAdapter<Assistant>[] = [webChannel, telegramChannel, wechatChannel, consoleChannel];
