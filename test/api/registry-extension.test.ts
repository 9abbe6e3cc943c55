/**
 * Adding an object to the API is one registry entry: a registry with an invoice added, and no
 * other edit, gives the invoice its OpenAPI paths and scopes, its sandbox routes (storage, links,
 * filters, scopes, events) and its client collection.
 */
import { createAppTester, type ZObject } from 'zapier-platform-core';
import { z } from 'zod';
import { startSandbox, type Sandbox } from '../../sandbox';
import { sandboxControls } from '../../sandbox/controls/client';
import { app } from '../../src/app';
import { OBJECTS, defineObject, scopesOf } from '../../src/api/objects';
import { buildOpenApiDocument } from '../../src/api/openapi';
import {
  CustomFields,
  ExactText,
  ExternalRefs,
  ExternalRefsPatch,
  MatterId,
  RecordRef,
  commaList,
  listShape,
  prefixedId,
  serverFields,
} from '../../src/api/schemas';
import { createClientFor } from '../../src/http/client';
import { startReceiver } from '../support/receiver';

const InvoiceId = prefixedId('inv');
const invoiceWritable = {
  number: z.string().trim().min(1).max(40),
  amount_cents: z.number().int().min(0),
  matter_id: MatterId.nullable().optional(),
  matter_ref: RecordRef.optional(),
  external_refs: ExternalRefs.optional(),
  custom_fields: CustomFields.optional(),
};
const Invoice = z.object({
  invoice_id: InvoiceId,
  number: z.string(),
  amount_cents: z.number().int(),
  matter_id: MatterId.nullable(),
  matter: z.object({ matter_id: MatterId, title: z.string() }).loose().nullable().optional(),
  external_refs: ExternalRefs,
  custom_fields: CustomFields,
  ...serverFields,
});

const invoice = defineObject({
  name: 'invoice',
  path: 'invoices',
  idPrefix: 'inv',
  idField: 'invoice_id',
  nouns: { one: 'invoice', many: 'invoices', title: 'Invoice' },
  schemas: {
    id: InvoiceId,
    record: Invoice,
    create: z.strictObject(invoiceWritable),
    patch: z.strictObject({
      ...invoiceWritable,
      number: invoiceWritable.number.optional(),
      amount_cents: invoiceWritable.amount_cents.optional(),
      external_refs: ExternalRefsPatch.optional(),
    }),
    list: z.strictObject({
      ...listShape,
      number: ExactText.optional(),
      matter_id: MatterId.optional(),
      expand: commaList(z.enum(['matter'])).optional(),
    }),
    item: z.strictObject({ expand: commaList(z.enum(['matter'])).optional() }),
  },
  links: [{ field: 'matter_id', object: 'matter', refField: 'matter_ref', expandAs: 'matter' }],
  searchField: 'number',
  textFilter: 'number',
  exactFilters: ['matter_id'],
  defaults: { number: '', amount_cents: 0, matter_id: null, external_refs: {}, custom_fields: {} },
  example: (n) => ({ number: `INV-${n}`, amount_cents: n }),
});
const registry = [...OBJECTS, invoice] as const;

