/**
 * Flow 1 (Location → Clio Company contact) when a location is created and edited at once: both
 * deliveries fire before the link-back lands, so both Zap runs take the create path and make a
 * Clio contact. The second link must halt naming both Clio ids (issue 17, finding 4), not replace
 * the first link and orphan a contact in silence; a replay of the first run's link is a no-op.
 * The recipe is played by the real Zap runner against the sandbox and the Clio stand-in.
 */
import { createAppTester, errors } from 'zapier-platform-core';
import { useFreshFlowServers } from '../support/flow-servers';
import { sandboxControls } from '../../sandbox/controls/client';
import { createZapRunner } from '../../dev/flows/runner';
import { app } from '../../src/app';
import { Location } from '../../src/api/schemas';
import { linkLocationToClio } from '../../src/locations/location-link.action';
import { locationKind } from '../../src/locations/location';

const sandboxFetch = globalThis.fetch;
const servers = useFreshFlowServers('empty');

/** The firm's own write to Snapshots (not the Zap's connection); the record as stored. */
async function firmWrite(token: string, method: string, path: string, body: object) {
  const response = await sandboxFetch(`${servers.sandbox.url}/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(method === 'POST' ? { 'idempotency-key': `firm-${path}-${Date.now()}` } : {}),
    },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return Location.parse(await response.json());
}

it('flow 1: a location created and edited at once makes two runs; the second link halts naming both Clio contacts', async () => {
  const controls = sandboxControls(servers.sandbox.url, { fetch: sandboxFetch });
  const firm = (await controls.mintToken()).access_token;
  const minted = await controls.mintToken();
  const authData = {
    access_token: minted.access_token,
    refresh_token: minted.refresh_token,
    scope: minted.scope,
  };
  const tester = createAppTester(app);
  const runner = createZapRunner({
    tester,
    authData,
    clio: servers.clio,
    sandboxRequests: servers.requests,
  });

  // Created, then edited at once: both trigger outputs are taken before any link-back lands.
  const created = await firmWrite(firm, 'POST', '/locations', { name: 'Harbor Office' });
  const edited = await firmWrite(firm, 'PATCH', `/locations/${created.location_id}`, {
    email: 'harbor@demo-law.example',
  });
  const outputs = [locationKind.output(created), locationKind.output(edited)];
  expect(outputs.map((output) => output.clio_contact_id)).toEqual([null, null]);

  const contactsBefore = new Set(servers.clio.records.contacts.keys());
  const first = await runner.runZap('1', 'new_or_updated_location', outputs[0]!, []);
  const [firstContact, firstLink] = first.steps;
  const firstId = String(firstContact?.result.id);
  expect(firstLink?.result.external_refs).toEqual({ clio: firstId });

  const second = runner.runZap('1', 'new_or_updated_location', outputs[1]!, []);
  await expect(second).rejects.toBeInstanceOf(errors.HaltedError);
  const contactIds = [...servers.clio.records.contacts.keys()]
    .filter((id) => !contactsBefore.has(id))
    .map(String);
  expect(contactIds).toHaveLength(2);
  const orphanId = contactIds.find((id) => id !== firstId);
  await expect(second).rejects.toThrow(
    `Location ${created.location_id} is already linked to Clio contact ${firstId}, so it was not linked to Clio contact ${orphanId}. If ${orphanId} is a duplicate, delete it in Clio;`,
  );

  // Zapier's replay of the first run's link step: the same link again, a no-op success.
  const replay = (await tester(linkLocationToClio.operation.perform, {
    authData,
    inputData: { location_id: created.location_id, clio_contact_id: firstId },
  })) as { external_refs: unknown; version: number };
  expect(replay.external_refs).toEqual({ clio: firstId });
  expect(replay.version).toBe(firstLink?.result.version);
});
