#!/usr/bin/env python3
"""Recall, false positives and time of provenance, gitleaks and betterleaks on test data that
other scanner projects wrote for their own rules (an independent measure: none of it is in this
repository, and rules are not written from it).

    REPO_MIRROR=/work/.mirror python3 benches/secrets/outside_eval.py \
        --provenance target/release/examples/scan_dir --gitleaks BIN --betterleaks BIN [-v]

Sources are read from local git mirrors under `$REPO_MIRROR` (`<owner>+<name>/repo`, bare),
at the pinned commits below; nothing is downloaded by this script and nothing it builds is
written outside a temporary directory. From each source's rule generators
(`cmd/generate/config/rules/*.go`) it takes the literal strings of the true-positive and
false-positive lists (`tps`, `fps`). A literal passed to the project's own sample expander
(`GenerateSampleSecrets(id, secret)`) is expanded with that project's templates, read from its
`generate.go` at run time; values generated from a regex at test time are left out (they are
random). Each sample becomes one file; a positive counts as found when a tool reports anything
in its file, a negative is a false positive when a tool reports anything in it. Samples that
both sources list are counted once. `-v` lists misses and false positives by sample name only
(never the value).
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

SOURCES = [
    ("gitleaks+gitleaks", "b58d3f10"),
    ("betterleaks+betterleaks", "6381fa4"),
]
RULES_DIR = "cmd/generate/config/rules"
GENERATE = "cmd/generate/config/utils/generate.go"


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, text=True, check=True).stdout


GO_ESC = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def go_unquote(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in GO_ESC:
            out.append(GO_ESC[n])
            i += 2
        elif n == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif n in "uU":
            k = 4 if n == "u" else 8
            out.append(chr(int(body[i + 2 : i + 2 + k], 16)))
            i += 2 + k
        else:
            out.append(n)
            i += 2
    return "".join(out)


TOKEN = re.compile(r'`[^`]*`|"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/|map\[[A-Za-z.]*\][A-Za-z_.]+|\[\][A-Za-z_.]+|[A-Za-z_][A-Za-z0-9_.]*|\.\.\.|\S', re.S)


def tokens(src):
    for m in TOKEN.finditer(src):
        t = m.group(0)
        if t.startswith("//") or t.startswith("/*"):
            continue
        yield t


def literal(t):
    if t.startswith("`"):
        return t[1:-1]
    if t.startswith('"'):
        return go_unquote(t[1:-1])
    return None


def templates(generate_go):
    """The sample templates of the source's own `GenerateSampleSecrets`, from its map literal."""
    m = re.search(r"func GenerateSampleSecrets\(.*?samples := map\[string\]string\{(.*?)\n\t\}", generate_go, re.S)
    if not m:
        return []
    out = []
    for line in m.group(1).splitlines():
        line = line.strip()
        if line.startswith("//"):
            continue
        toks = list(tokens(line))
        if len(toks) >= 3 and toks[1] == ":" and literal(toks[0]) is not None and literal(toks[2]) is not None:
            out.append((literal(toks[0]), literal(toks[2])))
    return out


def expand(tmpls, ident, secret):
    return [
        (name, t.replace("{i}", ident).replace("{I}", ident.upper()).replace("{s}", secret))
        for name, t in tmpls
    ]


def samples_of(src, tmpls):
    """(kind, name, text) for every usable literal in a rules file's tps/fps statements."""
    toks = list(tokens(src))
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ("tps", "fps", "truePositives", "falsePositives") and i + 1 < len(toks) and toks[i + 1] in (":=", "=", ":"):
            pass
        if t in ("tps", "fps", "truePositives", "falsePositives") and i + 1 < len(toks) and toks[i + 1] in ("=", ":"):
            kind = "tp" if t in ("tps", "truePositives") else "fp"
            j = i + 2 if toks[i + 1] == "=" else i + 1
            if toks[i + 1] == ":":  # `:=` tokenises as ":" "="
                j = i + 3
            j, items = statement(toks, j, tmpls)
            out += [(kind, name, text) for name, text in items]
            i = j
            continue
        i += 1
    return out


def statement(toks, j, tmpls):
    """Reads one right-hand side; returns (next index, [(name, text)])."""
    items, depth, start = [], 0, j
    k = j
    while k < len(toks):
        t = toks[k]
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and t in (";",):
            break
        if depth == 0 and k > start and t not in ")]}" and toks[k - 1] in ")]}" and t not in (".", "...", ","):
            break
        if depth == 0 and k > start and literal(toks[k - 1]) is not None and t not in ("+",):
            break
        k += 1
    body = toks[start:k]
    walk(body, tmpls, items)
    return k, items


def walk(body, tmpls, items):
    i = 0
    while i < len(body):
        t = body[i]
        if t.endswith("GenerateSampleSecrets") and i + 1 < len(body) and body[i + 1] == "(":
            end = close(body, i + 1)
            args = split_args(body[i + 2 : end])
            if len(args) == 2 and all(len(a) == 1 and literal(a[0]) is not None for a in args):
                items += expand(tmpls, literal(args[0][0]), literal(args[1][0]))
            i = end + 1
            continue
        if t == "append" and i + 1 < len(body) and body[i + 1] == "(":
            end = close(body, i + 1)
            for a in split_args(body[i + 2 : end])[1:]:
                walk(a, tmpls, items)
            i = end + 1
            continue
        if t == "{" or t == "[" or t.startswith("[]") or t.startswith("map["):
            i += 1
            continue
        if re.match(r"[A-Za-z_]", t) and i + 1 < len(body) and body[i + 1] == "(":
            i = close(body, i + 1) + 1  # a call we cannot evaluate (random generation)
            continue
        if literal(t) is not None:
            parts, k, ok = [literal(t)], i + 1, True
            while k + 1 < len(body) and body[k] == "+":
                if literal(body[k + 1]) is None:
                    ok = False
                    break
                parts.append(literal(body[k + 1]))
                k += 2
            if ok and not (k < len(body) and body[k] in ("+", ":")):
                items.append(("literal", "".join(parts)))
            if k < len(body) and body[k] == ":":  # a map key (path) -> value
                k += 1
                if k < len(body) and literal(body[k]) is not None:
                    items.append(("literal", literal(body[k])))
                    k += 1
            while k < len(body) and body[k] not in (",",):
                k += 1
            i = k + 1
            continue
        i += 1


