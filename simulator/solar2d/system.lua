-- Solar2D's system and native libraries, as much as a headless run needs: the clock, getInfo,
-- file paths, and native alerts written to the log instead of shown.

local get_timer, project_dir, platform = ...

local system = {
  ResourceDirectory = "ResourceDirectory",
  DocumentsDirectory = "DocumentsDirectory",
  TemporaryDirectory = "TemporaryDirectory",
  CachesDirectory = "CachesDirectory",
}

--- Milliseconds since the app started.
system.getTimer = get_timer

local app_name = project_dir:match("([^/\\]+)[/\\]*$") or "app"
local info = {
  environment = "simulator",
  platform = platform,
  platformName = platform,
  appName = app_name,
  appVersionString = "",
  model = "headless",
  name = "headless",
  architectureInfo = "node",
  build = "headless",
  deviceID = "headless",
}

function system.getInfo(key)
  return info[key]
end

function system.pathForFile(filename, base_directory)
  if filename == nil then
    return project_dir
  end
  return project_dir .. "/" .. filename
end

function system.activate() end
function system.deactivate() end
function system.setIdleTimer() end

local native = {
  systemFont = "HelveticaNeue",
  systemFontBold = "HelveticaNeue-Bold",
}

--- Logs the alert; no button is ever pressed, so its listener is not called.
function native.showAlert(title, message, buttons, listener)
  print("[native.showAlert] " .. tostring(title) .. ": " .. tostring(message))
  return {}
end

function native.cancelAlert() end
function native.setActivityIndicator() end

return system, native
