-- Headless Neovim test of OUR plugin (editors/nvim), driven by nvim_test.sh.
-- Env: BLAMELINT_NVIM_PLUGIN (plugin dir), LSP_CMD_JSON (server argv as JSON), TEST_FILE (copy to
-- edit), OUT_JSON, EXPECT_TEXT, EXPECT_SOURCE, EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER,
-- EXPECT_TEXT2 + EXPECT_CODE2 (a second diagnostic: exact range only), TAP_LOG (lsp_tap.py log, enables settings checks), LSP_TIMEOUT_MS.
local env = function(k, d)
  local v = os.getenv(k)
  if v == nil or v == "" then
    return d
  end
  return v
end
local out_path = env("OUT_JSON", "/tmp/blamelint_nvim_result.json")
local expect_text = env("EXPECT_TEXT", "just")
local expect_text2 = env("EXPECT_TEXT2")
local expect_code2 = env("EXPECT_CODE2")
local expect_source = env("EXPECT_SOURCE", "blamelint")
local expect_message = env("EXPECT_MESSAGE")
local expect_code = env("EXPECT_CODE")
local expect_after = env("EXPECT_AFTER")
local tap_log = env("TAP_LOG")
local timeout = tonumber(env("LSP_TIMEOUT_MS", "15000"))
local file = env("TEST_FILE")
local cmd = vim.fn.json_decode(env("LSP_CMD_JSON"))
local uv = vim.uv or vim.loop

local v = vim.version()
local result = { ok = false, steps = {}, nvim = string.format("%d.%d.%d", v.major, v.minor, v.patch) }
local function step(name, ok, detail)
  table.insert(result.steps, { name = name, ok = ok and true or false, detail = detail })
  if not ok then
    error("step failed: " .. name .. ": " .. vim.inspect(detail), 0)
  end
