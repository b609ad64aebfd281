-- Content area and frame rate. The plugin services its connections once per frame (enterFrame),
-- so 60 fps halves the latency between the network and the listeners compared with 30.
application = {
  content = {
    width = 320,
    height = 480,
    scale = "letterbox",
    fps = 60,
  },
}
