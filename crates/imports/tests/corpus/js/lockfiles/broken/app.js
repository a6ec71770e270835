const express = require("express");
const debug = require("debug");
const x = require("express-toolbelt3");
