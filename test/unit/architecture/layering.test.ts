/**
 * The layers of the project, checked on its import graph (type imports included):
 * - no import cycle anywhere;
 * - src/ (the Zapier app and the API contract in src/api) imports only src/, package.json, Node's
 *   built-in modules and the packages in `dependencies`: never the sandbox, the dev tooling or tests;
 * - the sandbox takes from src/ only the contract (src/api), and nothing from dev/, scripts/ or test/.
 * The rules are checked on small made-up graphs too, so that this file cannot pass by seeing nothing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
const SCANNED_FOLDERS = ['src', 'sandbox', 'scripts', 'dev', 'test'];
/** The app's entry point: what Zapier loads, through the root index.js. */
const APP_ENTRY = 'src/index.ts';
/**
 * Files in src/ that the app never loads and that may therefore use a devDependency. Each must stay
 * out of the app's reach (checked).
 */
const DEVELOPMENT_ONLY_IN_SRC: ReadonlyMap<string, readonly string[]> = new Map([
  // Writes openapi.json (`npm run openapi`) and the document the sandbox serves.
  ['src/api/openapi.ts', ['zod-openapi']],
]);
/** jest's functions that load a module by path, as an import does. */
const JEST_MODULE_CALLS = new Set([
  'mock',
  'doMock',
  'unmock',
  'setMock',
  'requireActual',
  'requireMock',
  'createMockFromModule',
]);

/** A file's import: of a project file (its path from the project root) or of a package. */
type Import =
  | { readonly kind: 'file'; readonly target: string; readonly found: boolean }
  | { readonly kind: 'package'; readonly target: string };

/** Project files (paths from the project root, `/`-separated) and what each imports. */
type ImportGraph = ReadonlyMap<string, readonly Import[]>;

interface LayeringRules {
  /** package.json's `dependencies`: what the app may import at run time. */
  readonly runtimeDependencies: ReadonlySet<string>;
  readonly appEntry: string;
  readonly developmentOnlyInSrc: ReadonlyMap<string, readonly string[]>;
}

type Rule = 'cycle' | 'src' | 'contract' | 'sandbox' | 'tooling' | 'unresolved';

interface Violation {
  readonly rule: Rule;
  readonly message: string;
}

// ---------------------------------------------------------------- reading the project

/** Every specifier a source text loads: import, import type, export … from, require, import(), jest.mock & co. */
function specifiersIn(fileName: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  const specifiers = info.importedFiles.map((file) => file.fileName);
  // Only jest's calls need a parse; most files never mention jest.
  if (text.includes('jest.')) specifiers.push(...jestModuleCallsIn(fileName, text));
  return specifiers;
}

function jestModuleCallsIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'jest' &&
      JEST_MODULE_CALLS.has(node.expression.name.text)
    ) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function toProjectPath(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join('/');
}

/** Resolves a relative specifier as TypeScript does here: `x.ts`, `x/index.ts`, or the file itself (JSON). */
function resolveRelative(fromFile: string, specifier: string, files: ReadonlySet<string>): Import {
  const base = toProjectPath(resolve(ROOT, dirname(fromFile), specifier));
  const candidates = [`${base}.ts`, `${base.replace(/\.js$/, '')}.ts`, `${base}/index.ts`];
  const source = candidates.find((candidate) => files.has(candidate));
  if (source) return { kind: 'file', target: source, found: true };
  return { kind: 'file', target: base, found: existsSync(join(ROOT, base)) };
}

function tsFilesUnder(folder: string): string[] {
  const absolute = join(ROOT, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.split(sep).includes('node_modules'))
    .map((name) => `${folder}/${name.split(sep).join('/')}`);
}

function readProjectGraph(): ImportGraph {
  const files = SCANNED_FOLDERS.flatMap(tsFilesUnder).sort();
  const known = new Set(files);
  const graph = new Map<string, Import[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    graph.set(
      file,
      specifiersIn(file, text).map((specifier) =>
        specifier.startsWith('.')
          ? resolveRelative(file, specifier, known)
          : { kind: 'package', target: packageName(specifier) },
      ),
    );
  }
  return graph;
}

// ---------------------------------------------------------------- the rules

const folderOf = (path: string): string => path.split('/')[0]!;

function fileEdges(graph: ImportGraph, file: string): string[] {
  return (graph.get(file) ?? [])
    .filter((edge) => edge.kind === 'file' && graph.has(edge.target))
    .map((edge) => edge.target);
}

