-- The scenarios run at 60 frames per second, as most games do.
application = { content = { width = 320, height = 480, fps = 60 } }
