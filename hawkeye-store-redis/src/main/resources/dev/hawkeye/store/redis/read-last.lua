-- The latest bucket of each series that starts in [from, to) (see RedisMetricStore#series). Runs after
-- series-window.lua and takes its ARGV.
-- KEYS[i]  the slab index of series i
-- Returns three elements per series, in the order of KEYS: the type of its latest bucket in the window,
-- its value (a counter's: the bucket's sum, the increments; else its last value) and the timestamp of
-- its last point; three empty strings for a series without a bucket in the window. Slabs are visited
-- newest first, so a series costs its latest slab in the window, not the window's length.
local out = {}
for i = 1, #KEYS do
  local index = KEYS[i]
  local prefix = string.sub(index, 1, #index - #indexSuffix)
  local latest, name, held
  for _, slab in ipairs(redis.call('ZREVRANGEBYSCORE', index, '(' .. ARGV[2], firstSlab)) do
    local fields = redis.call('HGETALL', prefix .. slabInfix .. slab)
    for j = 1, #fields, 2 do
      local s = tonumber(fields[j])
      if s and s >= from and s < to and (not latest or s > latest) then
        latest, name, held = s, fields[j], fields[j + 1]
      end
    end
    if latest then
      break
    end
  end
  if latest then
    local kind, _, sum, _, _, last, ts = bucket(name, held)
    out[#out + 1] = kind
    out[#out + 1] = text(kind == 'counter' and sum or last)
    out[#out + 1] = text(ts)
  else
    out[#out + 1] = ''
    out[#out + 1] = ''
    out[#out + 1] = ''
  end
end
return out