/** Strongly connected components with more than one file, or one file importing itself (Tarjan). */
function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    lowest.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of fileEdges(graph, file)) {
      if (!index.has(next)) {
        visit(next);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(next)!));
      } else if (onStack.has(next)) {
        lowest.set(file, Math.min(lowest.get(file)!, index.get(next)!));
      }
    }
    if (lowest.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || fileEdges(graph, file).includes(file)) cycles.push(component);
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

/** One loop through a cycle's files, from its first file (alphabetically) back to it. */
function loopThrough(graph: ImportGraph, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of fileEdges(graph, file)) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}

/** Every file the app loads, starting from its entry point. */
function reachableFrom(graph: ImportGraph, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const next of fileEdges(graph, queue.shift()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function checkLayering(graph: ImportGraph, rules: LayeringRules): Violation[] {
  const violations: Violation[] = importCycles(graph).map((component) => ({
    rule: 'cycle',
    message: `import cycle: ${loopThrough(graph, component).join(' → ')}`,
  }));
  const app = reachableFrom(graph, rules.appEntry);
  for (const [file, imports] of graph) {
    const layer = folderOf(file);
    for (const edge of imports) {
      if (edge.kind === 'file' && !edge.found) {
        violations.push({
          rule: 'unresolved',
          message: `${file} imports ${edge.target}, which does not exist`,
        });
      }
      if (layer === 'src') {
        const problem = srcImportProblem(file, edge, rules, app);
        if (problem)
          violations.push({ rule: 'src', message: `${file} imports ${edge.target}: ${problem}` });
      }
      if (
        file.startsWith('src/api/') &&
        edge.kind === 'file' &&
        !edge.target.startsWith('src/api/')
      ) {
        // The sandbox takes the contract whole: what the contract imports, it imports too.
        violations.push({
          rule: 'contract',
          message: `${file} imports ${edge.target}: the contract (src/api) imports only itself`,
        });
      }
      if (layer === 'sandbox' && edge.kind === 'file') {
        const problem = sandboxImportProblem(edge.target);
        if (problem)
          violations.push({
            rule: 'sandbox',
            message: `${file} imports ${edge.target}: ${problem}`,
          });
      }
      if ((layer === 'dev' || layer === 'scripts') && edge.kind === 'file') {
        if (folderOf(edge.target) === 'test') {
          violations.push({
            rule: 'tooling',
            message: `${file} imports ${edge.target}: dev tooling imports nothing from test/`,
          });
        }
      }
    }
  }
  return violations;
}

function srcImportProblem(
  file: string,
  edge: Import,
  rules: LayeringRules,
  app: ReadonlySet<string>,
): string | undefined {
  if (edge.kind === 'file') {
    if (folderOf(edge.target) === 'src' || edge.target === 'package.json') return undefined;
    return 'src/ imports nothing outside src/ but package.json';
  }
  if (isBuiltin(edge.target) || rules.runtimeDependencies.has(edge.target)) return undefined;
  if (rules.developmentOnlyInSrc.get(file)?.includes(edge.target)) {
    return app.has(file)
      ? `a devDependency, and the app (${rules.appEntry}) loads this file`
      : undefined;
  }
  return 'not in package.json "dependencies", so the app cannot load it on Zapier';
}

function sandboxImportProblem(target: string): string | undefined {
  const layer = folderOf(target);
  if (layer === 'src' && !target.startsWith('src/api/')) {
    return 'the sandbox takes from src/ only the contract (src/api)';
  }
  if (layer === 'dev' || layer === 'scripts' || layer === 'test') {
    return `the sandbox imports nothing from ${layer}/`;
  }
  return undefined;
}

// ---------------------------------------------------------------- the project

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const PROJECT_RULES: LayeringRules = {
  runtimeDependencies: new Set(Object.keys(packageJson.dependencies)),
  appEntry: APP_ENTRY,
  developmentOnlyInSrc: DEVELOPMENT_ONLY_IN_SRC,
};

describe('the project’s import graph', () => {
  const graph = readProjectGraph();
  const violations = checkLayering(graph, PROJECT_RULES);
  const messagesOf = (rule: Rule): string[] =>
    violations.filter((violation) => violation.rule === rule).map((violation) => violation.message);

  it('holds every .ts file of src/, sandbox/, scripts/, dev/ and test/, with their imports', () => {
    for (const folder of SCANNED_FOLDERS) {
      expect([...graph.keys()].filter((file) => folderOf(file) === folder).length).toBeGreaterThan(
        0,
      );
    }
    expect(graph.get(APP_ENTRY)).toContainEqual({
      kind: 'file',
      target: 'src/app.ts',
      found: true,
    });
    expect(reachableFrom(graph, APP_ENTRY).size).toBeGreaterThan(20);
  });

  it('resolves every relative import to a file that exists', () => {
    expect(messagesOf('unresolved')).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(messagesOf('cycle')).toEqual([]);
  });

  it('keeps src/ free of the sandbox, dev tooling, tests and devDependencies', () => {
    expect(messagesOf('src')).toEqual([]);
  });

  it('lets the sandbox take from src/ only the contract, and nothing from dev/, scripts/ or test/', () => {
    expect(messagesOf('sandbox')).toEqual([]);
  });

  it('keeps the contract (src/api) free of the rest of src/, so the sandbox gets no app code through it', () => {
    expect(messagesOf('contract')).toEqual([]);
  });

  it('keeps dev tooling and scripts free of test code', () => {
    expect(messagesOf('tooling')).toEqual([]);
  });

  it('keeps each development-only file in src/ out of the app', () => {
    const app = reachableFrom(graph, APP_ENTRY);
    for (const file of DEVELOPMENT_ONLY_IN_SRC.keys()) {
      expect(graph.has(file)).toBe(true);
      expect(app.has(file)).toBe(false);
    }
  });
});

// ---------------------------------------------------------------- the rules, on made-up graphs

const RULES: LayeringRules = {
  runtimeDependencies: new Set(['zod', 'zapier-platform-core']),
  appEntry: 'src/index.ts',
  developmentOnlyInSrc: new Map([['src/api/openapi.ts', ['zod-openapi']]]),
};

/** A graph from `file: [imports]`: an import ending in .ts or .json is a file, any other a package. */
function graphOf(files: Record<string, string[]>): ImportGraph {
  return new Map(
    Object.entries(files).map(([file, imports]) => [
      file,
      imports.map((target): Import =>
        /\.(ts|json)$/.test(target)
          ? { kind: 'file', target, found: true }
          : { kind: 'package', target },
      ),
    ]),
  );
}

/** A small project that keeps every rule. */
const LAYERED = {
  'src/index.ts': ['src/app.ts'],
  'src/app.ts': [
    'src/api/schemas.ts',
    'zod',
    'zapier-platform-core',
    'node:crypto',
    'package.json',
  ],
  'src/api/schemas.ts': ['zod'],
  'src/api/openapi.ts': ['src/api/schemas.ts', 'zod-openapi'],
  'sandbox/server.ts': ['src/api/schemas.ts', 'src/api/openapi.ts', 'fastify', 'package.json'],
  'dev/flows.ts': ['sandbox/server.ts', 'src/app.ts'],
  'scripts/start.ts': ['dev/flows.ts'],
  'test/app.test.ts': [
    'src/app.ts',
    'test/support.ts',
    'sandbox/server.ts',
    'dev/flows.ts',
    'nock',
  ],
  'test/support.ts': ['sandbox/server.ts'],
};

const messages = (files: Record<string, string[]>): string[] =>
  checkLayering(graphOf(files), RULES).map((violation) => violation.message);

describe('the layering rules', () => {
  it('accept a project that keeps them', () => {
    expect(messages(LAYERED)).toEqual([]);
  });

  it('report an import cycle as a loop through its files', () => {
    expect(
      messages({
        ...LAYERED,
        'sandbox/a.ts': ['sandbox/b.ts'],
        'sandbox/b.ts': ['sandbox/c.ts'],
        'sandbox/c.ts': ['sandbox/a.ts'],
      }),
    ).toEqual(['import cycle: sandbox/a.ts → sandbox/b.ts → sandbox/c.ts → sandbox/a.ts']);
  });

  it('report a file that imports itself', () => {
    expect(messages({ ...LAYERED, 'dev/flows.ts': ['dev/flows.ts'] })).toEqual([
      'import cycle: dev/flows.ts → dev/flows.ts',
    ]);
  });

  it('report a cycle among test files as any other', () => {
    expect(
      messages({ ...LAYERED, 'test/support.ts': ['sandbox/server.ts', 'test/app.test.ts'] }),
    ).toEqual(['import cycle: test/app.test.ts → test/support.ts → test/app.test.ts']);
  });

  it.each([
    ['sandbox/server.ts', 'sandbox'],
    ['dev/flows.ts', 'dev tooling'],
    ['scripts/start.ts', 'a script'],
    ['test/support.ts', 'a test helper'],
  ])('report src/ importing %s (%s)', (target) => {
    expect(messages({ ...LAYERED, 'src/config.ts': ['src/api/schemas.ts', target] })).toEqual([
      `src/config.ts imports ${target}: src/ imports nothing outside src/ but package.json`,
    ]);
  });

  it('report src/ importing a devDependency', () => {
    expect(messages({ ...LAYERED, 'src/app.ts': ['fastify'] })).toEqual([
      'src/app.ts imports fastify: not in package.json "dependencies", so the app cannot load it on Zapier',
    ]);
  });

  it('report a development-only file in src/ once the app loads it', () => {
    expect(messages({ ...LAYERED, 'src/app.ts': ['src/api/openapi.ts'] })).toEqual([
      'src/api/openapi.ts imports zod-openapi: a devDependency, and the app (src/index.ts) loads this file',
    ]);
  });

  it.each([
    ['src/http/client.ts', 'the sandbox takes from src/ only the contract (src/api)'],
    ['src/app.ts', 'the sandbox takes from src/ only the contract (src/api)'],
    ['dev/flows.ts', 'the sandbox imports nothing from dev/'],
    ['scripts/start.ts', 'the sandbox imports nothing from scripts/'],
    ['test/support.ts', 'the sandbox imports nothing from test/'],
  ])('report the sandbox importing %s', (target, problem) => {
    expect(
      messages({ ...LAYERED, 'src/http/client.ts': [], 'sandbox/clock.ts': [target] }),
    ).toEqual([`sandbox/clock.ts imports ${target}: ${problem}`]);
  });

  it('report the contract importing the rest of src/', () => {
    expect(
      messages({
        ...LAYERED,
        'src/http/client.ts': [],
        'src/api/schemas.ts': ['src/http/client.ts'],
      }),
    ).toEqual([
      'src/api/schemas.ts imports src/http/client.ts: the contract (src/api) imports only itself',
    ]);
  });

  it.each(['dev/flows.ts', 'scripts/start.ts'])('report %s importing test code', (file) => {
    expect(messages({ ...LAYERED, [file]: ['test/support.ts'] })).toEqual([
      `${file} imports test/support.ts: dev tooling imports nothing from test/`,
    ]);
  });

  it('report an import of a file that does not exist', () => {
    const graph = new Map([
      ...graphOf(LAYERED),
      ['dev/flows.ts', [{ kind: 'file', target: 'dev/gone', found: false } as const]],
    ]);
    expect(checkLayering(graph, RULES).map((violation) => violation.message)).toEqual([
      'dev/flows.ts imports dev/gone, which does not exist',
    ]);
  });
});

describe('reading a file’s imports', () => {
  it('sees every way a file loads another: type imports, re-exports, require, import() and jest.mock', () => {
    const text = [
      "import { a } from './value';",
      "import type { B } from './type-only';",
      "import './side-effect';",
      "export { c } from './re-export';",
      "export * from './star';",
      "const d = require('./required');",
      "const e = await import('./dynamic');",
      "jest.mock('./mocked', () => ({ f: jest.requireActual('./actual') }));",
      "import { z } from 'zod';",
      'const text = \'import nothing from "./inside-a-string"\';',
    ].join('\n');
    expect(specifiersIn('example.ts', text).sort()).toEqual(
      [
        './value',
        './type-only',
        './side-effect',
        './re-export',
        './star',
        './required',
        './dynamic',
        './mocked',
        './actual',
        'zod',
      ].sort(),
    );
  });

  it('names a package by its first segment, or two for a scoped one', () => {
    expect(packageName('zod')).toBe('zod');
    expect(packageName('zod/v4')).toBe('zod');
    expect(packageName('zapier-platform-core/src/constants')).toBe('zapier-platform-core');
    expect(packageName('@apidevtools/swagger-parser')).toBe('@apidevtools/swagger-parser');
  });
});
