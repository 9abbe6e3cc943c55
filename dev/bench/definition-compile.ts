/**
 * Core compiles the whole app definition on every invocation (create-lambda-handler.js: createApp
 * and prepareApp, a deep copy and a deep freeze each), so its cost grows with the definition and
 * is part of every operation's distance to the floor.
 */
import { performance } from 'node:perf_hooks';
import { app } from '../../src/app';
import { floorApp } from './floor';

export function reportDefinitionCompile(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- core's internals have no types
  const schema = require('zapier-platform-core/src/tools/schema') as {
    prepareApp: (definition: object) => unknown;
  };
  const cost = (definition: object) => {
    for (let i = 0; i < 50; i++) schema.prepareApp(definition);
    const start = performance.now();
    for (let i = 0; i < 500; i++) schema.prepareApp(definition);
    return (performance.now() - start) / 500;
  };
  const operationCount = [app.triggers, app.creates, app.searches]
    .map((operations) => Object.keys(operations ?? {}).length)
    .reduce((sum, count) => sum + count, 0);
  console.log(
    `\nCore compiles the app definition twice per invocation (prepareApp: deep copy + freeze): ` +
      `${(cost(app) * 1000).toFixed(0)} µs each for this app (${operationCount} operations, ` +
      `${(JSON.stringify(app).length / 1024).toFixed(1)} KiB of JSON), ` +
      `${(cost(floorApp) * 1000).toFixed(0)} µs for the floor app.`,
  );
}
