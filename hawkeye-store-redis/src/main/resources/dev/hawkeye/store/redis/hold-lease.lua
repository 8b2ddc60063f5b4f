-- Takes or renews a fenced lease, atomically.
-- KEYS[1]: the lease key, holding "<token> <owner>"; KEYS[2]: the lease's token counter (only grows).
-- ARGV[1]: the owner; ARGV[2]: the time to live in milliseconds.
-- Answers {token} when the owner holds the lease now (the same token on a renewal, a new one from
-- INCR when it was free or expired), {} when another owner holds it.
local current = redis.call('GET', KEYS[1])
if current then
  local space = string.find(current, ' ', 1, true)
  if space and string.sub(current, space + 1) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {string.sub(current, 1, space - 1)}
  end
  return {}
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ' ' .. ARGV[1], 'PX', ARGV[2])
return {tostring(token)}
