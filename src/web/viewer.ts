// Who is looking at a page or calling the API. The accounts layer (sessions, API tokens) decides
// it once per request; pages and routes only read it.

export type TeamRole = 'admin' | 'member' | 'viewer';

export type TokenScope = 'push' | 'read' | 'admin';

export type Viewer =
  | {
      kind: 'team';
      userId: string;
      name: string;
      role: TeamRole;
      /** Put in every state-changing form as `_csrf`; checked by the accounts layer. */
      csrfToken: string;
    }
  | {
      kind: 'client';
      userId: string;
      name: string;
      /** A client user sees this client and nothing else. */
      clientId: string;
      csrfToken: string;
    }
  | {
      /** A secret status-page link: read-only, one client's status page only. */
      kind: 'status-link';
      clientId: string;
    };

/** What a team role may do; viewer reads, member runs the protocol, admin also changes settings. */
export function teamRoleAllows(role: TeamRole, needs: TeamRole): boolean {
  const rank: Record<TeamRole, number> = { viewer: 0, member: 1, admin: 2 };
  return rank[role] >= rank[needs];
}
