// import fake from "commented-out";
/* require("block-comment") */
import React from "react";
import type { Request } from "express";
import { Button } from "@acme/ui";
import util from "@/lib/util";
import cfg from "~config";
import internal from "#internal/thing";
import { test } from "node:test";
import { readFile } from "fs/promises";
import self from "@acme/app/sub";
const s = "import x from 'in-string'";
const r = /require\("in-regex"\)/;
const t = `import y from "in-template" ${require("zod")}`;
const c = await import("chalk");
const lazy = () => import("./lazy");
const v = import.meta.url;
export default function App() { return <div>It's here: {s}</div>; }
