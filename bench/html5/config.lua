application = { content = { width = 320, height = 480, fps = 60 } }
