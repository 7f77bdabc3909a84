#!/usr/bin/env python3
"""Latency of `entente serve`, per kind of page: p50 / p99 / max over N requests.

Usage: bench/serve-latency.py http://127.0.0.1:PORT [--requests N] [--clients C] [--uncached]

Run it from a second process on loopback against a server over a large database
(README, "Browser explorer"). The record ids are read from the server's own lists, so
any database works. Each client holds one keep-alive connection and sends its requests
one after the other; latency is from sending a request to reading its whole body.
Each worker of the server keeps the pages it answered until the database changes;
`--uncached` makes every request's address unique (an ignored `_n=` parameter), so
every page is read and drawn afresh (the network layout stays cached per filter).
"""

import argparse
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse


def fetch(connection, path):
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    return response.status, body, time.perf_counter() - started


def first_id(host, port, path, kind):
    connection = http.client.HTTPConnection(host, port, timeout=60)
    status, body, _ = fetch(connection, path)
    match = re.search(rf'href="/{kind}/(\d+)"'.encode(), body)
    if status != 200 or not match:
        sys.exit(f"no /{kind}/ link on {path} (status {status})")
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--uncached", action="store_true")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base)
    host, port = url.hostname, url.port

    actor = first_id(host, port, "/actors", "actor")
    meeting = first_id(host, port, "/meetings", "meeting")
    statement = first_id(host, port, "/statements", "statement")
    organisation = first_id(host, port, "/organisations", "organisation")
    initiative = first_id(host, port, "/initiatives", "initiative")
    document = first_id(host, port, "/documents", "document")
    pages = {
        "home": "/",
        "search": "/search?q=trade",
        "actors": "/actors",
        "actors p5": "/actors?page=5",
        "actor": f"/actor/{actor}",
        "meetings": "/meetings",
        "meetings of": f"/meetings?actor={actor}",
        "meeting": f"/meeting/{meeting}",
        "statements": "/statements",
        "statements fts": "/statements?q=%22climate%20change%22",
        "statement": f"/statement/{statement}",
        "organisations": "/organisations",
        "organisation": f"/organisation/{organisation}",
        "initiatives": "/initiatives",
        "initiative": f"/initiative/{initiative}",
        "documents": "/documents",
        "document": f"/document/{document}",
        "network": "/network",
        "network actor": f"/network?actor={actor}",
        "network drawing": "/network/drawing?from=2023&to=2023",
    }
    print(f"{'page':16} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  requests  status")
    worst = 0.0
    for name, path in pages.items():
        times, statuses, lock = [], set(), threading.Lock()

        def client(number, count):
            connection = http.client.HTTPConnection(host, port, timeout=60)
            for index in range(count):
                target = path
                if args.uncached:
                    target += ("&" if "?" in path else "?") + f"_n={number}-{index}"
                status, _, seconds = fetch(connection, target)
                with lock:
                    times.append(seconds)
                    statuses.add(status)

        share = max(1, args.requests // args.clients)
        threads = [
            threading.Thread(target=client, args=(number, share)) for number in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        times.sort()
        p50 = statistics.median(times) * 1000
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
        worst = max(worst, p99)
        print(f"{name:16} {p50:8.1f} {p99:8.1f} {times[-1] * 1000:8.1f}  {len(times):8}  "
              f"{','.join(map(str, sorted(statuses)))}")
    print(f"worst p99: {worst:.1f} ms")


if __name__ == "__main__":
    main()