describe('a registry with one more object', () => {
  it('gives the object its five OpenAPI operations per path and its two scopes', () => {
    const document = buildOpenApiDocument(registry);
    const paths = document.paths ?? {};
    expect(Object.keys(paths['/v1/invoices'] ?? {})).toEqual(['get', 'post']);
    expect(Object.keys(paths['/v1/invoices/{invoice_id}'] ?? {})).toEqual(['get', 'patch']);
    expect(Object.keys(paths['/v1/invoices/by-ref/{system}/{external_id}'] ?? {})).toEqual([
      'put',
      'patch',
    ]);
    expect(paths['/v1/invoices']?.post?.summary).toBe('Create an invoice');
    expect(paths['/v1/invoices']?.get?.security).toEqual([{ oauth2: ['saas/invoice.read'] }]);
    const flows = document.components?.securitySchemes?.oauth2;
    expect(flows && 'flows' in flows ? flows.flows?.authorizationCode?.scopes : {}).toMatchObject({
      'saas/invoice.read': 'Read invoices.',
      'saas/invoice.write': 'Create and update invoices.',
    });
    // The API's own document is untouched.
    expect(buildOpenApiDocument().paths?.['/v1/invoices']).toBeUndefined();
  });

  describe('served by a sandbox started with it, and read by a client made from it', () => {
    let sandbox: Sandbox;
    let token: string;
    const saved = process.env.SNAPSHOTS_API_BASE_URL;
    const controls = () => sandboxControls(sandbox.url);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${sandbox.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    const withClient = <T>(use: (client: ReturnType<typeof clientOf>) => Promise<T>) =>
      createAppTester(app)((z: ZObject) => use(clientOf(z)), {
        authData: { access_token: token, refresh_token: 'unused' },
      });
    const clientOf = (z: ZObject) => createClientFor(z, registry);

    beforeAll(async () => {
      sandbox = await startSandbox({ objects: registry });
      process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
      token = (await controls().mintToken()).access_token;
    });
    afterAll(async () => {
      if (saved === undefined) delete process.env.SNAPSHOTS_API_BASE_URL;
      else process.env.SNAPSHOTS_API_BASE_URL = saved;
      await sandbox.close();
    });

    it('grants its scopes with every other one by default', async () => {
      const response = await api('/v1/me');
      expect(((await response.json()) as { scopes: string[] }).scopes).toEqual(scopesOf(registry));
    });

    it('creates, reads, lists, patches and upserts by reference, with its link resolved', async () => {
      const matter = await withClient((client) =>
        client.matters.upsertByRef('clio', '77', { title: 'Estate of Smith' }),
      );
      const created = await withClient((client) =>
        client.invoices.create(
          { number: 'INV-1', amount_cents: 12_500, matter_ref: 'clio:77' },
          { idempotencyKey: 'invoice-1' },
        ),
      );
      expect(created).toMatchObject({
        invoice_id: expect.stringMatching(/^inv_/),
        number: 'INV-1',
        matter_id: matter.record.matter_id,
        version: 1,
      });
      const id = String(created.invoice_id);
      const read = await withClient((client) => client.invoices.get(id, { expand: ['matter'] }));
      expect(read.matter).toMatchObject({ title: 'Estate of Smith' });
      const listed = await withClient((client) => client.invoices.list({ number: 'inv-1 ' }));
      expect(listed.data.map((item) => item.invoice_id)).toEqual([id]);
      const patched = await withClient((client) =>
        client.invoices.update(id, { amount_cents: 13_000 }, { ifMatch: 1 }),
      );
      expect(patched).toMatchObject({ amount_cents: 13_000, version: 2 });
      const upserted = await withClient((client) =>
        client.invoices.mergeByRef('billing', 'B-9', { number: 'INV-2', amount_cents: 1 }),
      );
      expect(upserted.created).toBe(true);
      expect(await withClient((client) => client.invoices.find('inv_missing'))).toBeNull();
    });

    it('refuses what its schemas and links refuse, naming the field', async () => {
      const response = await api('/v1/invoices', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'bad-invoice' },
        body: JSON.stringify({ number: 'INV-3', amount_cents: -1, matter_id: 'mat_nope' }),
      });
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((error) => error.field)).toContain('amount_cents');
    });

    it('checks its scopes, and emits and lists its events', async () => {
      const narrow = await controls().mintToken({ scopes: ['saas/location.read'] });
      const refused = await fetch(`${sandbox.url}/v1/invoices`, {
        headers: { authorization: `Bearer ${narrow.access_token}` },
      });
      expect(refused.status).toBe(403);
      expect(await controls().generate({ kind: 'invoice', count: 3 })).toEqual({
        kind: 'invoice',
        created: 3,
      });
      const events = (await (await api('/v1/events?order=desc&limit=3')).json()) as {
        data: { type: string }[];
      };
      expect(events.data.map((event) => event.type)).toEqual([
        'invoice.created',
        'invoice.created',
        'invoice.created',
      ]);
    });

    it('takes webhook subscriptions to its events and delivers them', async () => {
      const receiver = await startReceiver();
      try {
        const subscription = await withClient((client) =>
          client.webhooks.create(
            { url: receiver.url, events: ['invoice.created', 'invoice.updated'] as never[] },
            { idempotencyKey: 'invoice-hook' },
          ),
        );
        expect(subscription.events).toEqual(['invoice.created', 'invoice.updated']);
        await controls().generate({ kind: 'invoice', count: 1 });
        for (let waited = 0; receiver.deliveries.length === 0 && waited < 5_000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const delivered = JSON.parse(receiver.deliveries[0]!.body) as {
          type: string;
          data: { invoice_id: string; number: string };
        };
        expect(delivered.type).toBe('invoice.created');
        expect(delivered.data).toMatchObject({ invoice_id: expect.stringMatching(/^inv_/) });
        await withClient((client) => client.webhooks.delete(subscription.id));
      } finally {
        await receiver.close();
      }
    });

    it('filters the change log by its event types', async () => {
      await controls().generate({ kind: 'invoice', count: 1 });
      await withClient((client) =>
        client.locations.create({ name: 'Not an invoice' }, { idempotencyKey: 'not-invoice' }),
      );
      const events = (await (
        await api('/v1/events?types=invoice.updated,invoice.created&order=desc&limit=5')
      ).json()) as { data: { type: string }[] };
      expect(events.data.length).toBeGreaterThan(0);
      expect(new Set(events.data.map((event) => event.type))).toEqual(new Set(['invoice.created']));
    });

    it('holds custom fields defined on it, checked against their definitions', async () => {
      await controls().addCustomField({
        object: 'invoice',
        key: 'po_number',
        label: 'PO Number',
        type: 'text',
      });
      const definitions = (await (await api('/v1/custom-fields?object=invoice')).json()) as {
        data: { key: string }[];
      };
      expect(definitions.data.map((definition) => definition.key)).toEqual(['po_number']);
      const created = await withClient((client) =>
        client.invoices.create(
          { number: 'INV-PO', amount_cents: 5, custom_fields: { po_number: 'PO-1' } },
          { idempotencyKey: 'invoice-po' },
        ),
      );
      expect(created.custom_fields).toEqual({ po_number: 'PO-1' });
      const refused = await api('/v1/invoices', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'invoice-bad-po' },
        body: JSON.stringify({ number: 'INV-X', amount_cents: 5, custom_fields: { unknown: 'x' } }),
      });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain('is not a custom field of invoices');
    });
  });
});
