import { defineConfig } from "vite";
import { rollup } from "rollup";
import type { Node } from "estree";
import r2 from "rollup-toolbelt2";
