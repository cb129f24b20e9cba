-- :checkhealth blamelint
-- Neovim 0.7 finds this file as lua/**/blamelint/health.lua and calls
-- require("blamelint.health").check(); 0.8+ finds it the same way. Reporting functions moved
-- from health#report_* (0.7) to vim.health.report_* (0.8/0.9) to vim.health.* (0.10+).
local M = {}

local function reporter()
  local h = vim.health
  if h and h.start then
    return { start = h.start, ok = h.ok, warn = h.warn, error = h.error, info = h.info }
  end
  if h and h.report_start then
    return { start = h.report_start, ok = h.report_ok, warn = h.report_warn, error = h.report_error,
      info = h.report_info }
  end
  return {
    start = vim.fn["health#report_start"],
    ok = vim.fn["health#report_ok"],
    warn = vim.fn["health#report_warn"],
    error = vim.fn["health#report_error"],
    info = vim.fn["health#report_info"],
  }
end

function M.check()
  local r = reporter()
  local v = vim.version()
  r.start("blamelint")

  if vim.fn.has("nvim-0.7") == 1 then
    r.ok(string.format("Neovim %d.%d.%d", v.major, v.minor, v.patch))
  else
    r.error("Neovim 0.7 or newer is required")
  end

  local ok, blamelint = pcall(require, "blamelint")
  if not ok then
    r.error("require('blamelint') failed: " .. tostring(blamelint))
    return
  end
  local cfg = blamelint.config
  if not cfg then
    r.warn("setup() has not been called", { 'Add require("blamelint").setup({}) to your config' })
    return
  end

  local cmd = cfg.cmd or {}
  local exe = cmd[1]
  if exe and vim.fn.executable(exe) == 1 then
    r.ok("server command: " .. table.concat(cmd, " ") .. " (" .. vim.fn.exepath(exe) .. ")")
  else
    r.error("server executable not found: " .. tostring(exe), {
      "Build it: cargo install --path crates/blamelint-lsp (in the blamelint repository)",
      'or pass the path: require("blamelint").setup({ cmd = { "/path/to/blamelint-lsp" } })',
    })
  end
  r.info("filetypes: " .. table.concat(cfg.filetypes or {}, ", "))
  r.info("root markers: " .. table.concat(cfg.root_markers or {}, ", "))
  r.info("settings: " .. vim.fn.json_encode(blamelint.settings()))
  r.info("client API: " .. (vim.lsp.start and "vim.lsp.start" or "vim.lsp.start_client (0.7)"))

  local clients = blamelint.clients()
  if #clients == 0 then
    r.info("no blamelint client running (open a " .. table.concat(cfg.filetypes or {}, "/") .. " file)")
  end
  for _, c in ipairs(clients) do
    local bufs = vim.tbl_keys(c.attached_buffers or {})
    r.ok(string.format("client %d running, root %s, %d buffer(s), position encoding %s",
      c.id, tostring(c.config.root_dir), #bufs, tostring(c.offset_encoding)))
  end
end

return M
