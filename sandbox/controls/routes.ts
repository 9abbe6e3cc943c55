/**
 * `/_sandbox/*`: controls outside the contract, for tests and demos (no auth, JSON). See
 * docs/sandbox.md for each one. They answer only on loopback, and never to a browser.
 */
import { isIPv4 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLoopbackUrl } from '../../src/api/transport';
import { CustomFieldDefinition } from '../../src/api/schemas';
import { scopesOf, type Registry } from '../../src/api/objects';
import {
  COMPRESSED_DELAYS_MS,
  PRODUCTION_DELAYS_MS,
  PRODUCTION_PACING_WINDOW_MS,
} from '../events/deliveries';
import type { OAuthClient } from '../oauth/clients';
import { controlRefused, notFound, unprocessable } from '../http/problems';
import type { SandboxState } from '../state';
import { DEFAULT_EXPIRES_IN } from '../oauth/tokens';
import { parseBody } from '../http/validation';

const CONTROLS_PREFIX = '/_sandbox';

/**
 * Whether the request is for `/_sandbox` or below. By the route it matched (the router decodes
 * `/%5Fsandbox/reset` to `/_sandbox/reset`), or, when it matched none, by its decoded path.
 */
export function isControlRequest(request: FastifyRequest): boolean {
  let path = request.routeOptions.url;
  if (path === undefined) {
    const raw = request.url.split('?')[0] ?? '';
    try {
      path = decodeURIComponent(raw);
    } catch {
      path = raw;
    }
  }
  return path === CONTROLS_PREFIX || path.startsWith(`${CONTROLS_PREFIX}/`);
}

/** `127.0.0.1:4010`, `localhost:4010`, `[::1]:4010` (the port is any). */
function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  return URL.canParse(`http://${host}`) && isLoopbackUrl(new URL(`http://${host}`));
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, a dual-stack socket). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1];
  const ipv4 = mapped ?? address;
  if (isIPv4(ipv4)) return ipv4.startsWith('127.');
  return address === '::1';
}

/**
 * The controls change everything without authentication, so only this machine may use them, and
 * not through a web page open in its browser: browsers send `Origin` on cross-origin requests and
 * on every POST, PUT and DELETE, while scripts and tests (Node's fetch, curl) send none. Checked
 * before the body is read, so a refused request changes nothing.
 */
export function checkControlCaller(request: FastifyRequest): void {
  const address = request.socket.remoteAddress;
  if (!isLoopbackAddress(address)) {
    throw controlRefused(
      `The /_sandbox controls answer only on loopback (127.0.0.1, ::1); this request came from ${address ?? 'an unknown address'}.`,
    );
  }
  // DNS rebinding: a page on attacker.example re-pointed at 127.0.0.1 sends no Origin on a simple
  // GET, but its Host header still names attacker.example.
  if (!isLoopbackHostHeader(request.headers.host)) {
    throw controlRefused(
      `The /_sandbox controls answer only to a loopback host name (127.0.0.1, localhost, [::1]); this request was for ${request.headers.host ?? 'no host'}.`,
    );
  }
  if (request.headers.origin !== undefined) {
    throw controlRefused(
      'The /_sandbox controls refuse requests that carry an Origin header (sent by web browsers), so that no web page can use them; call them from a script or a test instead.',
    );
  }
}

const ResetBody = z.strictObject({ seed: z.enum(['empty', 'demo']).optional() });

/**
 * One move is at most 10 years, and the clock stays within 100 years of real time: timestamps
 * must stay below year 10000 (and dates valid), whatever a test asks for.
 */
export const MAX_CLOCK_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;
export const MAX_CLOCK_OFFSET_SECONDS = 100 * 366 * 24 * 3600;
const ClockBody = z.strictObject({
  advance_seconds: z
    .number()
    .min(0, 'the clock only moves forward')
    .max(MAX_CLOCK_ADVANCE_SECONDS, `must be at most ${MAX_CLOCK_ADVANCE_SECONDS} (10 years)`),
});

/** RFC 9110 §5.1 field names (tokens) and §5.5 field values (no CR, LF or NUL). */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');
const HeaderValue = z
  .string()
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must not contain line breaks or control characters');

const FaultBody = z.strictObject({
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  times: z.number().int().min(1).default(1),
  // 1xx are not final answers; 2xx-3xx stay possible (a redirect, an unexpected success).
  status: z.number().int().min(200, 'must be 200-599').max(599, 'must be 200-599').optional(),
  headers: z.record(HeaderName, HeaderValue).default({}),
  body: z.json().optional(),
  delay_ms: z.number().int().min(0).max(120_000).optional(),
  drop: z.boolean().default(false),
  malformed: z.boolean().default(false),
});

const ScheduleBody = z.union([
  z.strictObject({ preset: z.enum(['production', 'compressed']) }),
  z.strictObject({ delays_ms: z.array(z.number().int().min(0)).max(20) }),
]);

/**
 * How long a `max_deliveries_per_minute` cap's minute lasts: `{ window_ms: 1000 }` makes a minute
 * last a second (the sandbox's clock only adds an offset, and deliveries run on real timers).
 */
const PacingWindowBody = z.strictObject({
  window_ms: z.number().int().min(10).max(PRODUCTION_PACING_WINDOW_MS),
});

const RateLimitBody = z.strictObject({
  limit: z.number().int().min(1),
  window_seconds: z.number().positive(),
});

