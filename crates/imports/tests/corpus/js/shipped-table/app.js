import express from "express";
import createDebug from "debug";
import { unstable_now } from "scheduler";
import lp from "left-pad";
import e2 from "express-toolbelt2";
