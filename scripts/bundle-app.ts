/**
 * Bundles the app (src/app.ts and zod) into one CommonJS file for build/build.zip; only
 * zapier-platform-core stays a package (Zapier's wrapper requires it by name).
 *
 * Why: zod's entry points all load its 65 locale files (about 120 KB of the zip and a fifth of
 * zod's load time) although only English is ever used, and a file per module costs load time.
 * The bundle keeps only `en` (the one zod configures itself with: z.locales is never read here)
 * and ships one file.
 * Usage: node dist/scripts/bundle-app.js <outfile>
 */
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** zod's locale index re-exports every language; the bundle gets one that re-exports English. */
const onlyEnglishLocale: Plugin = {
  name: 'only-english-locale',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: join(ROOT, 'node_modules/zod/v4/locales'),
    }));
  },
};

async function main(): Promise<void> {
  const outfile = process.argv[2];
  if (!outfile) throw new Error('usage: node dist/scripts/bundle-app.js <outfile>');
  await build({
    entryPoints: [join(ROOT, 'src/app.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['zapier-platform-core'],
    plugins: [onlyEnglishLocale],
    // Minified, but every function and class keeps its name, so stack traces stay readable.
    minify: true,
    keepNames: true,
    legalComments: 'none',
    // The root index.js re-exports this file as the app itself, like dist/src/index.js.
    footer: { js: 'module.exports = module.exports.app;' },
    logLevel: 'warning',
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
