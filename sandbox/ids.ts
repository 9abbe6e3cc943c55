/** Random ids and secrets, all from Node's CSPRNG. */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix_` + base62 characters, matching the contract's `^prefix_[A-Za-z0-9]{1,64}$`. */
export function randomId(prefix: string, length = 20): string {
  // 248 = 4 × 62: bytes at or above it are skipped, so every character is equally likely.
  let suffix = '';
  while (suffix.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && suffix.length < length) suffix += BASE62[byte % 62];
    }
  }
  return `${prefix}_${suffix}`;
}

/** An opaque bearer secret: `prefix` + 32 random bytes, base64url. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
