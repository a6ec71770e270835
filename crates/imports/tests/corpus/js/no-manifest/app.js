import fs from "node:fs";
import axios from "axios";
import { leftPad } from "left-pad";
import { rightPad } from "left-pad";
import exprss from "exprss";
