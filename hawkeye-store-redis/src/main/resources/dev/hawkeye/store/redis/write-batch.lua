-- Applies one flush batch atomically and exactly once (see RedisMetricStore#write).
-- KEYS[1]         the batch marker; then for bucket i (from 0): KEYS[2+2i] its hash, KEYS[3+2i] its series' index
-- ARGV[1]         the retention in milliseconds (TTL of every key written)
-- ARGV[2]         the cutoff in milliseconds: buckets starting before it are past the retention and skipped
-- ARGV[3+8i ...]  bucket i: start, type, count, sum, min, max, last, lastTs
-- Returns {applied (1, or 0 when the marker was already set), buckets skipped as too old}.
--
-- The merge is Stats.merge: count adds (HINCRBY), sum adds in double precision, min and max,
-- and last goes with the larger timestamp, the larger value winning a tie. The sum is computed
-- here rather than with HINCRBYFLOAT, which adds in long double and rounds to 17 digits and so
-- can differ from Java's double addition in the last bit. '%.17g' prints a double so that it
-- reads back as the same double.
local retention = ARGV[1]
local cutoff = tonumber(ARGV[2])
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', retention) then
  return {0, 0}
end
local skipped = 0
for i = 0, (#KEYS - 1) / 2 - 1 do
  local key, index, a = KEYS[2 + 2 * i], KEYS[3 + 2 * i], 3 + 8 * i
  local start = ARGV[a]
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
    redis.call('ZADD', index, start, start)
    redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ARGV[2])
    redis.call('PEXPIRE', index, retention)
  end
end
return {1, skipped}
