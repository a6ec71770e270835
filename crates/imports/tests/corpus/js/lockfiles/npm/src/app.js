const express = require("express");
const getRawBody = require("raw-body");
const tb = require("express-toolbelt2");
import x from "expres";
