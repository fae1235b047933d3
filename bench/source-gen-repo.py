#!/usr/bin/env python3
"""Generate a bare Git repository for bench/source.sh, deterministically.

    bench/source-gen-repo.py DIR [--files N] [--commits C] [--seed S]

DIR becomes a bare repository (branch main, also HEAD) whose first commit holds N files
(default 10,000) in a tree of folders 1-4 levels deep: mostly text (YAML, Markdown, code-like
lines drawn from a vocabulary, so they compress like real text) with sizes log-normal around
1.5 KiB (50 B .. 256 KiB), and about 2% binary files (random bytes, incompressible). Each of
the C-1 later commits (default 10 commits in all) rewrites 1% of the files; every second
commit gets a tag vX.Y.0, and two more branches point into the history. Written with
`git fast-import`, then repacked once (`git repack -adf`) like a hosted repository.
Prints one line: "<files> files, <bytes> bytes in the last tree, <commits> commits".
"""

import argparse
import os
import random
import subprocess
import sys

WORDS = ("apiVersion kind metadata name namespace labels annotations spec replicas selector "
         "template containers image ports containerPort env value resources limits requests "
         "cpu memory volumeMounts mountPath volumes configMap secretName service deployment "
         "ingress host path backend port number true false null return if else for while "
         "func struct package import const var type interface string int error nil the a of "
         "to and in is that it with as for on be this are by from at or an was which").split()


def text_file(rng, size):
    out = []
    n = 0
    while n < size:
        indent = "  " * rng.randint(0, 4)
        line = indent + " ".join(rng.choices(WORDS, k=rng.randint(1, 9)))
        if rng.random() < 0.4:
            line += ": " + str(rng.randint(0, 100000))
        out.append(line)
        n += len(line) + 1
    return ("\n".join(out) + "\n").encode()[:max(size, 1)]


def file_size(rng):
    return int(min(max(rng.lognormvariate(7.3, 1.1), 50), 256 * 1024))


def make_paths(rng, n):
    top = ["apps", "infrastructure", "clusters", "docs", "charts", "src", "tests", "tools"]
    dirs = []
    for t in top:
        for i in range(rng.randint(4, 10)):
            d = f"{t}/{rng.choice(WORDS)}-{i}"
            dirs.append(d)
            for j in range(rng.randint(0, 5)):
                sub = f"{d}/{rng.choice(['base', 'overlays', 'config', 'lib', 'data'])}-{j}"
                dirs.append(sub)
                if rng.random() < 0.3:
                    dirs.append(f"{sub}/{rng.choice(WORDS)}")
    exts = [".yaml"] * 5 + [".md", ".go", ".py", ".json", ".txt"]
    paths = set()
    while len(paths) < n:
        d = rng.choice(dirs)
        binary = rng.random() < 0.02
        ext = ".png" if binary else rng.choice(exts)
        paths.add(f"{d}/{rng.choice(WORDS)}-{len(paths)}{ext}")
    return sorted(paths)


def content(rng, path):
    size = file_size(rng)
    if path.endswith(".png"):
        return rng.randbytes(size)
    return text_file(rng, size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "-C", a.dir, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    w = fi.stdin.write
    paths = make_paths(rng, a.files)
    sizes = {}
    mark = 0
    when = 1700000000
    for c in range(a.commits):
        changed = paths if c == 0 else rng.sample(paths, max(1, a.files // 100))
        for p in changed:
            data = content(rng, p)
            sizes[p] = len(data)
            mark += 1
            w(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        first = mark - len(changed) + 1
        msg = b"commit %d\n" % (c + 1)
        w(b"commit refs/heads/main\n")
        w(b"mark :%d\n" % (1000000 + c))
        w(b"author Bench <bench@example.com> %d +0000\n" % (when + c * 3600))
        w(b"committer Bench <bench@example.com> %d +0000\n" % (when + c * 3600))
        w(b"data %d\n" % len(msg) + msg)
        for i, p in enumerate(changed):
            w(b"M 100644 :%d %s\n" % (first + i, p.encode()))
        w(b"\n")
        if c % 2 == 1:
            w(b"reset refs/tags/v0.%d.0\nfrom :%d\n\n" % (c // 2 + 1, 1000000 + c))
    w(b"reset refs/heads/release-1\nfrom :%d\n\n" % (1000000 + a.commits // 2))
    w(b"reset refs/heads/feature-x\nfrom :%d\n\n" % (1000000 + a.commits - 2))
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", a.dir, "repack", "-adfq"], check=True)
    subprocess.run(["git", "-C", a.dir, "prune-packed"], check=True)
    print(f"{len(paths)} files, {sum(sizes.values())} bytes in the last tree, {a.commits} commits")


if __name__ == "__main__":
    main()
