-- metadata.lua of the `web` platform folder of plugin.websockets (Solar2D HTML5 builds), as
-- Solar2D's guide for HTML5 plugins describes it. The archive also carries the Lua plugin
-- (lua_51/plugin/websockets.lua) and its JavaScript module, plugin_websockets_js.js, which the
-- Lua plugin loads with require("plugin_websockets_js") when system.getInfo("platform") is
-- "html5". Solar2D's HTML5 builder unpacks every web archive into the app's root folder (merging
-- lua_51/ into it), reads this file for dependencies and deletes it.
local metadata =
{
	plugin =
	{
		format = 'js',
	},
}

return metadata
