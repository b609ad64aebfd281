-- Solar2D's timer library: performWithDelay, cancel, pause, resume. As in Solar2D, timers are
-- checked once per frame, so a timer fires on the first frame at or after its due time.

local get_timer = ...

local timer = {}
local active = {} -- handles in the order they were created

--- Calls `listener` (a function, or a table with a `timer` method) after `delay` ms, `iterations`
--- times (default 1; 0 or -1: forever). Returns a handle for cancel/pause/resume.
function timer.performWithDelay(delay, listener, iterations)
  if type(delay) ~= "number" then
    error("bad argument #1 to 'performWithDelay' (number expected, got " .. type(delay) .. ")", 2)
  end
  if type(listener) ~= "function" and type(listener) ~= "table" then
    error("bad argument #2 to 'performWithDelay' (listener expected, got " .. type(listener) .. ")", 2)
  end
  iterations = iterations or 1
  local handle = {
    _delay = math.max(delay, 0),
    _listener = listener,
    _remaining = iterations > 0 and iterations or math.huge,
    _count = 0,
  }
  handle._due = get_timer() + handle._delay
  active[#active + 1] = handle
  return handle
end

function timer.cancel(handle)
  for i = 1, #active do
    if active[i] == handle then
      table.remove(active, i)
      return handle._remaining, handle._due - get_timer()
    end
  end
end

function timer.pause(handle)
  if handle and not handle._paused_left then
    handle._paused_left = math.max(handle._due - get_timer(), 0)
    return handle._paused_left
  end
end

function timer.resume(handle)
  if handle and handle._paused_left then
    handle._due = get_timer() + handle._paused_left
    handle._paused_left = nil
    return handle._due - get_timer()
  end
end

--- Fires every timer that is due (host side, once per frame).
function timer._fire_due()
  local now = get_timer()
  local due = {}
  for i = 1, #active do
    local handle = active[i]
    if not handle._paused_left and handle._due <= now then
      due[#due + 1] = handle
    end
  end
  for i = 1, #due do
    local handle = due[i]
    handle._count = handle._count + 1
    handle._remaining = handle._remaining - 1
    if handle._remaining <= 0 then
      timer.cancel(handle)
    else
      handle._due = handle._due + math.max(handle._delay, 1)
    end
    local event = { name = "timer", time = now, count = handle._count, source = handle }
    local listener = handle._listener
    if type(listener) == "function" then
      listener(event)
    elseif type(listener.timer) == "function" then
      listener:timer(event)
    end
  end
end

return timer