/** The bodies whose choices are the registry's: its objects' names and their scopes. */
function registryBodies(objects: Registry) {
  const names = objects.map((object) => object.name) as [string, ...string[]];
  const scopes = scopesOf(objects) as [string, ...string[]];
  return {
    tokens: z.strictObject({
      scopes: z.array(z.enum(scopes)).default([...scopes]),
      expires_in: z.number().int().positive().default(DEFAULT_EXPIRES_IN),
    }),
    customField: z
      .strictObject({
        ...CustomFieldDefinition.shape,
        object: z.enum(names),
        choices: CustomFieldDefinition.shape.choices.default([]),
        required: CustomFieldDefinition.shape.required.default(false),
        help_text: CustomFieldDefinition.shape.help_text.default(null),
      })
      .refine((field) => field.type !== 'select' || field.choices.length > 0, {
        path: ['choices'],
        message: 'a select field needs at least one choice',
      }),
    // The kind as the sandbox names it (`location`) or as the API's paths spell it (`locations`).
    generate: z.strictObject({
      kind: z
        .string()
        .transform((kind) => objects.find((o) => o.name === kind || o.path === kind)?.name ?? kind)
        .pipe(
          z.enum(names, {
            error: `must be one of the kinds ${names.join(', ')} (or their collections ${objects.map((o) => o.path).join(', ')})`,
          }),
        ),
      count: z.number().int().min(1).max(200_000),
    }),
  };
}

/** What each control takes, as its callers write it (./client.ts). */
export type FaultRequest = z.input<typeof FaultBody>;
export type WebhookScheduleRequest = z.input<typeof ScheduleBody>;
export type PacingWindowRequest = z.input<typeof PacingWindowBody>;
type RegistryBodies = ReturnType<typeof registryBodies>;
export type TokenRequest = z.input<RegistryBodies['tokens']>;
export type GenerateRequest = z.input<RegistryBodies['generate']>;
export type CustomFieldRequest = z.input<RegistryBodies['customField']>;

export function registerControlRoutes(
  app: FastifyInstance,
  deps: { state: SandboxState; client: OAuthClient },
): void {
  const { state, client } = deps;
  const bodies = registryBodies(state.objects);

  app.post('/_sandbox/reset', async (request, reply) => {
    const { seed } = parseBody(ResetBody, request.body ?? {});
    state.reset(seed);
    return reply.code(204).send();
  });

  app.post('/_sandbox/tokens', async (request, reply) => {
    const body = parseBody(bodies.tokens, request.body ?? {});
    return reply.code(201).send(state.tokens.issueGrant(client.id, body.scopes, body.expires_in));
  });

  app.post('/_sandbox/clock', (request) => {
    const { advance_seconds: seconds } = parseBody(ClockBody, request.body);
    if (state.clock.offsetSeconds() + seconds > MAX_CLOCK_OFFSET_SECONDS) {
      const message = `would move the clock more than ${MAX_CLOCK_OFFSET_SECONDS} s (100 years) ahead; reset first`;
      throw unprocessable(`\`advance_seconds\` ${message}.`, [
        { field: 'advance_seconds', message },
      ]);
    }
    state.clock.advance(seconds);
    return { now: state.clock.nowIso() };
  });

  app.post('/_sandbox/faults', async (request, reply) => {
    const { delay_ms: delayMs, ...fault } = parseBody(FaultBody, request.body);
    return reply.code(201).send({ id: state.faults.add({ ...fault, delayMs }) });
  });

  app.delete('/_sandbox/faults', async (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });

  app.put('/_sandbox/webhook-schedule', (request) => {
    const body = parseBody(ScheduleBody, request.body);
    if ('preset' in body) {
      const production = body.preset === 'production';
      state.deliveries.setSchedule(
        production ? PRODUCTION_DELAYS_MS : COMPRESSED_DELAYS_MS,
        production,
      );
    } else {
      state.deliveries.setSchedule(body.delays_ms, false);
    }
    return { delays_ms: state.deliveries.schedule() };
  });

  app.get('/_sandbox/deliveries', () => ({ data: state.deliveries.entries() }));

  app.put('/_sandbox/pacing-window', (request) => {
    const body = parseBody(PacingWindowBody, request.body);
    state.deliveries.setPacingWindow(body.window_ms);
    return { window_ms: state.deliveries.pacingWindow() };
  });

  app.put('/_sandbox/rate-limit', (request) => {
    const body = parseBody(RateLimitBody, request.body);
    state.rateLimiter.configure(body.limit, body.window_seconds);
    return state.rateLimiter.settings();
  });

  app.post('/_sandbox/generate', async (request, reply) => {
    const { kind, count } = parseBody(bodies.generate, request.body);
    const collection = state.collection(kind);
    for (let n = 1; n <= count; n++) collection.create(collection.object.example(n));
    return reply.code(201).send({ kind, created: count });
  });

  app.post('/_sandbox/custom-fields', async (request, reply) => {
    const { object, ...definition } = parseBody(bodies.customField, request.body);
    state.customFields.add(object, definition);
    return reply.code(201).send({ object, ...definition });
  });

  app.delete('/_sandbox/custom-fields/:object/:key', async (request, reply) => {
    const { object, key } = request.params as { object: string; key: string };
    if (!state.customFields.remove(object, key)) {
      throw notFound(`No ${object} custom field "${key}".`, 'key');
    }
    return reply.code(204).send();
  });
}
