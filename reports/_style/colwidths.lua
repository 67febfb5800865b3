--[[
House column widths for Typst (PDF) tables. Declared in _quarto.yml under `filters:`, so
real Quarto and the built-in renderer (analysis.render) both run it, after their own
filters (`at: post-render`). Other formats are left alone.

Pandoc derives relative widths from the source table's line lengths (Quarto leaves them
equal), which starves short-header columns of long-text tables. Here every column first
gets its longest unbreakable word (CJK text breaks between any two characters; a CJK
character counts as two Latin ones), and room for a short cell ("3 places", "约 8 210",
"4 个地方") on one line, then the rest of the line is shared in proportion
to how much more each column's cells need (the mean of its longest and its average cell).
A table whose cells all fit on one line keeps its natural (narrower) width.
]]

local TYPST_TABLE_CHARS = 125   -- characters of table text per line (7.5pt, A4)
local LONGEST_CELL = 80         -- cells longer than this wrap anyway
local LONGEST_TEXT = 400        -- how much text of one cell counts towards its column's share
local SHORT_CELL = 10           -- a cell up to this wide is not broken when there is room

local function display_width(s)
  local ok, width, run, longest = pcall(function()
    local w, r, l = 0, 0, 0
    for _, c in utf8.codes(s) do
      if c >= 0x2E80 then
        w = w + 2; l = math.max(l, r, 2); r = 0
      elseif c == 32 or c == 9 or c == 10 or c == 95 or c == 47 or c == 124 or c == 45 then
        w = w + 1; l = math.max(l, r + 1); r = 0   -- breaks at spaces, "_", "/", "|", "-"
      else
        w = w + 1; r = r + 1
      end
    end
    return w, r, math.max(l, r)
  end)
  if not ok then return #s, #s end
  return width, longest
end

local function typst_table(tbl)
  local ncol = #tbl.colspecs
  local need, full, total, count = {}, {}, {}, {}
  for j = 1, ncol do need[j] = 3; full[j] = 3; total[j] = 0; count[j] = 0 end
  local function scan(rows)
    for _, row in ipairs(rows) do
      local j = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and j <= ncol then
          local width, word = display_width(pandoc.utils.stringify(cell.contents))
          need[j] = math.max(need[j], math.min(word, 24) + 2, math.min(width, SHORT_CELL) + 2)
          full[j] = math.max(full[j], math.min(width, LONGEST_CELL) + 2)
          total[j] = total[j] + math.min(width, LONGEST_TEXT) + 2
          count[j] = count[j] + 1
        end
        j = j + cell.col_span
      end
    end
  end
  scan(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do scan(body.head); scan(body.body) end
  local sum_need, sum_full, sum_extra, extra = 0, 0, 0, {}
  for j = 1, ncol do
    sum_need = sum_need + need[j]; sum_full = sum_full + full[j]
    local mean = count[j] > 0 and total[j] / count[j] or full[j]
    extra[j] = math.max(0, (mean + full[j]) / 2 - need[j])
    sum_extra = sum_extra + extra[j]
  end
  -- A note spanning the whole table (great_tables' source note) may widen a short one.
  local span = 0
  for _, row in ipairs(tbl.foot.rows) do
    for _, cell in ipairs(row.cells) do
      if cell.col_span >= ncol then
        span = math.max(span, display_width(pandoc.utils.stringify(cell.contents)) + 2)
      end
    end
  end
  local stretch = math.min(span, TYPST_TABLE_CHARS) / sum_full
  local widths = {}
  for j = 1, ncol do
    if sum_full <= TYPST_TABLE_CHARS then
      widths[j] = full[j] * math.max(stretch, 1) / TYPST_TABLE_CHARS
    elseif sum_need >= TYPST_TABLE_CHARS or sum_extra == 0 then
      widths[j] = need[j] / sum_need
    else
      local rest = (TYPST_TABLE_CHARS - sum_need) / TYPST_TABLE_CHARS
      widths[j] = need[j] / TYPST_TABLE_CHARS + rest * extra[j] / sum_extra
    end
    tbl.colspecs[j] = { tbl.colspecs[j][1], widths[j] }
  end
  return tbl
end

function Table(tbl)
  if FORMAT:match("typst") then
    return typst_table(tbl)
  end
end
