const debug = require("debug");
const redis = require("redis");
module.exports = {};
