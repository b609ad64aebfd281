-- Solar2D's display library as plain records: objects keep the fields a game sets and reads
-- (x, y, text, width, height, alpha, isVisible, id...) and the methods it calls, so that a project
-- runs headless and a host can find an object by its `id` (or name, or text) to tap it.

local events, content = ...

local display = {
  contentWidth = content.width,
  contentHeight = content.height,
  actualContentWidth = content.width,
  actualContentHeight = content.height,
  viewableContentWidth = content.width,
  viewableContentHeight = content.height,
  pixelWidth = content.width,
  pixelHeight = content.height,
  contentCenterX = content.width / 2,
  contentCenterY = content.height / 2,
  screenOriginX = 0,
  screenOriginY = 0,
  safeScreenOriginX = 0,
  safeScreenOriginY = 0,
  safeActualContentWidth = content.width,
  safeActualContentHeight = content.height,
  HiddenStatusBar = "HiddenStatusBar",
  DefaultStatusBar = "DefaultStatusBar",
  TopLeftReferencePoint = "TopLeftReferencePoint",
  CenterReferencePoint = "CenterReferencePoint",
}

local live = {} -- every object not removed, in creation order (for find)

local Object = {}

function Object:setFillColor(...)
  self.fill = { ... }
end

function Object:setStrokeColor(...)
  self.stroke = { ... }
end

Object.setTextColor = Object.setFillColor

function Object:translate(dx, dy)
  self.x = self.x + dx
  self.y = self.y + dy
end

function Object:toFront() end
function Object:toBack() end

function Object:scale(sx, sy)
  self.xScale = self.xScale * sx
  self.yScale = self.yScale * sy
end

local function detach(object)
  local parent = object.parent
  if not parent then
    return
  end
  for i = 1, #parent._children do
    if parent._children[i] == object then
      table.remove(parent._children, i)
      break
    end
  end
  parent.numChildren = #parent._children
  object.parent = nil
end

function Object:removeSelf()
  if self._removed then
    return
  end
  if self._children then
    while #self._children > 0 do
      self._children[#self._children]:removeSelf()
    end
  end
  detach(self)
  for i = 1, #live do
    if live[i] == self then
      table.remove(live, i)
      break
    end
  end
  self._removed = true
end

function Object:insert(index, child)
  if child == nil then
    index, child = nil, index
  end
  detach(child)
  if index then
    table.insert(self._children, index, child)
  else
    self._children[#self._children + 1] = child
  end
  self.numChildren = #self._children
  child.parent = self
end

local object_meta = {
  __index = function(object, key)
    local method = Object[key]
    if method then
      return method
    end
    local children = rawget(object, "_children")
    if type(key) == "number" and children then
      return children[key]
    end
    return nil
  end,
}

local stage

local function new_object(kind, parent, fields)
  local object = {
    _kind = kind,
    x = 0,
    y = 0,
    width = 0,
    height = 0,
    alpha = 1,
    isVisible = true,
    xScale = 1,
    yScale = 1,
    rotation = 0,
    anchorX = 0.5,
    anchorY = 0.5,
  }
  for key, value in pairs(fields) do
    object[key] = value
  end
  events.make_dispatcher(object)
  setmetatable(object, object_meta)
  live[#live + 1] = object
  if stage then
    (parent or stage):insert(object)
  end
  return object
end

--- Splits the optional leading parent group off the arguments of a display constructor.
local function parent_and_rest(first, ...)
  if type(first) == "table" and rawget(first, "_children") then
    return first, ...
  end
  return nil, first, ...
end

function display.newGroup()
  local group = new_object("group", nil, { _children = {}, numChildren = 0 })
  return group
end

stage = display.newGroup()
function display.getCurrentStage()
  return stage
end

function display.newRect(...)
  local parent, x, y, width, height = parent_and_rest(...)
  return new_object("rect", parent, { x = x or 0, y = y or 0, width = width or 0, height = height or 0 })
end

function display.newRoundedRect(...)
  local parent, x, y, width, height, radius = parent_and_rest(...)
  return new_object("roundedRect", parent, { x = x or 0, y = y or 0, width = width or 0, height = height or 0, path = { radius = radius } })
end

function display.newCircle(...)
  local parent, x, y, radius = parent_and_rest(...)
  return new_object("circle", parent, { x = x or 0, y = y or 0, path = { radius = radius }, width = 2 * (radius or 0), height = 2 * (radius or 0) })
end

function display.newLine(...)
  local parent, x1, y1, x2, y2 = parent_and_rest(...)
  return new_object("line", parent, { x = x1 or 0, y = y1 or 0, x2 = x2, y2 = y2 })
end

--- newText(options) or newText([parent,] text, x, y, font, fontSize)
function display.newText(...)
  local first = ...
  if type(first) == "table" and not rawget(first, "_children") then
    local o = first
    return new_object("text", o.parent, {
      text = o.text or "",
      x = o.x or 0,
      y = o.y or 0,
      width = o.width or 0,
      height = o.height or 0,
      font = o.font,
      size = o.fontSize,
      align = o.align,
    })
  end
  local parent, text, x, y, font, size = parent_and_rest(...)
  return new_object("text", parent, { text = text or "", x = x or 0, y = y or 0, font = font, size = size })
end

function display.remove(object)
  if object and object.removeSelf then
    object:removeSelf()
  end
end

function display.setStatusBar() end
function display.setDefault() end
function display.getDefault() end

--- Host side: the live object whose id, name or text is `key` (id first), or nil.
function display._find(key)
  for _, field in ipairs({ "id", "name", "text" }) do
    for i = 1, #live do
      if live[i][field] == key then
        return live[i]
      end
    end
  end
  return nil
end

return display
