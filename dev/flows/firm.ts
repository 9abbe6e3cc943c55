/**
 * The firm's own staff: the changes they make in Snapshots (through the firm's own connection,
 * told apart from the Zap's in the sandbox's request log) and in Clio, before any Zap runs.
 */
import { randomUUID } from 'node:crypto';
import type { ClioStandIn } from '../../sandbox/clio';
import { sandboxControls } from '../../sandbox/controls/client';
import type { SandboxRequest } from '../../sandbox/index';
import { check } from './checks';
import type { Request } from './report';

type Fields = Record<string, unknown>;

export interface Firm {
  /** A request of the firm's staff to Snapshots (`body` undefined for a GET). */
  inSnapshots(method: string, path: string, body?: Fields): Promise<Fields>;
  /** The firm's requests to Snapshots since `start` (a place in the sandbox's request log). */
  requestsSince(start: number): Request[];
  /** A change the firm's staff make in Clio (its own requests, before Clio's trigger fires). */
  inClio(
    method: 'POST' | 'PATCH',
    path: string,
    data: Fields,
  ): Promise<{ id: number; made: Request[] }>;
}

export async function connectFirm(options: {
  sandboxUrl: string;
  sandboxRequests: SandboxRequest[];
  clio: ClioStandIn;
}): Promise<Firm> {
  const { sandboxUrl, sandboxRequests, clio } = options;
  const minted = await sandboxControls(sandboxUrl).mintToken();
  const authorization = `Bearer ${minted.access_token}`;
  return {
    async inSnapshots(method, path, body) {
      const response = await fetch(`${sandboxUrl}/v1${path}`, {
        method,
        headers: {
          authorization,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
        },
        body: body && JSON.stringify(body),
      });
      const answer = (await response.json()) as Fields;
      check(response.ok, `Snapshots refused ${method} ${path} (HTTP ${response.status}).`);
      return answer;
    },
    requestsSince: (start) =>
      sandboxRequests
        .slice(start)
        .filter((request) => request.authorization === authorization)
        .map(({ method, url, status }) => ({ method, url, status })),
    async inClio(method, path, data) {
      const response = await fetch(`${clio.url}${path}?fields=id`, {
        method,
        headers: { authorization: `Bearer ${clio.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data }),
      });
      const answer = (await response.json()) as { data?: { id: number } };
      check(
        response.ok && answer.data !== undefined,
        `Clio refused ${method} ${path} (HTTP ${response.status}).`,
      );
      return { id: answer.data.id, made: [{ method, url: path, status: response.status }] };
    },
  };
}
