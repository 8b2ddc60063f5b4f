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
-- buckets while the slab holds exactly those buckets and its summaries (a new bucket adds a field; a write
-- that merges into a bucket held deletes the summaries, write-batch.lua), and, when ARGV[5] asks for the
-- sum, only when the summary is exact and the sum so far an integer below 2^52: integers of that size add
-- exactly in any order, so the summary gives the very numbers its buckets give.
--
-- A part's summary: the same for each tenth of a slab (10 s) that a read merged whole, in the field
-- ARGV[15] .. ':' .. part (1 to 6), '<buckets> <exact> <magnitude> <type> <count> ...' with the sum of its
-- buckets' absolute sums, so that the slabs a window cuts (its first, and the one being written) cost the
-- buckets of the parts the window cuts. It holds while as many buckets start in the part as it merged.
-- A 5-minute window of 1-second buckets so parses some 10 buckets instead of 300.
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

-- A slab's part p (1 to PARTS) is the tenth of a minute [slabStart + (p - 1) * partWidth, + partWidth).
local PARTS = 6
local partWidth = slabWidth / PARTS
local partFields = {}
for p = 1, PARTS do
  partFields[p] = summaryField .. ':' .. p
end
local floor = math.floor

-- A summary being built: the buckets merged, and whether their sums are integers.
local function newSummary()
  return {buckets = 0, exact = true, magnitude = 0}
end

