#!/usr/bin/env python3
"""Edit-to-reload time of `girok serve`.

Starts `girok serve` on a free port for an archive, then edits one
briefing several times (a word in its body) and measures, for each edit,
the time from writing the file to the moment the server tells the open
pages to reload (the answer of /__girok/wait). Prints the median and the
slowest, in milliseconds.

    benches/serve_latency.py GIROK_BINARY ARCHIVE [--edits 10] [--pause 5]
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("girok")
    ap.add_argument("archive")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--pause", type=float, default=5.0,
                    help="seconds between edits, for the search index and data files to finish")
    args = ap.parse_args()
    archive = pathlib.Path(args.archive)
    briefings = sorted((archive / "content" / "briefings").glob("*.md"))
    if not briefings:
        sys.exit(f"no briefings under {archive}/content/briefings")
    target = briefings[len(briefings) // 2]
    original = target.read_text(encoding="utf-8")
    out = tempfile.mkdtemp(prefix="girok-serve-")
    proc = subprocess.Popen(
        [args.girok, "serve", "--port", "0", "--root", str(archive), "--output", out + "/site"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    addr = None
    full_build = None
    for line in proc.stderr:
        m = re.match(r"built (\d+) pages in (\d+) ms", line)
        if m:
            full_build = int(m.group(2))
        m = re.match(r"serving http://([^/]+)/", line)
        if m:
            addr = m.group(1)
            break
    if not addr:
        proc.kill()
        sys.exit("girok serve did not start")
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()

    def wait(v):
        with urllib.request.urlopen(f"http://{addr}/__girok/wait?v={v}", timeout=120) as r:
            return json.loads(r.read())

    times = []
    try:
        v = wait(2**63)["v"]
        for n in range(args.edits):
            box = {}
            t = threading.Thread(target=lambda: box.update(s=wait(v)))
            t.start()
            time.sleep(0.3)  # the request is waiting on the server
            edited = original.replace("\n\n", f"\n\nEdit number {n}.\n\n", 1)
            t0 = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            t.join()
            times.append((time.perf_counter() - t0) * 1000)
            v = box["s"]["v"]
            if not box["s"]["ok"]:
                sys.exit(f"the build failed: {box['s']['message']}")
            time.sleep(args.pause)  # let the index and data files finish
    finally:
        target.write_text(original, encoding="utf-8")
        proc.kill()
    print(f"full build in serve: {full_build} ms")
    print(f"edit to reload over {len(times)} edits of {target.name}: "
          f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms")


if __name__ == "__main__":
    main()
