/**
 * A delivery's network failure in plain words. Node's messages can carry OpenSSL internals (source
 * paths, library codes) and the address tried; the delivery log and sync errors, which any token
 * reads, get only the reason.
 */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed by the receiver',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed',
};

export function describeNetworkError(error: Error & { code?: unknown }): string {
  const code = typeof error.code === 'string' ? error.code : '';
  if (Object.hasOwn(REASONS, code)) return REASONS[code] as string;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'TLS certificate not accepted';
  if (code.startsWith('ERR_SSL_') || /SSL|TLS/i.test(error.message)) return 'TLS handshake failed';
  if (error.message === 'timed out' || error.message === 'socket hang up') return error.message;
  return 'the connection failed';
}
