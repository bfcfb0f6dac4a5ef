import type { Assistant } from '../../src/assistant/index.js';
import { DEFAULT_LIMITS, type ChannelAdapter } from '../../src/channels/index.js';
import { attachWechat, wechatyFromConfig } from './bot.js';

/**
 * WeChat (WECHATY_PUPPET). No outreach sender of its own: sending rides on the puppet's logged-in
 * session, which only the process running the bot holds, so notices go out from npm start.
 */
export const wechatChannel: ChannelAdapter<Assistant> = {
  name: 'wechat',
  label: '微信',
  limits: DEFAULT_LIMITS.wechat,
  enabled: (config) => Boolean(config.WECHATY_PUPPET),

  async start({ config, log, assistant }) {
    if (!config.WECHATY_PUPPET) throw new Error('WECHATY_PUPPET 未设置');
    const wechat = wechatyFromConfig(config.WECHATY_PUPPET, config.WECHATY_PUPPET_TOKEN);
    const sender = attachWechat(wechat, assistant, log);
    wechat.on('scan', (qrcode) => log.info({ qrcode }, '请用微信扫码登录机器人账号'));
    wechat.on('login', (user) => log.info({ user: user.name() }, 'wechat bot logged in'));
    await wechat.start();
    return { sender, stop: () => wechat.stop() };
  },
};
