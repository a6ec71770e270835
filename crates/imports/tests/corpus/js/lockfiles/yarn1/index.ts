import { transform } from "@babel/core";
import * as t from "@babel/types";
import semver from "semver";
import q from "@babel/toolbelt2";
