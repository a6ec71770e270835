import { page } from "~utils";
import imported from "@imported";
import thing from "@vitejs/test-alias-non-dep";
