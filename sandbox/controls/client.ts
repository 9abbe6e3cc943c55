/**
 * A typed client for the `/_sandbox` controls (./routes.ts), over plain HTTP: one function per
 * control route, for the benchmark, the flows and the test helpers. Every call throws unless the
 * sandbox answers 2xx. See docs/sandbox.md for what each control does.
 *
 *     const controls = sandboxControls('http://127.0.0.1:4010');
 *     await controls.reset('demo');
 *     const { access_token } = await controls.mintToken();
 */
import { TokenResponse, type CustomFieldDefinition } from '../../src/api/schemas';
import type { DeliveryLogEntry } from '../events/deliveries';
import type { RateLimiter } from '../http/rate-limit';
import type { SeedName } from '../seed';
import type {
  CustomFieldRequest,
  FaultRequest,
  GenerateRequest,
  PacingWindowRequest,
  TokenRequest,
  WebhookScheduleRequest,
} from './routes';

export type {
  CustomFieldRequest,
  FaultRequest,
  GenerateRequest,
  PacingWindowRequest,
  TokenRequest,
  WebhookScheduleRequest,
} from './routes';

export type RateLimitSettings = ReturnType<RateLimiter['settings']>;

export interface SandboxControls {
  /** `POST /_sandbox/reset`: wipes everything and seeds again (the sandbox's own seed by default). */
  reset(seed?: SeedName): Promise<void>;
  /** `POST /_sandbox/tokens`: a new grant for the Zapier client, without the consent page. */
  mintToken(request?: TokenRequest): Promise<TokenResponse>;
  /** `POST /_sandbox/clock`: moves the sandbox's clock forward; returns the new time. */
  advanceClock(seconds: number): Promise<{ now: string }>;
  /** `POST /_sandbox/faults`: returns the fault's id. */
  injectFault(fault: FaultRequest): Promise<{ id: string }>;
  /** `DELETE /_sandbox/faults`: every fault not yet spent. */
  clearFaults(): Promise<void>;
  /** `PUT /_sandbox/webhook-schedule`: returns the retry delays now in force. */
  setWebhookSchedule(schedule: WebhookScheduleRequest): Promise<{ delays_ms: number[] }>;
  /**
   * `PUT /_sandbox/pacing-window`: how long a delivery-rate cap's minute lasts (1000: a minute
   * lasts a second); returns the window now in force.
   */
  setPacingWindow(request: PacingWindowRequest): Promise<PacingWindowRequest>;
  /** `GET /_sandbox/deliveries`: every delivery attempt so far, oldest first. */
  deliveries(): Promise<DeliveryLogEntry[]>;
  /** `PUT /_sandbox/rate-limit`: the limit per token and window (counters restart). */
  setRateLimit(settings: RateLimitSettings): Promise<RateLimitSettings>;
  /** `POST /_sandbox/generate`. */
  generate(request: GenerateRequest): Promise<{ kind: string; created: number }>;
  /** `POST /_sandbox/custom-fields`: returns the definition as stored. */
  addCustomField(field: CustomFieldRequest): Promise<CustomFieldDefinition & { object: string }>;
  /** `DELETE /_sandbox/custom-fields/:object/:key`: the definition goes, stored values stay. */
  removeCustomField(object: string, key: string): Promise<void>;
}

export interface SandboxControlsOptions {
  /**
   * The fetch to send with; by default the global one at the time of the call. Tests pass the
   * bare one, captured before zapier-platform-core wraps the global fetch with its logger.
   */
  fetch?: typeof fetch;
}

/** A control answered something else than 2xx. */
export class ControlRequestFailed extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} → ${status}: ${body}`);
  }
}

/** The controls of the sandbox at `baseUrl` (its origin, e.g. `http://127.0.0.1:4010`). */
export function sandboxControls(
  baseUrl: string,
  options: SandboxControlsOptions = {},
): SandboxControls {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function control<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await send(`${baseUrl}/_sandbox${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new ControlRequestFailed(method, `/_sandbox${path}`, response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  return {
    reset: (seed) => control('POST', '/reset', seed ? { seed } : {}),
    mintToken: async (request = {}) =>
      TokenResponse.parse(await control<unknown>('POST', '/tokens', request)),
    advanceClock: (seconds) => control('POST', '/clock', { advance_seconds: seconds }),
    injectFault: (fault) => control('POST', '/faults', fault),
    clearFaults: () => control('DELETE', '/faults'),
    setWebhookSchedule: (schedule) => control('PUT', '/webhook-schedule', schedule),
    setPacingWindow: (request) => control('PUT', '/pacing-window', request),
    deliveries: async () =>
      (await control<{ data: DeliveryLogEntry[] }>('GET', '/deliveries')).data,
    setRateLimit: (settings) => control('PUT', '/rate-limit', settings),
    generate: (request) => control('POST', '/generate', request),
    addCustomField: (field) => control('POST', '/custom-fields', field),
    removeCustomField: (object, key) =>
      control('DELETE', `/custom-fields/${encodeURIComponent(object)}/${encodeURIComponent(key)}`),
  };
}
