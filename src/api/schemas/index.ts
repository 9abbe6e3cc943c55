/** The Snapshots API v1 contract as zod schemas; see `src/api/openapi.ts` for the document. */
export * from './common';
export * from './resources';
export * from './events';
export * from './auth';
export * from './problem';
export * from './queries';
export * from './lenient';

import { z } from 'zod';
import { page } from './common';
import { ActivityExpanded, Location, MatterExpanded } from './resources';
import { Event, SyncError, Webhook } from './events';

export const LocationPage = page(Location, 'LocationPage');
export const MatterPage = page(MatterExpanded, 'MatterPage');
export const ActivityPage = page(ActivityExpanded, 'ActivityPage');
export const EventPage = page(Event, 'EventPage');
export const SyncErrorPage = page(SyncError, 'SyncErrorPage');
export const WebhookList = z.object({ data: z.array(Webhook) }).meta({ id: 'WebhookList' });
