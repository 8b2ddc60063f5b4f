-- Whether the fence token `token` ("0": no fence, always current) is the token of the lease held now in
-- the key `lease` ("<token> <owner>"); a lease that is gone holds no token. Shared by the alert scripts.
local function fenceHolds(lease, token)
  if token == '0' then
    return true
  end
  local current = redis.call('GET', lease)
  local space = current and string.find(current, ' ', 1, true)
  return space ~= nil and string.sub(current, 1, space - 1) == token
end
