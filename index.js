// Zapier loads `index.js` at the root of the app (zapierwrapper.js requires it by path):
// the app itself is TypeScript, compiled to dist/ by `npm run build` (`_zapier-build`).
module.exports = require('./dist/src/index.js');
