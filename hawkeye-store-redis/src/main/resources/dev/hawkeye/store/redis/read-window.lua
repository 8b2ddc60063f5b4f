-- Merges the buckets of one series that start in [from, to) (see RedisMetricStore#read). Runs after
-- series-window.lua and takes its ARGV.
-- KEYS[1]  the series' slab index: a sorted set of the starts of its slabs (see write-batch.lua)
-- Returns {} when no bucket holds a point, else {type, count, sum, min, max, last, lastTs, zero,
-- P, P pairs (index, count) of positive bins, N, N pairs of negative bins} as text, where type is
-- that of the latest bucket (no bins unless ARGV[4] asks for them).
local totals, bins = window(KEYS[1])
if not totals then
  return {}
end
local out = {}
appendTotals(out, totals.kind, totals)
appendSketch(out, bins)
return out
