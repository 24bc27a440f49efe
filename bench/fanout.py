#!/usr/bin/env python3
"""Fan-out for bench/run.sh: queue one command for each of N terminals through
the JSON API, then wait until every one is acknowledged.

    fanout.py --api http://127.0.0.1:PORT --sn-prefix FLEET --devices 10000 \
              --command "SET OPTION Zkpush=1" [--threads 8] [--timeout 60]

The terminals are PREFIX00001 ... PREFIX<N> (the emulator's names, see
src/sim/fleet.cc). Commands are POSTed to /api/v1/devices/{sn}/commands by
several threads, each on its own keep-alive connection; then
GET /api/v1/commands/summary is polled until `done` has grown by N (or
failed/expired account for the rest, or the timeout passes). Prints
`key value` lines: queue_s (first POST until the last is queued), done_s
(first POST until all are done), queued, done, failed, expired, errors.
Standard library only. Exit status 0 when every command is done, else 1.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse


def connect(api):
    url = urllib.parse.urlsplit(api)
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


def request(conn, method, path, body=None):
    # The API token: bench/run.sh exports the one it created.
    headers = {"Authorization": "Bearer " + os.environ.get("ZKPUSH_API_TOKEN", "")}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    reply = conn.getresponse()
    return reply.status, reply.read()


def summary(conn):
    try:
        status, body = request(conn, "GET", "/api/v1/commands/summary")
    except (OSError, http.client.HTTPException):
        # A proxy in front (HAProxy: timeout http-keep-alive) may close the
        # connection while it is idle during the queueing: once more, anew.
        conn.close()
        status, body = request(conn, "GET", "/api/v1/commands/summary")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/commands/summary: HTTP {status}: {body[:200]!r}")
    return json.loads(body)


def queue_all(api, sns, command, threads):
    """POSTs the command for every SN; returns the number of failures."""
    body = json.dumps({"command": command})
    errors = [0] * threads

    def worker(index):
        conn = connect(api)
        for sn in sns[index::threads]:
            try:
                status, reply = request(conn, "POST", f"/api/v1/devices/{sn}/commands", body)
                if status != 201:
                    errors[index] += 1
                    if errors[index] <= 3:
                        print(f"fanout: {sn}: HTTP {status}: {reply[:200]!r}", file=sys.stderr)
            except (OSError, http.client.HTTPException) as e:
                errors[index] += 1
                print(f"fanout: {sn}: {e}", file=sys.stderr)
                conn.close()
                conn = connect(api)
        conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(errors)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--api", required=True)
    p.add_argument("--sn-prefix", default="SIM")
    p.add_argument("--devices", type=int, required=True)
    p.add_argument("--command", default="SET OPTION Zkpush=1")
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for all replies")
    args = p.parse_args()

    sns = [f"{args.sn_prefix}{i:05d}" for i in range(1, args.devices + 1)]
    poller = connect(args.api)
    before = summary(poller)  # commands already there are not ours

    start = time.monotonic()
    errors = queue_all(args.api, sns, args.command, args.threads)
    queue_s = time.monotonic() - start
    wanted = len(sns) - errors

    def grown(now, key):
        return now[key] - before[key]

    now = summary(poller)
    while time.monotonic() - start < args.timeout:
        if grown(now, "done") + grown(now, "failed") + grown(now, "expired") >= wanted:
            break
        time.sleep(0.05)
        now = summary(poller)
    done_s = time.monotonic() - start
    complete = grown(now, "done") >= len(sns)

    print(f"queue_s {queue_s:.3f}")
    print(f"done_s {done_s:.3f}" if complete else "done_s -")
    print(f"wait_s {done_s:.3f}")
    for key in ("queued", "sent", "done", "failed", "expired"):
        print(f"{key} {grown(now, key)}")
    print(f"errors {errors}")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
