#!/usr/bin/env python3
"""Keystroke-to-diagnostics latency of `dossier lsp`.

    bench/lsp_keystroke.py SITE [--keys K] [--file REL]

Starts target/release/dossier lsp on SITE (make one with
`cargo run --release --example gen_corpus -- --briefings 10000 --seed 1 --out DIR`),
waits for the first whole-site check, opens one briefing and types K
characters into its body, one didChange each, waiting after each for the
diagnostics of that version. Then it types one character into an actor name
(a warning appears), and edits a profile five times (each re-checks the
whole site). Prints the first load and the median,
90th percentile and maximum per keystroke. Nothing is written to SITE.
"""

import json
import os
import statistics
import subprocess
import sys
import time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
if not args:
    sys.exit(__doc__)
site = os.path.abspath(args[0])
keys = int(args[args.index("--keys") + 1]) if "--keys" in args else 200
rel = args[args.index("--file") + 1] if "--file" in args else None
binary = os.path.join(repo, "target/release/dossier")
if not os.access(binary, os.X_OK):
    sys.exit("build first: cargo build --release")

proc = subprocess.Popen([binary, "lsp", "--root", site], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def recv():
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_for(pred):
    while True:
        msg = recv()
        if pred(msg):
            return msg


start = time.perf_counter()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
wait_for(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
# The first whole-site check ends before the server reads the next message:
# a request's answer means it is done.
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown-probe", "params": None})
wait_for(lambda m: m.get("id") == 2)
first_load = time.perf_counter() - start

if rel is None:
    briefings = sorted(os.listdir(os.path.join(site, "content/briefings")))
    rel = "content/briefings/" + briefings[len(briefings) // 2]
path = os.path.join(site, rel)
uri = "file://" + os.path.realpath(path)
text = open(path, encoding="utf-8").read()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})


def published(version):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version


wait_for(published(1))
lines = text.split("\n")
last = len(lines) - 2
column = len(lines[last].encode("utf-16-le")) // 2
times = []
for k in range(keys):
    version = k + 2
    change = {"range": {"start": {"line": last, "character": column + k}, "end": {"line": last, "character": column + k}}, "text": "x"}
    t = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    wait_for(published(version))
    times.append(time.perf_counter() - t)
    # Type at a human pace, so no two keystrokes are coalesced.
    time.sleep(0.01)

# One keystroke into an actor name: the reference no longer resolves.
actor_line = next((i for i, l in enumerate(lines) if "actors = [\"" in l), None)
actor_ms, actor_diags = None, 0
if actor_line is not None:
    before = lines[actor_line][: lines[actor_line].index("actors = [\"") + 12]
    col = len(before.encode("utf-16-le")) // 2
    version = keys + 2
    change = {"range": {"start": {"line": actor_line, "character": col}, "end": {"line": actor_line, "character": col}}, "text": "q"}
    t = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    msg = wait_for(published(version))
    actor_ms = (time.perf_counter() - t) * 1000
    actor_diags = len(msg["params"]["diagnostics"])

# An edit to a profile re-checks the whole site (through the cache).
actors_dir = os.path.join(site, "content/actors")
profile = os.path.join(actors_dir, sorted(os.listdir(actors_dir))[0])
puri = "file://" + os.path.realpath(profile)
ptext = open(profile, encoding="utf-8").read()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": puri, "languageId": "markdown", "version": 1, "text": ptext}}})
wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == puri and m["params"].get("version") == 1)
profile_times = []
for k in range(5):
    change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "aliases = [\"Alias %d\"]\n" % k if k % 2 == 0 else ""}
    if k % 2 == 1:
        change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 2, "character": 0}}, "text": ""}
    t = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": puri, "version": k + 2}, "contentChanges": [change]}})
    wait_for(lambda m, v=k + 2: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == puri and m["params"].get("version") == v)
    profile_times.append((time.perf_counter() - t) * 1000)

send({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None})
wait_for(lambda m: m.get("id") == 3)
send({"jsonrpc": "2.0", "method": "exit", "params": None})
proc.wait()

ms = sorted(x * 1000 for x in times)
print(f"site: {site} ({rel})")
print(f"first load (initialize to first answer): {first_load * 1000:.0f} ms")
print(f"body keystroke, {len(ms)} edits: median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9)]:.1f} ms, max {ms[-1]:.1f} ms")
if actor_ms is not None:
    print(f"actor-name keystroke: {actor_ms:.1f} ms, {actor_diags} diagnostic(s) published")
print(f"profile edit (whole-site re-check), 5 edits: median {statistics.median(profile_times):.0f} ms, max {max(profile_times):.0f} ms")
