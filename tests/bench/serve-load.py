#!/usr/bin/env python3
"""Bounded loopback load on `annexgen serve` (issue 13; `make bench`):
usage serve-load.py URL PID [DOWNLOADS [CLIENTS]] (default 200 downloads from 8
clients). Each client repeats: GET the tender page, POST a PaaS+SaaS tender for
the zip. Prints page and download time per request (median, 95th percentile,
max), throughput, errors, and the server's RSS after each eighth of the run:
after the first rounds it must stay flat (no leak). Exit 1 on any error or on
RSS growth past 10% + 2 MiB between the second eighth and the end."""
import concurrent.futures
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse

url, pid = sys.argv[1], int(sys.argv[2])
total = int(sys.argv[3]) if len(sys.argv) > 3 else 200
clients = int(sys.argv[4]) if len(sys.argv) > 4 else 8
u = urllib.parse.urlsplit(url)
lock = threading.Lock()
page_ms, dl_ms, errors, rss = [], [], [], []
done = 0


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def one(i):
    global done
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    t0 = time.perf_counter()
    c.request("GET", "/")
    r = c.getresponse()
    page = r.read()
    t1 = time.perf_counter()
    m = re.search(rb'name="csrf" value="([0-9a-f]+)"', page)
    if r.status != 200 or not m:
        return f"page: status {r.status}"
    body = urllib.parse.urlencode([
        ("csrf", m.group(1).decode()), ("title", f"負載測試 {i}"), ("agency", "測試機關"),
        ("case", f"LOAD-{i}"), ("date", "2026-03-02"), ("annex", "附件一"), ("language", "zh-TW"),
        ("type", "paas"), ("type", "saas"), ("x:paas:OM-16", "1"), ("x:paas:SP-9", "1"),
        ("r:paas:SP-9", "本機關已自建入侵偵測系統"), ("act", "download")]).encode()
    t2 = time.perf_counter()
    c.request("POST", "/tender", body, {"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    z = r.read()
    t3 = time.perf_counter()
    c.close()
    if r.status != 200 or z[:2] != b"PK":
        return f"download: status {r.status}"
    with lock:
        page_ms.append((t1 - t0) * 1000)
        dl_ms.append((t3 - t2) * 1000)
        done += 1
        if done % max(total // 8, 1) == 0:
            rss.append(rss_kib())
    return None


start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(clients) as ex:
    for res in ex.map(one, range(total)):
        if res:
            errors.append(res)
elapsed = time.perf_counter() - start


def stats(v):
    v = sorted(v)
    return (statistics.median(v), v[int(0.95 * (len(v) - 1))], v[-1]) if v else (0, 0, 0)


pm, dm = stats(page_ms), stats(dl_ms)
print(f"serve load: {total} downloads (PaaS+SaaS, 10 documents each) from {clients} concurrent clients, "
      f"{elapsed:.1f} s, {total / elapsed:.1f} downloads/s, {len(errors)} errors")
print(f"  {'':28s} {'median ms':>10s} {'p95 ms':>10s} {'max ms':>10s}")
print(f"  {'page (GET /)':28s} {pm[0]:10.2f} {pm[1]:10.2f} {pm[2]:10.2f}")
print(f"  {'download (POST /tender, zip)':28s} {dm[0]:10.2f} {dm[1]:10.2f} {dm[2]:10.2f}")
print("  server RSS after each eighth (MiB): " + " ".join(f"{k / 1024:.1f}" for k in rss))
for e in errors[:5]:
    print(f"  error: {e}")
flat = len(rss) < 3 or rss[-1] <= rss[1] * 1.10 + 2048
print(f"  RSS {'flat' if flat else 'GROWING'} after the first rounds")
sys.exit(0 if flat and not errors else 1)
