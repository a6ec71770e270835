#!/usr/bin/env bash
# False-positive check of `unknown-symbol` against really installed packages: installs a
# set of popular packages into a project-local .venv and node_modules, asks the runtimes for
# every public name each package exposes (`dir(module)`, `Object.keys(await import(pkg))`),
# writes one `from pkg import <all names>` / `import { <all names> } from "pkg"` per package,
# and runs the engine over it. Every reported `unknown-symbol` is a false positive.
#
# usage: benches/imports/installed-symbols.sh [WORKDIR]   (default: /tmp/provenance-symbols)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/provenance-symbols}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-imports}"
(cd "$here" && cargo build -q --release -p provenance-imports --example scan_tree)
scan="$CARGO_TARGET_DIR/release/examples/scan_tree"

PY_PKGS="requests flask numpy pydantic rich click attrs pyyaml httpx sqlalchemy"
NPM_DEPS='"react":"18.3.1","react-dom":"18.3.1","lodash":"4.17.21","express":"4.21.1","axios":"1.7.7","zod":"3.23.8","date-fns":"4.1.0","chalk":"5.3.0","commander":"12.1.0","rxjs":"7.8.1","@tanstack/query-core":"5.59.0","uuid":"10.0.0","preact":"10.24.3","vue":"3.5.12","yargs":"17.7.2","dayjs":"1.11.13","ws":"8.18.0","semver":"7.6.3"'

mkdir -p "$work/py" "$work/js/src"
cd "$work/py"
[ -d .venv ] || { python3 -m venv .venv && .venv/bin/pip install -q $PY_PKGS; }
.venv/bin/python - <<'PY'
import importlib, pkgutil, importlib.metadata as md
sp = [p for p in __import__("sys").path if p.endswith("site-packages")][0]
lines = []
for m in sorted({m.name for m in pkgutil.iter_modules([sp]) if not m.name.startswith("_")}):
    try:
        mod = importlib.import_module(m)
    except Exception:
        continue
    names = [n for n in dir(mod) if not n.startswith("__")]
    if names:
        lines.append(f"from {m} import " + ", ".join(names))
open("runtime_names.py", "w").write("\n".join(lines) + "\n")
dists = sorted({d.metadata["Name"] for d in md.distributions(path=[sp])})
open("pyproject.toml", "w").write("[project]\nname='s'\ndependencies=[" + ",".join(map(repr, dists)) + "]\n")
print(f"python: {len(lines)} modules, {sum(l.count(',') + 1 for l in lines)} names")
PY
"$scan" "$work/py" | tail -20

cd "$work/js"
echo "{\"name\":\"symcheck\",\"private\":true,\"dependencies\":{$NPM_DEPS}}" > package.json
[ -d node_modules ] || npm install -q --no-audit --no-fund --ignore-scripts >/dev/null
cat > gen.mjs <<'JS'
import fs from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const deps = Object.keys(JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies);
const lines = []; let total = 0;
for (const name of deps) {
  let mod;
  try { mod = await import(name); } catch { try { mod = require(name); } catch { continue; } }
  const keys = Object.keys(mod).filter(k => /^[A-Za-z_$][\w$]*$/.test(k) && k !== "default");
  if (!keys.length) continue;
  total += keys.length;
  lines.push(`import { ${keys.join(", ")} } from "${name}";`);
}
fs.writeFileSync("src/runtime_names.ts", lines.join("\n") + "\n");
console.log(`js: ${lines.length} packages, ${total} names`);
JS
node gen.mjs
"$scan" "$work/js" | tail -20
