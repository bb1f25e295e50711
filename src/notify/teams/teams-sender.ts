// Teams incoming webhook: the URL is the credential, revealed only for the request itself.

import type { ChannelSender } from '../../app/delivery.js';
import { postJson } from '../post-json.js';
import { wrongEndpoint, type SenderDeps } from '../sender-deps.js';
import { renderTeams } from './render-teams.js';

export function createTeamsSender(deps: SenderDeps): ChannelSender {
  return {
    kind: 'teams',
    async send(request, signal) {
      const { endpoint } = request;
      if (endpoint.kind !== 'teams') return wrongEndpoint('teams', endpoint.kind);
      return postJson(
        deps.outbound,
        {
          url: endpoint.url.reveal(),
          body: JSON.stringify(renderTeams(request.message)),
          receiver: 'Teams',
        },
        signal,
        deps.nowMs,
      );
    },
  };
}
