-- User commands only; the server starts after require("blamelint").setup({...}).
if vim.g.loaded_blamelint then
  return
end
vim.g.loaded_blamelint = true

vim.api.nvim_create_user_command("BlamelintRestart", function()
  require("blamelint").restart()
end, { desc = "Restart the blamelint language server" })

vim.api.nvim_create_user_command("BlamelintFixAll", function()
  require("blamelint").fix_all(0)
end, { desc = "Apply blamelint's fix-all source action to the current buffer" })
