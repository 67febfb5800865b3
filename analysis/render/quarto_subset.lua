--[[
Pandoc Lua filter implementing the subset of Quarto syntax that analysis.render supports:
  * ::: {.content-visible when-format=...} / unless-format, ::: {.content-hidden ...}
  * ::: {.callout-note} (tip, warning, important, caution), with `title=` or a heading
  * floats produced by the assembler (::: {#fig-x .sb-float kind=fig}) numbered in order
  * Quarto's div floats (::: {#fig-x} / {#tbl-x} ... :::, the last paragraph is the caption)
  * cross-references @fig-x, @tbl-x, @sec-x (Pandoc parses them as citations)
  * the `fig-alt` attribute on images becomes the image's alt text
The output format is read from the metadata field `sb-format`
(html, revealjs, typst or pptx); the words ("Figure", "Note" ...) from `sb-language`
(Quarto's language keys for the document's `lang`).
]]

local fmt = "html"
local numbers = {}      -- id -> {kind = "fig"|"tbl", n = integer}
local sections = {}     -- id -> Inlines (heading text)
local counters = { fig = 0, tbl = 0 }
local prefix = { fig = "Figure", tbl = "Table", sec = "Section" }
local callout_titles = {
  note = "Note", tip = "Tip", warning = "Warning", important = "Important", caution = "Caution",
}
local callout_colors = {
  note = "#0758E5", tip = "#00A047", warning = "#EB9113", important = "#CC1914", caution = "#FC5300",
}

-- Quarto's format aliases (quarto.org/docs/authoring/conditional.html#format-matching):
-- "html" and "html:js" match every HTML format including revealjs; "pdf" means LaTeX in
-- Quarto, so Typst output is matched by "typst" only.
local function format_matches(name)
  if name == fmt then return true end
  if name == "html" or name == "html5" or name == "html:js" then
    return fmt == "html" or fmt == "revealjs"
  end
  return false
end

local function visibility(div)
  local show = div.classes:includes("content-visible")
  local hide = div.classes:includes("content-hidden")
  if not (show or hide) then return nil end
  local when = div.attributes["when-format"]
  local unless = div.attributes["unless-format"]
  local matched = (when == nil or format_matches(when))
    and (unless == nil or not format_matches(unless))
  if (show and matched) or (hide and not matched) then
    return div.content
  end
  return {}
end

-- Quarto's div syntax for a float: `::: {#fig-x}` holding the content, its last
-- paragraph being the caption. Rewritten into the assembler's float form.
local function div_float(div)
  local kind = div.identifier:match("^(%a+)%-")
  if not (kind == "fig" or kind == "tbl") or div.classes:includes("sb-float") then
    return nil
  end
  local content = pandoc.Blocks(div.content)
  local last = content[#content]
  if #content < 2 or not (last.t == "Para" or last.t == "Plain") then
    return nil
  end
  content:remove(#content)
  content:insert(pandoc.Div({ pandoc.Plain(last.content) }, pandoc.Attr("", { "sb-caption" })))
  div.content = content
  div.classes:insert("sb-float")
  div.attributes.kind = kind
  return div
end

local function collect(doc)
  doc:walk({
    traverse = "topdown",
    Div = function(div)
      if div.classes:includes("sb-float") then
        local kind = div.attributes.kind
        counters[kind] = counters[kind] + 1
        numbers[div.identifier] = { kind = kind, n = counters[kind] }
      end
    end,
    Header = function(h)
      if h.identifier:match("^sec%-") then
        sections[h.identifier] = h.content
      end
    end,
  })
end

local function ref_inlines(id, suppress)
  local info = numbers[id]
  local text
  if info then
    local n = tostring(info.n)
    text = suppress and pandoc.Inlines({ pandoc.Str(n) })
      or pandoc.Inlines({ pandoc.Str(prefix[info.kind]), pandoc.Space(), pandoc.Str(n) })
  elseif sections[id] then
    text = pandoc.Inlines(sections[id]):clone()
  else
    return nil
  end
  if fmt == "html" or fmt == "revealjs" then
    return pandoc.Inlines({ pandoc.Link(text, "#" .. id) })
  end
  return text
end

local function cite(c)
  local out = pandoc.Inlines({})
  for i, citation in ipairs(c.citations) do
    local id = citation.id
    if not (id:match("^fig%-") or id:match("^tbl%-") or id:match("^sec%-")) then
      return nil
    end
    local inl = ref_inlines(id, citation.mode == "SuppressAuthor")
    if not inl then
      io.stderr:write("WARNING: unresolved cross-reference @" .. id .. "\n")
      inl = pandoc.Inlines({ pandoc.Strong({ pandoc.Str("?@" .. id) }) })
    end
    if i > 1 then out:insert(pandoc.Str(",")); out:insert(pandoc.Space()) end
    if #citation.prefix > 0 then out:extend(citation.prefix); out:insert(pandoc.Space()) end
    out:extend(inl)
    if #citation.suffix > 0 then out:extend(citation.suffix) end
  end
  return out
end

local function float(div)
  if not div.classes:includes("sb-float") then return nil end
  local kind = div.attributes.kind
  local id = div.identifier
  local info = numbers[id]
  local caption = pandoc.Inlines({})
  local content = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "Div" and b.classes:includes("sb-caption") then
      caption = pandoc.utils.blocks_to_inlines(b.content)
    else
      content:insert(b)
    end
  end
  local label = pandoc.Inlines({ pandoc.Str(prefix[kind]), pandoc.Space(), pandoc.Str(tostring(info.n)) })
  if #caption > 0 then
    label[#label] = pandoc.Str(tostring(info.n) .. ":")
    label:insert(pandoc.Space())
    label:extend(caption)
  end
  if fmt == "html" or fmt == "revealjs" then
    if kind == "fig" then
      return pandoc.Figure(content, { pandoc.Plain(label) }, pandoc.Attr(id, { "sb-figure" }))
    end
    local cap = pandoc.Div({ pandoc.Plain(label) }, pandoc.Attr("", { "sb-table-caption" }))
    content:insert(1, cap)
    return pandoc.Div(content, pandoc.Attr(id, { "sb-table" }))
  elseif fmt == "typst" then
    -- A table's caption sticks to the table below it; a figure and its caption form
    -- one unbreakable block (tables themselves may break across pages).
    local sticky = kind == "tbl" and "sticky: true" or "breakable: false"
    local cap = pandoc.Para(pandoc.Inlines({ pandoc.RawInline("typst",
      "#block(" .. sticky .. ", width: 100%)[#align(center)[#text(size: 0.9em)[") }))
    cap.content:extend(label)
    cap.content:insert(pandoc.RawInline("typst", "]]]"))
    if kind == "fig" then
      local out = pandoc.Blocks({ pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)[") })
      out:extend(content)
      out:insert(cap)
      out:insert(pandoc.RawBlock("typst", "]"))
      return out
    end
    content:insert(1, cap)
    return content
  else -- pptx: no identifiers on tables (they would be dropped), figures keep a caption
    if kind == "fig" then
      -- Pandoc's PPTX writer shows the image description as the caption text box.
      content = content:walk({ Image = function(img) img.caption = label:clone(); return img end })
      return pandoc.Figure(content, { pandoc.Plain(label) })
    end
    content:insert(1, pandoc.Para(label))
    return content
  end
end

local function callout(div)
  local ctype
  for _, cls in ipairs(div.classes) do
    local t = cls:match("^callout%-(%a+)$")
    if t and callout_titles[t] then ctype = t end
  end
  if not ctype then return nil end
  local body = pandoc.Blocks(div.content)
  local title
  if div.attributes.title then
    title = pandoc.Inlines({ pandoc.Str(div.attributes.title) })
  elseif #body > 0 and body[1].t == "Header" then
    title = body[1].content
    body:remove(1)
  else
    title = pandoc.Inlines({ pandoc.Str(callout_titles[ctype]) })
  end
  if fmt == "html" or fmt == "revealjs" then
    return pandoc.Div({
      pandoc.Div({ pandoc.Plain({ pandoc.Strong(title) }) }, pandoc.Attr("", { "callout-title" })),
      pandoc.Div(body, pandoc.Attr("", { "callout-body" })),
    }, pandoc.Attr(div.identifier, { "callout", "callout-" .. ctype }))
  elseif fmt == "typst" then
    local color = callout_colors[ctype]
    local out = pandoc.Blocks({
      pandoc.RawBlock("typst", string.format(
        '#block(width: 100%%, inset: 8pt, radius: 2pt, fill: rgb("%s").lighten(92%%), '
        .. 'stroke: (left: 3pt + rgb("%s")))[', color, color)),
      pandoc.Para({ pandoc.Strong(title) }),
    })
    out:extend(body)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  end
  local out = pandoc.Blocks({ pandoc.Para({ pandoc.Strong(title) }) })
  out:extend(body)
  return out
end

local function image(img)
  local alt = img.attributes["fig-alt"]
  if alt then
    img.attributes["fig-alt"] = nil
    img.caption = pandoc.Inlines({ pandoc.Str(alt) })
    return img
  end
end

-- Quarto's words for the document's language (crossref-fig-title, callout-note-caption ...).
local function read_language(meta)
  local words = meta["sb-language"]
  if not words then return end
  local function word(key) return words[key] and pandoc.utils.stringify(words[key]) end
  prefix.fig = word("crossref-fig-title") or prefix.fig
  prefix.tbl = word("crossref-tbl-title") or prefix.tbl
  for name, _ in pairs(callout_titles) do
    callout_titles[name] = word("callout-" .. name .. "-caption") or callout_titles[name]
  end
end

function Pandoc(doc)
  if doc.meta["sb-format"] then
    fmt = pandoc.utils.stringify(doc.meta["sb-format"])
  end
  read_language(doc.meta)
  -- The renderer's own fields, read: not the document's metadata (the PPTX writer would
  -- list them among the file's custom properties).
  doc.meta["sb-format"] = nil
  doc.meta["sb-language"] = nil
  doc = doc:walk({ traverse = "topdown", Div = visibility })
  doc = doc:walk({ Div = div_float })
  collect(doc)
  doc = doc:walk({ Cite = cite, Image = image })
  doc = doc:walk({ Div = function(div) return float(div) or callout(div) end })
  return doc
end
