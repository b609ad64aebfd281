-- What a Solar2D API the headless simulator does not have says when a game reaches for it:
-- "display.newImageRect is not available in the headless simulator", raised where the game indexes
-- it, instead of "attempt to call a nil value" somewhere later.

local unavailable = {}

local function complain(library_name)
  return function(_, key)
    error(library_name .. "." .. tostring(key) .. " is not available in the headless simulator", 2)
  end
end

--- Makes indexing a missing key of `library` (a table of the simulator's) raise that error.
function unavailable.guard(library, library_name)
  return setmetatable(library, { __index = complain(library_name) })
end

--- A library the simulator has nothing of (graphics, media, audio, ...): every key raises.
function unavailable.library(library_name)
  return unavailable.guard({}, library_name)
end

return unavailable
