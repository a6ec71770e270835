import { debounce, throttle as t } from "lodash";
import * as _ from 'lodash';
import fs from "node:fs";
import path from 'path';
import local from './local.js';
_.map([], t);
