export default {
  input: "lib/client.js",
  // served by the dev server at run time
  external: ["@web-framework/env"],
  output: { dir: "dist" },
};
