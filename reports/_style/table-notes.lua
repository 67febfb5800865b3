--[[
A table's notes (great_tables' source notes) as its footer again. Declared in _quarto.yml
under `filters:`, before colwidths.lua, so real Quarto and the built-in renderer
(analysis.render) both run it.

analysis.markdown writes each footer row of a table after it as a `.sb-table-note` div:
a Markdown pipe table cannot hold a row spanning every column, and as a grid table every
row would be padded to the width of the note. Each such div right after a table becomes
a footer row of the table again, one cell spanning every column, as great_tables drew it.
]]

local NOTE = "sb-table-note"

local function is_note(block)
  return block.t == "Div" and block.classes:includes(NOTE)
end

-- A cell's text as the table's own cells hold it: plain, not a paragraph.
local function plain(blocks)
  return blocks:map(function(b) return b.t == "Para" and pandoc.Plain(b.content) or b end)
end

function Blocks(blocks)
  local out = pandoc.List()
  for _, block in ipairs(blocks) do
    local last = out[#out]
    if is_note(block) and last ~= nil and last.t == "Table" then
      local cell = pandoc.Cell(plain(block.content), "AlignDefault", 1, #last.colspecs)
      last.foot.rows:insert(pandoc.Row({ cell }))
    else
      out:insert(block)
    end
  end
  return out
end
