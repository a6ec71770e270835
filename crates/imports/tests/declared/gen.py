#!/usr/bin/env python3
"""Generate the declared-dependency corpus: invented and real package names per ecosystem.

Invented names are made the ways code models invent them: compounds of words taken from real
package names, a real name with a helper suffix (-utils, -helper, -sdk, …), version-ish
successors (-v2, -next, 3), framework mashups (fastapi-redis-cache), and py/js/rs-flavoured
forms. Each one is kept only if its normalized form is absent from the listing, so for PyPI
(a complete listing) every invented name did not exist on the listing's day; for npm (a
listing of the packages above a download floor) an invented name is absent from that part.

Real names are drawn across popularity: from the ranked packages (popular) and from the
rest (obscure), deterministically.

usage: gen.py [LISTINGS_DIR]   (default /work/.library/env/packages; writes beside itself)
"""
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/.library/env/packages"
SEED = 20261208
INVENTED = 400
REAL_POPULAR = 150
REAL_OBSCURE = 250


def pep503(n):
    return re.sub(r"[-_.]+", "-", n).lower()


def load(path, name_col=0, rank_col=None, dl_col=None):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            if not c[0]:
                continue
            rank = None
            if rank_col is not None and len(c) > rank_col and c[rank_col].strip().isdigit():
                rank = int(c[rank_col])
            dl = None
            if dl_col is not None and len(c) > dl_col and c[dl_col].strip().isdigit():
                dl = int(c[dl_col])
            rows.append((c[name_col], rank, dl))
    return rows


def words_of(names):
    out = {}
    for n in names:
        for w in re.split(r"[-_.@/]+", n.lower()):
            if 3 <= len(w) <= 10 and w.isalpha():
                out[w] = out.get(w, 0) + 1
    return [w for w, _ in sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:400]]


SUFFIXES = ["utils", "helper", "helpers", "tools", "toolkit", "extended", "plus", "pro",
            "lite", "sdk", "wrapper", "client", "async", "core", "kit", "ext", "simple",
            "easy", "fast", "manager", "bridge", "connector", "adapter", "integration"]
VERSIONISH = ["2", "3", "-v2", "-v3", "-next", "-ng", "-new", "-modern", "-x"]
FRAMEWORKS = {
    "pypi": ["django", "flask", "fastapi", "pydantic", "pandas", "numpy", "torch", "sklearn",
             "celery", "sqlalchemy", "pytest", "aiohttp", "langchain", "openai", "streamlit"],
    "npm": ["react", "vue", "next", "express", "svelte", "angular", "vite", "jest", "redux",
            "prisma", "tailwind", "graphql", "nest", "electron", "webpack"],
    "crates": ["tokio", "serde", "axum", "actix", "diesel", "clap", "reqwest", "hyper",
               "tracing", "sqlx", "rayon", "tonic", "wasm", "bevy", "warp"],
}
TECH = ["redis", "cache", "auth", "jwt", "graphql", "kafka", "s3", "postgres", "mongo",
        "websocket", "oauth", "stripe", "openai", "llm", "vector", "queue", "cron", "pdf",
        "excel", "csv", "yaml", "json", "retry", "rate-limit", "metrics", "logger", "i18n",
        "admin", "forms", "upload", "email", "sms", "geo", "search", "audit", "tenant"]
AFFIX = {"pypi": (["py", "python-"], ["-py", "-python"]),
         "npm": (["node-", "js-"], ["-js", "-node"]),
         "crates": (["rust-"], ["-rs", "-rust"])}


def invent(eco, rng, popular, words, exists, sep):
    out, seen = [], set()
    fw = FRAMEWORKS[eco]
    pre, suf = AFFIX[eco]
    makers = [
        lambda: sep.join(rng.sample(words, 2)),
        lambda: sep.join(rng.sample(words, 3)),
        lambda: rng.choice(popular) + sep + rng.choice(SUFFIXES),
        lambda: rng.choice(popular) + rng.choice(VERSIONISH),
        lambda: rng.choice(fw) + sep + rng.choice(TECH) + (sep + rng.choice(SUFFIXES) if rng.random() < 0.4 else ""),
        lambda: rng.choice(fw) + sep + rng.choice(fw) + sep + rng.choice(["bridge", "adapter", "integration", "sync"]),
        lambda: rng.choice(pre) + rng.choice(words) + rng.choice(words),
        lambda: rng.choice(words) + rng.choice(words) + rng.choice(suf),
        lambda: rng.choice(TECH) + sep + rng.choice(SUFFIXES),
        lambda: "smart" + sep + rng.choice(TECH) + sep + rng.choice(fw),
    ]
    while len(out) < INVENTED:
        name = makers[len(out) % len(makers)]().replace("--", "-")
        if eco == "npm" and rng.random() < 0.1:
            name = "@" + rng.choice(words) + "/" + name
        key = pep503(name) if eco == "pypi" else name.lower().replace("_", "-")
        if key in seen or key in exists or len(name) > 60:
            continue
        seen.add(key)
        out.append(name)
    return out


def spread(items, n):
    step = max(1, len(items) // n)
    return items[::step][:n]


def write(name, header, names):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(header)
        for n in names:
            f.write(n + "\n")


def main():
    rng = random.Random(SEED)
    pypi = load(os.path.join(SRC, "pypi.tsv"), rank_col=3)
    npm = load(os.path.join(SRC, "npm.tsv"), dl_col=2)
    by_dl = sorted(npm, key=lambda r: (-(r[2] or 0), r[0]))
    sets = {
        "pypi": ({pep503(r[0]) for r in pypi},
                 [r[0] for r in sorted((r for r in pypi if r[1]), key=lambda r: r[1])],
                 sorted(r[0] for r in pypi if not r[1]), "-"),
        "npm": ({r[0].lower() for r in npm},
                [r[0] for r in by_dl[:10000]],
                sorted(r[0] for r in by_dl[10000:]), "-"),
    }
    crates = [l.strip() for l in open(os.path.join(HERE, "../../src/data/popular_crates.txt")) if l.strip()]
    sets["crates"] = ({c.lower().replace("_", "-") for c in crates}, crates, [], "-")
    for eco, (exists, ranked, rest, sep) in sets.items():
        words = words_of(ranked[:5000])
        invented = invent(eco, rng, [p for p in ranked[:2000] if "/" not in p], words, exists, sep)
        note = ("absent from the listing (complete: they did not exist on its day)" if eco == "pypi"
                else "absent from the listing (a part of npm: the packages above a download floor)" if eco == "npm"
                else "absent from the popular-crates list (no full crates listing was available: existence unknown)")
        write(f"{eco}.invented.txt",
              f"# {len(invented)} invented {eco} names, seed {SEED}, {note}. Generated by gen.py.\n",
              invented)
        real = spread(ranked, REAL_POPULAR) + spread(rest, REAL_OBSCURE)
        write(f"{eco}.real.txt",
              f"# {len(real)} real {eco} names: {min(REAL_POPULAR, len(ranked))} across the popularity ranks, "
              f"{min(REAL_OBSCURE, len(rest))} from the rest of the listing (obscure). Generated by gen.py.\n",
              real)
        print(eco, len(invented), "invented,", len(real), "real")


if __name__ == "__main__":
    main()
