-- The oldest entries of the outbox. KEYS[1]: the outbox order; KEYS[2]: the outbox entries; ARGV[1]: how many.
-- Answers id, text, id, text, ... oldest first; an id whose entry is gone is dropped from the order.
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
local out = {}
for _, id in ipairs(ids) do
  local text = redis.call('HGET', KEYS[2], id)
  if text then
    out[#out + 1] = id
    out[#out + 1] = text
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
