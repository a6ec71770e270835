const express = require("../../lib");
const online = require("online");
const redis = require("redis");
