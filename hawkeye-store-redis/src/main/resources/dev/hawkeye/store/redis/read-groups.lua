-- Merges the windows of many series per group and type (see RedisMetricStore#readGrouped). Runs after
-- series-window.lua and takes its ARGV.
-- KEYS[i]               the slab index of series i
-- ARGV[HEADER + 1]      the budget, in microseconds: once the call has run that long it stops after the
--                       series it is merging, so that a first read (which keeps summaries) never holds
--                       Redis from the writers for long; the caller reads the rest in another call
-- ARGV[HEADER + 1 + i]  the group of series i (a number)
-- Each series' window is merged as read-window.lua merges it, typed by its latest bucket, and added to
-- the totals of its group and type. Returns per group and type with data one record: its length (the
-- number of elements after it), the group, the number of series, then the totals as read-window.lua
-- returns them (type, count, sum, min, max, last, lastTs and the sketch), all after the number of series
-- merged: the first n of KEYS, at least one. The caller merges the records of several calls and picks
-- each group's type.
local budget = tonumber(ARGV[HEADER + 1])
local function micros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local started = micros()
local merged = #KEYS
local groups, order = {}, {}
for i = 1, #KEYS do
  local totals, bins = window(KEYS[i])
  if totals then
    local group = ARGV[HEADER + 1 + i]
    local byKind = groups[group]
    if not byKind then
      byKind = {}
      groups[group] = byKind
      order[#order + 1] = group
    end
    local sum = byKind[totals.kind]
    if not sum then
      sum = {series = 0, bins = bins and newBins()}
      byKind[totals.kind] = sum
    end
    sum.series = sum.series + 1
    add(sum, totals.count, totals.sum, totals.min, totals.max, totals.last, totals.lastTs)
    if bins then
      mergeBins(sum.bins, bins)
    end
  end
  if i < #KEYS and micros() - started >= budget then
    merged = i
    break
  end
end
local out = {tostring(merged)}
for _, group in ipairs(order) do
  for kind, sum in pairs(groups[group]) do
    local at = #out + 1
    out[at] = ''
    out[at + 1] = group
    out[at + 2] = tostring(sum.series)
    appendTotals(out, kind, sum)
    appendSketch(out, sum.bins)
    out[at] = tostring(#out - at)
  end
end
return out
