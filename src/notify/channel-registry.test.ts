import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '../domain/notification.js';
import { createOutboundClient } from '../net/guarded-http-client.js';
import { createChannelSenders } from './channel-registry.js';

describe('createChannelSenders', () => {
  it('has one sender per channel kind, filed under its own kind', () => {
    const senders = createChannelSenders({
      outbound: createOutboundClient({ allow: [] }),
      nowMs: Date.now,
    });
    const kinds: ChannelKind[] = ['email', 'webhook', 'slack', 'teams', 'pagerduty'];
    expect([...senders.keys()].sort()).toEqual([...kinds].sort());
    for (const [kind, sender] of senders) expect(sender.kind).toBe(kind);
  });
});
