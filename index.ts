// Zapier loads the compiled form of this file (package.json "main": dist/index.js).
import { app } from './src/app';

export = app;
