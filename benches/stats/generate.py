#!/usr/bin/env python3
"""Write a `git fast-import` stream of a history with AI-assisted commits and human rewrites.

    generate.py COMMITS SEED EXPECT.json | git fast-import --quiet

Each commit changes one of FILES files. Two in three are AI commits of one of three models:
k lines inserted at a random position, recorded in an `Assisted-by`/`AI-Lines` trailer and a
provenance note (refs/notes/provenance) with the line ranges; every other AI commit has its
last line edited by a human before committing (origin `edited`). The rest are human commits
that rewrite one line and delete another, so AI lines are rewritten and deleted over time.
EXPECT.json records, per AI commit, its model and ranges, for the independent check.
"""
import json
import random
import sys

MODELS = [("claude-code", "claude-opus-4-6"), ("codex", "gpt-5-codex"), ("cursor", "composer-1")]
FILES = 500


def main() -> None:
    n, seed, expect_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(seed)
    out = sys.stdout.buffer
    files = {f"src/m{i // 50:02d}/f{i:03d}.py": [f"# f{i} base"] for i in range(FILES)}
    paths = sorted(files)
    t0 = 1_700_000_000
    mark = 0
    notes = []  # (commit mark, note json)
    expect = []

    def data(b: bytes) -> None:
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def commit(msg: str, changed: list, when: int) -> int:
        nonlocal mark
        mark += 1
        out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        who = f"Dev {mark % 7} <dev{mark % 7}@example.com> {when} +0000"
        out.write(f"author {who}\ncommitter {who}\n".encode())
        data(msg.encode())
        for p in changed:
            out.write(f"M 100644 inline {p}\n".encode())
            body = "".join(line + "\n" for line in files[p])
            data(body.encode())
        return mark

    commit("base\n", paths, t0)
    for step in range(1, n):
        p = paths[rnd.randrange(FILES)]
        lines = files[p]
        when = t0 + step * 60
        if rnd.random() < 2 / 3:
            agent, model = MODELS[rnd.randrange(len(MODELS))]
            k = 2 + rnd.randrange(6)
            at = rnd.randrange(len(lines) + 1)
            for i in range(k):
                lines.insert(at + i, f"{model} s{step} l{i}")
            edited = step % 2
            ranges = [[at + 1, at + k - edited, "ai"]]
            if edited:
                ranges.append([at + k, at + k, "edited"])
            msg = (
                f"ai step {step}\n\nAssisted-by: {agent}:{model}\n"
                f"AI-Lines: ai={k - edited} edited={edited} human=0\n"
            )
            m = commit(msg, [p], when)
            note = {
                "version": 1, "agent": agent, "model": model, "session": None,
                "lines": {"ai": k - edited, "edited": edited, "human": 0},
                "files": [{"path": p, "ranges": ranges}],
                "tool_version": "0.1.0",
            }
            notes.append((m, json.dumps(note)))
            expect.append({"mark": m, "model": model, "path": p, "ranges": ranges})
        else:
            if len(lines) > 1:
                lines[rnd.randrange(len(lines))] = f"human rewrite {step}"
                del lines[rnd.randrange(len(lines))]
            else:
                lines.append(f"human {step}")
            commit(f"human step {step}\n", [p], when)
    # One notes commit with every note (fast-import lays out the fanout itself).
    out.write(b"commit refs/notes/provenance\n")
    who = f"Notes <notes@example.com> {t0 + n * 60} +0000"
    out.write(f"committer {who}\n".encode())
    data(b"notes\n")
    for m, text in notes:
        out.write(b"N inline :%d\n" % m)
        data(text.encode())
    # Marks to ids come from fast-import's --export-marks; EXPECT names marks.
    with open(expect_path, "w") as f:
        json.dump(expect, f)


if __name__ == "__main__":
    main()
