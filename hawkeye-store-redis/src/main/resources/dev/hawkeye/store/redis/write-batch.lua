-- Applies one chunk of a flush batch atomically and exactly once (see RedisMetricStore#write).
-- KEYS[1]         the batch marker, a hash with a field per chunk applied
-- KEYS[2]         the index of metrics: a sorted set of metric keys by the latest slab start written
-- KEYS[3 ...]     per bucket, in order: its slab (the hash of its series' buckets that start in the same
--                 slab) and, only when it carries sketch bins, its own sketch hash and the sketch hash of
--                 its rollup; then, for each index entry (ARGV[12]), its metric's index of series (a
--                 sorted set of the series' tags by the latest slab start written)
-- ARGV[1]         the retention in milliseconds
-- ARGV[2]         the cutoff in milliseconds: buckets starting before it are past the retention and skipped
-- ARGV[3]         QuantileSketch.MAX_BINS: how many consecutive bin indices one side of a sketch may span
-- ARGV[4]         the TTL of a bucket's own sketch in milliseconds (0: buckets keep no sketch of their
--                 own); a bucket that starts after ARGV[6] keeps it that much longer
-- ARGV[5]         1 when the bins are also added to the rollup's sketch (TTL: the retention), else 0
-- ARGV[6]         now, in milliseconds
-- ARGV[7]         the chunk's index in the batch: its field in the marker
-- ARGV[8]         what ends the key of a series' slab index: a slab's key ends in ':s:<slab start>', and
--                 its series' index key is the same with this in place of 's:<slab start>'
-- ARGV[9]         the width of a slab in milliseconds
-- ARGV[10]        the field of a slab that holds the merged summary of its buckets (series-window.lua)
-- ARGV[11]        what starts the key of a metric's index of series, before the metric key
-- ARGV[12]        E, the number of index entries; then E pairs: the number of a bucket (1 for the
--                 first of the chunk) and the tags of its series as text. The caller gives a series'
--                 entry with its first bucket of a slab, once per slab (not with every bucket: an
--                 argument per bucket costs the script more than the index's own calls)
-- ARGV[13 + 2E ...] per bucket, in order: its start; its summary 'type count sum min max last lastTs'
--                 (separated by single spaces); S, the number of sketch arguments that follow, 0 when
--                 the bucket has no sketch bins; then those S: the zero count, P, P pairs (index,
--                 count) of positive bins by ascending index, N, and N pairs of negative bins
-- Returns {applied (1, or 0 when the chunk's marker field was already set), buckets skipped as too old,
-- buckets that failed, the first failure's message ('' when none)}. A bucket whose keys Redis refuses
-- (WRONGTYPE: a key of another type there) or whose held fields do not read as hawkeye wrote them
-- fails alone, perhaps in part (its summary written, its sketch not): the chunk's other buckets are
-- applied and the marker stays set, so the caller counts the failures instead of a retry skipping them.
--
-- A bucket is one field of its slab, named by its start, holding its summary as it came. A new
-- bucket costs one HSETNX and one HDEL of the summaries its write voids (its slab's and its part's,
-- series-window.lua), and once per slab and chunk a ZADD of the slab into the series' slab
-- index (a sorted set of slab starts) and a PTTL; a new slab also gets its TTL and trims the index
-- to the retention. A new slab also raises
-- its series' score in the metric's index of series (a ZSCORE and a ZADD), and once per metric and
-- chunk the metric's in the index of metrics; both indexes are then trimmed to the retention and
-- live as long as the slab. So the indexes cost a write two calls per series and minute, not per bucket.
--
-- The merge of a bucket already held is Stats.merge: count and sum add in double precision, min
-- and max, and last goes with the larger timestamp, the larger value winning a tie; the type is
-- that of the last write. Merged numbers are printed so that they read back as the same double
-- (shortestText, of shortest-text.lua, which LuaScript puts before this script).
-- Sketch bins add with HINCRBY (QuantileSketch.merge), into the bucket's own sketch and into its
-- rollup's, which merges every bucket that starts in it.
local retention = ARGV[1]
local cutoff = tonumber(ARGV[2])
local maxBins = tonumber(ARGV[3])
local detailTtl = tonumber(ARGV[4])
local rollUp = ARGV[5] == '1'
local now = tonumber(ARGV[6])
if redis.call('HSETNX', KEYS[1], ARGV[7], '1') == 0 then
  return {0, 0, 0, ''}
end
redis.call('PEXPIRE', KEYS[1], retention)

-- Adds the n bins at ARGV[a], ARGV[a + 1], ... (index, count; ascending index) to the side `side`
-- ('p' or 'n') of the sketch hash `key`, keeping QuantileSketch's cap: a side spans at most maxBins
-- indices, and the counts below the lowest index kept are added to it. The hash holds each side's
-- lowest and highest index in '<side>:lo' and '<side>:hi', so only a write that widens a side
-- beyond the cap reads bins back.
local function addBins(key, side, a, n)
  if n == 0 then
    return
  end
  local lo, hi = tonumber(ARGV[a]), tonumber(ARGV[a + 2 * n - 2])
  local held = redis.call('HMGET', key, side .. ':lo', side .. ':hi')
  local heldLo, heldHi = tonumber(held[1]), tonumber(held[2])
  if heldLo then
    lo, hi = math.min(lo, heldLo), math.max(hi, heldHi)
  end
  local floor = hi - maxBins + 1
  if lo < floor then
    if heldLo and heldLo < floor then
      local fields = {}
      for i = heldLo, math.min(heldHi, floor - 1) do
        fields[#fields + 1] = side .. ':' .. i
      end
      local moved = 0
      for _, c in ipairs(redis.call('HMGET', key, unpack(fields))) do
        if c then moved = moved + tonumber(c) end
      end
      redis.call('HDEL', key, unpack(fields))
      if moved > 0 then
        redis.call('HINCRBY', key, side .. ':' .. floor, moved)
      end
    end
    lo = floor
  end
  for j = a, a + 2 * n - 1, 2 do
    redis.call('HINCRBY', key, side .. ':' .. math.max(tonumber(ARGV[j]), floor), ARGV[j + 1])
  end
  redis.call('HSET', key, side .. ':lo', lo, side .. ':hi', hi)
end

-- Adds the bucket's sketch (zero count at ARGV[z], sides at ARGV[p] and ARGV[n]) to the hash `key`
-- and sets its TTL.
local function addSketch(key, ttl, z, p, positives, n, negatives)
  if ARGV[z] ~= '0' then
    redis.call('HINCRBY', key, 'z', ARGV[z])
  end
  addBins(key, 'p', p, positives)
  addBins(key, 'n', n, negatives)
  redis.call('PEXPIRE', key, string.format('%.0f', ttl))
end

local indexSuffix = ARGV[8]
local slabWidth = tonumber(ARGV[9])

-- Raises the TTL of `key` to `ttl` ms when it is lower (or the key has none).
local function keepAtLeast(key, ttl)
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, string.format('%.0f', ttl))
  end
end

local stale = '(' .. string.format('%.0f', cutoff - slabWidth)
local indexPrefix = ARGV[11]
local indexesSeen = {}
local metricsTrimmed = false

-- A series wrote the slab starting at slabStart, which is new: its entry `member` in the metric's index of
-- series `index` gets that score when it had a lower one (a late write of an older slab lowers nothing).
-- Once per index and chunk the index drops the entries past the retention (series not written since);
-- the index of metrics gets the same score for the metric and is trimmed likewise. Both live as long as
-- the slab (`ttl`).
local function indexed(index, member, slabStart, ttl)
  local held = tonumber(redis.call('ZSCORE', index, member))
  if held and held >= slabStart then
    return
  end
  local score = string.format('%.0f', slabStart)
  redis.call('ZADD', index, score, member)
  local seen = indexesSeen[index]
  if seen and seen >= slabStart then
    return
  end
  if not seen then
    redis.call('ZREMRANGEBYSCORE', index, '-inf', stale)
  end
  indexesSeen[index] = slabStart
  keepAtLeast(index, ttl)
  local metric = string.sub(index, #indexPrefix + 1)
  local heldMetric = tonumber(redis.call('ZSCORE', KEYS[2], metric))
  if not heldMetric or heldMetric < slabStart then
    redis.call('ZADD', KEYS[2], score, metric)
  end
  if not metricsTrimmed then
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', stale)
    metricsTrimmed = true
  end
  keepAtLeast(KEYS[2], ttl)
end

-- A slab seen for the first time in this chunk. Its entry in the series' slab index is added
-- whenever it is missing (a new slab, or an index that was evicted or deleted), so that a read
-- always finds the slab. A slab without a TTL (new, or recreated after it was evicted) gets one:
-- the retention plus the slab's width, from the slab's start when that lies ahead (a client's
-- clock may run ahead), so that every bucket in it lives the retention from its start. The index
-- then drops the slabs past the retention and lives at least as long as its longest-lived slab; and the
-- series' entry `member` goes into the metric's index of series `seriesIndex` (when given).
local slabsSeen = {}
local function slabWritten(slab, start, seriesIndex, member)
  if slabsSeen[slab] then
    return
  end
  slabsSeen[slab] = true
  local s = tonumber(start)
  local slabStart = string.format('%.0f', s - s % slabWidth)
  local index = string.sub(slab, 1, #slab - #slabStart - 2) .. indexSuffix
  local added = redis.call('ZADD', index, slabStart, slabStart) == 1
  local fresh = redis.call('PTTL', slab) == -1
  if not (added or fresh) then
    return
  end
  local ttl = tonumber(retention) + slabWidth + math.max(0, tonumber(slabStart) - now)
  if fresh then
    redis.call('PEXPIRE', slab, string.format('%.0f', ttl))
  end
  redis.call('ZREMRANGEBYSCORE', index, '-inf', stale)
  keepAtLeast(index, ttl)
  if seriesIndex then
    indexed(seriesIndex, member, tonumber(slabStart), ttl)
  end
end

local function words(summary)
  local w = {}
  for word in string.gmatch(summary, '%S+') do
    w[#w + 1] = word
  end
  return w
end

-- The summary of a bucket held (h) and one written (w) merged as Stats.merge does.
local function merged(h, w)
  local min, max, last, lastTs = w[4], w[5], w[6], w[7]
  if tonumber(h[4]) < tonumber(min) then min = h[4] end
  if tonumber(h[5]) > tonumber(max) then max = h[5] end
  local heldTs, ts = tonumber(h[7]), tonumber(lastTs)
  if not (ts > heldTs or (ts == heldTs and tonumber(last) > tonumber(h[6]))) then
    last, lastTs = h[6], h[7]
  end
  return w[1] .. ' ' .. shortestText(tonumber(h[2]) + tonumber(w[2])) .. ' ' .. shortestText(tonumber(h[3]) + tonumber(w[3]))
    .. ' ' .. min .. ' ' .. max .. ' ' .. last .. ' ' .. lastTs
end

local summaryField = ARGV[10]
-- the summaries of each part of a slab (series-window.lua): a tenth of a minute
local partWidth = slabWidth / 6
local partFields = {}
for p = 1, 6 do
  partFields[p] = summaryField .. ':' .. p
end
local entries = tonumber(ARGV[12])
local entryOf = {}
for e = 1, entries do
  entryOf[tonumber(ARGV[11 + 2 * e])] = e
end
local firstIndexKey = #KEYS - entries

-- Applies the bucket whose arguments start at ARGV[a] and whose first key is KEYS[k]; `entry` is the
-- number of its index entry, or nil.
local function apply(a, k, entry, sketchArgs)
  local start, summary = ARGV[a], ARGV[a + 1]
  local slab = KEYS[k]
  if redis.call('HSETNX', slab, start, summary) == 0 then
    redis.call('HSET', slab, start, merged(words(redis.call('HGET', slab, start)), words(summary)))
  end
  -- the slab's summary and its part's no longer hold: a read keeps them only while they are there
  local s = tonumber(start)
  redis.call('HDEL', slab, summaryField, partFields[math.floor((s % slabWidth) / partWidth) + 1])
  if entry then
    slabWritten(slab, start, KEYS[firstIndexKey + entry], ARGV[12 + 2 * entry])
  else
    slabWritten(slab, start)
  end
  if sketchArgs > 0 then
    local zeroAt = a + 3
    local positives = tonumber(ARGV[a + 4])
    local negativesAt = a + 5 + 2 * positives
    local negatives = tonumber(ARGV[negativesAt])
    if detailTtl > 0 then
      addSketch(KEYS[k + 1], detailTtl + math.max(0, tonumber(start) - now), zeroAt, a + 5, positives, negativesAt + 1, negatives)
    end
    if rollUp then
      addSketch(KEYS[k + 2], tonumber(retention), zeroAt, a + 5, positives, negativesAt + 1, negatives)
    end
  end
end

local skipped, failed, firstFailure = 0, 0, ''
local a = 13 + 2 * entries
local k = 3
local bucket = 0
while a <= #ARGV do
  bucket = bucket + 1
  local entry = entryOf[bucket]
  local sketchArgs = tonumber(ARGV[a + 2])
  if tonumber(ARGV[a]) < cutoff then
    skipped = skipped + 1
  else
    local ok, failure = pcall(apply, a, k, entry, sketchArgs)
    if not ok then
      failed = failed + 1
      if firstFailure == '' then
        -- redis.call raises a table {err = ...}; a Lua error (an unreadable field) raises a string.
        firstFailure = KEYS[k] .. ': ' .. (type(failure) == 'table' and tostring(failure.err) or tostring(failure))
      end
    end
  end
  k = k + (sketchArgs > 0 and 3 or 1)
  a = a + 3 + sketchArgs
end
return {1, skipped, failed, firstFailure}
