import _ from "lodash";
import jsTokens from "js-tokens";
import lodash2 from "lodash-toolbelt2";