-- The summary `held` of a slab ('<buckets> <exact> <type> <count> ...') or of a part ('<buckets> <exact>
-- <magnitude> <type> <count> ...') read, or nil when it does not read so.
local function readSummary(held, ofPart)
  local buckets, exact, magnitude, rest
  if ofPart then
    buckets, exact, magnitude, rest = match(held, '^(%d+) ([01]) (%S+) (.*)$')
  else
    buckets, exact, rest = match(held, '^(%d+) ([01]) (.*)$')
    magnitude = '0'
  end
  if not buckets then
    return nil
  end
  local kind, count, sum, min, max, last, ts = match(rest, '^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$')
  if not kind then
    return nil
  end
  return {buckets = tonum(buckets), exact = exact == '1', magnitude = tonum(magnitude), kind = kind, count = tonum(count),
    sum = tonum(sum), min = tonum(min), max = tonum(max), last = tonum(last), lastTs = tonum(ts)}
end

local function summaryText(s, ofPart)
  return s.buckets .. ' ' .. ((s.exact and s.magnitude < EXACT) and '1' or '0') .. ' '
    .. (ofPart and shortestText(s.magnitude) .. ' ' or '') .. s.kind .. ' ' .. shortestText(s.count) .. ' '
    .. shortestText(s.sum) .. ' ' .. shortestText(s.min) .. ' ' .. shortestText(s.max) .. ' ' .. shortestText(s.last)
    .. ' ' .. shortestText(s.lastTs)
end

-- Whether a summary may stand for its buckets in `a`: for the sums only an exact one, onto an integer sum.
local function usable(a, s)
  return s and (not wantSums or (s.exact and (not a.sum or exactInteger(a.sum))))
end

-- Adds a summary to the totals `a` and, when given, to the summaries being built.
local function addSummary(a, s, own)
  add(a, s.count, s.sum, s.min, s.max, s.last, s.lastTs)
  a.kind = s.kind
  if own then
    add(own, s.count, s.sum, s.min, s.max, s.last, s.lastTs)
    own.kind = s.kind
    own.buckets = own.buckets + s.buckets
    own.exact = own.exact and s.exact
    own.magnitude = own.magnitude + s.magnitude
  end
end

-- The buckets of each part of a slab starting at slabStart in `list` (field, value, field, value, ...):
-- per part, their starts, and their field names and summaries by start; into `parts` when given.
local function byPart(list, slabStart, parts)
  parts = parts or {}
  for j = 1, #list, 2 do
    local s = tonum(list[j])
    if s then
      local p = floor((s - slabStart) / partWidth) + 1
      local part = parts[p]
      if not part then
        part = {starts = {}, names = {}, summaries = {}}
        parts[p] = part
      end
      if not part.names[s] then
        part.starts[#part.starts + 1] = s
        part.names[s] = list[j]
        part.summaries[s] = list[j + 1]
      end
    end
  end
  return parts
end

-- The buckets of part p of the slab `key` (which starts at slabStart), as byPart gives them: from an HSCAN
-- of the fields whose names (a start in ms, 13 digits) share the part's first nine digits.
local function partBuckets(key, slabStart, p)
  local partStart = slabStart + (p - 1) * partWidth
  local parts = {}
  if partWidth == 10000 and partStart >= 1e12 and partStart < 1e13 then
    local pattern = string.format('%.0f', partStart / 10000) .. '????'
    local cursor = '0'
    repeat
      local page = redis.call('HSCAN', key, cursor, 'MATCH', pattern, 'COUNT', 1000)
      cursor = page[1]
      byPart(page[2], slabStart, parts)
    until cursor == '0'
  else
    byPart(redis.call('HGETALL', key), slabStart, parts)
  end
  return parts[p]
end

-- Adds a bucket to a summary being built.
local function accumulate(built, k, c, sm, mn, mx, l, ts)
  add(built, c, sm, mn, mx, l, ts)
  built.kind = k
  built.buckets = built.buckets + 1
  built.exact = built.exact and sm == floor(sm)
  built.magnitude = built.magnitude + math.abs(sm)
end

-- Adds the buckets of part p of the slab `key` that start in the window to `a`, oldest first, their
-- sketches to `bins` when given, and the buckets to the summaries being built (`own`, `part`) when given.
local function mergeBuckets(a, prefix, bins, buckets, own, part)
  if not buckets then
    return
  end
  local starts, names, summaries = buckets.starts, buckets.names, buckets.summaries
  table.sort(starts)
  for i = 1, #starts do
    local s = starts[i]
    if s >= from and s < to then
      local k, c, sm, mn, mx, l, ts = bucket(names[s], summaries[s])
      add(a, c, sm, mn, mx, l, ts)
      a.kind = k
      if own then accumulate(own, k, c, sm, mn, mx, l, ts) end
      if part then accumulate(part, k, c, sm, mn, mx, l, ts) end
      if bins and k == 'histogram' then
        if s >= detailCutoff then
          addSketch(bins, prefix .. sketchInfix .. names[s] .. sketchSuffix)
        else
          local rollup = prefix .. rollupInfix .. string.format('%.0f', s - s % rollupWidth) .. sketchSuffix
          if not rollupsRead[rollup] then
            rollupsRead[rollup] = true
            addSketch(bins, rollup)
          end
        end
      end
    end
  end
end

-- Adds the buckets of the slab `key` (starting at slabStart) that start in the window to `a`, oldest first,
-- and their sketches to `bins` when given. A slab wholly in the window is taken from its summary when it
-- has one; otherwise part by part, a part wholly in the window from its summary when it has one, the
-- others bucket by bucket (see above). Percentiles take no summaries. A summary is kept of a slab wholly
-- in the window that has ended by now, and, in a slab the window cuts, of each part merged bucket by
-- bucket that lies wholly in the window and has ended by now.
local function mergeSlab(a, key, prefix, bins, slabStart)
  local wholeSlab = slabStart >= from and slabStart + slabWidth <= to
  local own
  if wholeSlab and not bins then
    local held = redis.call('HGET', key, summaryField)
    local s = held and readSummary(held, false)
    if usable(a, s) then
      addSummary(a, s)
      return
    end
    own = not s and slabStart + slabWidth <= now and newSummary() or nil
  end
  local held = bins and {} or redis.call('HMGET', key, unpack(partFields))
  local first = math.max(1, floor((from - slabStart) / partWidth) + 1)
  local last = math.min(PARTS, floor((to - 1 - slabStart) / partWidth) + 1)
  local summaries, needBuckets = {}, 0
  for p = first, last do
    local partStart = slabStart + (p - 1) * partWidth
    if held[p] and partStart >= from and partStart + partWidth <= to then
      summaries[p] = readSummary(held[p], true)
    end
    if not summaries[p] then
      needBuckets = needBuckets + 1
    end
  end
  -- one HGETALL rather than an HSCAN for each of many parts
  local parts = needBuckets > 2 and byPart(redis.call('HGETALL', key), slabStart) or nil
  local kept = {}
  for p = first, last do
    local partStart = slabStart + (p - 1) * partWidth
    if usable(a, summaries[p]) then
      addSummary(a, summaries[p], own)
    else
      -- kept when it has none that reads (not one that only cannot serve the sums), and the slab is cut: a
      -- whole one keeps its own summary, and its parts' wait until a window cuts it
      local part = not bins and not wholeSlab and not summaries[p] and partStart >= from
        and partStart + partWidth <= math.min(to, now) and newSummary() or nil
      local buckets
      if parts then
        buckets = parts[p]
      else
        buckets = partBuckets(key, slabStart, p)
      end
      mergeBuckets(a, prefix, bins, buckets, own, part)
      if part and part.count then
        kept[#kept + 1] = partFields[p]
        kept[#kept + 1] = summaryText(part, true)
      end
    end
  end
  if own and own.count then
    kept[#kept + 1] = summaryField
    kept[#kept + 1] = summaryText(own, false)
  end
  if #kept > 0 then
    -- pcall: a Redis that refuses writes (out of memory) costs the summaries only, not the read
    redis.pcall('HSET', key, unpack(kept))
  end
end

-- The window of the series whose slab index is `index`: nil when no bucket starts in it, else its totals
-- {kind, count, sum, min, max, last, lastTs} and, when wanted, its sketch bins.
local function window(index)
  local prefix = string.sub(index, 1, #index - #indexSuffix)
  local a = {}
  local bins = wantBins and newBins() or nil
  for _, slab in ipairs(redis.call('ZRANGEBYSCORE', index, firstSlab, '(' .. ARGV[2])) do
    mergeSlab(a, prefix .. slabInfix .. slab, prefix, bins, tonum(slab))
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
