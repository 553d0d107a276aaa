"""Many clerks at once: N clients search the running app through its gradio API for a while.

    python -m bench.app_load [--clients 20] [--seconds 60]   (starts app.py on data/ or CHIDAO_INDEX_DIR)

Prints start-up time with an existing index, searches with results, answers with none and errors
(each counted apart), p50/p95 latency, the server-side time of one search at the corpus size, and
p95 under load over that time. Stops with one line when the app dies or never answers."""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from extraction.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
START_LIMIT_S = 600  # the page must answer within this (the index exists; nothing is built)
QUERIES = [json.loads(line)["query"] for line in (Path(__file__).parent / "data" / "queries_tune.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def call(connection: http.client.HTTPConnection, api_name: str, data: list) -> list:
    """One call of the page's API as a browser's page makes it (queue the event, read its
    stream), over a kept-alive connection: the load generator shares the machine's cores with
    the server, so it must cost little (gradio_client spent as much CPU per search as the server)."""
    connection.request("POST", f"/gradio_api/call/{api_name}", body=json.dumps({"data": data}),
                       headers={"Content-Type": "application/json"})
    event = json.loads(connection.getresponse().read())["event_id"]
    connection.request("GET", f"/gradio_api/call/{api_name}/{event}")
    stream = connection.getresponse().read().decode("utf-8")
    kind, _, payload = stream.rpartition("event: ")[2].partition("\ndata: ")
    if kind.strip() != "complete":
        raise RuntimeError(f"{kind.strip()}: {payload.strip()[:160]}")
    return json.loads(payload)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--no-build"], cwd=ROOT, env=os.environ,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if app.poll() is not None or time.perf_counter() - started > START_LIMIT_S:
                app.kill()
                sys.exit(f"app.py did not answer at {url} (exit code {app.returncode}); see chidao.log in the index folder")
            time.sleep(0.2)
    startup = time.perf_counter() - started
    latencies: list[float] = []
    errors: list[str] = []
    empty: list[str] = []  # answered, but with no result: counted apart, not as a success
    lock = threading.Lock()
    stop = time.time() + args.seconds

    def clerk(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        turn = number
        while time.time() < stop:
            query = QUERIES[turn % len(QUERIES)]
            query = fold(query) if turn % 2 else query
            turn += 1
            begin = time.perf_counter()
            try:
                result = call(connection, "do_search", [query, "", "", "", "", "", ""])
                status = next((part for part in result if isinstance(part, str) and "kết quả cho" in part), None)
                assert status is not None, result
                with lock:
                    (latencies if status.startswith("Tìm thấy") else empty).append(time.perf_counter() - begin)
            except Exception as exc:  # counted, reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(args.clients)]
    server_cpu = cpu_seconds(app.pid)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server_cpu = cpu_seconds(app.pid) - server_cpu
    app.terminate()
    app.wait()
    ordered = sorted(latencies) or [float("nan")]
    print(f"start-up with an existing index: {startup:.1f} s (until the page answers)")
    p95 = ordered[int(len(ordered) * 0.95)]
    print(f"{args.clients} clients for {args.seconds:.0f} s: {len(latencies)} searches with results, "
          f"{len(empty)} answered with none, {len(errors)} errors, p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, {len(latencies) / args.seconds:.1f} searches/s")
    for error in errors[:5]:
        print("  error:", error)
    answered = len(latencies) + len(empty)
    if answered:
        per_search = server_cpu / answered
        print(f"server CPU per answer: {per_search * 1000:.0f} ms; with {os.cpu_count()} cores, {args.clients} clients "
              f"that never pause cannot get p50 under {args.clients * per_search / os.cpu_count() * 1000:.0f} ms")
    from index import Index

    index = Index()
    index.search("khởi động", k=1)
    times = []
    for query in QUERIES:
        begin = time.perf_counter()
        index.search(query, k=30)
        times.append(time.perf_counter() - begin)
    alone = statistics.median(times)
    print(f"server-side search at {index.stats()['vectors']} directives: median {alone * 1000:.0f} ms; "
          f"p95 under load / one search alone: {p95 / alone:.1f}")


if __name__ == "__main__":
    main()
