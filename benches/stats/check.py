#!/usr/bin/env python3
"""Survival of AI lines per model and per file, computed without provenance, and compared with
`provenance stats --format json` output.

    check.py GIT_DIR EXPECT.json MARKS STATS_BY_MODEL.json STATS_BY_PATH.json [--sample N]

For every file an AI commit touched (or a sample of N of them), `git blame --porcelain HEAD`
gives each line's commit and line number in that commit; a line survives when they fall in
that commit's AI or edited ranges. Per model, tracked lines are the sum of range lengths.
Exit 1 when a file's survival differs by more than one line, or a model's totals differ.
"""
import collections
import json
import random
import subprocess
import sys


def main() -> int:
    git_dir, expect_path, marks_path, by_model_path, by_path_path = sys.argv[1:6]
    sample = int(sys.argv[sys.argv.index("--sample") + 1]) if "--sample" in sys.argv else 0
    marks = {}
    with open(marks_path) as f:
        for line in f:
            m, sha = line.split()
            marks[int(m[1:])] = sha
    expect = json.load(open(expect_path))
    by_file = collections.defaultdict(list)
    for e in expect:
        by_file[e["path"]].append(e)
    files = sorted(by_file)
    if sample:
        files = sorted(random.Random(1).sample(files, min(sample, len(files))))
    tracked = collections.Counter()
    alive = collections.Counter()
    alive_file = {}
    for path in files:
        text = subprocess.run(
            ["git", "--git-dir", git_dir, "blame", "--porcelain", "HEAD", "--", path],
            check=True, capture_output=True, text=True,
        ).stdout
        origin = collections.defaultdict(set)
        for line in text.splitlines():
            w = line.split(" ")
            if len(w) >= 3 and len(w[0]) == 40 and w[1].isdigit():
                origin[w[0]].add(int(w[1]))
        n_file = 0
        for e in by_file[path]:
            sha = marks[e["mark"]]
            for s, t, _ in e["ranges"]:
                tracked[e["model"]] += t - s + 1
                n = sum(1 for l in origin.get(sha, ()) if s <= l <= t)
                alive[e["model"]] += n
                n_file += n
        alive_file[path] = n_file
    by_model = json.load(open(by_model_path))
    by_path = json.load(open(by_path_path))
    bad = 0
    groups = {g["group"]: g for g in by_path["groups"]}
    for path, n in alive_file.items():
        got = groups.get(path, {}).get("survival", {}).get("surviving", 0)
        if abs(got - n) > 1:
            print(f"{path}: provenance says {got} AI lines survive, git blame {n}")
            bad += 1
    print(f"files checked: {len(alive_file)}; differing by more than one line: {bad}")
    if not sample:
        models = {g["group"]: g for g in by_model["groups"]}
        for model in sorted(tracked):
            g = models.get(model, {}).get("survival", {})
            ours = (g.get("tracked"), g.get("surviving"))
            print(f"{model}: tracked {tracked[model]}, surviving {alive[model]} (git blame); provenance {ours[0]}, {ours[1]}")
            if ours != (tracked[model], alive[model]):
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
