-- The window of one series: what its buckets that start in [from, to) merge to. A library of the read
-- scripts (read-window.lua, read-groups.lua, read-last.lua): LuaScript puts it (after shortest-text.lua)
-- before each of them, and they all take these first ARGV (WindowArgs builds them):
-- ARGV[1]  from (inclusive), ARGV[2] to (exclusive), in milliseconds
-- ARGV[3]  now, in milliseconds: a slab that ended by then may keep its summary (below)
-- ARGV[4]  1 when histogram sketch bins are wanted (a percentile), else 0
-- ARGV[5]  1 when the sum is wanted bit for bit as bucket by bucket addition gives it, else 0
-- ARGV[6]  QuantileSketch.MAX_BINS: how many consecutive bin indices one side of a sketch may span
-- ARGV[7]  the width of a rollup in milliseconds
-- ARGV[8]  the detail cutoff: a histogram bucket starting before it is represented by the sketch of
--          the rollup it starts in (each rollup once), a later one by its own sketch
-- ARGV[9]  the width of a slab in milliseconds
-- ARGV[10] what ends a series' slab index key after the series' prefix; the series' other keys are the
--          prefix and ARGV[11] and a slab's start (a slab), ARGV[12], a bucket's start and ARGV[14] (the
--          bucket's sketch), ARGV[13], a rollup's start and ARGV[14] (the rollup's sketch)
-- ARGV[15] the field of a slab that holds its summary
--
-- Buckets are merged oldest first, exactly as Stats.merge does, and the type is that of the latest
-- bucket; sketch bins add up, capped as QuantileSketch.merge does when they are printed.
--
-- A slab's summary: a read that merged every bucket of a slab that lies wholly in its window and ended
-- before now keeps their merge in the slab's field ARGV[15], '<buckets> <exact> <type> <count> <sum> <min>
-- <max> <last> <lastTs>', where buckets is how many it merged and exact 1 when every bucket's sum is an
-- integer and their magnitudes add up to less than 2^52. A later read takes the summary instead of the
-- buckets while the slab holds exactly those buckets and the summary (a new bucket adds a field; a write
-- that merges into a bucket held deletes the summary, write-batch.lua), and, when ARGV[5] asks for the
-- sum, only when the summary is exact and the sum so far an integer below 2^52: integers of that size add
-- exactly in any order, so the summary gives the very numbers its buckets give. A 5-minute window of
-- 1-second buckets so parses some 60 buckets instead of 300.
local HEADER = 15
local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local wantBins, wantSums = ARGV[4] == '1', ARGV[5] == '1'
local maxBins = tonumber(ARGV[6])
local rollupWidth, detailCutoff = tonumber(ARGV[7]), tonumber(ARGV[8])
local slabWidth = tonumber(ARGV[9])
local indexSuffix, slabInfix, sketchInfix, rollupInfix, sketchSuffix = ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14]
local summaryField = ARGV[15]
local firstSlab = string.format('%.0f', from - from % slabWidth)
local match, tonum = string.match, tonumber
local EXACT = 2 ^ 52

-- '%.17g' prints a double so that it reads back as the same double (and an integer as digits).
local function text(x)
  return string.format('%.17g', x)
end

local function exactInteger(x)
  return x == math.floor(x) and x > -EXACT and x < EXACT
end

-- The type and numbers of the summary 'type count sum min max last lastTs' of the bucket `field`.
local function bucket(field, summary)
  local kind, count, sum, min, max, last, ts = match(summary, '^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$')
  count, sum, min, max, last, ts = tonum(count), tonum(sum), tonum(min), tonum(max), tonum(last), tonum(ts)
  if not (count and sum and min and max and last and ts) then
    error('the bucket ' .. field .. ' holds "' .. summary .. '", not "type count sum min max last lastTs"')
  end
  return kind, count, sum, min, max, last, ts
end

-- Merges a summary into the totals `a` as Stats.merge does (a.count is nil while `a` holds nothing).
local function add(a, count, sum, min, max, last, ts)
  if not a.count then
    a.count, a.sum, a.min, a.max, a.last, a.lastTs = count, sum, min, max, last, ts
    return
  end
  a.count = a.count + count
  a.sum = a.sum + sum
  if min < a.min then a.min = min end
  if max > a.max then a.max = max end
  if ts > a.lastTs or (ts == a.lastTs and last > a.last) then
    a.last, a.lastTs = last, ts
  end
end

local function newBins()
  return {z = 0, p = {}, n = {}}
end

-- Adds the sketch hash `key` (fields in SketchCodec) to `bins`.
local function addSketch(bins, key)
  local q = redis.call('HGETALL', key)
  for j = 1, #q, 2 do
    local field, c = q[j], tonum(q[j + 1])
    if field == 'z' then
      bins.z = bins.z + c
    else
      local rest = string.sub(field, 3)
      if rest ~= 'lo' and rest ~= 'hi' then
        local side, i = bins[string.sub(field, 1, 1)], tonum(rest)
        side[i] = (side[i] or 0) + c
      end
    end
  end
end

local function mergeBins(into, bins)
  into.z = into.z + bins.z
  for _, side in ipairs({'p', 'n'}) do
    local target = into[side]
    for i, c in pairs(bins[side]) do
      target[i] = (target[i] or 0) + c
    end
  end
end

-- The rollups whose sketch a read took already: each is taken once (keys name their series).
local rollupsRead = {}

-- Adds the buckets of the slab `key` that start in the window to `a`, oldest first, and their sketches to
-- `bins` when given; also to `own` when given (a slab wholly in the window, to keep its summary), with
-- own.exact. Returns how many bucket fields the slab holds.
local function mergeSlab(a, key, prefix, bins, own)
  local fields = redis.call('HGETALL', key)
  local starts, at = {}, {}
  local buckets, ordered, previous = 0, true, -math.huge
  for j = 1, #fields, 2 do
    local s = tonum(fields[j])
    if s then
      buckets = buckets + 1
      if s >= from and s < to then
        starts[#starts + 1] = s
        at[s] = j
        if s < previous then ordered = false end
        previous = s
      end
    end
  end
  if not ordered then
    table.sort(starts)
  end
  -- the totals in locals, not in `a`: this loop is what a read spends its time in
  local count, sum, min, max, last, lastTs, kind = a.count, a.sum, a.min, a.max, a.last, a.lastTs, a.kind
  local magnitude = 0
  for i = 1, #starts do
    local s = starts[i]
    local j = at[s]
    local k, c, sm, mn, mx, l, ts = bucket(fields[j], fields[j + 1])
    if not count then
      count, sum, min, max, last, lastTs = c, sm, mn, mx, l, ts
    else
      count = count + c
      sum = sum + sm
      if mn < min then min = mn end
      if mx > max then max = mx end
      if ts > lastTs or (ts == lastTs and l > last) then
        last, lastTs = l, ts
      end
    end
    kind = k
    if own then
      add(own, c, sm, mn, mx, l, ts)
      own.kind = k
      own.exact = own.exact ~= false and sm == math.floor(sm)
      magnitude = magnitude + math.abs(sm)
    end
    if bins and k == 'histogram' then
      if s >= detailCutoff then
        addSketch(bins, prefix .. sketchInfix .. fields[j] .. sketchSuffix)
      else
        local rollup = prefix .. rollupInfix .. string.format('%.0f', s - s % rollupWidth) .. sketchSuffix
        if not rollupsRead[rollup] then
          rollupsRead[rollup] = true
          addSketch(bins, rollup)
        end
      end
    end
  end
  a.count, a.sum, a.min, a.max, a.last, a.lastTs, a.kind = count, sum, min, max, last, lastTs, kind
  if own then
    own.exact = own.exact and magnitude < EXACT
  end
  return buckets
end

-- The summary the slab `key` keeps, while it still holds (see above); nil when none.
local function heldSummary(key)
  local held = redis.call('HGET', key, summaryField)
  if not held then
    return nil
  end
  local buckets, exact, kind, count, sum, min, max, last, ts =
    match(held, '^(%d+) ([01]) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$')
  if not buckets or tonum(buckets) ~= redis.call('HLEN', key) - 1 then
    return nil
  end
  return {kind = kind, exact = exact == '1', count = tonum(count), sum = tonum(sum), min = tonum(min),
    max = tonum(max), last = tonum(last), lastTs = tonum(ts)}
end

-- The window of the series whose slab index is `index`: nil when no bucket starts in it, else its totals
-- {kind, count, sum, min, max, last, lastTs} and, when wanted, its sketch bins.
local function window(index)
  local prefix = string.sub(index, 1, #index - #indexSuffix)
  local a = {}
  local bins = wantBins and newBins() or nil
  for _, slab in ipairs(redis.call('ZRANGEBYSCORE', index, firstSlab, '(' .. ARGV[2])) do
    local start = tonum(slab)
    local key = prefix .. slabInfix .. slab
    local whole = start >= from and start + slabWidth <= to
    local s = whole and not bins and heldSummary(key)
    if s and (not wantSums or (s.exact and (not a.sum or exactInteger(a.sum)))) then
      add(a, s.count, s.sum, s.min, s.max, s.last, s.lastTs)
      a.kind = s.kind
    else
      local own = whole and not bins and not s and start + slabWidth <= now and {} or nil
      local buckets = mergeSlab(a, key, prefix, bins, own)
      if own and own.count then
        -- pcall: a Redis that refuses writes (out of memory) costs the summary only, not the read
        redis.pcall('HSET', key, summaryField, buckets .. ' ' .. (own.exact and '1' or '0') .. ' ' .. own.kind .. ' '
          .. shortestText(own.count) .. ' ' .. shortestText(own.sum) .. ' ' .. shortestText(own.min) .. ' '
          .. shortestText(own.max) .. ' ' .. shortestText(own.last) .. ' ' .. shortestText(own.lastTs))
      end
    end
  end
  if not a.count then
    return nil
  end
  return a, bins
end

-- Appends bins (nil: none) to `out`: the zero count, then per side (positive, negative) the number of
-- bins and the bins by ascending index, the indices below the cap's floor folded into the floor.
local function appendSketch(out, bins)
  out[#out + 1] = text(bins and bins.z or 0)
  for _, name in ipairs({'p', 'n'}) do
    local side = bins and bins[name] or {}
    local indexes = {}
    for i in pairs(side) do indexes[#indexes + 1] = i end
    table.sort(indexes)
    local at = #out + 1
    out[at] = '0'
    if #indexes > 0 then
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
  end
end

-- The totals `a` as the reply gives them: type, count, sum, min, max, last, lastTs.
local function appendTotals(out, kind, a)
  out[#out + 1] = kind
  out[#out + 1] = text(a.count)
  out[#out + 1] = text(a.sum)
  out[#out + 1] = text(a.min)
  out[#out + 1] = text(a.max)
  out[#out + 1] = text(a.last)
  out[#out + 1] = text(a.lastTs)
end
