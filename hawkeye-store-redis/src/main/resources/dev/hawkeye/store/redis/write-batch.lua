-- Applies one chunk of a flush batch atomically and exactly once (see RedisMetricStore#write).
-- KEYS[1]         the batch marker, a hash with a field per chunk applied; then for bucket i (from 0):
--                 KEYS[2+4i] its hash, KEYS[3+4i] its series' index, KEYS[4+4i] its sketch hash,
--                 KEYS[5+4i] the sketch hash of the rollup it starts in
-- ARGV[1]         the retention in milliseconds (TTL of every key written but a bucket's sketch)
-- ARGV[2]         the cutoff in milliseconds: buckets starting before it are past the retention and skipped
-- ARGV[3]         QuantileSketch.MAX_BINS: how many consecutive bin indices one side of a sketch may span
-- ARGV[4]         the TTL of a bucket's own sketch in milliseconds (0: buckets keep no sketch of their
--                 own); a bucket that starts after ARGV[6] keeps it that much longer
-- ARGV[5]         1 when the bins are also added to the rollup's sketch (TTL: the retention), else 0
-- ARGV[6]         now, in milliseconds
-- ARGV[7]         the chunk's index in the batch: its field in the marker
-- ARGV[8 ...]     per bucket, in order: start, type, count, sum, min, max, last, lastTs, zero count,
--                 P, then P pairs (index, count) of positive bins by ascending index, N, then N pairs
--                 of negative bins (P = N = 0 and zero count 0 when the bucket has no sketch)
-- Returns {applied (1, or 0 when the chunk's marker field was already set), buckets skipped as too old}.
--
-- The merge is Stats.merge: count adds (HINCRBY), sum adds in double precision, min and max,
-- and last goes with the larger timestamp, the larger value winning a tie. The sum is computed
-- here rather than with HINCRBYFLOAT, which adds in long double and rounds to 17 digits and so
-- can differ from Java's double addition in the last bit. '%.17g' prints a double so that it
-- reads back as the same double. Sketch bins add with HINCRBY (QuantileSketch.merge), into the
-- bucket's own sketch and into its rollup's, which merges every bucket that starts in it.
local retention = ARGV[1]
local cutoff = tonumber(ARGV[2])
local maxBins = tonumber(ARGV[3])
local detailTtl = tonumber(ARGV[4])
local rollUp = ARGV[5] == '1'
local now = tonumber(ARGV[6])
if redis.call('HSETNX', KEYS[1], ARGV[7], '1') == 0 then
  return {0, 0}
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

local skipped = 0
local a = 8
for i = 0, (#KEYS - 1) / 4 - 1 do
  local key, index, sketch, rollup = KEYS[2 + 4 * i], KEYS[3 + 4 * i], KEYS[4 + 4 * i], KEYS[5 + 4 * i]
  local start = ARGV[a]
  local zero = ARGV[a + 8]
  local positives = tonumber(ARGV[a + 9])
  local negativesAt = a + 10 + 2 * positives
  local negatives = tonumber(ARGV[negativesAt])
  if tonumber(start) < cutoff then
    skipped = skipped + 1
  else
    local kind, count, sum, min, max, last, lastTs =
      ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
    local held = redis.call('HMGET', key, 'count', 'sum', 'min', 'max', 'last', 'lastTs')
    if held[1] then
      sum = string.format('%.17g', tonumber(held[2]) + tonumber(sum))
      if tonumber(held[3]) < tonumber(min) then min = held[3] end
      if tonumber(held[4]) > tonumber(max) then max = held[4] end
      local heldTs, ts = tonumber(held[6]), tonumber(lastTs)
      if not (ts > heldTs or (ts == heldTs and tonumber(last) > tonumber(held[5]))) then
        last, lastTs = held[5], held[6]
      end
      redis.call('HINCRBY', key, 'count', count)
      redis.call('HSET', key, 'type', kind, 'sum', sum, 'min', min, 'max', max, 'last', last, 'lastTs', lastTs)
    else
      redis.call('HSET', key, 'type', kind, 'count', count, 'sum', sum, 'min', min, 'max', max,
        'last', last, 'lastTs', lastTs)
    end
    redis.call('PEXPIRE', key, retention)
    if zero ~= '0' or positives > 0 or negatives > 0 then
      if detailTtl > 0 then
        addSketch(sketch, detailTtl + math.max(0, tonumber(start) - now), a + 8, a + 10, positives, negativesAt + 1, negatives)
      end
      if rollUp then
        addSketch(rollup, tonumber(retention), a + 8, a + 10, positives, negativesAt + 1, negatives)
      end
    end
    redis.call('ZADD', index, start, start)
    redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ARGV[2])
    redis.call('PEXPIRE', index, retention)
  end
  a = negativesAt + 1 + 2 * negatives
end
return {1, skipped}
