-- metadata.lua of the `iphone-sim` platform folder of plugin.websockets: links the iOS transport
-- (plugin.websockets_native, native-ios/) into the app. Solar2D's iOS build adds
-- -lplugin_websockets_native and the frameworks below; the Lua plugin itself travels in the same
-- archive as lua_51/plugin/websockets.lua.
-- tools/package.mjs includes this file only together with the library built by native-ios/build.sh.
local metadata =
{
	plugin =
	{
		format = 'staticLibrary',
		-- The library's name without the "lib" prefix and ".a": libplugin_websockets_native.a
		-- 'z': the system libz (libz.tbd), the native codec of permessage-deflate (native-ios/src/codec_stream.c).
		staticLibs = { 'plugin_websockets_native', 'z', },
		-- Network.framework (nw_connection) and Security (TLS options, SecTrust, SecRandomCopyBytes).
		frameworks = { 'Network', 'Security', },
		frameworksOptional = {},
	},
}

return metadata
