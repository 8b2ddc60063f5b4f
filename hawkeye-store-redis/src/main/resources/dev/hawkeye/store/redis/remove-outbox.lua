-- Removes an entry from the outbox. KEYS[1]: the outbox order; KEYS[2]: the outbox entries; ARGV[1]: the id.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return {1}
