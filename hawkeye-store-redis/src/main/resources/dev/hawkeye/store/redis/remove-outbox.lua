-- Removes entries from the outbox. KEYS[1]: the outbox order; KEYS[2]: the outbox entries; ARGV: the ids.
redis.call('ZREM', KEYS[1], unpack(ARGV))
redis.call('HDEL', KEYS[2], unpack(ARGV))
return {#ARGV}
