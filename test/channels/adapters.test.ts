import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../bots/channels.js';
import { CHANNEL_NAMES, DEFAULT_LIMITS } from '../../src/channels/index.js';

/** Every adapter the composition roots loop over has the one shape of src/channels/adapter.ts. */
describe('channel adapters', () => {
  it('lists each channel once', () => {
    expect(CHANNELS.map((c) => c.name).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel.name}: name, label, limits, enabled, start, optional outreach sender`, () => {
      expect(CHANNEL_NAMES).toContain(channel.name);
      expect(channel.label.trim()).not.toBe('');
      expect(channel.limits).toBe(DEFAULT_LIMITS[channel.name]);
      expect(channel.limits.perSecond).toBeGreaterThan(0);
      expect(channel.limits.perChatMs).toBeGreaterThanOrEqual(0);
      expect(typeof channel.enabled).toBe('function');
      expect(typeof channel.start).toBe('function');
      if (channel.outreachSender !== undefined) expect(typeof channel.outreachSender).toBe('function');
      // Nothing beside the contract: a composition root could not know what to do with it.
      const known = new Set(['enabled', 'label', 'limits', 'name', 'start', 'outreachSender']);
      expect(Object.keys(channel).filter((k) => !known.has(k))).toEqual([]);
    });
  }
});
