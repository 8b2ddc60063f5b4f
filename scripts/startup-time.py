#!/usr/bin/env python3
"""Measures how long `hawkeye server` takes from the launch of bin/hawkeye until its socket answers
`ping`: RUNS launches (default 5), each on a fresh socket, printing each time and the median.

Usage: scripts/startup-time.py [RUNS] [-- extra hawkeye server arguments]
Needs a built distribution (mvn -B install -DskipTests; or HAWKEYE_HOME=...). Environment
variables such as REDIS_URL or JAVA_OPTS are passed on to the server.
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("HAWKEYE_HOME", os.path.join(ROOT, "hawkeye-dist", "target", "hawkeye"))
PING = b'{"jsonrpc":"2.0","id":1,"method":"ping"}\n'


def answers_ping(path):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(path)
            s.sendall(PING)
            return b'"pong"' in s.recv(4096)
    except OSError:
        return False


def once(extra):
    with tempfile.TemporaryDirectory(prefix="hk-start") as work:
        path = os.path.join(work, "h.sock")
        started = time.monotonic()
        server = subprocess.Popen([os.path.join(HOME, "bin", "hawkeye"), "server", "--socket", path] + extra,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=work)
        try:
            while not answers_ping(path):
                if server.poll() is not None:
                    sys.exit("hawkeye server exited: " + server.stderr.read().decode())
                if time.monotonic() - started > 30:
                    sys.exit("hawkeye server did not answer ping within 30 s")
                time.sleep(0.005)
            return time.monotonic() - started
        finally:
            server.terminate()
            server.wait(30)


def main():
    args = sys.argv[1:]
    extra = args[args.index("--") + 1:] if "--" in args else []
    runs = int(args[0]) if args and args[0] != "--" else 5
    times = []
    for _ in range(runs):
        seconds = once(extra)
        times.append(seconds)
        print("ready after %.3f s" % seconds)
    print("median %.3f s, best %.3f s over %d launches" % (statistics.median(times), min(times), runs))


if __name__ == "__main__":
    main()
