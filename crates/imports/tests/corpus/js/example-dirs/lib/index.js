const debug = require("debug");
const redis = require("redis");
module.exports = {};
// SvelteKit-style alias: `$` cannot appear in an npm package name.
const env = require("$env/static/private");
