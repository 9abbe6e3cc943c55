/**
 * The contract's transport rule, shared by the client and the sandbox: HTTPS everywhere, plain
 * HTTP only on loopback (local development, the sandbox, local webhook receivers).
 */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for `https:` URLs, and for `http:` URLs whose host is a loopback address. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}

/** `http://127.0.0.1:…`, `http://localhost:…` or `http://[::1]:…`. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTNAMES.has(url.hostname);
}
