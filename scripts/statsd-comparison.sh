#!/usr/bin/env bash
# Reruns the comparison in BENCHMARKS.md: Etsy StatsD 0.9.0 and hawkeye's statsd transport fed the
# same datagrams by the same sender (hawkeye bench --mode statsd --send-only), at 1 and at 20
# metrics a datagram, one server after the other on the same machine, each counting what it
# processed. For each size it measures:
#   1. what each server processes when the sender goes as fast as it can (the same number of metrics,
#      after as many again to warm the server up: node's and the JVM's JIT both compile meanwhile);
#   2. the highest rate StatsD processes without loss (tried from its figure of 1. down, 20 % a step,
#      for SECONDS each), and whether hawkeye loses anything at that rate.
#
# Usage: scripts/statsd-comparison.sh [POINTS] [SECONDS]     (defaults 20000000 and 10)
#
# Needs: a built distribution (mvn -B install -DskipTests; or HAWKEYE_HOME=...), Java 17, Node.js
# and npm (StatsD is installed from the npm registry into a temporary folder, or taken from
# STATSD_DIR when that holds node_modules/statsd). Prints a Markdown table. Run it on a quiet
# machine: the sender and the server share its cores.
set -euo pipefail

POINTS=${1:-20000000}
SECONDS_PER_RATE=${2:-10}
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

json_field() { # json_field FILE FIELD: a top-level field of a JSON document
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(r[process.argv[2]])' "$1" "$2"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1), node $(node --version)" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

PORT=$((20000 + RANDOM % 20000))
MGMT=$((PORT + 1))
SOCKET=$WORK/hawkeye.sock

# --- the servers and their counts ----------------------------------------------------------------
STATSD_DIR=${STATSD_DIR:-$WORK/statsd}
if [ ! -d "$STATSD_DIR/node_modules/statsd" ]; then
    echo "npm install statsd@0.9.0 ..." >&2
    npm install --silent --no-audit --no-fund --prefix "$STATSD_DIR" statsd@0.9.0 >&2
fi
cat >"$WORK/statsd-config.js" <<EOF
{ address: "127.0.0.1", port: $PORT, mgmt_address: "127.0.0.1", mgmt_port: $MGMT,
  flushInterval: 3600000, backends: [] }
EOF

start_server() { # start_server statsd|hawkeye
    if [ "$1" = statsd ]; then
        (cd "$STATSD_DIR/node_modules/statsd" && exec node stats.js "$WORK/statsd-config.js") >"$WORK/statsd.log" 2>&1 &
    else
        "$HAWKEYE" server --socket "$SOCKET" --statsd "127.0.0.1:$PORT" >"$WORK/server.out" 2>"$WORK/server.err" &
    fi
    PIDS=($!)
    for _ in $(seq 1 100); do [ "$(received "$1")" -ge 0 ] && return; sleep 0.1; done
    echo "$1 did not start" >&2; exit 1
}

warm_up() { # warm_up SERVER PER_DATAGRAM: the measured number of metrics, sent and not counted
    echo "$1, $2 a datagram, warming up with $POINTS metrics ..." >&2
    send "$2" "$POINTS" >/dev/null
    settled_received "$1" >/dev/null
}

stop_server() {
    kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
}

received() { # received statsd|hawkeye: metrics the server counted so far, -1 while it does not answer
    if [ "$1" = statsd ]; then
        node -e '
          const s = require("net").connect(+process.argv[1], "127.0.0.1", () => s.write("counters\n"));
          let d = ""; s.on("data", c => { d += c; if (d.includes("END")) { s.end();
            const m = d.match(/statsd\.metrics_received.?:\s*(\d+)/); console.log(m ? m[1] : 0); } });
          s.on("error", () => console.log(-1));' "$MGMT"
    else
        "$HAWKEYE" status --json --socket "$SOCKET" 2>/dev/null \
            | node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{try{console.log(JSON.parse(d).counters["statsd.metrics.received"]??0)}catch(e){console.log(-1)}})'
    fi
}

