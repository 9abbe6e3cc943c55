// The app as a CommonJS export; the root index.js (what Zapier loads) re-exports the compiled form.
import { app } from './app';

export = app;
