/**
 * Writes sandbox/clio/clio-openapi.json: the part of Clio's published OpenAPI v4 document that the
 * Clio stand-in serves (the recipes' requests), so the conformance check needs no `../shared`.
 * Kept: the operations below, the schemas they reference (transitively); dropped: descriptions,
 * summaries, examples and tags (prose). Keys are sorted, so a rerun on the same input is identical.
 *
 *     bash scripts/bundle-entries.sh scripts/clio-openapi.ts && node dist/scripts/clio-openapi.js [path]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

/** The repository: the nearest folder with a tsconfig.json (this file may run from dist/scripts/). */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'tsconfig.json'))) return dir;
  }
  throw new Error(`No tsconfig.json above ${from}.`);
}
const root = repositoryRoot(__dirname);
/** `../shared/clio-openapi.json`, or the path given (a worktree lives elsewhere). */
const SOURCE = resolve(process.argv[2] ?? resolve(root, '..', 'shared', 'clio-openapi.json'));
const TARGET = resolve(root, 'sandbox', 'clio', 'clio-openapi.json');

const COLLECTIONS = ['contacts', 'matters', 'activities', 'notes', 'communications'];
/** The operations the stand-in serves: create, update and read of each collection, custom fields. */
export const KEPT_OPERATIONS: Record<string, readonly string[]> = {
  ...Object.fromEntries(COLLECTIONS.map((c) => [`/${c}.json`, ['post']])),
  ...Object.fromEntries(COLLECTIONS.map((c) => [`/${c}/{id}.json`, ['get', 'patch']])),
  '/custom_fields.json': ['get'],
};
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'tags']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A copy without prose, keys sorted; `onRef` sees every `$ref`. */
function prune(value: Json, onRef: (ref: string) => void): Json {
  if (Array.isArray(value)) return value.map((item) => prune(item, onRef));
  if (value === null || typeof value !== 'object') return value;
  const result: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    // A property named "description" (a matter's) is data, not prose: only drop prose strings.
    if (PROSE.has(key) && (typeof value[key] === 'string' || key === 'tags' || key === 'examples'))
      continue;
    if (key === '$ref' && typeof value[key] === 'string') onRef(value[key]);
    result[key] = prune(value[key]!, onRef);
  }
  return result;
}

/** The default minor version, as the document's "Minor Versions" section names it. */
function defaultVersion(description: string): string {
  const match = /-\s*(4\.\d+\.\d+)\s*\n\s*\*\*This is the default version\*\*/.exec(description);
  if (!match?.[1]) throw new Error('The document no longer names its default version (4.0.x).');
  return match[1];
}

export function pruneClioDocument(source: JsonObject, sourceName: string): JsonObject {
  const info = source.info as Record<string, string>;
  const allPaths = source.paths as Record<string, JsonObject>;
  const allSchemas = (source.components as JsonObject).schemas as JsonObject;
  const wanted = new Set<string>();
  const queue: string[] = [];
  const onRef = (ref: string) => {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    if (!name) throw new Error(`Unexpected $ref ${ref}: only component schemas are copied.`);
    if (wanted.has(name)) return;
    wanted.add(name);
    queue.push(name);
  };
  const paths: JsonObject = {};
  for (const path of Object.keys(KEPT_OPERATIONS).sort()) {
    const item = allPaths[path];
    if (!item) throw new Error(`The document has no ${path}.`);
    const operations: JsonObject = {};
    for (const method of KEPT_OPERATIONS[path]!) {
      if (!item[method]) throw new Error(`The document has no ${method.toUpperCase()} ${path}.`);
      operations[method] = prune(item[method], onRef);
    }
    paths[path] = operations;
  }
  const schemas: JsonObject = {};
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (!(name in allSchemas)) throw new Error(`The document has no schema ${name}.`);
    schemas[name] = prune(allSchemas[name]!, onRef);
  }
  return {
    openapi: source.openapi!,
    info: {
      title: `${info.title} (pruned: the operations the Clio stand-in serves)`,
      version: info.version!,
      'x-default-api-version': defaultVersion(info.description ?? ''),
      'x-source': `${sourceName}, pruned by scripts/clio-openapi.ts (descriptions and examples dropped)`,
    },
    servers: source.servers!,
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.keys(schemas)
          .sort()
          .map((k) => [k, schemas[k]!]),
      ),
    },
  };
}

async function main() {
  if (!existsSync(SOURCE)) {
    throw new Error(
      `Clio's OpenAPI document is not at ${SOURCE}: put Clio's published clio-openapi.json in shared/ beside the repository (or pass its path), then run this again.`,
    );
  }
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as JsonObject;
  const pruned = pruneClioDocument(source, 'shared/clio-openapi.json');
  // Formatted as the repository's prettier check wants it.
  const options = { ...(await resolveConfig(TARGET)), filepath: TARGET };
  writeFileSync(TARGET, await format(JSON.stringify(pruned), options));
  const info = pruned.info as Record<string, string>;
  console.log(
    `Wrote ${TARGET}: ${Object.keys(pruned.paths as JsonObject).length} paths, ` +
      `${Object.keys((pruned.components as { schemas: JsonObject }).schemas).length} schemas ` +
      `(Clio API ${info.version}, default ${info['x-default-api-version']}).`,
  );
}

if (require.main === module) void main();
