-- metadata.lua of the `android` platform folder of plugin.websockets: the Android transport
-- (plugin.websockets_native, a jar) and the permission it needs to open sockets.
local metadata =
{
	plugin =
	{
		format = 'jar',
		manifest =
		{
			usesPermissions =
			{
				"android.permission.INTERNET",
			},
		},
	},
}

return metadata