def close(body, open_idx):
    depth = 0
    for k in range(open_idx, len(body)):
        if body[k] in "([{":
            depth += 1
        elif body[k] in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return len(body) - 1


def split_args(body):
    args, cur, depth = [], [], 0
    for t in body:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        if t == "," and depth == 0:
            args.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        args.append(cur)
    return args


def build(mirror, out_dir):
    seen, counts = {}, {}
    for name, commit in SOURCES:
        repo = os.path.join(mirror, name, "repo")
        if not os.path.isdir(repo):
            print(f"skip {name}: no mirror at {repo}", file=sys.stderr)
            continue
        full = git(repo, "rev-parse", commit).strip()
        tmpls = templates(git(repo, "show", f"{full}:{GENERATE}"))
        files = [f for f in git(repo, "ls-tree", "--name-only", f"{full}:{RULES_DIR}").split() if f.endswith(".go") and not f.endswith("_test.go")]
        n = 0
        for f in files:
            src = git(repo, "show", f"{full}:{RULES_DIR}/{f}")
            for kind, shape, text in samples_of(src, tmpls):
                text = text.strip("\n")
                if not text.strip() or text in seen:
                    continue
                seen[text] = kind
                n += 1
                d = os.path.join(out_dir, kind, name.split("+")[0])
                os.makedirs(d, exist_ok=True)
                fname = f"{f[:-3]}-{n}.txt"
                with open(os.path.join(d, fname), "w") as fh:
                    fh.write(text + "\n")
        counts[name] = (full[:12], len(tmpls), n)
    return counts


def files_under(root):
    out = set()
    for d, _, fs in os.walk(root):
        for f in fs:
            out.add(os.path.relpath(os.path.join(d, f), root))
    return out


def run_provenance(binary, root):
    proc = subprocess.run([binary, root], capture_output=True, text=True)
    return {os.path.relpath(line.split("\t")[0], root) for line in proc.stdout.splitlines() if "\t" in line}


def run_gitleaks(binary, root):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "r.json")
        subprocess.run([binary, "dir", root, "--report-format", "json", "--report-path", report, "--no-banner", "--exit-code", "0", "--log-level", "error", "--max-decode-depth", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(report)) if os.path.exists(report) else []
    return {os.path.relpath(os.path.abspath(i.get("File", "")), root) for i in data or []}


def run_betterleaks(binary, root):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "r.json")
        subprocess.run([binary, "fs", root, "-o", report, "--no-banner", "--exit-code", "0", "-l", "error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(report)) if os.path.exists(report) else {}
    items = data.get("findings") if isinstance(data, dict) else data
    out = set()
    for i in items or []:
        path = i.get("location", {}).get("path") if "location" in i else i.get("File", "")
        out.add(os.path.relpath(os.path.abspath(path), root))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--provenance")
    ap.add_argument("--gitleaks")
    ap.add_argument("--betterleaks")
    ap.add_argument("-v", action="store_true", help="list misses and false positives (sample names only)")
    ap.add_argument("--keep", help="write the samples to this directory instead of a temporary one")
    a = ap.parse_args()
    mirror = os.environ.get("REPO_MIRROR", "/work/.mirror")
    with tempfile.TemporaryDirectory() as tmp:
        root = a.keep or tmp
        counts = build(mirror, root)
        for name, (commit, ntmpl, n) in counts.items():
            print(f"source {name}@{commit}: {n} new samples ({ntmpl} templates)")
        allf = files_under(root)
        tps = {f for f in allf if f.startswith("tp/")}
        fps = {f for f in allf if f.startswith("fp/")}
        print(f"set: {len(tps)} positives, {len(fps)} negatives")
        results = {}
        for name, fn, binary in [("provenance", run_provenance, a.provenance), ("gitleaks", run_gitleaks, a.gitleaks), ("betterleaks", run_betterleaks, a.betterleaks)]:
            if not binary:
                continue
            t0 = time.monotonic()
            found = results[name] = fn(binary, root)
            dt = time.monotonic() - t0
            hit = found & tps
            fp = found & fps
            print(f"{name:12} recall {len(hit):4}/{len(tps)} = {100 * len(hit) / max(1, len(tps)):5.1f}%   false positives {len(fp):3}/{len(fps)}   {dt:6.2f} s")
            if a.v:
                for m in sorted(tps - hit):
                    print(f"    miss {m}")
                for m in sorted(fp):
                    print(f"    fp   {m}")
        # A negative of one project's rule can hold a real-looking value for another rule
        # (`token = <40 hex>` is a look-alike only for the vendor whose keys are longer):
        # also report the false positives on the negatives that neither peer reports.
        if "provenance" in results and "gitleaks" in results and "betterleaks" in results:
            clean = fps - results["gitleaks"] - results["betterleaks"]
            print(f"provenance on the {len(clean)} negatives no peer reports: {len(results['provenance'] & clean)} false positives")


if __name__ == "__main__":
    sys.exit(main())
