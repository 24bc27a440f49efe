#!/usr/bin/env python3
"""Times the API calls each console page makes, signed in as a person (the
session cookie, as the browser sends it), against a server already loaded
with terminals and punches (bench/run.sh section console).

  console_pages.py API_URL NAME PASSWORD REPEATS OUT

First it adds what a console shows beside punches: device groups, people in
a group, commands (done and failed), a webhook; then it requests each call
REPEATS times, one after another on a keep-alive connection, and writes
"page<TAB>call<TAB>p50_ms<TAB>p99_ms" lines to OUT."""

import http.client
import json
import sys
import time
import urllib.parse
from datetime import date, datetime, timezone


class Api:
    def __init__(self, url, name, password):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        origin = f"http://{self.host}:{self.port}"
        r = self.request("POST", "/api/v1/session", {"name": name, "password": password},
                         {"Origin": origin, "Content-Type": "application/json"})
        assert r[0] == 200, r
        self.cookie = r[2]["set-cookie"].split(";")[0]
        self.csrf = json.loads(r[1])["csrf_token"]
        self.origin = origin

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if getattr(self, "cookie", None):
            h["Cookie"] = self.cookie
        if body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body)
        if method != "GET" and getattr(self, "csrf", None):
            h["X-CSRF-Token"] = self.csrf
            h["Origin"] = self.origin
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data, {k.lower(): v for k, v in r.getheaders()}

    def get(self, path):
        status, data, _ = self.request("GET", path)
        assert status == 200, (path, status, data[:200])
        return json.loads(data)

    def send(self, method, path, body=None):
        status, data, _ = self.request(method, path, body)
        assert status < 300, (method, path, status, data[:200])
        return json.loads(data) if data else None

    def first_byte_of_stream(self, path):
        """A new connection's time until an event stream's first bytes."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.request("GET", path, headers={"Cookie": self.cookie})
        r = conn.getresponse()
        r.read1(16)
        conn.close()


def percentile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def prepare(api, devices):
    """Groups, people and commands, as a console would show them."""
    groups = [api.send("POST", "/api/v1/device-groups", {"name": f"site {i}"})["id"] for i in range(10)]
    for i, d in enumerate(devices[:500]):  # 50 terminals in each group
        api.send("PATCH", f"/api/v1/devices/{d}", {"group_id": groups[i % 10]})
    for i in range(1000):  # the first group's people
        api.send("POST", "/api/v1/persons", {"pin": str(100000 + i), "name": f"Person {i}", "card": str(5000000 + i),
                                            "groups": [groups[0]] if i < 500 else []})
    for d in devices[:200]:
        api.send("POST", f"/api/v1/devices/{d}/commands/info", {})
    api.send("POST", "/api/v1/webhooks", {"url": "http://127.0.0.1:9/unreachable", "kinds": ["device.offline"]})
    return groups


def main():
    url, name, password, repeats, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    api = Api(url, name, password)
    devices = [d["sn"] for d in api.get("/api/v1/devices?limit=1000&sort=sn")["items"]]
    groups = prepare(api, devices)
    # An attendance terminal (canteen terminals send no punches) and a day of its punches.
    sn, first_punch = next((d, p[0]) for d in devices
                           for p in [api.get(f"/api/v1/devices/{d}/attendance?limit=1")["items"]] if p)
    a_day = first_punch["time"][:10]
    today = date.today().isoformat()
    midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    pages = {
        "overview": [f"/api/v1/overview?since={midnight}"],
        "terminals": ["/api/v1/device-groups", "/api/v1/devices?offset=0&limit=50",
                      "/api/v1/devices?offset=5000&limit=50&sort=last_seen&order=desc", "/api/v1/devices?q=0042&limit=50"],
        "terminal": [f"/api/v1/devices/{sn}", f"/api/v1/devices/{sn}/attendance?limit=50",
                     f"/api/v1/devices/{sn}/commands?limit=50", "/api/v1/settings", f"/api/v1/devices/{sn}/photos?limit=60",
                     f"/api/v1/devices/{sn}/requests"],
        "live": ["stream:/api/v1/events?kinds=attendance.created,attendance.photo"],
        # A day full of punches, a day without any (today: the history is
        # old), a month without any, and one person on a full day.
        "attendance": [f"/api/v1/attendance?from={a_day}&to={a_day}&limit=100", f"/api/v1/attendance?from={today}&to={today}&limit=100",
                       "/api/v1/attendance?from=2025-06-01&to=2025-06-30&limit=100",
                       f"/api/v1/attendance?from={a_day}&to={a_day}&pin=7&limit=100"],
        "people": ["/api/v1/persons?limit=50", "/api/v1/persons/100007", f"/api/v1/sync-grid?group={groups[0]}&limit=50"],
        "groups": ["/api/v1/device-groups"] + [f"/api/v1/devices?group={g}&limit=0" for g in groups[:1]] +
                  [f"/api/v1/devices?group={groups[0]}&limit=1000&sort=name", f"/api/v1/persons?group={groups[0]}&limit=1000"],
        "admission": ["/api/v1/devices?status=pending&sort=last_seen&order=desc&offset=0&limit=50"],
        "commands": ["/api/v1/commands?limit=50", "/api/v1/commands?status=failed&limit=50"],
        "integrations": ["/api/v1/webhooks", "/api/v1/tokens", "/api/v1/accounts"],
        "canteen": ["/api/v1/canteen/cards?limit=50", f"/api/v1/canteen/totals?date={today}", "/api/v1/canteen/reconciliation"],
    }
    with open(out, "w") as f:
        for page, calls in pages.items():
            for call in calls:
                times = []
                for _ in range(repeats):
                    t = time.perf_counter()
                    if call.startswith("stream:"):
                        api.first_byte_of_stream(call[len("stream:"):])
                    else:
                        api.get(call)
                    times.append((time.perf_counter() - t) * 1000)
                p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
                f.write(f"{page}\t{call}\t{p50:.1f}\t{p99:.1f}\n")
                print(f"{page:13} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  {call}", flush=True)


if __name__ == "__main__":
    main()
