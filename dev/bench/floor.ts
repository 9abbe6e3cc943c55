/**
 * The operations table's baselines (./operations.ts): the requests the app sent, captured in its
 * middleware, and the framework's floor that replays them as bare `z.request`s, in an empty app
 * and inside this app's definition.
 */
import { defineApp, version as platformVersion, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request the app sent, as its middleware saw it: what the raw fetch and the floor replay. */
export interface Sent {
  method: HttpMethod;
  url: string;
  body?: string;
}

export interface FloorRequest {
  request: Sent;
  headers: Record<string, string>;
  /** Core's request merge on (z.request's default, the bare floor) or off (as the app sends). */
  merge: boolean;
}

/** What the floor's operation sends on its next run. */
let floorRequests: FloorRequest[] = [];
export function setFloorRequests(requests: FloorRequest[]): void {
  floorRequests = requests;
}

/**
 * The floor's operation: the requests of `floorRequests` as bare `z.request`s. It is registered
 * (an ad-hoc function makes the app tester search the whole definition for it on every run).
 */
export const floorProbe = {
  key: 'floor_probe',
  noun: 'Probe',
  display: { label: 'Floor Probe', description: 'Creates nothing: sends the captured requests.' },
  operation: {
    perform: async (z: ZObject): Promise<object> => {
      let data: unknown = {};
      for (const { request, headers, merge } of floorRequests) {
        const options: Sent & { headers: Record<string, string>; merge?: false } = {
          ...request,
          headers,
          ...(merge ? {} : { merge: false as const }),
        };
        data = (await z.request(options)).data;
      }
      return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : { data };
    },
  },
};

/** The framework's floor: no authentication, no middleware, nothing but core. */
export const floorApp = defineApp({
  version: '0.0.0',
  platformVersion,
  creates: { [floorProbe.key]: floorProbe },
});

/**
 * The same floor inside this app's definition (its authentication, triggers, actions and searches,
 * but none of its middleware), sending as the app does (core's request merge off, see
 * src/http/send.ts): what core costs for a definition of this size. The app over this floor is
 * what the integration's own code adds.
 */
export const definitionFloorApp = {
  ...app,
  beforeRequest: [],
  afterResponse: [],
  creates: { ...app.creates, [floorProbe.key]: floorProbe },
} as typeof app;

/** The app with one more beforeRequest step that records each request (the first run only). */
export function recordingApp(sent: Sent[]) {
  const record = (request: {
    method?: string;
    url: string;
    params?: Record<string, unknown>;
    body?: unknown;
  }) => {
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.params ?? {}))
      url.searchParams.set(key, String(value));
    const body = request.body;
    sent.push({
      method: (request.method ?? 'GET') as HttpMethod,
      url: url.toString(),
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    });
    return request;
  };
  return { ...app, beforeRequest: [...(app.beforeRequest as unknown[]), record] } as typeof app;
}
