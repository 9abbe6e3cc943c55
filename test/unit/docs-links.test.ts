/**
 * Every link in the project's Markdown resolves inside the repository: a relative link names a
 * tracked file or folder (and, with `#…`, one of its headings as GitHub anchors them). Web links
 * (https://…) are allowed; a path outside the repository (`../shared/…`, an absolute path) never is,
 * since no clone has it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const markdownFiles = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(root, file)));

/** `[text](target)` and `[text]: target`, outside code blocks and code spans. */
function linksIn(markdown: string): string[] {
  const prose = markdown.replace(/^```[^]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1]!,
  );
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(
    (m) => m[1]!,
  );
  return [...inline, ...references];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const prose = markdown.replace(/^```[^]*?^```/gm, '');
  for (const [, heading] of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading!
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function problemOf(file: string, target: string): string | undefined {
  if (/^(https?:|mailto:)/.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'a scheme other than https/mailto';
  const [path = '', anchor] = target.split('#', 2);
  const resolved =
    path === '' ? join(root, file) : resolve(dirname(join(root, file)), decodeURI(path));
  const inRepo = relative(root, resolved);
  if (path.startsWith('/') || inRepo.startsWith('..')) return 'outside the repository';
  if (!existsSync(resolved)) return 'no such file';
  if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md')) {
    if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor.toLowerCase()))
      return 'no such heading';
  }
  return undefined;
}

it('finds the Markdown it checks, and links in it (the check is not vacuous)', () => {
  expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
  expect(
    markdownFiles.flatMap((file) => linksIn(readFileSync(join(root, file), 'utf8'))).length,
  ).toBeGreaterThan(0);
});

it.each(markdownFiles)('every link in %s resolves inside the repository', (file) => {
  const broken = linksIn(readFileSync(join(root, file), 'utf8')).flatMap((target) => {
    const problem = problemOf(file, target);
    return problem ? [`${target} (${problem})`] : [];
  });
  expect(broken).toEqual([]);
});

it('tells a broken link from a good one', () => {
  expect(problemOf('README.md', 'docs/architecture.md')).toBeUndefined();
  expect(problemOf('README.md', 'docs/nope.md')).toBe('no such file');
  expect(problemOf('README.md', '../shared/clio-v4.md')).toBe('outside the repository');
  expect(problemOf('README.md', '/shared/clio-v4.md')).toBe('outside the repository');
  expect(problemOf('README.md', '#no-such-heading-anywhere')).toBe('no such heading');
  expect(problemOf('README.md', 'https://zapier.com')).toBeUndefined();
  expect(
    anchorsOf('# Send Existing Records (Transfer)\n## A `code` word\n## A `code` word'),
  ).toEqual(new Set(['send-existing-records-transfer', 'a-code-word', 'a-code-word-1']));
  expect(linksIn('[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n[d]: w.md')).toEqual([
    'x.md',
    'w.md',
  ]);
});
