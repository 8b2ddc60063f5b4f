#!/usr/bin/env bash
# Reruns the comparison in BENCHMARKS.md: hawkeye (hawkeye bench against hawkeye server, on a Unix
# socket) and Etsy's StatsD 0.9.0 (a UDP sender with 1 and with 20 metrics per packet), fed the
# same number of points on the same machine, one after the other, each counting what the server
# actually processed.
#
# Usage: scripts/statsd-comparison.sh [POINTS]        (default 20000000)
#
# Needs: a built distribution (mvn -B install -DskipTests; or HAWKEYE_HOME=...), Java 17, Node.js
# and npm (StatsD is installed from the npm registry into a temporary folder, or taken from
# STATSD_DIR when that holds node_modules/statsd). Prints a Markdown table. Run it on a quiet
# machine: the load generator and the server share its cores.
set -euo pipefail

POINTS=${1:-20000000}
ROOT=$(cd -- "$(dirname -- "$0")/.." && pwd)
HAWKEYE_HOME=${HAWKEYE_HOME:-$ROOT/hawkeye-dist/target/hawkeye}
HAWKEYE=$HAWKEYE_HOME/bin/hawkeye
[ -x "$HAWKEYE" ] || { echo "no hawkeye distribution at $HAWKEYE_HOME: run mvn -B install -DskipTests first" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for StatsD" >&2; exit 1; }

WORK=$(mktemp -d /tmp/hk-statsd.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

json_field() { # json_field FILE FIELD: a top-level number of a JSON report
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(r[process.argv[2]])' "$1" "$2"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1), node $(node --version)" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# --- hawkeye -------------------------------------------------------------------------------------
SOCKET=$WORK/hawkeye.sock
"$HAWKEYE" server --socket "$SOCKET" >"$WORK/server.out" 2>"$WORK/server.err" &
PIDS+=($!)
for _ in $(seq 1 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
[ -S "$SOCKET" ] || { cat "$WORK/server.err" >&2; echo "hawkeye server did not start" >&2; exit 1; }

declare -A HAWKEYE_RATE HAWKEYE_SENT HAWKEYE_CONFIRMED
for mode in notify batch; do
    echo "hawkeye bench --mode $mode --points $POINTS ..." >&2
    "$HAWKEYE" bench --socket "$SOCKET" --mode "$mode" --points "$POINTS" --duration 120s --warmup 3s --json \
        >"$WORK/$mode.json" 2>"$WORK/$mode.err" || { cat "$WORK/$mode.err" "$WORK/$mode.json" >&2; exit 1; }
    HAWKEYE_RATE[$mode]=$(json_field "$WORK/$mode.json" pointsPerSecond)
    HAWKEYE_SENT[$mode]=$(json_field "$WORK/$mode.json" measuredPoints)
    HAWKEYE_CONFIRMED[$mode]=$(json_field "$WORK/$mode.json" ok)
done
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()

# --- StatsD --------------------------------------------------------------------------------------
STATSD_DIR=${STATSD_DIR:-$WORK/statsd}
if [ ! -d "$STATSD_DIR/node_modules/statsd" ]; then
    echo "npm install statsd@0.9.0 ..." >&2
    npm install --silent --no-audit --no-fund --prefix "$STATSD_DIR" statsd@0.9.0 >&2
fi
STATSD=$STATSD_DIR/node_modules/statsd
PORT=$((20000 + RANDOM % 20000))
MGMT=$((PORT + 1))
cat >"$WORK/statsd-config.js" <<EOF
{ address: "127.0.0.1", port: $PORT, mgmt_address: "127.0.0.1", mgmt_port: $MGMT,
  flushInterval: 3600000, backends: ["./backends/console"] }
EOF

metrics_received() { # what StatsD counted so far (statsd.metrics_received: one per metric line parsed)
    node -e '
      const s = require("net").connect(+process.argv[1], "127.0.0.1", () => s.write("counters\n"));
      let d = ""; s.on("data", c => { d += c; if (d.includes("END")) { s.end();
        const m = d.match(/statsd\.metrics_received.?:\s*(\d+)/); console.log(m ? m[1] : 0); } });
      s.on("error", () => console.log(-1));' "$MGMT"
}

# Polls StatsD's count every 100 ms until the file $1 exists and the count has stopped moving; prints
# the count and the seconds from its first to its last change: how long StatsD was busy.
watch_statsd() {
    node -e '
      const [port, done] = [+process.argv[1], process.argv[2]];
      const fs = require("fs"), net = require("net");
      let first = 0, lastChange = 0, last = 0, still = 0;
      const poll = () => { const s = net.connect(port, "127.0.0.1", () => s.write("counters\n")); let d = "";
        s.on("data", c => { d += c; if (!d.includes("END")) return; s.end();
          const n = +((d.match(/statsd\.metrics_received.?:\s*(\d+)/) || [0, 0])[1]), now = Date.now();
          if (n !== last) { if (first === 0) first = now; lastChange = now; last = n; still = 0; } else still++;
          if (fs.existsSync(done) && still >= 15) console.log(last, ((lastChange - first) / 1000).toFixed(2));
          else setTimeout(poll, 100); }); };
      poll();' "$MGMT" "$1"
}

declare -A STATSD_SENT STATSD_PROCESSED STATSD_SECONDS STATSD_BUSY
for per_packet in 1 20; do
    (cd "$STATSD" && exec node stats.js "$WORK/statsd-config.js") >"$WORK/statsd-$per_packet.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do [ "$(metrics_received)" -ge 0 ] && break; sleep 0.1; done
    echo "StatsD: $POINTS metrics, $per_packet per packet ..." >&2
    rm -f "$WORK/sent"
    watch_statsd "$WORK/sent" >"$WORK/watch" &
    watcher=$!
    java "$ROOT/scripts/UdpSender.java" "$PORT" "$POINTS" "$per_packet" 1000 >"$WORK/sent"
    wait "$watcher"
    read -r _ sent seconds <"$WORK/sent"
    read -r processed busy <"$WORK/watch"
    STATSD_SENT[$per_packet]=$sent
    STATSD_PROCESSED[$per_packet]=$processed
    STATSD_SECONDS[$per_packet]=$seconds
    STATSD_BUSY[$per_packet]=$busy
    kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
done

# --- the table -----------------------------------------------------------------------------------
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| system | how points are sent | points | processed | processed/s | lost |\n|---|---|---|---|---|---|\n'
for mode in notify batch; do
    what=$([ "$mode" = notify ] && echo "one per JSON-RPC notification, 1 connection" || echo "Java client, recordBatch of 1000")
    printf '| hawkeye | %s | %s | %s | %s | %s |\n' "$what" "${HAWKEYE_SENT[$mode]}" \
        "$([ "${HAWKEYE_CONFIRMED[$mode]}" = true ] && echo "all (server count)" || echo "NOT ALL, see the report")" \
        "${HAWKEYE_RATE[$mode]}" "$([ "${HAWKEYE_CONFIRMED[$mode]}" = true ] && echo 0 || echo "?")"
done
# StatsD's rate: what it processed over the time it was busy (first to last change of its count).
for per_packet in 1 20; do
    awk -v s="${STATSD_SENT[$per_packet]}" -v p="${STATSD_PROCESSED[$per_packet]}" -v t="${STATSD_SECONDS[$per_packet]}" \
        -v b="${STATSD_BUSY[$per_packet]}" -v k="$per_packet" \
        'BEGIN { printf "| StatsD 0.9.0 | UDP, %d per packet (sent in %.2fs; StatsD busy %.2fs) | %d | %d | %.0f | %.1f%% |\n",
            k, t, b, s, p, (b > 0 ? p / b : 0), 100 * (s - p) / s }'
done