settled_received() { # the count once it has not moved for a second
    local last=-2 now
    while now=$(received "$1"); [ "$now" != "$last" ]; do last=$now; sleep 1; done
    echo "$now"
}

send() { # send PER_DATAGRAM POINTS [RATE]: sends, prints "sent seconds"
    local rate=${3:-0}
    "$HAWKEYE" bench --mode statsd --send-only --statsd "127.0.0.1:$PORT" --batch-size "$1" --points "$2" \
        --rate "$rate" --warmup 0s --duration 600s --json >"$WORK/send.json" 2>"$WORK/send.err" \
        || { cat "$WORK/send.err" >&2; exit 1; }
    echo "$(json_field "$WORK/send.json" sent) $(json_field "$WORK/send.json" seconds)"
}

measure() { # measure SERVER PER_DATAGRAM POINTS [RATE]: prints "sent processed seconds"
    local before sent seconds after
    before=$(received "$1")
    read -r sent seconds < <(send "$2" "$3" "${4:-0}")
    after=$(settled_received "$1")
    echo "$sent $((after - before)) $seconds"
}

# --- the runs ------------------------------------------------------------------------------------
declare -A ROWS LOSSLESS
for per in 1 20; do
    start_server statsd
    warm_up statsd "$per"
    echo "StatsD, $per a datagram, $POINTS metrics as fast as the sender goes ..." >&2
    read -r s_sent s_done s_secs < <(measure statsd "$per" "$POINTS")
    rate=$(awk -v p="$s_done" -v t="$s_secs" 'BEGIN { printf "%d", p / t }')
    lossless=0
    while [ "$rate" -ge 1000 ]; do
        echo "StatsD, $per a datagram, at $rate metrics/s for ${SECONDS_PER_RATE}s ..." >&2
        read -r sent done _ < <(measure statsd "$per" $((rate * SECONDS_PER_RATE)) "$rate")
        if [ "$done" -ge "$sent" ]; then lossless=$rate; break; fi
        rate=$((rate * 8 / 10))
    done
    stop_server

    start_server hawkeye
    warm_up hawkeye "$per"
    echo "hawkeye, $per a datagram, $POINTS metrics as fast as the sender goes ..." >&2
    read -r h_sent h_done h_secs < <(measure hawkeye "$per" "$POINTS")
    h_lossless_sent=0; h_lossless_done=0
    if [ "$lossless" -gt 0 ]; then
        echo "hawkeye, $per a datagram, at StatsD's lossless $lossless metrics/s for ${SECONDS_PER_RATE}s ..." >&2
        read -r h_lossless_sent h_lossless_done _ < <(measure hawkeye "$per" $((lossless * SECONDS_PER_RATE)) "$lossless")
    fi
    stop_server

    ROWS[$per]=$(awk -v k="$per" -v ss="$s_sent" -v sd="$s_done" -v st="$s_secs" -v hs="$h_sent" -v hd="$h_done" -v ht="$h_secs" \
        'BEGIN { printf "| %d | %d in %.2fs: %d processed (%.0f/s, %.1f%% lost) | %d in %.2fs: %d processed (%.0f/s, %.1f%% lost) | %.1f× |",
            k, ss, st, sd, sd / st, 100 * (ss - sd) / ss, hs, ht, hd, hd / ht, 100 * (hs - hd) / hs, (hd / ht) / (sd / st) }')
    LOSSLESS[$per]="| $per | $lossless | $h_lossless_sent sent, $h_lossless_done processed, $((h_lossless_sent - h_lossless_done)) lost |"
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| metrics a datagram | StatsD 0.9.0: sent, processed | hawkeye statsd: sent, processed | hawkeye/StatsD |\n|---|---|---|---|\n'
for per in 1 20; do echo "${ROWS[$per]}"; done
printf '\n| metrics a datagram | highest rate StatsD processes without loss (metrics/s) | hawkeye at that rate |\n|---|---|---|\n'
for per in 1 20; do echo "${LOSSLESS[$per]}"; done
