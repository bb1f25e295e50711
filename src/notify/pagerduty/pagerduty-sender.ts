// Events API v2: the routing key joins the rendered event only here, on its way out.

import type { ChannelSender } from '../../app/delivery.js';
import { postJson } from '../post-json.js';
import { wrongEndpoint, type SenderDeps } from '../sender-deps.js';
import { renderPagerDuty } from './render-pagerduty.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export function createPagerDutySender(deps: SenderDeps): ChannelSender {
  return {
    kind: 'pagerduty',
    async send(request, signal) {
      const { endpoint } = request;
      if (endpoint.kind !== 'pagerduty') return wrongEndpoint('pagerduty', endpoint.kind);
      const event = renderPagerDuty(request.message);
      return postJson(
        deps.outbound,
        {
          url: endpoint.url === '' ? PAGERDUTY_EVENTS_URL : endpoint.url,
          body: JSON.stringify({ routing_key: endpoint.routingKey.reveal(), ...event }),
          receiver: 'PagerDuty',
        },
        signal,
        deps.nowMs,
      );
    },
  };
}
