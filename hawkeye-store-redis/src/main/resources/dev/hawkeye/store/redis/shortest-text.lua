-- The shortest of '%.15g', '%.16g' and '%.17g' that reads back as x: a slab's fields stay short (Redis
-- keeps a hash compact while its values are at most 64 bytes), and '%.17g' always reads back. A library
-- of write-batch.lua and series-window.lua.
local function shortestText(x)
  for _, format in ipairs({'%.15g', '%.16g'}) do
    local printed = string.format(format, x)
    if tonumber(printed) == x then
      return printed
    end
  end
  return string.format('%.17g', x)
end
