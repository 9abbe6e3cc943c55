/**
 * What the suite guards (./suite-guards) record while one test file runs: every secret issued,
 * every log line, and every connection and request. One instance per test file (jest gives each
 * file its own module registry); ./suite-guards checks it after the file's last test.
 */

/** Shorter values could occur by chance in a log line: nothing issued here is that short. */
const MIN_SECRET_LENGTH = 8;

const issued = new Map<string, string>();
const lines: string[] = [];
const mockedHosts = new Set<string>();

export const counts = {
  /** Real TCP connections opened, all loopback unless `refusedHosts` has entries. */
  connections: 0,
  /** Requests the integration made (core's HTTP log), to the configured base URL or loopback. */
  apiRequests: 0,
  /** Requests the integration made to another host that the test mocked with nock on purpose. */
  mockedForeignRequests: 0,
};
/** Connections and requests to a host that is neither loopback nor the configured base URL. */
export const refusedHosts: string[] = [];

/** Remembers a token, secret, code or verifier that was handed out, under what it is. */
export function recordSecret(kind: string, value: unknown): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH && !issued.has(value)) {
    issued.set(value, kind);
  }
}

/** Remembers one line of output: a log line, a console line or an error message. */
export function recordLine(source: string, text: unknown): void {
  lines.push(`${source}: ${typeof text === 'string' ? text : safeStringify(text)}`);
}

export function recordMockedHost(hostname: string): void {
  mockedHosts.add(hostname.toLowerCase());
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']);

export const isLoopback = (hostname: string): boolean =>
  LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/** Checks one request the integration made (from core's HTTP log). */
export function recordApiRequest(url: string): void {
  if (!URL.canParse(url)) return;
  const { hostname, host } = new URL(url);
  const base = process.env.SNAPSHOTS_API_BASE_URL;
  const baseHost = base && URL.canParse(base) ? new URL(base).host : undefined;
  if (isLoopback(hostname) || host === baseHost) counts.apiRequests += 1;
  else if (mockedHosts.has(hostname.toLowerCase())) counts.mockedForeignRequests += 1;
  else refusedHosts.push(`the integration requested ${url}`);
}

/** The secrets that occur in any recorded line, each with the first line it occurs in. */
export function leakedSecrets(): { kind: string; line: string }[] {
  const text = lines.join('\n');
  const leaks: { kind: string; line: string }[] = [];
  for (const [secret, kind] of issued) {
    const at = text.indexOf(secret);
    if (at === -1) continue;
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    const line = text.slice(start, end === -1 ? undefined : end);
    // The report names where it leaked, never the secret itself.
    leaks.push({ kind, line: line.split(secret).join('<the secret>').slice(0, 300) });
  }
  return leaks;
}

export const totals = () => ({ lines: lines.length, secrets: issued.size, ...counts });

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
