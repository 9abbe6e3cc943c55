/** Fixed-window rate limiting per access token (or client address), on the sandbox clock. */
import type { SandboxClock } from '../clock';

export const DEFAULT_LIMIT = 100;
export const DEFAULT_WINDOW_SECONDS = 10;

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** The `RateLimit-*` headers (draft-ietf-httpapi-ratelimit-headers) of a counted request. */
export const rateLimitHeaders = (limit: RateLimitState): Record<string, string> => ({
  'RateLimit-Limit': String(limit.limit),
  'RateLimit-Remaining': String(limit.remaining),
  'RateLimit-Reset': String(limit.resetSeconds),
});

export class RateLimiter {
  private limit = DEFAULT_LIMIT;
  private windowMs = DEFAULT_WINDOW_SECONDS * 1000;
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(private readonly clock: SandboxClock) {}

  configure(limit: number, windowSeconds: number): void {
    this.limit = limit;
    this.windowMs = windowSeconds * 1000;
    this.windows.clear();
  }

  settings(): { limit: number; window_seconds: number } {
    return { limit: this.limit, window_seconds: this.windowMs / 1000 };
  }

  clearCounters(): void {
    this.windows.clear();
  }

  /** Counts one request for `key`. */
  consume(key: string): RateLimitState {
    const now = this.clock.nowMs();
    let window = this.windows.get(key);
    if (!window || now - window.startMs >= this.windowMs) {
      window = { startMs: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.startMs + this.windowMs - now) / 1000)),
    };
  }
}
