#!/bin/sh
# Makes lib/hawkeye.jsa in an assembled distribution: an application class-data archive (AppCDS)
# that bin/hawkeye starts the JVM with, so that the classes a start loads (picocli, Logback,
# snakeyaml, junixsocket, Jackson, hawkeye's own) are mapped ready-parsed and verified instead of
# read from the jars; it takes some 0.2-0.3 s off a start on a 2-core machine (BENCHMARKS.md).
#
# Usage: class-archive.sh DIST_DIR   (the build runs it on target/hawkeye after the assembly)
#
# A training run: `hawkeye run` on a socket of its own records a few points, answers `status`,
# and stops on SIGTERM, when the JVM writes the classes it loaded (-XX:ArchiveClassesAtExit). The
# archive belongs to this JDK and to these jars at this path: the JVM checks both when it starts
# and, if either differs, starts without it. A truncated archive would crash the JVM, so the file
# is written aside, checked with -Xshare:on, and only then moved into lib/. Any failure leaves the
# distribution without an archive (bin/hawkeye then starts as before) and is reported, not fatal.
set -u

home=$(cd "$1" && pwd) || exit 1
archive=$home/lib/hawkeye.jsa
work=$(mktemp -d "${TMPDIR:-/tmp}/hawkeye-cds.XXXXXX") || exit 1
server=
cleanup() {
    [ -n "$server" ] && kill -KILL "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
rm -f "$archive"

skip() {
    echo "class-archive.sh: no class-data archive, bin/hawkeye starts without one: $*" >&2
    [ -s "$work/run.log" ] && tail -n 20 "$work/run.log" >&2
    exit 0
}

# The training run must not reach what the builder's environment points at (a Redis, an SMTP
# server, a .env in the current folder): it runs in the scratch folder, on the embedded defaults.
cd "$work" || exit 1
unset REDIS_URL HAWKEYE_CONFIG HAWKEYE_SOCKET SMTP_HOST SMTP_PORT SMTP_USERNAME SMTP_PASSWORD SMTP_FROM \
    SLACK_WEBHOOK_URL JAVA_OPTS
export HAWKEYE_CLASS_ARCHIVE=off

socket=$work/hawkeye.sock
hawkeye() {
    "$home/bin/hawkeye" "$@" --config "$home/monitors.yaml" --socket "$socket"
}

JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/hawkeye.jsa" \
    "$home/bin/hawkeye" run --config "$home/monitors.yaml" --socket "$socket" >"$work/run.log" 2>&1 &
server=$!

waited=0
until hawkeye status >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || skip "the training run of hawkeye exited early"
    waited=$((waited + 1))
    [ "$waited" -gt 60 ] && skip "the training run of hawkeye did not answer within 60 s"
    sleep 0.5
done
hawkeye send api.errors --repeat 3 >/dev/null 2>&1 || skip "hawkeye send failed in the training run"
hawkeye send api.latency 12.5 --type histogram >/dev/null 2>&1 || skip "hawkeye send failed in the training run"
sleep 1.5
hawkeye status >/dev/null 2>&1 || skip "hawkeye status failed in the training run"

kill -TERM "$server"
wait "$server" || skip "the training run of hawkeye did not stop cleanly"
server=

[ -s "$work/hawkeye.jsa" ] || skip "the JVM wrote no archive"
JAVA_OPTS="-XX:SharedArchiveFile=$work/hawkeye.jsa -Xshare:on" "$home/bin/hawkeye" --version >/dev/null 2>&1 || skip "the JVM refused the archive it wrote"
mv "$work/hawkeye.jsa" "$archive" || skip "cannot move the archive into $home/lib"
echo "class-archive.sh: wrote $archive"
