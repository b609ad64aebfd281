-- Placeholder until the kernels land.
local M = {}
M.backend = "none"
return M
