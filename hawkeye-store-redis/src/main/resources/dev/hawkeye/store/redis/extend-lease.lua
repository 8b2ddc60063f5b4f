-- Extends a lease its owner holds: compare the holder, then set the new time to live, atomically.
-- KEYS[1]: the lease key; ARGV[1]: the owner; ARGV[2]: the time to live in milliseconds.
-- Answers {1} when the lease was the owner's and is extended, {0} when someone else holds it or it has expired.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
return {0}
