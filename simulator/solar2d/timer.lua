-- Solar2D's timer library: performWithDelay, cancel, pause, resume (a handle or a tag), and
-- cancelAll, pauseAll, resumeAll. As in Solar2D, timers are checked once per frame, so a timer
-- fires on the first frame at or after its due time, at most once per frame, and system.getTimer's
-- clock (which stops while the app is suspended) is the one they run on.

local get_timer = ...

local timer = {}
local active = {} -- handles in the order they were created

local function is_listener(listener)
  return type(listener) == "function" or (type(listener) == "table" and type(listener.timer) == "function")
end

--- Calls `listener` (a function, or a table with a `timer` method) after `delay` ms, `iterations`
--- times (default 1; 0 or -1: forever). `tag` names a group for cancel/pause/resume. Returns the
--- handle, which is also each event's `source`.
function timer.performWithDelay(delay, listener, iterations, tag)
  if type(delay) ~= "number" then
    error("bad argument #1 to 'performWithDelay' (number expected, got " .. type(delay) .. ")", 2)
  end
  if not is_listener(listener) then
    error("bad argument #2 to 'performWithDelay' (listener expected, got " .. type(listener) .. ")", 2)
  end
  if type(iterations) == "string" and tag == nil then
    iterations, tag = nil, iterations -- performWithDelay(delay, listener, tag)
  end
  iterations = iterations or 1
  local handle = {
    _delay = math.max(delay, 0),
    _listener = listener,
    _iterations = iterations,
    _remaining = iterations > 0 and iterations or math.huge,
    _count = 0,
    _tag = tag,
  }
  handle._due = get_timer() + handle._delay
  active[#active + 1] = handle
  return handle
end

--- The handles `what` names: one handle, every handle with that tag, or all of them (nil).
local function select_handles(what, name)
  local chosen = {}
  if type(what) == "table" then
    chosen[1] = what
  elseif what == nil or type(what) == "string" then
    for i = 1, #active do
      if what == nil or active[i]._tag == what then
        chosen[#chosen + 1] = active[i]
      end
    end
  else
    error("bad argument #1 to '" .. name .. "' (timer handle or tag expected, got " .. type(what) .. ")", 3)
  end
  return chosen
end

local function remaining_ms(handle)
  return handle._paused_left or math.max(handle._due - get_timer(), 0)
end

local function cancel_one(handle)
  for i = 1, #active do
    if active[i] == handle then
      table.remove(active, i)
      local iterations = handle._remaining == math.huge and 0 or handle._remaining
      return remaining_ms(handle), iterations
    end
  end
end

--- Cancels a timer (or every timer with the tag); for one handle returns the ms that were left
--- and the iterations left, nothing when it had already ended.
function timer.cancel(what)
  local chosen = select_handles(what, "cancel")
  if type(what) == "table" then
    return cancel_one(what)
  end
  for i = 1, #chosen do
    cancel_one(chosen[i])
  end
end

local function pause_one(handle)
  if not handle._paused_left then
    handle._paused_left = math.max(handle._due - get_timer(), 0)
    return handle._paused_left
  end
end

--- Pauses; for one handle returns the ms left until it would have fired.
function timer.pause(what)
  local chosen = select_handles(what, "pause")
  if type(what) == "table" then
    return pause_one(what)
  end
  for i = 1, #chosen do
    pause_one(chosen[i])
  end
end

local function resume_one(handle)
  if handle._paused_left then
    local left = handle._paused_left
    handle._due = get_timer() + left
    handle._paused_left = nil
    return left
  end
end

--- Resumes a paused timer; for one handle returns the ms left until it fires.
function timer.resume(what)
  local chosen = select_handles(what, "resume")
  if type(what) == "table" then
    return resume_one(what)
  end
  for i = 1, #chosen do
    resume_one(chosen[i])
  end
end

function timer.cancelAll()
  timer.cancel(nil)
end

function timer.pauseAll()
  timer.pause(nil)
end

function timer.resumeAll()
  timer.resume(nil)
end

--- Host side: how many timers are still to fire and not paused (for --exit-when-idle).
function timer._running_count()
  local count = 0
  for i = 1, #active do
    if not active[i]._paused_left then
      count = count + 1
    end
  end
  return count
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
    -- A listener earlier in this frame may have cancelled or paused it.
    local still_active = false
    for j = 1, #active do
      if active[j] == handle then
        still_active = true
        break
      end
    end
    if still_active and not handle._paused_left then
      handle._count = handle._count + 1
      handle._remaining = handle._remaining - 1
      if handle._remaining <= 0 then
        cancel_one(handle)
      else
        -- The next due time follows the schedule, not the frame it fired in, but never lies in the
        -- past: a long frame fires a timer once, not once per missed period.
        handle._due = math.max(handle._due + math.max(handle._delay, 1), now)
      end
      local event = { name = "timer", time = now, count = handle._count, source = handle }
      local listener = handle._listener
      if type(listener) == "function" then
        listener(event)
      else
        listener:timer(event)
      end
    end
  end
end

return timer
