import { fetchJson } from "lodash";
import * as _ from "lodash";
_.chunkify([1]);