end
local function finish(code)
  local f = io.open(out_path, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd((code == 0) and "qall!" or ("cquit " .. code))
end

-- our plugin, loaded the way a plugin manager would: on 'runtimepath' (plugin/ is sourced too)
vim.opt.runtimepath:prepend(env("BLAMELINT_NVIM_PLUGIN"))
local initial_settings = { personTerms = { "Alex" } }

local function tap_messages()
  local msgs = {}
  if not tap_log then
    return msgs
  end
  local fh = io.open(tap_log, "r")
  if not fh then
    return msgs
  end
  for line in fh:lines() do
    local okj, m = pcall(vim.fn.json_decode, line)
    if okj and type(m) == "table" then
      table.insert(msgs, m)
    end
  end
  fh:close()
  return msgs
end
local function find_sent(method, pred)
  for _, m in ipairs(tap_messages()) do
    if m.dir == "c2s" and type(m.msg) == "table" and m.msg.method == method and (not pred or pred(m.msg)) then
      return m.msg
    end
  end
end

local function run()
  local blamelint = require("blamelint")
  step("plugin/ commands defined", vim.fn.exists(":BlamelintRestart") == 2, vim.fn.exists(":BlamelintRestart"))
  blamelint.setup({ cmd = cmd, settings = initial_settings })

  local t_open = uv.hrtime()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  step("filetype is markdown", vim.bo[buf].filetype == "markdown", vim.bo[buf].filetype)
  local clients = blamelint.clients()
  step("plugin started a blamelint client", #clients == 1, #clients)
  local client_id = clients[1].id
  result.root_dir = clients[1].config.root_dir
  step("root dir found by marker (.blamelint.toml)", result.root_dir == vim.fn.fnamemodify(file, ":p:h:h"),
    result.root_dir)

  -- 1. diagnostics, converted by Neovim from the negotiated encoding to byte columns
  local target, target2
  local function scan()
    result.diagnostics = {}
    target, target2 = nil, nil
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
      local covered = (d.lnum == d.end_lnum) and line:sub(d.col + 1, d.end_col) or nil
      table.insert(result.diagnostics, {
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message,
        severity = d.severity, source = d.source or vim.NIL, covered_text = covered or vim.NIL,
        code = (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code or vim.NIL,
      })
      if not target and covered == expect_text then
        target = d
      end
      if expect_text2 and not target2 and covered == expect_text2 then
        target2 = d
      end
    end
    return target ~= nil and (expect_text2 == nil or target2 ~= nil)
  end
  local server_gone = false
  local first_seen
  local got = vim.wait(timeout, function()
    if scan() then
      return true
    end
    -- diagnostics arrived but none covers the text: allow 2 s for more, then fail fast
    if #result.diagnostics > 0 then
      first_seen = first_seen or uv.hrtime()
      if uv.hrtime() - first_seen > 2e9 then
        return true
      end
    end
    local c = vim.lsp.get_client_by_id(client_id)
    server_gone = c == nil or c:is_stopped()
    return server_gone
  end, 10)
  got = got and not server_gone
  step("server is running", not server_gone, "the server exited; see lsp.log / nvim.stderr")
  result.first_diagnostic_ms = math.floor((uv.hrtime() - t_open) / 1e6)
  step("diagnostics received", #result.diagnostics > 0, result.diagnostics)
  step('a diagnostic covers exactly "' .. expect_text .. '"', got and target ~= nil, result.diagnostics)

  local function exact_range(d, text)
    local l = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    local s = l:find(text, 1, true)
    step('exact byte range of "' .. text .. '"', d.lnum == d.end_lnum and d.col == s - 1 and d.end_col == s - 1 + #text,
      { lnum = d.lnum, col = d.col, end_col = d.end_col, want_col = s - 1 })
    return l
  end
  local line = exact_range(target, expect_text)
  if expect_text2 then
    step('a second diagnostic covers exactly "' .. expect_text2 .. '"', target2 ~= nil, result.diagnostics)
    exact_range(target2, expect_text2)
    step("second diagnostic's source is " .. expect_source, target2.source == expect_source, target2.source)
    if expect_code2 then
      local code2 = target2.user_data and target2.user_data.lsp and target2.user_data.lsp.code or target2.code
      step("second diagnostic's code is " .. expect_code2, tostring(code2) == expect_code2, code2)
    end
  end
  step("message is non-empty", type(target.message) == "string" and #target.message > 0, target.message)
  if expect_message then
    step("message is " .. expect_message, target.message == expect_message, target.message)
  end
  step("source is " .. expect_source, target.source == expect_source, target.source)
  if expect_code then
    local code = target.user_data and target.user_data.lsp and target.user_data.lsp.code or target.code
    step("code is " .. expect_code, tostring(code) == expect_code, code)
  end

  -- the squiggle: vim.diagnostic's underline handler puts a DiagnosticUnderline* extmark there
  local underline
  local max_ns = vim.api.nvim_create_namespace("")
  for ns = 1, max_ns - 1 do
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
      local hl = m[4].hl_group
      if hl and hl:match("^DiagnosticUnderline") and m[2] == target.lnum and m[3] == target.col then
        underline = { hl_group = hl, row = m[2], col = m[3], end_col = m[4].end_col }
      end
    end
  end
  result.underline_extmark = underline or vim.NIL
  step("underline extmark over the range", underline ~= nil and underline.end_col == target.end_col, underline)

  -- 2. settings: initializationOptions + live didChangeConfiguration (seen through lsp_tap.py)
  if tap_log then
    local init = find_sent("initialize")
    local io_ = init and init.params and init.params.initializationOptions
    step("initializationOptions.blamelint carries the settings",
      io_ and io_.blamelint and vim.deep_equal(io_.blamelint.personTerms, initial_settings.personTerms), io_)
    blamelint.update_settings({ personTerms = { "Alex", "Sam" }, ignore = { "no-such-rule" } })
    local sent = vim.wait(5000, function()
      return find_sent("workspace/didChangeConfiguration", function(m)
        local b = m.params and m.params.settings and m.params.settings.blamelint
        return b and b.personTerms and #b.personTerms == 2
      end) ~= nil
    end, 20)
    step("update_settings() sends workspace/didChangeConfiguration", sent, nil)
    -- back to the original settings so the rest of the test sees the default rule set
    blamelint.update_settings(initial_settings)
    -- and workspace/configuration is answered from the same object
    local conf = require("blamelint")
    local handler = vim.lsp.get_client_by_id(client_id).config.handlers["workspace/configuration"]
    local answer = handler(nil, { items = { { section = "blamelint" }, { section = "blamelint.personTerms" }, { section = "other" } } },
      { client_id = client_id })
    step("workspace/configuration answered", vim.deep_equal(answer[1], conf.settings()) and
      vim.deep_equal(answer[2], { "Alex" }) and answer[3] == vim.NIL, answer)
    -- let the server re-publish after the settings round trip
    vim.wait(timeout, scan, 10)
    step("diagnostic still there after settings round trip", target ~= nil, result.diagnostics)
  end

  -- 3. :checkhealth blamelint (while the client runs, so it is listed)
  local hok, herr = pcall(vim.cmd, "checkhealth blamelint")
  local health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  result.checkhealth = health
  local htext = table.concat(health, "\n")
  step(":checkhealth blamelint runs", hok and htext:find("blamelint", 1, true) ~= nil
    and not htext:find("No healthcheck found", 1, true) and not htext:find("Failed to run healthcheck", 1, true)
    and not htext:find("ERROR", 1, true) and htext:find("client %d+ running") ~= nil, herr or health)
  vim.cmd("tabclose")
  vim.api.nvim_set_current_buf(buf)

  -- 4. code action through the user-facing API; pick the first rewrite like a user would
  local before = line
  local offered, chosen
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local pick
    for i, it in ipairs(items) do
      local action = it.action or it[2] or it
      table.insert(offered, { title = action.title, kind = action.kind or vim.NIL, isPreferred = action.isPreferred or vim.NIL })
      if not pick and action.isPreferred then
        pick = i
      end
    end
    if not pick then
      for i, it in ipairs(items) do
        local action = it.action or it[2] or it
        if (action.kind == nil or action.kind == "quickfix") and not tostring(action.title):lower():find("disable") then
          pick = i
          break
        end
      end
    end
    if not pick then
      -- only "disable rule" / source actions: that is not a rewrite
      on_choice(nil, nil)
      return
    end
    chosen = offered[pick]
    on_choice(items[pick], pick)
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  if vim.fn.has("nvim-0.8") == 1 then
    vim.lsp.buf.code_action({ range = { start = { target.lnum + 1, target.col }, ["end"] = { target.end_lnum + 1, target.end_col - 1 } } })
  else
    -- 0.7: mark-indexed positions {1-based row, 0-based byte col}; end is inclusive
    vim.lsp.buf.range_code_action(nil, { target.lnum + 1, target.col }, { target.end_lnum + 1, target.end_col - 1 })
  end
  local changed = vim.wait(timeout, function()
    if offered ~= nil and chosen == nil then
      return true -- menu shown without a rewrite: fail below without waiting
    end
    return vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1] ~= before
  end, 10)
  result.code_actions_offered = offered or vim.NIL
  result.code_action_chosen = chosen or vim.NIL
  step("code actions offered", offered ~= nil and #offered > 0, offered)
  step("a rewrite is offered (not only \"disable\")", chosen ~= nil, offered)
  local after = vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1]
  result.line_before, result.line_after = before, after
  step("first rewrite applied to the buffer", changed, { before = before, after = after })
  if expect_after then
    step("line after fix is EXPECT_AFTER", after == expect_after, { got = after, want = expect_after })
  end

  -- 5. :write, and the file on disk has the new line
  vim.cmd("write")
  local fh = io.open(file, "r")
  local content = fh:read("*a")
  fh:close()
  local disk_line = vim.split(content, "\n", { plain = true })[target.lnum + 1]
  step("file on disk changed", disk_line == after and disk_line ~= before, disk_line)

  -- 6. diagnostic for the old phrase goes away after didChange
  local cleared = vim.wait(timeout, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.lnum == target.lnum and d.col == target.col and d.message == target.message then
        return false
      end
    end
    return true
  end, 10)
  step("diagnostic cleared after the fix", cleared, vim.diagnostic.get(buf))

  -- 7. :BlamelintRestart: a new client (new server) takes over the buffer
  vim.cmd("BlamelintRestart")
  local new_id
  local restarted = vim.wait(timeout, function()
    for _, c in ipairs(blamelint.clients()) do
      if c.id ~= client_id and c.attached_buffers and c.attached_buffers[buf] and c.initialized == true then
        new_id = c.id
        return true
      end
    end
    return false
  end, 20)
  step(":BlamelintRestart attaches the buffer to a new server", restarted and vim.lsp.get_client_by_id(client_id) == nil,
    { old = client_id, new = new_id })
  client_id = new_id

  -- 8. clean shutdown
  local exit_code
  local c = vim.lsp.get_client_by_id(client_id)
  local prev_on_exit = c.config.on_exit
  c.config.on_exit = function(code, signal, id)
    exit_code = code
    if prev_on_exit then
      prev_on_exit(code, signal, id)
    end
  end
  vim.lsp.stop_client(client_id)
  local exited = vim.wait(5000, function()
    return exit_code ~= nil or vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
  result.server_exit = exit_code or vim.NIL
  step("server stopped", exited, exit_code)
  if tap_log then
    local codes
    vim.wait(3000, function()
      codes = {}
      for _, m in ipairs(tap_messages()) do
        if m.dir == "exit" then
          table.insert(codes, m.code)
        end
      end
      return #codes >= 2
    end, 20)
    step("both servers (before/after restart) exit 0 after shutdown/exit", #codes == 2 and codes[1] == 0 and codes[2] == 0, codes)
  end
  result.ok = true
end

-- run after startup (filetype detection and plugin/ are loaded after the -u file)
vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = pcall(run)
      if not ok then
        result.error = tostring(err)
      end
      finish(ok and 0 or 1)
    end)
  end,
})
