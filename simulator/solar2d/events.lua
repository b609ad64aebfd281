-- Solar2D's event listeners, shared by the Runtime object and display objects:
-- addEventListener(name, listener), removeEventListener(name, listener), dispatchEvent(event).
-- A listener is a function called with the event, or a table whose method named after the event is
-- called (listener:enterFrame(event)). Listeners run in the order they were added. On a display
-- object a listener that returns true has handled the event and the rest are skipped; Runtime
-- events (enterFrame, custom events) reach every listener.

local events = {}

local function call_listener(listener, event)
  if type(listener) == "function" then
    return listener(event)
  end
  local method = listener[event.name]
  if type(method) == "function" then
    return method(listener, event)
  end
  return false
end

--- Adds the listener methods to `object`, keeping its listeners in object._listeners.
--- `broadcast`: every listener gets the event whatever the others return (the Runtime object).
function events.make_dispatcher(object, broadcast)
  object._listeners = {}

  function object:addEventListener(name, listener)
    if type(name) ~= "string" then
      error("bad argument #1 to 'addEventListener' (string expected, got " .. type(name) .. ")", 2)
    end
    if type(listener) ~= "function" and type(listener) ~= "table" then
      error("bad argument #2 to 'addEventListener' (listener expected, got " .. type(listener) .. ")", 2)
    end
    local list = self._listeners[name]
    if not list then
      list = {}
      self._listeners[name] = list
    end
    for i = 1, #list do
      if list[i] == listener then
        return true
      end
    end
    list[#list + 1] = listener
    return true
  end

  function object:removeEventListener(name, listener)
    local list = self._listeners[name]
    if not list then
      return false
    end
    for i = 1, #list do
      if list[i] == listener then
        table.remove(list, i)
        return true
      end
    end
    return false
  end

  --- Calls the listeners of event.name; true when one of them handled it.
  --- Listeners added or removed meanwhile take effect from the next dispatch.
  function object:dispatchEvent(event)
    local list = self._listeners[event.name]
    if not list or #list == 0 then
      return false
    end
    if event.target == nil then
      event.target = self
    end
    local snapshot = {}
    for i = 1, #list do
      snapshot[i] = list[i]
    end
    local handled = false
    for i = 1, #snapshot do
      if call_listener(snapshot[i], event) == true then
        handled = true
        if not broadcast then
          break
        end
      end
    end
    return handled
  end

  function object:hasEventListener(name)
    local list = self._listeners[name]
    return list ~= nil and #list > 0
  end

  return object
end

return events
