-- Saves a monitor's alert state and appends its notifications to the outbox, in one fenced step.
-- KEYS[1]: the alert states hash; KEYS[2]: the lease key ("<token> <owner>"); KEYS[3]: the outbox
-- order (a sorted set of ids by sequence); KEYS[4]: the outbox entries (a hash by id); KEYS[5]: the
-- outbox sequence.
-- ARGV[1]: the fence token, "0" for none; ARGV[2]: the monitor; ARGV[3]: its state; ARGV[4]: the
-- outbox's bound; then for each entry its id and its text.
-- Answers {-1} when the fence is not the lease's token now (nothing written), else {n}: how many
-- entries did not fit. Runs after fence.lua.
if not fenceHolds(KEYS[2], ARGV[1]) then
  return {-1}
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
local bound = tonumber(ARGV[4])
local size = redis.call('ZCARD', KEYS[3])
local overflow = 0
for i = 5, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('HEXISTS', KEYS[4], id) == 0 then
    if size >= bound then
      overflow = overflow + 1
    else
      redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[5]), id)
      redis.call('HSET', KEYS[4], id, ARGV[i + 1])
      size = size + 1
    end
  end
end
return {overflow}
