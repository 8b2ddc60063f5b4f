-- Merges the buckets of one series that start in [from, to) (see RedisMetricStore#read).
-- KEYS[1]  the series' slab index: a sorted set of the starts of its slabs (see write-batch.lua)
-- ARGV[1]  from (inclusive), ARGV[2] to (exclusive), in milliseconds
-- ARGV[3]  the series' bucket key prefix (a bucket's sketch key is this plus its start plus ARGV[4];
--          same hash tag as KEYS[1])
-- ARGV[4]  the suffix of a bucket's sketch key
-- ARGV[5]  QuantileSketch.MAX_BINS: how many consecutive bin indices one side of a sketch may span
-- ARGV[6]  the series' rollup key prefix (a rollup's sketch key is this plus its start plus ARGV[4])
-- ARGV[7]  the width of a rollup in milliseconds
-- ARGV[8]  the detail cutoff: a histogram bucket starting before it is represented by the sketch of
--          the rollup it starts in (each rollup once), a later one by its own sketch
-- ARGV[9]  the series' slab key prefix (a slab's key is this plus its start)
-- ARGV[10] the width of a slab in milliseconds
-- Returns {} when no bucket holds a point, else {type, count, sum, min, max, last, lastTs, zero,
-- P, P pairs (index, count) of positive bins, N, N pairs of negative bins} as text, where type is
-- that of the latest bucket. Buckets are merged oldest first, exactly as Stats.merge does; the
-- sketches of histogram buckets (or of their rollups) are merged bin by bin and capped as
-- QuantileSketch.merge does.
-- '%.17g' prints a double so that it reads back as the same double (and an integer as digits).
local maxBins = tonumber(ARGV[5])
local rollupWidth, detailCutoff = tonumber(ARGV[7]), tonumber(ARGV[8])
local rollupsRead = {}
local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
local slabWidth = tonumber(ARGV[10])
local firstSlab = from - from % slabWidth
local slabs = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%.0f', firstSlab), '(' .. ARGV[2])
local kind, count, sum, min, max, last, lastTs
local zero, bins = 0, {p = {}, n = {}}
for _, slab in ipairs(slabs) do
  -- a slab's fields come in the order they were written: take those in the window, oldest first
  local fields = redis.call('HGETALL', ARGV[9] .. slab)
  local starts, names, held = {}, {}, {}
  for j = 1, #fields, 2 do
    local s = tonumber(fields[j])
    if s >= from and s < to then
      starts[#starts + 1] = s
      names[s], held[s] = fields[j], fields[j + 1]
    end
  end
  table.sort(starts)
  for _, s in ipairs(starts) do
    local b = {}
    for word in string.gmatch(held[s], '%S+') do
      b[#b + 1] = word
    end
    local bCount, bSum, bMin, bMax, bLast, bTs =
      tonumber(b[2]), tonumber(b[3]), tonumber(b[4]), tonumber(b[5]), tonumber(b[6]), tonumber(b[7])
    kind = b[1]
    if not count then
      count, sum, min, max, last, lastTs = bCount, bSum, bMin, bMax, bLast, bTs
    else
      count = count + bCount
      sum = sum + bSum
      if bMin < min then min = bMin end
      if bMax > max then max = bMax end
      if bTs > lastTs or (bTs == lastTs and bLast > last) then
        last, lastTs = bLast, bTs
      end
    end
    local sketchKey
    if kind == 'histogram' then
      if s >= detailCutoff then
        sketchKey = ARGV[3] .. names[s] .. ARGV[4]
      else
        local rollup = string.format('%.0f', s - s % rollupWidth)
        if not rollupsRead[rollup] then
          rollupsRead[rollup] = true
          sketchKey = ARGV[6] .. rollup .. ARGV[4]
        end
      end
    end
    if sketchKey then
      local q = redis.call('HGETALL', sketchKey)
      for j = 1, #q, 2 do
        local field, c = q[j], tonumber(q[j + 1])
        if field == 'z' then
          zero = zero + c
        else
          local rest = string.sub(field, 3)
          if rest ~= 'lo' and rest ~= 'hi' then
            local side, i = bins[string.sub(field, 1, 1)], tonumber(rest)
            side[i] = (side[i] or 0) + c
          end
        end
      end
    end
  end
end
if not count then
  return {}
end
local function text(x) return string.format('%.17g', x) end
local out = {kind, text(count), text(sum), text(min), text(max), text(last), text(lastTs), text(zero)}
-- Appends the number of bins of one side, then its bins by ascending index, folding the indices
-- below the cap's floor into the floor.
local function append(side)
  local indexes = {}
  for i in pairs(side) do indexes[#indexes + 1] = i end
  table.sort(indexes)
  local at = #out + 1
  out[at] = '0'
  if #indexes == 0 then
    return
  end
  local floor = indexes[#indexes] - maxBins + 1
  local folded, n = 0, 0
  for _, i in ipairs(indexes) do
    if i < floor then
      folded = folded + side[i]
    else
      local c = side[i]
      if folded > 0 then
        if i == floor then
          c = c + folded
        else
          out[#out + 1] = text(floor)
          out[#out + 1] = text(folded)
          n = n + 1
        end
        folded = 0
      end
      out[#out + 1] = text(i)
      out[#out + 1] = text(c)
      n = n + 1
    end
  end
  out[at] = text(n)
end
append(bins.p)
append(bins.n)
return out
