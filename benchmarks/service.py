"""The HTTP service over loopback: requests/s for one form, and p50/p99 latency and the server's
peak memory under 50 concurrent clients. Every loop is bounded (a fixed number of requests).

    .venv/bin/python benchmarks/service.py                 # 200 sequential, 50 clients x 20
    .venv/bin/python benchmarks/service.py --clients 50 --per-client 40 --sequential 500

Starts ``jixiao serve`` on a free port in a process of its own, posts the seed's
02-zhihui-wuchang-phase3.yaml (YAML body) to /v1/verify with one keep-alive connection per
client (stdlib http.client, so the client costs little), and reads the server's peak
resident memory (VmHWM) from /proc when the run ends.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "indicators" / "wuchang-bigdata-2022" / "02-zhihui-wuchang-phase3.yaml"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "jixiao"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):  # at most 20 s to listen
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("jixiao serve did not start")


def _client(port: int, body: bytes, n: int, out: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": "application/yaml"}
    for _ in range(n):
        start = time.perf_counter()
        conn.request("POST", "/v1/verify", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status}")
        out.append(time.perf_counter() - start)
    conn.close()


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequential", type=int, default=200, help="requests from one client")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--per-client", type=int, default=20, help="requests per concurrent client")
    args = parser.parse_args()
    body = FORM.read_bytes()
    port = _free_port()
    server = _start(port)
    try:
        _client(port, body, 5, [])  # warm up: imports, rulebook cache
        one: list[float] = []
        start = time.perf_counter()
        _client(port, body, args.sequential, one)
        seq_s = time.perf_counter() - start
        latencies: list[float] = []
        threads = [threading.Thread(target=_client, args=(port, body, args.per_client, latencies))
                   for _ in range(args.clients)]  # fmt: skip
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conc_s = time.perf_counter() - start
        peak = _peak_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    n = args.clients * args.per_client
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; form {FORM.name} "
          f"({len(body)} bytes), POST /v1/verify over loopback, one uvicorn worker")  # fmt: skip
    print(f"one client:   {args.sequential} requests, {args.sequential / seq_s:.0f} requests/s, "
          f"p50 {statistics.median(one) * 1000:.1f} ms, p99 {_pct(one, 0.99) * 1000:.1f} ms")  # fmt: skip
    print(f"{args.clients} clients:  {n} requests, {n / conc_s:.0f} requests/s, "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {_pct(latencies, 0.99) * 1000:.1f} ms")
    print(f"server peak memory (VmHWM): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
