-- Solar2D's system and native libraries, as much as a headless run needs: the clock, getInfo,
-- file paths in Solar2D's base directories, and native alerts written to the log instead of shown.

local get_timer, project_dir, host = ...

local system = {
  ResourceDirectory = "ResourceDirectory",
  DocumentsDirectory = "DocumentsDirectory",
  TemporaryDirectory = "TemporaryDirectory",
  CachesDirectory = "CachesDirectory",
  ApplicationSupportDirectory = "ApplicationSupportDirectory",
}

--- Milliseconds since the app started, not counting the time it spent suspended.
system.getTimer = get_timer

-- ResourceDirectory is the project folder, read-only by convention as in Solar2D. The writable
-- directories live in a folder of their own for this run (host.data_dir), removed when it ends.
local base_dirs = {
  ResourceDirectory = project_dir,
  DocumentsDirectory = host.data_dir .. "/Documents",
  TemporaryDirectory = host.data_dir .. "/tmp",
  CachesDirectory = host.data_dir .. "/Caches",
  ApplicationSupportDirectory = host.data_dir .. "/ApplicationSupport",
}

local app_name = project_dir:match("([^/\\]+)[/\\]*$") or "app"
local info = {
  -- As in the Solar2D Simulator: "simulator"; "platform" is what the Simulator's skin would say,
  -- here the host's operating system unless --platform names one.
  environment = "simulator",
  platform = host.platform,
  platformName = host.platform,
  platformVersion = "",
  appName = app_name,
  appVersionString = "",
  model = "headless",
  name = "headless",
  manufacturer = "headless",
  architectureInfo = host.lua_version,
  build = "headless",
  deviceID = "headless",
  targetAppStore = "none",
  maxTextureSize = 4096,
  darkMode = false,
}

function system.getInfo(key)
  return info[key]
end

--- The absolute path of `filename` in `base_directory` (default ResourceDirectory); the directory
--- itself when `filename` is nil. For ResourceDirectory, nil when the file does not exist, as in
--- Solar2D.
function system.pathForFile(filename, base_directory)
  base_directory = base_directory or system.ResourceDirectory
  local dir = base_dirs[base_directory]
  if not dir then
    error("bad argument #2 to 'pathForFile' (a system base directory expected, got " .. tostring(base_directory) .. ")", 2)
  end
  if filename == nil then
    return dir
  end
  local path = dir .. "/" .. filename
  if base_directory == system.ResourceDirectory and not host.exists(path) then
    return nil
  end
  return path
end

function system.activate() end
function system.deactivate() end
function system.setIdleTimer() end
function system.getIdleTimer()
  return true
end
function system.openURL()
  return false
end

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
function native.requestExit()
  os.exit(0)
end

return system, native
