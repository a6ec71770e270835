const express = require("express");
const bytes = require("bytes");
const leftPad = require("left-pad");
const mocha = require("mocha");
const x = require("express-toolbelt2");
