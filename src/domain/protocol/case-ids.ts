// Readable, stable ids for watches and incidents: the service (or objective) and the UTC second
// the episode began, e.g. "checkout-20261127T091500Z".

const compactUtc = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');

export const incidentIdOf = (serviceId: string, detectedAtMs: number): string =>
  `${slug(serviceId)}-${compactUtc(detectedAtMs)}`;

export const watchIdOf = (objectiveKey: string, openedAtMs: number): string =>
  `w-${slug(objectiveKey)}-${compactUtc(openedAtMs)}`;
