// Passwords are hashed with scrypt (node:crypto), a random salt each, the parameters stored with
// the hash so they can be raised later without breaking stored ones; checked in constant time.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

// OWASP Password Storage Cheat Sheet: N=2^15, r=8, p=3 is one of its equivalent minimums
// (32 MiB of memory per hash).
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';
// Refuse stored parameters that would make one check take minutes or gigabytes.
const MAX_N = 2 ** 20;
const MAX_RP = 64;

// scrypt runs on libuv's thread pool (4 threads by default), which DNS lookups and file reads
// share: at most this many hashes run at once, the rest wait their turn.
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(run: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next waiter.
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((r) => waiting.push(r));
  else running++;
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next !== undefined) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return limited(() => deriveNow(password, salt, params));
}

function deriveNow(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 · N · r bytes; Node's default limit (32 MiB) is exactly that for N=2^15, r=8.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) =>
      err === null ? resolve(key) : reject(err),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [
    PREFIX,
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const valid =
    Number.isSafeInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    r <= MAX_RP &&
    Number.isSafeInteger(p) &&
    p >= 1 &&
    p <= MAX_RP;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || key.length === 0) return undefined;
  return { params: { N, r, p }, salt, key };
}

/** True when the password matches. A malformed stored hash matches nothing. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** The parameters a stored hash was made with (to re-hash when the defaults are raised). */
export function hashParams(encoded: string): ScryptParams | undefined {
  return parseHash(encoded)?.params;
}
