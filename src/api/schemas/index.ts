/** The Snapshots API v1 contract as zod schemas; see `src/api/openapi.ts` for the document. */
export * from './common';
export * from './resources';
export * from './events';
export * from './auth';
export * from './problem';
export * from './queries';
export * from './lenient';
export * from './custom-fields';

import { z } from 'zod';
import { page } from './common';
import { Event, SyncError, Webhook } from './events';

export const EventPage = page(Event, 'EventPage');
export const SyncErrorPage = page(SyncError, 'SyncErrorPage');
export const WebhookList = z.object({ data: z.array(Webhook) }).meta({ id: 'WebhookList' });
