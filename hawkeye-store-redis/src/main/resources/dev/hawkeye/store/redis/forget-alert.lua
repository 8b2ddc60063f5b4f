-- Removes a monitor's alert state in one fenced step (see RedisAlertStore#forget). Runs after fence.lua.
-- KEYS[1]: the alert states hash; KEYS[2]: the lease key ("<token> <owner>").
-- ARGV[1]: the fence token, "0" for none; ARGV[2]: the monitor.
-- Answers {-1} when the fence is not the lease's token now (nothing removed), else {1} when a state was
-- removed and {0} when there was none.
if not fenceHolds(KEYS[2], ARGV[1]) then
  return {-1}
end
return {redis.call('HDEL', KEYS[1], ARGV[2])}
