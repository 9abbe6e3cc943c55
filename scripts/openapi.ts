/** Writes openapi.json from the zod schemas (`npm run openapi`); a test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/api/openapi';

const target = join(__dirname, '..', '..', 'openapi.json');
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
