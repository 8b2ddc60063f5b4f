-- Hands a lease back when the owner holds it. KEYS[1]: the lease key; ARGV[1]: the owner. Answers {1} or {0}.
local current = redis.call('GET', KEYS[1])
if current then
  local space = string.find(current, ' ', 1, true)
  if space and string.sub(current, space + 1) == ARGV[1] then
    redis.call('DEL', KEYS[1])
    return {1}
  end
end
return {0}
