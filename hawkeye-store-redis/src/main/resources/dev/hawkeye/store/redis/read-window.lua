-- Merges the buckets of one series that start in [from, to) (see RedisMetricStore#read).
-- KEYS[1]  the series' index
-- ARGV[1]  from (inclusive), ARGV[2] to (exclusive), in milliseconds
-- ARGV[3]  the series' bucket key prefix (a bucket's key is this plus its start; same hash tag as KEYS[1])
-- Returns {} when no bucket holds a point, else {type, count, sum, min, max, last, lastTs} as
-- text, where type is that of the latest bucket. Buckets are merged oldest first, exactly as
-- Stats.merge does; '%.17g' prints a double so that it reads back as the same double.
local starts = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '(' .. ARGV[2])
local kind, count, sum, min, max, last, lastTs
for _, start in ipairs(starts) do
  local b = redis.call('HMGET', ARGV[3] .. start, 'type', 'count', 'sum', 'min', 'max', 'last', 'lastTs')
  -- an index entry may outlive its bucket by a moment: both expire, not together
  if b[2] and tonumber(b[2]) > 0 then
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
  end
end
if not count then
  return {}
end
local function text(x) return string.format('%.17g', x) end
return {kind, text(count), text(sum), text(min), text(max), text(last), text(lastTs)}
