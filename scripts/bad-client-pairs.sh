#!/bin/bash
# Reruns the "bad input under load" comparison of BENCHMARKS.md: for each transport.selectors value
# given (default: 2 then 1), ROUNDS times (default 3), a fresh `hawkeye server`, a discarded 5 s
# warm-up, then two pairs of `hawkeye bench --mode notify -d 8s` without and with --bad-client.
# Prints each run and, per setting, the change of every pair and their median.
#
# Usage: scripts/bad-client-pairs.sh [ROUNDS] [SELECTORS...]
# Needs a built distribution (mvn -B install -DskipTests; or HAWKEYE_HOME=...).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
home=${HAWKEYE_HOME:-$root/hawkeye-dist/target/hawkeye}
rounds=${1:-3}
shift || true
if [ $# -eq 0 ]; then
    set -- 2 1
fi
settings=("$@")
work=$(mktemp -d /tmp/hk-pairs.XXXXXX)
socket=$work/h.sock
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

throughput() {
    "$home/bin/hawkeye" bench --socket "$socket" -d 8s --mode notify "$@" 2>/dev/null \
        | sed -n 's/.*throughput *\([0-9,]*\) points.*/\1/p' | tr -d ,
}

for round in $(seq "$rounds"); do
    for selectors in "${settings[@]}"; do
        printf 'version: 2\ntransport:\n  type: unix\n  selectors: %s\nmonitors: []\n' "$selectors" >"$work/s$selectors.yaml"
        "$home/bin/hawkeye" server --socket "$socket" --config "$work/s$selectors.yaml" >"$work/server.log" 2>&1 &
        server=$!
        until "$home/bin/hawkeye" status --socket "$socket" >/dev/null 2>&1; do sleep 0.2; done
        "$home/bin/hawkeye" bench --socket "$socket" -d 5s --mode notify >/dev/null 2>&1
        for pair in 1 2; do
            good=$(throughput)
            bad=$(throughput --bad-client)
            echo "round $round selectors $selectors: without $good, with the bad client $bad" \
                "($(awk -v g="$good" -v b="$bad" 'BEGIN { printf "%+.1f %%", 100 * (b - g) / g }'))"
            echo "$selectors $good $bad" >>"$work/pairs"
        done
        kill "$server"
        wait "$server" || true
        server=
    done
done

for selectors in "${settings[@]}"; do
    awk -v s="$selectors" '$1 == s { print 100 * ($3 - $2) / $2 }' "$work/pairs" | sort -n \
        | awk -v s="$selectors" '{ v[NR] = $1 } END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "selectors %s: median change %+.1f %% over %d pairs\n", s, m, NR }'
done
