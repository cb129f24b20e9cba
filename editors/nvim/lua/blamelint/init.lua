-- blamelint for Neovim: starts `blamelint-lsp` for Markdown / text buffers.
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client, one client per root) and uses
-- vim.lsp.start on 0.8+.
--
--   require("blamelint").setup({
--     cmd = { "blamelint-lsp" },
--     filetypes = { "markdown", "text" },
--     settings = { ignore = { "hindsight-should-have" } },   -- or { blamelint = { ... } }
--   })
local M = {}

local NAME = "blamelint"
local uv = vim.uv or vim.loop
-- 0.11 made client methods take `self` (client:notify()); 0.7-0.10 use closures (client.notify())
local method_style = vim.fn.has("nvim-0.11") == 1

local function client_notify(c, method, params)
  if method_style then
    return c:notify(method, params)
  end
  return c.notify(method, params)
end

local function client_request(c, method, params, handler, bufnr)
  if method_style then
    return c:request(method, params, handler, bufnr)
  end
  return c.request(method, params, handler, bufnr)
end

local function get_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients()
  end
  return vim.lsp.get_active_clients()
end

local defaults = {
  cmd = { "blamelint-lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "blamelint.toml", ".blamelint.toml", ".git" },
  -- the `blamelint` settings object: select, ignore, severity, personTerms, systemTerms
  settings = {},
  on_attach = nil,
  capabilities = nil,
  autostart = true,
}

M.config = nil
-- 0.7 path: client id per root dir
local clients_by_root = {}

local function has_start()
  return type(vim.lsp.start) == "function"
end

--- The settings object sent to the server: {select=..., ignore=..., ...}.
--- `settings` may be given flat or wrapped as { blamelint = {...} }.
local function normalize_settings(s)
  s = s or {}
  if type(s.blamelint) == "table" then
    return s.blamelint
  end
  return s
end

function M.settings()
  return normalize_settings(M.config and M.config.settings)
end

local function server_settings()
  local s = M.settings()
  -- an empty Lua table would be encoded as a JSON array
  if vim.tbl_isempty(s) then
    return vim.empty_dict()
  end
  return s
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- Root dir for a buffer: the nearest ancestor holding any of blamelint.toml, .blamelint.toml,
--- .git; else the file's own directory (or the cwd for unnamed buffers).
function M.find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  local start = (name ~= "" and dirname(vim.fn.fnamemodify(name, ":p"))) or uv.cwd()
  local markers = (M.config and M.config.root_markers) or defaults.root_markers
  local dir = start
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

local function configuration_handler(_, result, ctx)
  local response = {}
  for _, item in ipairs((result and result.items) or {}) do
    local value = vim.NIL
    if item.section == NAME or item.section == nil or item.section == "" then
      value = server_settings()
    elseif type(item.section) == "string" and item.section:sub(1, #NAME + 1) == NAME .. "." then
      local v = M.settings()[item.section:sub(#NAME + 2)]
      if v ~= nil then
        value = v
      end
    end
    table.insert(response, value)
  end
  return response
end

local function client_config(root_dir)
  local cfg = M.config
  return {
    name = NAME,
    cmd = cfg.cmd,
    root_dir = root_dir,
    workspace_folders = {
      { uri = vim.uri_from_fname(root_dir), name = root_dir },
    },
    -- the same shape as workspace/didChangeConfiguration's `settings`
    init_options = { [NAME] = server_settings() },
    settings = { [NAME] = server_settings() },
    capabilities = vim.tbl_deep_extend("force", vim.lsp.protocol.make_client_capabilities(), cfg.capabilities or {}),
    handlers = { ["workspace/configuration"] = configuration_handler },
    on_attach = cfg.on_attach,
    on_exit = function(_, _, client_id)
      -- only forget this client: after a restart its root may already have a new one
      for root, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[root] = nil
        end
      end
    end,
  }
end

local function is_alive(id)
  local c = id and vim.lsp.get_client_by_id(id)
  return c ~= nil and not c:is_stopped()
end

--- Attach the blamelint client for this buffer's root, starting it if needed.
--- Returns the client id (or nil).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.config then
    M.setup({})
  end
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local root = M.find_root(bufnr)
  if has_start() then
    local id
    -- vim.lsp.start attaches the *current* buffer on 0.8, so run it in bufnr's context
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(client_config(root), { bufnr = bufnr })
    end)
    if id then
      clients_by_root[root] = id
    end
    return id
  end
  local id = clients_by_root[root]
  if not is_alive(id) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      vim.notify("blamelint: could not start " .. table.concat(M.config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- All running blamelint clients.
--- All blamelint clients, including ones still initializing (0.7 lists those only by id).
function M.clients()
  local out, seen = {}, {}
  for _, c in pairs(get_clients()) do
    if c.name == NAME then
      table.insert(out, c)
      seen[c.id] = true
    end
  end
  for _, id in pairs(clients_by_root) do
    local c = vim.lsp.get_client_by_id(id)
    if c and not seen[id] then
      table.insert(out, c)
      seen[id] = true
    end
  end
  return out
end

--- Replace the settings and push them to running servers (workspace/didChangeConfiguration).
function M.update_settings(settings)
  if not M.config then
    M.setup({})
  end
  M.config.settings = normalize_settings(settings)
  for _, c in ipairs(M.clients()) do
    c.config.settings = { [NAME] = server_settings() }
    client_notify(c, "workspace/didChangeConfiguration", { settings = { [NAME] = server_settings() } })
  end
end

--- Stop all blamelint clients and re-attach every buffer they served.
function M.restart()
  local bufs = {}
  for _, c in ipairs(M.clients()) do
    for b in pairs(c.attached_buffers or {}) do
      bufs[#bufs + 1] = b
    end
    vim.lsp.stop_client(c.id)
  end
  clients_by_root = {}
  vim.wait(3000, function()
    return #M.clients() == 0
  end, 20)
  local seen = {}
  for _, b in ipairs(bufs) do
    if not seen[b] and vim.api.nvim_buf_is_loaded(b) then
      seen[b] = true
      M.attach(b)
    end
  end
end

--- Apply the server's `source.fixAll.blamelint` action to the buffer.
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local last = vim.api.nvim_buf_line_count(bufnr)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll.blamelint" } },
  }
  local results = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 5000) or {}
  local applied = 0
  for client_id, res in pairs(results) do
    local client = vim.lsp.get_client_by_id(client_id)
    for _, action in ipairs(res.result or {}) do
      if client and client.name == NAME and action.kind == "source.fixAll.blamelint" then
        if action.edit then
          vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
          applied = applied + 1
        end
        if action.command then
          client_request(client, "workspace/executeCommand", action.command, nil, bufnr)
        end
      end
    end
  end
  if applied == 0 then
    vim.notify("blamelint: nothing to fix", vim.log.levels.INFO)
  end
  return applied
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- lists are replaced, not merged
  for _, k in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts and opts[k] then
      M.config[k] = opts[k]
    end
  end
  if type(M.config.cmd) == "string" then
    M.config.cmd = { M.config.cmd }
  end
  M.config.settings = normalize_settings(M.config.settings)

  local group = vim.api.nvim_create_augroup("blamelint", { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    -- buffers that were already open when setup() ran
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
        M.attach(b)
      end
    end
  end
  return M
end

return M
