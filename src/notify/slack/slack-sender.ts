// Slack incoming webhook: the URL is the credential, revealed only for the request itself.

import type { ChannelSender } from '../../app/delivery.js';
import { postJson } from '../post-json.js';
import { wrongEndpoint, type SenderDeps } from '../sender-deps.js';
import { renderSlack } from './render-slack.js';

export function createSlackSender(deps: SenderDeps): ChannelSender {
  return {
    kind: 'slack',
    async send(request, signal) {
      const { endpoint } = request;
      if (endpoint.kind !== 'slack') return wrongEndpoint('slack', endpoint.kind);
      return postJson(
        deps.outbound,
        {
          url: endpoint.url.reveal(),
          body: JSON.stringify(renderSlack(request.message)),
          receiver: 'Slack',
        },
        signal,
        deps.nowMs,
      );
    },
  };
}
