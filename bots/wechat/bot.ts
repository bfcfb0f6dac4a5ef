import { types, WechatyBuilder, type Wechaty } from 'wechaty';
import type { Logger } from 'pino';
import type { Assistant } from '../../src/assistant/index.js';
import type { ChannelSender, IncomingMessage, Reply } from '../../src/channels/index.js';
import { toWechatTexts } from './render.js';

const KIND: Partial<Record<types.Message, IncomingMessage['kind']>> = {
  [types.Message.Text]: 'text',
  [types.Message.Emoticon]: 'sticker',
  [types.Message.Image]: 'image',
  [types.Message.Audio]: 'voice',
  [types.Message.Video]: 'video',
  [types.Message.Attachment]: 'file',
};

/** Build a Wechaty from WECHATY_PUPPET (+ token); the puppet package must be installed. */
export function wechatyFromConfig(puppet: string, token?: string): Wechaty {
  return WechatyBuilder.build({ name: 'yonggong-zhidao', puppet: puppet as never, ...(token ? { puppetOptions: { token } } : {}) });
}

/**
 * Connect a Wechaty to the engine: private chats always, groups only when the bot is @-mentioned;
 * the bot's own messages (which the puppet echoes back) are ignored. Returns the sender for staff replies.
 */
export function attachWechat(bot: Wechaty, assistant: Assistant, log?: Logger): ChannelSender {
  const send = async (chatId: string, reply: Reply) => {
    const target = chatId.includes('@') ? await bot.Room.find({ id: chatId }) : await bot.Contact.find({ id: chatId });
    if (!target) throw new Error(`微信会话 ${chatId} 不存在`);
    for (const text of toWechatTexts(reply)) await target.say(text);
  };

  bot.on('message', async (message) => {
    try {
      if (message.self()) return;
      const room = message.room();
      const talker = message.talker();
      const mentioned = room ? await message.mentionSelf() : true;
      if (room && !mentioned) return;
      const kind = KIND[message.type()] ?? 'other';
      const text = kind === 'text' ? ((room ? await message.mentionText() : message.text()) ?? '') : undefined;
      const incoming: IncomingMessage = {
        channel: 'wechat',
        chatId: room ? room.id : talker.id,
        senderId: talker.id,
        senderName: talker.name(),
        kind,
        ...(text !== undefined ? { text } : {}),
        messageId: message.id,
        isGroup: !!room,
        mentioned,
        receivedAt: message.date(),
      };
      const replies = await assistant.handle(incoming);
      for (const r of replies) await send(incoming.chatId, r);
    } catch (err) {
      log?.error({ err }, 'wechat message failed');
    }
  });
  return { channel: 'wechat', send };
}
