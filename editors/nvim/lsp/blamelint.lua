-- Neovim 0.11+ native config (vim.lsp.config / vim.lsp.enable), found on 'runtimepath':
--   vim.lsp.enable("blamelint")
-- Override with vim.lsp.config("blamelint", { settings = { blamelint = { ignore = { ... } } } }).
-- Older Neovim: use require("blamelint").setup({...}) instead.
return {
  cmd = { "blamelint-lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "blamelint.toml", ".blamelint.toml", ".git" },
  settings = { blamelint = vim.empty_dict() },
  before_init = function(params, config)
    -- the server reads its settings from initializationOptions = { blamelint = {...} }
    params.initializationOptions = { blamelint = (config.settings or {}).blamelint or vim.empty_dict() }
  end,
}
