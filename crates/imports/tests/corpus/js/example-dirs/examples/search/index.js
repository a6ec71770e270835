const redis = require("redis");
const lodsh = require("lodsh");
