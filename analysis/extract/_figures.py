"""Read one candidate number in context: value, unit, qualifier, indicator, quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from analysis.extract._numbers import (
    CLASSIFIERS,
    EN_PART_BY_MEANS,
    PAIR_HEADER,
    Token,
    counts_something,
    multiplier_after,
)
from analysis.extract._places import LIST_LEAD
from analysis.reference import Indicator, QualifierWord, Reference

_ZH_MEASURES = {"千克": "kg", "公斤": "kg", "公吨": "tonnes", "吨": "tonnes"}
_CLASSIFIER_HINTS = {
    "件": ("weapons", "weapon_parts", "ammunition", "explosive_items"),
    "枚": ("ammunition", "explosive_items"),
    "发": ("ammunition",),
    "名": ("people",),
    "位": ("people",),
    "人": ("people",),
    "次": ("meetings", "workshops", "courses", "activities"),
    "场": ("meetings", "workshops", "activities"),
    "门": ("courses", "weapons"),  # 3 门课程, 35 门迫击炮
    "支": ("weapons",),  # 1 300 支枪
    "把": ("weapons",),  # 40 把手枪
    "具": ("weapons",),  # 60 具火箭榴弹发射器
    "道": ("security_doors", "gates"),
    "期": ("courses", "workshops"),
    "家": ("organisations", "facilities", "entities", "partners"),
    "处": ("storage_sites", "facilities", "localities"),
    "所": ("facilities", "storage_sites"),
    "座": ("facilities", "storage_sites"),
    "份": ("proposals", "projects", "grants"),  # 份 counts documents: never weapons
}
_CLASSIFIER_UNITS = {
    "名": "people",
    "位": "people",
    "人": "people",
    "国": "states",
    "年": "years",
    "个月": "months",
    "天": "days",
    "日": "days",
    "周": "weeks",
    "个星期": "weeks",
    "星期": "weeks",
    "小时": "hours",
    "大类": "categories",
    "类": "categories",
}
#: Measure words of incidents, batches and attendances (19 起爆炸, 3 批武器储存柜, 4 个批次的
#: 设备, 1 500 人次, 三倍): none of the vocabulary's nouns is counted, even one named before or
#: after them (人次 counts a person once per time they came).
_UNCOUNTED_CLASSIFIERS = frozenset({"起", "宗", "例", "批", "批次", "个批次", "人次", "倍"})
#: A preposition, a copula, a passive or "all" right after a measure word (37 个由区域组织
#:实施, 2 500 份是通过…发出的, 640 件被销毁): what follows is no noun of the count.
_PREPOSITION_ZH = re.compile(r"\s*(?:由|向|是|被|均|都)")
_LOW_RANK = {"weapons", "ammunition", "explosive_items", "countries", "states"}
_CONNECTORS = re.compile(r"^[\s、和及与的或/]*(?:以及)?[\s、和及与的或/]*$")
_CLAUSE_END_ZH = "。；;！？!?\t"
_STOP_CANDIDATE = re.compile(r"[。；;！？!?\t.]")


def _compound_head(text: str, ref: Reference) -> str | None:
    """Return the unit of the first noun phrase of ``text``: its last noun of a run of nouns.

    社区项目 counts projects (社区 modifies it), 社区 alone localities.
    """
    matches = list(ref.unit_pattern.finditer(text))
    if not matches:
        return None
    head = matches[0]
    for m in matches[1:]:
        if m.start() != head.end():
            break
        head = m
    return ref.units[head.group(0)]


#: The noun phrase a relative clause (…的) ends in: "由开发署支助的社区项目" → 社区项目.
_HEAD_AFTER_DE = re.compile(r"的([^的，。；、\s]{1,10})$")
#: A completed verb (了) before any noun after a count, with no 的 to make it a
#: relative clause: what follows is the verb's object, not the count's noun.
_PREDICATE_FIRST = re.compile(r"^[^的]*了")
#: A part of a whole named before (其中 9 个, 在 15 个行动中，有 9 个), then a verb: 其中 9 个
#: 针对非洲国家 counts what the whole counts, not the verb's object (其中仅 19 个实行…).
_PART_THEN_VERB = re.compile(
    r"(?:其中|中\s*[，,]?\s*(?:已经?|仅|只)?有)[^，。；,;\d]{0,4}?[\d\s,.]+$"
)  # 149 个酋长领地中已有 52 个经核查…
_VERB_FIRST = re.compile(
    r"\s*(?:针对|涉及|位于|来自|属于|设在|载有|尚未|仍|均|都|已|是|实行|实施|建立|设立|制定|通过"
    r"|采用|采取|拥有|具备|没有|未|对|向|把|将|在|经|被)"
)
#: Where a number's own noun phrase ends at the latest (a title in 《》 holds none).
_WINDOW_END = re.compile(r"[，。；;：:,\t(（)）《]|\.(?!\d)")
#: An English series of modifiers before a noun: "lost, stolen or illicitly trafficked
#: firearms", "national, regional and subregional workshops" (single words between commas,
#: the last joined by "and"/"or"): the commas do not end the noun phrase.
_EN_MODIFIER_SERIES = re.compile(
    r"\s*(?:[A-Za-z][A-Za-z\-]*,\s+)+(?:[A-Za-z][A-Za-z\-]*\s+)?(?:and|or)\s"
)
#: What ends a Chinese count and starts the next item of a list (件、弹药, 件和手榴弹).
_NEXT_ITEM = re.compile(r"[\s⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:、|和(?!平)|及(?!时)|以及)")  # 件³和弹药
#: A second count after a first and 和: "96 个和 88 个会员国" (up to the second number's end).
_PAIR_OF_COUNTS = re.compile(r"\s*(?:和|及|与|、)\s*\d[\d\s,.]*?(?=\s*\D)\s*")
#: A title in 《》: it names a document, so no count's noun is read inside it; the noun
#: after it may be the count's (3 个尚未加入《武器贸易条约》的会员国). An unclosed 《 ends
#: the window (:data:`_WINDOW_END`).
_TITLE = re.compile(r"《[^《》]*》")


def _titles_masked(text: str) -> str:
    """Return ``text`` with each closed title in 《》 blanked out, its length kept."""
    return _TITLE.sub(lambda m: "□" * len(m.group(0)), text)


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: Words that belong to no noun phrase: prepositions, conjunctions, auxiliaries, pronouns.
_EN_FUNCTION_WORDS = frozenset(
    (
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "during",
        "under",
        "over",
        "across",
        "through",
        "and",
        "or",
        "nor",
        "but",
        "than",
        "as",
        "which",
        "whom",
        "who",
        "whose",
        "that",
        "these",
        "those",
        "them",
        "they",
        "it",
        "its",
        "their",
        "have",
        "has",
        "had",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "shall",
        "should",
        "did",
        "do",
        "does",
        "not",
        "yet",
        "more",
        "less",
        "per",
        "each",
        "every",
        "last",
        "next",
        "this",
        "remaining",
        "further",
        "a",
        "an",
        "the",
    )
)
#: A number followed by one of these has no noun of its own ("29 in the previous year").
_EN_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "during",
        "under",
        "over",
        "since",
        "until",
        "within",
        "into",
    ]
)
#: Verbs that may follow a number standing for its noun ("of which 4,300 were handed in").
_EN_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can"]
    + ["may", "might", "must", "should", "remain", "remained", "remains"]
)
#: Determiners, which start another noun phrase ("up from 80 the previous year").
_EN_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "its", "their"])
#: A first word after a number that is no noun of its own.
_EN_NOT_A_NOUN = _EN_PREPOSITIONS | _EN_AUXILIARIES | _EN_DETERMINERS | {"others"}
#: Words that make a number a part of a total stated elsewhere (just before the number).
_PART_BEFORE = re.compile(
    r"(?:\b(?:including|inclusive of|of which|of whom|among them|among which|out of which)"
    r"|其中包括|其中|包括)\s*(?:some|about|nearly|约|近)?\s*(?:US\$|USD|\$|EUR|€)?\s*$",
    re.IGNORECASE,
)
#: ... or just after it ("48 of which", "8 of the 13", "22 of them").
_PART_AFTER = re.compile(
    r"\s*(?:of (?:which|whom|them|these|those|the|its|their)\b)", re.IGNORECASE
)
#: A figure given with its share of a total ("…赠款合计 53.6 万美元，相当于赠款总额的百分之
#:二十二", "US$ 536,000, or 22 per cent of the total"): a part of that total.
_SHARE_OF_THE_TOTAL = re.compile(
    r"[^，。；;.]{0,6}[，,]\s*(?:相当于|占)[^，。；]{0,12}总(?:额|数)"
    r"|[^.;]{0,6},\s*(?:or|representing)\s+(?:some\s+|about\s+)?[\d.]+\s*(?:per cent|%)\s+of\s+"
    r"(?:the|all)\b",
    re.IGNORECASE,
)
#: A Chinese count followed by 中 and a breakdown (17 个获资助项目中由…执行的 9 个): it
#: restates a whole, and the counts after it are its parts.
_ZH_AMONG = re.compile(r"\d[\d\s,.]*\s*[个名项件][^，。；\d]{0,12}中(?=由|有|的|，|,)")
#: "6 of the " (or "3 of its ") before a number: that number restates a whole the sentence
#: breaks down.
_PART_OF_THE = re.compile(r"\b\d[\d,.]*\s+of (?:the|its|their)\s+", re.IGNORECASE)
#: A count of countries that says where a number of people came from: 21 个国家的 73 名.
_ORIGIN_OF_PEOPLE = re.compile(
    r"\s*个?(?:国家|会员国|缔约国|签署国|国)[^，。；\d]{0,8}的"
    r"\s*[\d一二两三四五六七八九十百千 ]+\s*(?:多|余)?\s*[名位人]"
)
#: A part of a group of people: "of whom 214 were women", "95 of whom were women".
_OF_WHOM = re.compile(r"\b(?:of|among) whom\s*(?:some|about|nearly)?\s*$", re.IGNORECASE)
_OF_WHOM_AFTER = re.compile(r"\s*of whom\b", re.IGNORECASE)
#: A sentence that opens with a partitive: every number in it is a part.
_PART_SENTENCE = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*)?(?:Including|Of (?:which|these|them)|其中)")
#: The value a change starts from, just before the number.
_EARLIER_BEFORE = re.compile(
    r"(?:\b(?:up|down|rising|falling|increased|decreased|increasing|decreasing|rose|fell|grew)"
    r"\s+from|从[^，。；从]{0,12}的)\s*(?:US\$|\$|€)?\s*$",
    re.IGNORECASE,
)
#: A verb of funding right before the count: "could fund only 16 of the 148 proposals".
_FUNDED_BEFORE = re.compile(
    r"\b(?:fund(?:ed|s)?|approved|selected)\s+(?:only\s+|just\s+)?$", re.IGNORECASE
)
#: Proposals chosen for funding, named in the count's clause: projects.
_FOR_FUNDING = re.compile(r"[^,;.，；。]{0,40}\bfor funding\b", re.IGNORECASE)
#: Proposals that were funded are projects ("of which 17 were funded", 其中 15 份获得资助).
_FUNDED = re.compile(
    r"\s*(?:份|个|项)?\s*(?:(?:were|was|have been|had been)\s+(?:funded|approved|selected)"
    r"|(?:获得|得到)?资助|获批)",
    re.IGNORECASE,
)
#: A total broken down after a colon ("获资助的 16 个项目按区域分布如下：非洲 9 个…",
#: "The 16 projects break down as follows: …"): the total before, the parts after. Only
#: with a number before the colon: "主要活动如下：" lists activities, not parts.
_BREAKDOWN = re.compile(
    r"^[^：:]*?\d[^：:]*?(?:分布如下|如下|as follows|broken down(?: by [a-z]+)?)\s*[：:]", re.I
)
#: A target or a pledge, before or just after the number.
_TARGET_BEFORE = re.compile(
    r"(?:\b(?:target|goal)\s+of|\bpledg\w*(?:\s+a\s+total\s+of)?)\s+(?:US\$|\$|€)?\s*$"
    r"|(?:目标为|认捐了?)\s*$",
    re.I,
)
_TARGET_AFTER = re.compile(r"\s*(?:万|亿)?\s*(?:美元|欧元)?\s*的?(?:筹资|募资|供资)?目标")
#: An average or an amount for each one, just before or after the number.
_EACH_BEFORE = re.compile(
    r"(?:平均|每个|每项|每期|每次|每名|每人|单个|单项|最大|最小|最高|最低|最少的|最多的"
    r"|\bon average\b|\ban average of|\baverag(?:e|ing)|\bindividual"
    r"|\beach (?:with|of|receiving|worth)\b|\bof up to\b"
    r"|\b(?:smallest|largest|biggest|highest|lowest|maximum|minimum|median)\b)"
    r"[^，。；,;]{0,32}$",
    re.IGNORECASE,
)
_EACH_AFTER = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?(?:each|apiece|per (?:project|grant|person|course|workshop|session))\b",
    re.IGNORECASE,
)
#: "Of the 17 projects, 9 are …", "在 14 个获资助项目中，有 6 个": the numbers after the
#: opening clause are parts; the one in it restates the whole.
_OF_THE_OPENING = re.compile(
    r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*|\d{1,3}\.\s+)?"
    r"(?:Of the (?P<whole>(?:[^,]|,(?=\d))+),"
    r"|在(?:[^，。；]{1,40}?的)?\s*[\d\s,.万]+\s*(?P<whole_zh>[^，。；\d]{1,20})中\s*[，,])"
)
#: An opening naming the group the sentence's counts are of, with no number of its own:
#: "Among the States that reported, 29 …", 在提交报告的会员国中，76 个 ….
_GROUP_OPENING = re.compile(
    r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*|\d{1,3}\.\s+)?"
    r"(?:(?:Among|Of|Out of) (?:the|those|these) (?P<group>[^,\d]{2,120}),"
    r"|在(?P<zh>[^，。；\d]{1,30})中\s*[，,])"
)
#: The group a count is of, named right before it in its sentence: "…, of the 97 States, 86".
_GROUP_JUST_BEFORE = re.compile(
    r"\b(?:among|of|out of) (?:the|those|these) (?:\d[\d,]*\s+)?"
    r"(?P<group>[A-Za-z][^,\d;:]{1,60}),\s*$",
    re.IGNORECASE,
)
#: What a correction says the figure is not: the value it replaces comes next.
_INSTEAD_OF = re.compile(
    r"(?:而非|而不是)[^，。；,;\d]{0,12}$|\b(?:rather than|instead of)(?: the)?\s*$", re.IGNORECASE
)
#: Verbs of revision: a number before one (or after its "from") is the value it replaces.
_REVISION = re.compile(
    r"\b(?:revised|corrected|amended|updated|restated|should (?:have )?read)\b"
    r"|修订|更正|订正|调整为|(?:数字|数目|数量|总数)应为",
    re.IGNORECASE,
)
#: "Weapons destroyed: 2,950", "销毁武器：2 950", 收缴数量为：布隆迪 1 200 件: a label and a
#: colon just before the number (or before the place it is of).
_LABEL_BEFORE = re.compile(
    r"(?P<label>[^:：;；,，.。()（）]{2,80})[:：]\s*(?:[^\d\s:：;；,，.。()（）]{1,12}\s*)?$"
)
#: A label, then a comma, as the items of a list after a colon: "Attendance: States
#: represented, 124; participants, 354", "MONUC: weapons collected, 3,410".
_LABEL_THEN_COMMA = re.compile(r"(?:^|[:;]\s*)(?P<label>[A-Za-z][A-Za-z' -]{1,40}),\s*$")
#: A list announced by "as follows:" (如下：): what its lead names, its items count.
_LIST_AS_FOLLOWS = re.compile(
    rf"(?P<lead>[^:：.。]{{2,160}}){LIST_LEAD}[^.。]*$",
    re.IGNORECASE,
)
#: "The number of weapons recovered …, given as 2,310": the unit named earlier.
_NUMBER_OF = re.compile(
    r"\b(?:the )?(?:total )?(?:(?:number|total|count|quantity|stock|stockpile) of|figures? for) "
    r"(?P<noun>[A-Za-z ]{2,40})"
    r"|(?P<zh>[\u4e00-\u9fff]{1,8})(?:的)?(?:数量|数目|总数)",
    re.IGNORECASE,
)
#: A count right before "the number of" that names what it counts ("to 17 the number of").
_A_COUNT_BEFORE = re.compile(r"\d\s+$")
#: "bringing to 109 the number of projects": the noun counted, named after the number.
_NUMBER_OF_AFTER = re.compile(
    r"\s*the (?:total )?(?:number|total|count) of (?P<noun>[A-Za-z ]{2,40})", re.IGNORECASE
)
#: "over 16 days of collection", "over three years of work": a span of time, "over" = during.
_SPAN_OF_TIME = re.compile(r"\s+(?:hours|days|weeks|months|years)\s+of\b", re.IGNORECASE)
#: "over" right before a span of time ("trained 28 officers over 2 weeks", "implemented
#: over 18 months") says when, not how much: it means during ...
_OVER_A_SPAN = (
    re.compile(r"\bover\s*$", re.IGNORECASE),
    re.compile(
        r"\s+(?:working\s+|calendar\s+|full\s+)?(?:hours?|days?|weeks?|months?|years?)\b",
        re.IGNORECASE,
    ),
)
#: ... but after a word that asks how long, it means more than ("lasted over 10 years",
#: "for over two years", "a project of over 18 months", "in over 20 years").
_HOW_LONG_BEFORE_OVER = re.compile(
    r"\b(?:for|lasting|lasted|lasts?|spanning|spanned|of|in|after|than)\s+over\s*$",
    re.IGNORECASE,
)
#: "8 of the 13 projects", "3 of its 5 days": a part, then the whole that names what both
#: count.
_OF_THE_WHOLE = re.compile(r"\s*of (?:the|these|those|its|their)\s+(?:\d[\d,.]*\s+)?")


def of_a_named_whole(line: str, pos: int) -> bool:
    """Tell a count followed by "of the …" ("700 of the weapons collected in Chad")."""
    return _OF_THE_WHOLE.match(line, pos) is not None


#: Keywords this far from a number's own clause count only when the clause has none.
_OUTSIDE_CLAUSE = 1000.0
#: Keywords in the sentence before count only when the number's sentence has none.
_PREVIOUS_SENTENCE = 2000.0
#: Where the words that belong to one number stop: clause punctuation (not the comma
#: of "2,000"), "and", 其中.
CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|[，;；。:：()（）]|\.(?!\d)|\band\b|其中")


@dataclass(frozen=True)
class FigureReading:
    """What a number says, read in its context.

    ``value_high`` is the upper bound of a range (qualifier ``range``), else ``None``.
    """

    value: float
    unit: str
    qualifier: str
    indicator: str
    quote: str
    quote_start: int
    flags: tuple[str, ...]
    value_high: float | None = None
    classifier: str | None = None


def clause_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence (or annex cell) around ``line[start:end]``.

    A footnote mark after a full stop ("million.² The total") still ends the sentence,
    and the mark opening the next one is left out of it.
    """
    before = [i for i in _stop_candidates(line, 0, start) if _is_stop(line, i)]
    left = before[-1] + 1 if before else 0
    after = (i for i in _stop_candidates(line, end, len(line)) if _is_stop(line, i))
    right = next(after, len(line))
    if right < len(line) and line[right] in "。；;！？!?.":
        right += 1
    while left < right and (line[left].isspace() or line[left] in _SUPERSCRIPTS):
        left += 1
    while right > left and line[right - 1].isspace():
        right -= 1
    return left, right


def _stop_candidates(line: str, lo: int, hi: int) -> Iterator[int]:
    """Yield the positions in ``line[lo:hi]`` that may end a clause (found at C speed)."""
    return (m.start() for m in _STOP_CANDIDATE.finditer(line, lo, hi))


def _is_stop(line: str, i: int) -> bool:
    return line[i] in _CLAUSE_END_ZH or _en_stop(line, i)


def _en_stop(line: str, i: int) -> bool:
    if line[i] != ".":
        return False
    j = i + 1
    while j < len(line) and line[j] in _SUPERSCRIPTS:
        j += 1
    return (
        j + 1 < len(line)
        and line[j] in " \n"
        and line[j + 1].isupper()
        and not line[max(0, i - 3) : i].endswith(("No", "para"))
    )


def read_figure(
    line: str,
    token: Token,
    next_start: int,
    ref: Reference,
    lang: str,
    context: str,
    *,
    lookahead: str = "",
    unit_before: str | None = None,
    classifier_before: str | None = None,
) -> FigureReading:
    """Read the figure a candidate token states.

    Parameters
    ----------
    line
        The line of the report holding the token.
    token
        The candidate token (a range token carries its upper bound).
    next_start
        Where the next number-like token starts (the unit is looked for before it).
    ref
        Reference data (units, indicators, qualifier words).
    lang
        The report's language (``zh`` or ``en``).
    context
        Text around the line (paragraph, headings) used for indicator context rules.
    lookahead
        The text that continues the line after a page break (read for the unit only).
    unit_before
        The unit of the previous figure in the same sentence, for elliptical counts
        ("130 States have signed, of which 69 have ratified"): taken only when no noun
        of its own follows the number ("in 6 provinces" counts provinces).
    classifier_before
        The measure word of that previous figure: "164 份提案，其中 15 份获得资助" counts
        proposals again (the same measure word, no noun of its own after it).

    Returns
    -------
    FigureReading

    """
    assert token.value is not None
    flags = list(token.flags)
    multiplier, pos = multiplier_after(line, token.end)
    if multiplier == 1.0:
        multiplier, pos = _abbreviated_multiplier(line, token, pos, ref)
    # rounded: 2.26 万 is 22 600, not 22 599.999999999996
    value = round(token.value * (1.0 if token.low_scaled else multiplier), 6)
    high = round(token.value_high * multiplier, 6) if token.value_high is not None else None
    share = token.form == "percent_words" or _PERCENT_SIGN_AFTER.match(line, token.end) is not None
    qualifier = _qualifier_before(line[: token.start], lang, ref, share)
    if qualifier == "more_than" and _over_means_during(line, token):
        qualifier = "exact"  # "over 16 days of collection": during, not more than
    unit, more_after, pos = _currency_or_measure(line, token, pos, ref)
    if unit is None and _PERCENT_OF_THE_PAIR.match(line, pos):
        unit = "percent"  # "rose from 38 to 52 per cent": 38 per cent too
    if more_after and qualifier in ("exact", "approximately"):
        qualifier = more_after  # 占估计总数的 98% 以上: a bound after says more than an estimate
    bound_after_noun = _NOUN_THEN_BOUND.match(line, token.end) if qualifier == "exact" else None
    if bound_after_noun:  # "arrears of 3 years or more"
        qualifier = "at_least" if bound_after_noun.group("more") else "at_most"
    if re.match(r"\s*[多余]", line[token.end :]) or _MORE_THAN_A_SHARE.match(token.text):
        qualifier = "more_than"  # 70 多, 3 200 余件, 过半数, "a majority of" (more than half)
    if high is not None:
        qualifier = "range"
    start, end = clause_bounds(line, token.start, token.end)
    if unit is None and _A_MULTIPLE_AFTER.match(line, token.end):
        unit = "unspecified"  # "1.5 times as many as the 34": a multiple counts nothing
    item = list_item(line, token, pos) if unit is None else None
    if item is not None:
        if classifier_at(line, pos) is None:  # a measure word says what it counts itself
            unit = _unit_of_a_list_item(line, item, unit_before, ref)
        flags.append("list_item")
    if unit is None:
        unit = _unit(line, token, pos, next_start, ref, lang, lookahead, start)
    cls = classifier_at(line, pos)
    if cls is not None and qualifier == "exact":  # 3.5 万件左右, 100 人以上, 90 天内
        after = line.index(cls, pos) + len(cls)
        qualifier = _qualifier_after(line, after, ref)[0] or _deadline(line, token, cls, after)
    if unit is None and (
        _OF_WHOM.search(line, 0, token.start)
        or _OF_WHOM_AFTER.match(line, pos)
        or _WERE_PEOPLE.match(line, pos)
    ):
        unit = "people"  # "in 9 States, of whom 214 were women": whom are people
    if unit is None and unit_before in (None, "percent") and lang == "en":
        # "A third of the replying States were in Europe, 12 were in Africa": 12 States
        unit = _whole_of_a_share(line[_sentence_start(line, token.start) : token.start], ref)
        if unit is not None:
            flags.append("unit_from_previous_figure")
    if unit is None and _carries_unit_before(line, token, pos, unit_before, classifier_before, ref):
        unit = unit_before
        flags.append("unit_from_previous_figure")
    if unit == "proposals" and (
        _FUNDED.match(line, pos)
        or _FUNDED_BEFORE.search(line, 0, token.start)
        # "chose 15 of the 96 proposals for funding": the part (the 96 are proposals)
        or (_OF_THE_WHOLE.match(line, pos) and _FOR_FUNDING.match(line, pos))
    ):
        unit = "projects"  # "118 proposals, of which 17 were funded", 其中 15 份获得资助
        flags.append("funded_proposals")
    if unit is None:
        unit = "unspecified"
        flags.append("unit_not_recognised")
    if unit == "countries" and (
        _ACTS_OF_STATES.search(line, start, end)
        or _AMONG_STATES_ZH.search(line, _sentence_start(line, token.start), token.start)
    ):  # 39 个国家签署, "ratified by 9 countries": what only States do; 在 29 个会员国中，
        unit = "states"  # 非洲国家 10 个: parts of a whole of States are States
    quote = line[start:end]
    flags += _whole_and_part_flags(line, token, (start, end), unit, unit_before, flags, ref)
    # The whole of "Of the 193 Member States, 102 submitted reports" is what its opening
    # says it is: what the rest of the sentence says is of the part.
    opening = _total_opening(quote) if "restates_total" in flags else None
    # A list's item is read with its lead: "convened … meetings, with attendance as
    # follows: Addis Ababa – 42 participants; Bangkok – 37" (people convened)
    said = _whole_sentence_start(line, token.start) if item is not None else start
    indicator = _indicator(
        unit,
        quote[: opening.end()] if opening else line[said:end],
        (token.start - said, token.end - said),
        ref,
        context,
        lang,
        _previous_sentence(line, said),
    )
    if unit in ("countries", "states") and _ORIGIN_OF_PEOPLE.match(line, pos):
        indicator = "countries"  # 来自 21 个国家的 73 名专家: where the people came from
    if ref.vocabulary.indicator(indicator).context is not None and _at_a_meeting(
        quote, _previous_sentence(line, start), ref
    ):
        indicator = "countries"  # "attended by 101 States, 94 of them States parties"
    unit = states_for_countries(unit, indicator, ref)
    return FigureReading(value, unit, qualifier, indicator, quote, start, tuple(flags), high, cls)


#: A whole of States its parts are of: 在作答的 29 个会员国中，非洲国家 10 个.
_AMONG_STATES_ZH = re.compile(r"\d\s*个(?:会员国|成员国|缔约国)中\s*[，,]")
#: A multiple written after its number: "1.5 times as many", "a 2.5-fold increase".
_A_MULTIPLE_AFTER = re.compile(r"\s*(?:times\b|-fold\b)", re.IGNORECASE)
#: "the number of" and the noun it names: what the count after it counts, known or not.
_NUMBER_OF_A_NOUN = re.compile(r"\bnumber of (?P<noun>[A-Za-z][A-Za-z -]{2,40})", re.IGNORECASE)
#: A word of time before a bracketed count: the count is of what the count before counted.
_WHEN_ZH = re.compile(r"(?:之前|之后|以前|以后|期间|年|月|时)$")
#: A count's place after it: a breakdown by place of the count before.
IN_A_PLACE_AFTER = re.compile(r"\s+in\s+(?:the\s+)?[A-Z]")
#: A participle or a gerund before a bracket: "were collected (2,930 in Ituri, …)" counts
#: what was collected; "marking and record-keeping (17)" what the list's items count.
_BRACKETED_VERB_FORM = re.compile(r"[A-Za-z\-]*(?:ed|ing)\b")
#: A series of items, each a label and its count in brackets, the first with its noun:
#: "stockpile management (21 States), marking (17) and border control (" (the items after
#: the first count what it counts; a label holds no number: not "40 weapons (12 pistols)").
_BRACKETED_SERIES = re.compile(
    r"(?:^|[,;:]|\bin)\s*[^()\d;,:]{1,60}\(\s*\d[\d,.]*\s+[A-Za-z][^()\d]{0,40}\)"
    r"(?:\s*,?\s*(?:and\s+|or\s+)?[^()\d;,:]{1,60}\(\s*\d[\d,.]*\s*\))*"
    r"\s*,?\s*(?:and\s+|or\s+)?[^()\d;,:]{1,60}\($"
)
#: A word, then a bracket opening right before a count: "computer sets (12", "Mali (960".
_NOUN_THEN_BRACKET = re.compile(r"(?P<word>[A-Za-z][A-Za-z'’\-]*|[\u4e00-\u9fff]{1,4})\s*[(（]\s*$")


#: A word after "one" that starts no difference ("one more than in 2026" is one).
_A_WORD_NOT_A_DIFFERENCE = re.compile(r"\s+(?!(?:more|fewer|less)\b)[A-Za-z]", re.IGNORECASE)
#: A difference after a count: "3 more than the first", "2 fewer than in 2026".
_A_DIFFERENCE_AFTER = re.compile(r"\s+(?:more|fewer|less|longer|shorter)\s+than\b")


def _carries_unit_before(
    line: str,
    token: Token,
    pos: int,
    unit_before: str | None,
    classifier_before: str | None,
    ref: Reference,
) -> bool:
    """Tell whether a count with no noun of its own counts what the figure before counted."""
    cls = classifier_at(line, pos)
    if unit_before in _TIME_UNITS and _A_DIFFERENCE_AFTER.match(line, token.end):
        return True  # "now lasts 14 weeks, 3 more than the first": a difference of spans
    if (
        token.text.lower() == "one"
        and _A_WORD_NOT_A_DIFFERENCE.match(line, token.end)
        and not EN_PART_BY_MEANS.match(line, token.end)  # "six by ratification and one by …"
    ):
        return False  # "10 donor States and one private foundation": a noun of its own
    if (
        unit_before in (None, "unspecified", *_TIME_UNITS)
        or token.text.lower().endswith("fold")
        or _A_MULTIPLE_AFTER.match(line, token.end)
    ):
        return False  # "a threefold increase", "1.5 times as many", "a 2.5-fold": no count
    if unit_before == "percent" and (
        _PART_AFTER.match(line, pos)  # "30 per cent, 12 of them": the part names its noun
        or _COUNT_OF_A_PERCENTAGE.search(line, 0, token.start)  # "41 per cent (18,950)"
        or not _PERCENT_WRITTEN.search(line, 0, token.start)  # "a majority of the others (7"
    ):
        return False
    if cls and _is_amount(unit_before, ref):
        return False  # 50 万美元以上的有 3 个: three of something
    if unit_before in _PLACE_COUNTS and _in_one_country(line, pos, ref):
        return False  # "in 3 countries, including 2,150 in Togo": not 2,150 countries
    if not suits_measure_word(unit_before, cls, classifier_before):
        return False  # 150 人死亡……爆炸事件计有 13 起: 起 counts incidents, not people
    named = _NUMBER_OF_A_NOUN.search(line, max(0, token.start - 80), token.start)
    if named and _first_unit(named.group("noun"), ref) is None:
        return False  # "the number of firearm incidents … fell to 1,280": a noun of its own
    bracket = _NOUN_THEN_BRACKET.search(line, 0, token.start)
    if (
        bracket
        and not ref.place_pattern.search(bracket.group("word"))
        and not _BRACKETED_VERB_FORM.fullmatch(bracket.group("word"))  # "were collected (2,930"
        and not _BRACKETED_SERIES.search(line, _sentence_start(line, token.start), token.start)
        and not IN_A_PLACE_AFTER.match(line, pos)  # "management (1,030 in Africa, 680 in …)"
        and not _WHEN_ZH.search(bracket.group("word"))  # 少于审查大会之前(121 个): when, not what
    ):
        return False  # "record-keeping computer sets (12)": what the bracket follows
    return not _own_noun_follows(line, pos, classifier_before, ref)


#: The label of a list's item right before its count: "…: Africa, 6", "; Bangkok – 37",
#: "— Africa: 24", "; the Americas: 19", "in all: Bangladesh 44", a footnote's "⁵ Benin,
#: 2,460". What opens the item (``boundary``) is the list's lead or the item before.
_LIST_ITEM_LABEL = re.compile(
    r"(?P<boundary>[;；:：(（]|\s[—–]\s|^[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(?:and\s+)?"
    r"(?P<label>[^\d;；:：()（）—–.。,，]{2,60}?)\s*(?:[:：,，]|\s[—–]|——?)?\s*$"
)
#: What ends a list's item right after its count: the next item, the list's end.
_LIST_ITEM_END = re.compile(
    r"[⁰¹²³⁴⁵⁶⁷⁸⁹]*\s*(?:[个名件项次座台]\s*)?(?:in (?:all|total)\s*)?"
    r"(?:[(（][^()（）\d]*\d[^()（）]*[)）]\s*)?"  # "Asia, 4 (US$ 0.79 million);": a note
    r"(?:[;；)）。]|\.(?!\d)|$)",
    re.IGNORECASE,
)
#: A phrase awaiting its object, no label: "previously reported as", "down from".
_ENDS_IN_A_PREPOSITION = re.compile(r"\b(?:as|at|of|to|by|from|with|than|in|on|for)\s*$")
#: The words of a list item's label at most ("Latin America and the Caribbean").
_LABEL_WORDS = 6
#: An item of a list, whole, ending where the next opens: a label, then its count and
#: perhaps a noun ("Addis Ababa – 42 participants", "Cameroon: 1,310", 布隆迪 1 200 件).
_AN_ITEM = re.compile(
    r"(?:^|(?<=[.。]\s)|[;；:：(（]|\s[—–]\s)\s*(?:and\s+)?[^\d;；:：()（）—–.。,，]{2,60}?\s*"
    r"(?:[:：,，]|\s[—–]|——?)?\s*\d[\d,.\s]*(?:[^\d;；:：()（）.。,，]{1,40})?"
    r"(?:\s*[(（][^()（）]*[)）])?$"  # "Africa, 8 projects (US$ 1.69 million)"
)
#: A label naming the places not listed: "other countries, 913 in all", 其他国家.
_OTHER_PLACES = re.compile(r"^\s*(?:all\s+)?(?:other|remaining)\b|^\s*其[他余]", re.IGNORECASE)


@dataclass(frozen=True)
class _ListItem:
    """A count that is an item of a list: its label, and where the item opens."""

    label: str
    #: What opens the item: ";" (an item before it), ":" or a dash (the list's lead), or
    #: a footnote's mark (the footnote is the list).
    boundary: str
    boundary_at: int


def list_item(line: str, token: Token, pos: int) -> _ListItem | None:
    """Return the list item a count is, when a label opens it and nothing follows the count.

    "Reporting States by region — Africa: 24; the Americas: 19", "with attendance as
    follows: Addis Ababa – 42 participants; Bangkok – 37", "⁵ Benin, 2,460; Togo, 1,780".
    """
    if not _LIST_ITEM_END.match(line, pos):
        return None
    window = max(0, token.start - 120)
    item = _LIST_ITEM_LABEL.search(line, window, token.start)
    if (
        item is None
        or len(item.group("label").split()) > _LABEL_WORDS
        or (item.group("boundary")[0] in _SUPERSCRIPTS and item.start() != 0)
        or _ENDS_IN_A_PREPOSITION.search(item.group("label"))  # "(previously reported as 3,112"
    ):
        return None
    boundary = item.group("boundary").strip()
    if boundary in (";", "；") and not _AN_ITEM.search(
        line, max(0, item.start() - 120), item.start()
    ):
        return None  # "… was understated; the correct figure is 9": no list before the ";"
    return _ListItem(item.group("label").strip(), boundary, item.start())


def _unit_of_a_list_item(
    line: str, item: _ListItem, unit_before: str | None, ref: Reference
) -> str | None:
    """Return the unit of a list's item with no noun after its count.

    The label's noun ("observer States — 2", "participants, 354"); else, after an item,
    the unit of the count before ("Addis Ababa – 42 participants; Bangkok – 37"); else,
    the first item after the list's lead, what the lead names last ("163 participants
    in all: Bangladesh 44", "Funded projects by region: Africa, 6") that is not the
    places the labels name. A footnote's items are lent theirs by the citing sentence.
    """
    placed = _OTHER_PLACES.match(item.label) or ref.place_pattern.search(item.label)
    own = None if placed else _first_unit(item.label, ref)  # not "Central African Republic"
    if own is not None:
        return own
    if item.boundary in (";", "；") and _is_amount(unit_before, ref):
        return _unit_of_the_item_before(line, item, ref)  # not the note's "(US$ 1.69 million)"
    if item.boundary in (";", "；"):
        return unit_before if unit_before not in (None, "unspecified") else None
    if item.boundary[0] in _SUPERSCRIPTS or item.boundary in ("(", "（"):
        return None  # lent by the citing sentence; counted by what the bracket follows
    lead = line[_whole_sentence_start(line, item.boundary_at) : item.boundary_at]
    lead = re.sub(r"^[^A-Za-z\u4e00-\u9fff]*[A-Z]", lambda m: m.group(0).lower(), lead)  # "Weapons"
    units = [ref.units[m.group(0)] for m in ref.unit_pattern.finditer(lead)]
    counted = [u for u in units if u not in _PLACE_COUNTS]
    return (counted or units or [None])[-1]


def _unit_of_the_item_before(line: str, item: _ListItem, ref: Reference) -> str | None:
    """Return what the count of the list's item before counts, named after it.

    "Africa, 8 projects (US$ 1.69 million); Asia, 4 (US$ 0.79 million)": projects.
    """
    lead = max(line.rfind(":", 0, item.boundary_at), line.rfind("：", 0, item.boundary_at))
    for earlier in reversed(re.split(r"[;；]", line[lead + 1 : item.boundary_at])):
        count = _COUNT_THEN_WORDS.search(earlier)
        unit = _first_unit(count.group("noun"), ref) if count else None
        if unit is not None:  # the nearest item that names its noun
            return unit
    return None


#: The first count of a list's item and the words after it ("8 projects (US$ …").
_COUNT_THEN_WORDS = re.compile(r"(?<![\d.,])\d[\d,]*\s+(?P<noun>[A-Za-z][A-Za-z \-]{0,40})")


def _whole_and_part_flags(
    line: str,
    token: Token,
    clause: tuple[int, int],
    unit: str,
    unit_before: str | None,
    flags: list[str],
    ref: Reference,
) -> list[str]:
    """Return the flags of a part, a whole restated and a value replaced.

    Those its clause states (:func:`_part_and_revision_flags`), a breakdown in brackets,
    a revision later in the sentence, a part past the opening that names its whole.
    """
    start, end = clause
    quote = line[start:end]
    parts = _part_and_revision_flags(quote, token.start - start, token.end - start)
    if (
        unit == unit_before
        and unit != "percent"
        and _BREAKDOWN_IN_BRACKETS.search(line, 0, token.start)
        and not gives_an_earlier_value(line, token.start)
        and not _A_YEAR_LABEL_BEFORE.search(line, 0, token.start)
    ):
        parts.append("part_of_total")  # "612 officials (248 women and 364 men)"
    if "superseded_value" not in parts and _revised_later(line, token.end):
        parts.append("superseded_value")  # "15 600 件；…，该数字已修订为 16 350 件"
    if not {"part_of_total", "restates_total"} & {*parts, *flags} and _past_its_sentence_opening(
        line, token, unit, ref
    ):
        parts.append("part_of_total")  # 在 16 个获资助项目中，…有 6 个；…项目共 3 个
    if "funded_proposals" in flags:  # a part of the proposals, the whole of the projects
        parts = [f for f in parts if f != "part_of_total"]
    return parts


def names_its_noun(cls: str | None) -> bool:
    """Tell a measure word that says what it counts (件, 名, 台), unlike 个 or 份."""
    return cls in _CLASSIFIER_HINTS or cls in _CLASSIFIER_UNITS


def suits_measure_word(unit: str, cls: str | None, classifier_before: str | None) -> bool:
    """Tell whether a count's measure word can count ``unit`` (个 counts anything)."""
    if cls is None or cls == classifier_before:
        return True
    if cls in _UNCOUNTED_CLASSIFIERS:
        return False
    hints = _CLASSIFIER_HINTS.get(cls)
    named = _CLASSIFIER_UNITS.get(cls)
    if hints is None and named is None:
        return cls == "个"  # 34 个国家……网上广告 1 960 条: 条 counts lines, not countries
    same = named is None or unit == named or {unit, named} <= {"countries", "states"}
    return (hints is None or unit in hints) and same


#: "This figure has been revised" after a figure, in a later clause of its sentence.
_REVISED_LATER = re.compile(
    r"(?:该|这一|此|上述)数字[^。；\d]{0,6}(?:已经?)?(?:修订|修正|更正|订正)"
    r"|\b(?:this|that|the) (?:figure|number|total)\b[^.;\d]{0,30}\b(?:has|had|was) "
    r"(?:since |subsequently |then )?been (?:revised|corrected|amended)",
    re.IGNORECASE,
)


def _revised_later(line: str, end: int) -> bool:
    """Tell a figure the rest of its sentence says was revised, no number in between."""
    stop = re.search(r"[。!?！？]|\.(?:\s|$)", line[end:])
    rest = line[end : end + stop.start()] if stop else line[end:]
    later = _REVISED_LATER.search(rest)
    return later is not None and not re.search(r"\d", rest[: later.start()])


#: Inside brackets right after a count and its noun: a breakdown of that count.
_BREAKDOWN_IN_BRACKETS = re.compile(r"\d[^()（）\d]{0,60}[(（][^()（）]{0,40}$")
#: Up to three characters of a compound between a noun and its head (禁运, 登记): no
#: particle or completed verb.
_HEAD_GAP_ZH = re.compile(r"(?:(?![的了和及与在被])[\u4e00-\u9fff]){1,3}")
#: "and" or "or" and the next number, which names the noun both count ("3,870 and 2,215
#: weapons").
_SHARED_NOUN = re.compile(
    r"(?:\s+(?P<adjective>[a-z]+(?:-[a-z]+)*))?"  # "11 intergovernmental and 47 non-governmental …"
    r"(?:\s*,\s*\d[\d.]*(?:,\d{3})*)*\s*,?\s*(?:and|or)\s+[\d,.]*\d"
    r"(?(adjective)\s+[a-z]+(?:-[a-z]+)*)"
)
#: A share of those just counted, then their count in brackets: "a third of them (214".
_SHARE_OF_THEM_THEN_BRACKET = re.compile(
    r"(?:per ?cent|%|half|thirds?|quarters?|fifths?|tenths?) of (?:them|these|those|whom)"
    r"\s*[(（]\s*$",
    re.IGNORECASE,
)
#: "from 16 to 19 entities": the first count is of the noun after the second.
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_FROM_THEN_TO = re.compile(r"\s+to\s+[\d,.]*\d\s+(?P<noun>(?:[A-Za-z][A-Za-z-]*\s+){0,3}[A-Za-z]+)")
#: The modifiers of a count's noun, listed: "1,084 law enforcement, judicial and customs
#: officials", "120 police, customs and border officials".
_MODIFIERS_THEN_NOUN = re.compile(
    r"\s+(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*(?:,\s+(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)*"
    r",?\s+and\s+(?P<noun>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)"
    r"(?=\s*[,.;:()]|\s+(?:in|at|for|from|of|on|to|who|which|that)\b)"
)
#: A span of time written as one modifier ("five-day", "12-month"): no count of its own.
_SPAN_ADJECTIVE = re.compile(r"(?:[A-Za-z]+|\d+)-(?:day|week|month|year|hour)\b", re.I)
#: A sentence that refers to those just counted ("Among them were …", 其中).
_BACK_TO_THOSE = re.compile(r"\s*(?:among|of) (?:them|these|those)\b|\s*其中", re.IGNORECASE)


def _at_a_meeting(quote: str, previous: str, ref: Reference) -> bool:
    """Tell States counted as taking part in a meeting, not by what they did to a treaty.

    The sentence says they attended, took part or were brought together (the keywords
    of ``people_convened``), or refers back to a sentence that does ("… was attended by
    101 States. Among them were 94 States parties").
    """
    attendance = ref.vocabulary.indicator("people_convened").keywords
    if attendance is None:
        return False
    said = quote + (previous if _BACK_TO_THOSE.match(quote) else "")
    return attendance.search(said) is not None


#: Units that count places: a part located in one country cannot count them.
_PLACE_COUNTS = frozenset({"countries", "states", "localities"})
_IN_PLACE = re.compile(r"\s*(?:in|inside|within)\s+(?:the\s+)?|\s*(?:在|位于)")


def _in_one_country(line: str, pos: int, ref: Reference) -> bool:
    """Tell a count said to be in one country or territory ("2,150 in Togo", 在马里)."""
    where = _IN_PLACE.match(line, pos)
    if where is None:
        return False
    place = ref.place_pattern.match(line, where.end())
    return bool(place) and ref.places[place.group(0)].kind in ("country", "territory")


def _over_means_during(line: str, token: Token) -> bool:
    """Tell "over" before a span of time that says when, not how long (see _OVER_A_SPAN)."""
    if _SPAN_OF_TIME.match(line, token.end):
        return True
    before, span = _OVER_A_SPAN
    return bool(
        before.search(line, 0, token.start)
        and span.match(line, token.end)
        and not _HOW_LONG_BEFORE_OVER.search(line, 0, token.start)
    )


def _is_amount(unit: str | None, ref: Reference) -> bool:
    """Tell a sum of money or a share, which a measure word never counts."""
    return unit == "percent" or any(code == unit for _, _, code in ref.currencies)


def _unit(
    line: str,
    token: Token,
    pos: int,
    next_start: int,
    ref: Reference,
    lang: str,
    lookahead: str,
    sentence_start: int,
) -> str | None:
    """Return the unit named after the number, else by a label or "the number of" before it."""
    limit = next_start if next_start < len(line) else len(line) + len(lookahead)
    if _SPAN_ADJECTIVE.match(line, next_start):
        limit = len(line)  # "2 five-day courses": the next number is of a modifier
    unit = _unit_after(line + lookahead, pos, limit, ref, lang)
    if unit is not None:
        return unit
    paired = _unit_of_a_pair(line, token, ref)
    if paired is not None:  # "(weapons/tonnes of ammunition): Bulgaria, 5,330/88"
        return paired
    past = _past_an_exact_figure(line, token, pos)
    if past is not None:  # "close to 1.4 million (1,386,420) firearms": both count firearms
        unit = _unit_after(line, past, len(line), ref, lang)
        if unit is not None:
            return unit
    shared = _SHARED_NOUN.match(line, pos, next_start + 20) if lang == "en" else None
    if shared and shared.end() > next_start:  # "marking 3,870 and 2,215 weapons"
        unit = _unit_after(line, shared.end(), len(line), ref, lang)
        if unit is not None:
            return unit
    if lang == "en":
        shared = (
            _FROM_THEN_TO.match(line, pos) if _FROM_BEFORE.search(line, 0, token.start) else None
        )
        shared = shared or _MODIFIERS_THEN_NOUN.match(line, pos)
        unit = _first_unit(shared.group("noun"), ref) if shared else None
        if (
            unit is not None
        ):  # "grew from 16 to 19 entities", "1,084 judicial and customs officials"
            return unit
    share = _SHARE_OF_THEM_THEN_BRACKET.search(line, sentence_start, token.start)
    if share:  # "training 640 practitioners, a third of them (214)": what they are
        unit = _last_unit(line[sentence_start : share.start()], ref)
        if unit is not None:
            return unit
    named_after = _NUMBER_OF_AFTER.match(line, pos)
    if named_after:  # "bringing to 109 the number of projects"; "of donors": of its own
        return _first_unit(named_after.group("noun"), ref) or "unspecified"
    part = _OF_THEM_THEN_NOUN.match(line, pos)
    if part:  # "96 officers, 19 of them women": the part names its own noun
        unit = _unit_after(line, part.end(), limit, ref, lang)
        if unit is not None:
            return unit
    whole = _OF_THE_WHOLE.match(line, pos)
    if whole:  # "8 of the 13 projects": the part counts what the whole counts
        unit = _unit_after(line, whole.end(), len(line), ref, lang)
        if unit is not None:
            return unit
    before = line[sentence_start : token.start]
    if lang == "zh":
        noun = _noun_before(before, classifier_at(line, pos), ref) or _subject_of_a_change(
            line, token, pos, ref
        )
        if noun is not None:
            return noun
    sentence = line[_sentence_start(line, token.start) : token.start]
    hints = _CLASSIFIER_HINTS.get(classifier_at(line, pos) or "")
    listed = (
        (_noun_of_a_bracketed_series(line, token, sentence, ref) if lang == "en" else None)
        or _noun_of_a_place_list(sentence, ref)
        or _noun_before_bracket(before, ref)
    )
    if lang == "zh" and _COUNT_THEN_BRACKET_ZH.search(before):
        listed = None  # 销毁其中的 1 980 件（布尼亚 730 件，…）: parts of the count before
    if listed and (not hints or listed in hints):
        # "recovered weapons in Burkina Faso (1,200), Mali (850)": weapons; 销毁武器较多的是
        # 马里（1 200 件）; 会员国（共 19 个）
        return listed
    if lang == "en" and _THE_FIGURE_OF.search(sentence):
        restated = _last_unit(sentence, ref)
        if restated is not None:  # "For weapons destroyed …, the figure of 4,500 …"
            return restated
    if lang == "en" and _THE_CORRECT_FIGURE.search(sentence):
        # "The number of States …, given as 7 in … (A/78/126, para. 8), was understated;
        # the correct figure is 9": what was named last, past the sentence's clauses
        restated = _last_unit(line[max(0, token.start - _RESTATED_REACH) : token.start], ref)
        if restated is not None:
            return restated
    base = _BASE_OF_A_CHANGE.search(sentence) if lang == "en" else None
    if base:  # "1.42 million firearms, 8 per cent more than the 1.31 million": firearms
        unit = _last_unit(_PERCENTAGE_NOUNS.sub("", sentence[: base.start()]), ref)
        if unit is not None:
            return unit
    numbering = _NOUN_NUMBERING.search(sentence) if lang == "en" else None
    if numbering and numbering.group("noun").lower() in ref.units:
        return ref.units[numbering.group("noun").lower()]  # "fellows, numbering 28"
    subject = _EN_SUBJECT_OF_A_COUNT.search(sentence) if lang == "en" else None
    if subject:  # "the weapons handed in numbered a mere 1,126", "its staff rose from 3 to 11"
        unit = _english_unit(_LEADING_DETERMINERS.sub("", subject.group("subject")), ref)
        if unit not in (None, "unspecified"):
            return unit
    if lang == "zh" and _THIS_FIGURE_ZH.search(sentence):
        # 销毁的武器数量有误。经核实，该数字应为 5 400 件: the number the sentence before named
        earlier = _previous_sentence(line, _sentence_start(line, token.start)) + sentence
        numbers = [m.group("zh") for m in _NUMBER_OF.finditer(earlier) if m.group("zh")]
        restated = _last_unit(numbers[-1], ref, hints) if numbers else None
        if restated is not None:
            return restated
    if classifier_at(line, pos) in _UNCOUNTED_CLASSIFIERS:
        return None  # 每 10 万人 6.8 起: incidents, whatever the group before names
    named_of = _NOUN_OF_BEFORE.search(line, 0, token.start) if lang == "en" else None
    if (
        named_of
        and named_of.group("noun").lower() in ref.units
        and _NOTHING_AFTER.match(line, pos)  # not "in the course of 17 field inspections"
    ):
        return ref.units[named_of.group("noun").lower()]  # "an average attendance of 34"
    return _unit_named_earlier(line, token, pos, before, hints, ref, lang)


#: A change of a count from one value to another, its subject before 由 or 从: 设立联络点的国家
#: 由 2005 年的 102 个增至 2008 年的 139 个; 签署国已由通过时的 42 个增至 100 个以上.
_ZH_CHANGE_FROM = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{1,12}?)(?:已经?|则)?(?:由|从)(?P<between>[^，。；,;]{0,30})$"
)
_ZH_CHANGE_TO = re.compile(
    r"(?:增至|减至|降至|升至|增加到|减少到|增加至|减少至|上升到|下降到|上升至|下降至)"
)
_ZH_CHANGE_REACH = 30


#: A comparison, its subject before 比 and the difference after: 提交报告的会员国比 2008 年少
#: 11 个 (11 States fewer).
_ZH_COMPARED = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{1,12}?)(?:的?数量|的?总数|数)?比[^，。；,;]{1,30}?"
    r"(?:多|少|增加|减少|多出)了?\s*$"
)


#: A noun of the vocabulary, then "of" and the number: "an average attendance of 34".
_NOUN_OF_BEFORE = re.compile(r"\b(?P<noun>[A-Za-z][a-z\-]+) of\s*$")
#: Nothing of the count's own after it: the clause goes on or ends.
_NOTHING_AFTER = re.compile(r"\s*(?:[,;:.)]|and\b|$)")
#: A number in brackets right after another, stating it exactly: "1.4 million (1,386,420)".
_EXACT_IN_BRACKETS_AFTER = re.compile(r"\s*[(（]\s*\d[\d,.\s]*[)）]")
_ROUNDED_BEFORE = re.compile(r"\d[\d,.]*\s*(?:million|billion|thousand|万|亿)?\s*[(（]\s*$")


def _past_an_exact_figure(line: str, token: Token, pos: int) -> int | None:
    """Return where the noun of a rounded figure and its exact value in brackets begins.

    "close to 1.4 million (1,386,420) firearms seized": after the bracket, for both.
    """
    after = _EXACT_IN_BRACKETS_AFTER.match(line, pos)
    if after:
        return after.end()
    closing = re.compile(r"\s*[)）]").match(line, token.end)
    if closing and _ROUNDED_BEFORE.search(line, 0, token.start):
        return closing.end()
    return None


def _unit_of_a_pair(line: str, token: Token, ref: Reference) -> str | None:
    """Return what a number of a pair (5,330/88) counts, as the pairs' header names it."""
    first = line.startswith("/", token.end)
    if not (first or line[: token.start].endswith("/")):
        return None
    headers = list(
        PAIR_HEADER.finditer(line, _whole_sentence_start(line, token.start), token.start)
    )
    if not headers:
        return None
    return _first_unit(headers[-1].group("first" if first else "second"), ref)


#: A change by a count right after its subject: 缔约国由此增加 3 个 (three States parties more).
_ZH_CHANGED_BY = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{1,12}?)(?:由此|因此|随之|又|再|共|已)?(?:增加|减少|新增)了?\s*$"
)


def _subject_of_a_change(line: str, token: Token, pos: int, ref: Reference) -> str | None:
    """Return the unit of the subject of a change a count is the start, end or size of."""
    clause = line[_sentence_start(line, token.start) : token.start]
    after = line[pos : pos + _ZH_CHANGE_REACH]
    for pattern in (_ZH_CHANGE_FROM, _ZH_COMPARED, _ZH_CHANGED_BY):
        start = pattern.search(clause)
        if start and (
            pattern is not _ZH_CHANGE_FROM
            or _ZH_CHANGE_TO.search(start.group("between"))
            or _ZH_CHANGE_TO.search(after)
        ):
            break
    else:
        return None
    cls = classifier_at(line, pos)
    if cls == "倍":
        return None  # 从 60 名增至十倍: a multiple counts nothing
    unit = _last_unit(start.group("subject"), ref, _CLASSIFIER_HINTS.get(cls or ""))
    return None if unit in _TIME_UNITS else unit  # not the 年 of 青年


def _unit_named_earlier(
    line: str,
    token: Token,
    pos: int,
    before: str,
    hints: tuple[str, ...] | None,
    ref: Reference,
    lang: str,
) -> str | None:
    """Return the unit of a count no noun names nearby, from what its sentence named earlier.

    The group it is of, a label, "the number of", the sentence's topic or opening, a
    list's lead; in Chinese, what its measure word can count, named earlier. Only a unit
    the measure word can count (``hints``).
    """
    # the group the count is of, a label, "the number of": what the measure word can count
    group = _GROUP_OPENING.match(before)
    label = _LABEL_BEFORE.search(before) or _LABEL_THEN_COMMA.search(before)
    # not "the number of" a count before it names ("bringing to 17 the number of States …,
    # and published 9 research papers")
    named = [
        m for m in _NUMBER_OF.finditer(before) if not _A_COUNT_BEFORE.search(before, 0, m.start())
    ]
    just = _GROUP_JUST_BEFORE.search(before)
    for noun in (
        group and (group.group("group") or group.group("zh")),  # "Among the States that …, 29"
        just and just.group("group"),  # "found that, of the 97 States, 86 favoured …"
        label and label.group("label"),  # "Weapons destroyed: 1,980", "; participants, 354"
        named and (named[-1].group("noun") or named[-1].group("zh")),  # 武器数量为 …
    ):
        found = _first_unit(noun, ref) if noun else None
        if found and hints and found not in hints:  # 按国家分列的收缴武器数量为：…件: weapons
            found = _last_unit(noun, ref, hints)
        if found:
            return found
    whole = line[_whole_sentence_start(line, token.start) : token.start]
    named = _noun_the_sentence_names(whole, line, pos, ref)
    if named is not None and (not hints or named in hints):
        return named
    noted = _unit_of_a_unit_note(line, token, ref) if lang == "zh" else None
    if noted is not None:
        return noted
    lead = _LIST_AS_FOLLOWS.search(line, max(0, token.start - 300), token.start)
    listed = _last_unit(lead.group("lead"), ref, hints) if lead else None
    if listed is not None:  # "the destruction of surplus weapons as follows: in Burundi, 1,200"
        return listed
    among = _among_them_zh(line, token, pos, ref) if lang == "zh" else None
    if among is not None:
        return among
    if lang == "zh" and classifier_at(line, pos) in _MEASURES_OF_A_KIND:
        # 交出的武器，包括自动步枪……，共 470 件; 共查获非法枪支 2 455 件。按国家分列的查获数量如下：
        # 牙买加：1 020 件: what the measure word can count, named earlier
        start = _sentence_start(line, token.start)
        earlier = _previous_sentence(line, start) + line[start : token.start]
        counted = [
            m.group("noun")
            for m in _NOUN_COUNTED_IN.finditer(earlier)
            if m.group("cls") == classifier_at(line, pos)
        ]  # 收缴武器 2 475 件、弹药 18.6 万发，销毁其中的 1 980 件: weapons, counted in 件 too
        found = (_last_unit(noun, ref, hints) for noun in reversed(counted))
        return next((unit for unit in found if unit), None) or _last_unit(earlier, ref, hints)
    return None


#: A note of the measure the numbers after it are in: 各地销毁数量(单位：件)如下.
_UNIT_NOTE_ZH = re.compile(r"[（(]\s*单位\s*[：:]\s*(?P<cls>[\u4e00-\u9fff]{1,3})\s*[）)][^。；]*$")


def _unit_of_a_unit_note(line: str, token: Token, ref: Reference) -> str | None:
    """Return what numbers count after a note of their measure (单位：件), named before it.

    协助销毁了收缴的武器，各地销毁数量(单位：件)如下：布尼亚 3 120，马哈吉 1 460: weapons.
    """
    start = _whole_sentence_start(line, token.start)
    note = _UNIT_NOTE_ZH.search(line, start, token.start)
    if note is None:
        return _unit_of_a_measures_note(line, start, token, ref)
    cls = note.group("cls")
    hints = _CLASSIFIER_HINTS.get(cls)
    earlier = _previous_sentence(line, start) + line[start : note.start()]
    return _last_unit(earlier, ref, hints) if hints else _CLASSIFIER_UNITS.get(cls)


#: A note of what each number of an item counts: 如下(武器以件计，弹药以发计)：伊图里 3 870 和
#: 41.2 万.
_MEASURES_NOTE_ZH = re.compile(
    r"[（(](?P<note>[^（）()]*以[\u4e00-\u9fff]{1,2}计[^（）()]*)[）)]\s*[：:][^。]*$"
)
_MEASURED_AS_ZH = re.compile(r"(?P<noun>[\u4e00-\u9fff]+?)以[\u4e00-\u9fff]{1,2}计")
_A_NUMBER = re.compile(r"\d[\d,.]*(?:\s\d{3})*")


def _unit_of_a_measures_note(line: str, start: int, token: Token, ref: Reference) -> str | None:
    """Return what the n-th number of a list's item counts, as a note of measures names it.

    (武器以件计，弹药以发计)：伊图里 3 870 和 41.2 万: the first counts weapons, the second
    ammunition.
    """
    note = _MEASURES_NOTE_ZH.search(line, start, token.start)
    if note is None:
        return None
    nouns = _MEASURED_AS_ZH.findall(note.group("note"))
    item = max(line.rfind(mark, note.end("note"), token.start) for mark in "；;：:")
    at = len(_A_NUMBER.findall(line, item, token.start))
    return _first_unit(nouns[at], ref) if at < len(nouns) else None


#: A count and its measure word, then a bracket the count in question is in.
_COUNT_THEN_BRACKET_ZH = re.compile(r"\d[\d\s,.]*(?:万|亿)?\s*[件支发枚把具门]\s*[（(][^（()）]*$")


def _among_them_zh(line: str, token: Token, pos: int, ref: Reference) -> str | None:
    """Return the noun of the count a 个 count breaks down, named before the breakdown.

    A sentence opened with 其中: 共有 109 个会员国提交了报告。其中：(a) 报告已建立数据库的 81
    个；(b) …的 46 个 (States); 已有 63 个会员国提交了报告。其中 49 个使用了新模板. A breakdown
    by a kind: 基金遴选了 21 个项目；按区域分列，非洲 9 个，欧洲 3 个 (projects).
    """
    if classifier_at(line, pos) != "个":
        return None
    start = _whole_sentence_start(line, token.start)
    among = _AMONG_THEM_ZH.match(line, start)
    by = None if among else _BROKEN_DOWN_BY_ZH.search(line, start, token.start)
    if among is None and by is None:
        return None
    counts = list(_COUNT_IN_GE.finditer(line, 0, by.start() if by else start))
    for count in reversed(counts):  # not 121 个有所减少: the last with its noun
        after = ref.unit_pattern.search(count.group("noun"))
        # 会员国有 113 个，较上年的 116 个略有减少。其中 41 个: the noun before the count
        unit = (
            ref.units[after.group(0)] if after else _noun_before(line[: count.start()], "个", ref)
        )
        if unit is not None:
            return unit
    return None


#: A sentence opening with 其中, its whole counted in the sentence before.
_AMONG_THEM_ZH = re.compile(r"\s*其中\s*(?:[：:，,]|(?=\d))")
#: A breakdown by a kind (按区域分列，): its parts count what was counted before it.
_BROKEN_DOWN_BY_ZH = re.compile(r"按[\u4e00-\u9fff]{1,6}分列\s*[，,：:]")


#: A count in 个 and the noun after it: 109 个会员国.
_COUNT_IN_GE = re.compile(r"\d[\d\s,.]*\s*个(?P<noun>[\u4e00-\u9fff]{0,6})")
#: A noun, then its count and measure word: 武器 2 475 件, 弹药 18.6 万发.
_NOUN_COUNTED_IN = re.compile(
    r"(?P<noun>[\u4e00-\u9fff]{1,8}?)\s*\d[\d\s,.]*(?:万|亿)?\s*(?:多|余)?(?P<cls>[件支发枚把具门])"
)


#: "the figure of" right before a number: it restates a measure its sentence named before.
_THE_FIGURE_OF = re.compile(r"\b(?:the|a|this|that) (?:figure|total) of\s*$", re.IGNORECASE)
#: A figure that corrects one named before: "…; the correct figure is 9".
_THE_CORRECT_FIGURE = re.compile(
    r"\b(?:correct|revised|actual|right|accurate|updated) (?:figure|number|total)"
    r" (?:is|was|should be|should read|reads|stands at)\s*$"
    # "In Uganda, the figure reached 17,340": the measure named in the sentence before
    r"|\b(?:the|this|that) (?:figure|total) (?:reached|stood at|rose to|fell to|came to)\s*$",
    re.IGNORECASE,
)
#: How far back a restated figure's measure may be named (characters).
_RESTATED_REACH = 300
#: 该数字 (this figure) in a Chinese sentence: its count restates one named before.
_THIS_FIGURE_ZH = re.compile(r"(?:该|这一|此|上述)(?:数字|数目|数量|总数)")


def _last_unit(text: str, ref: Reference, hints: tuple[str, ...] | None = None) -> str | None:
    """Return the unit of the last noun of the vocabulary in ``text`` (of ``hints``, if given)."""
    units = [ref.units[m.group(0)] for m in ref.unit_pattern.finditer(text)]
    units = [u for u in units if not hints or u in hints]
    return units[-1] if units else None


#: A share in words and the whole it is of: "a third of the replying States".
_SHARE_OF_A_WHOLE = re.compile(
    r"\b(?:half|thirds?|quarters?|fifths?|majority|per ?cent|%)\s+of\s+"
    r"(?:the\s+|all\s+|those\s+|these\s+)?(?P<noun>[A-Za-z][A-Za-z' -]{0,40})",
    re.IGNORECASE,
)


def _whole_of_a_share(sentence: str, ref: Reference) -> str | None:
    """Return the unit of the whole the last share of ``sentence`` is of, if it names one."""
    shares = list(_SHARE_OF_A_WHOLE.finditer(sentence))
    return _english_unit(shares[-1].group("noun"), ref) if shares else None


#: The subject of a verb that gives its size, before the count: "the weapons handed in
#: numbered a mere 1,126", "its staff rose from 3 to 11", "Battle-related deaths fell for a
#: fourth consecutive year, to about 53,600".
_EN_SUBJECT_OF_A_COUNT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:but|and|while|whereas)\s+)"
    r"(?P<subject>(?:[A-Za-z][\w'’\-]*\s+){0,5}?[A-Za-z][\w'’\-]*)\s+"
    r"(?:numbered|totall?ed|stood at|amounted to|came to|reached"
    r"|(?:had |has |have )?(?:rose|risen|fell|fallen|grew|grown|increased|decreased|declined"
    r"|dropped|climbed)\b[^;:.\d]{0,40}?(?:\bfrom\s+\d[\d,.]*\s+)?\b(?:to|from))"
    r"\s+(?:a mere |only |just |some |about |around |approximately |roughly |nearly |almost )?$",
)
#: A noun, then "numbering" and its count: "its third cohort of fellows, numbering 28".
_NOUN_NUMBERING = re.compile(
    r"(?P<noun>[A-Za-z][\w\-]*),?\s+numbering\s+(?:some\s+|about\s+|around\s+|nearly\s+)?$"
)
#: A change in per cent, then the count it is measured from: "8 per cent more than the".
_BASE_OF_A_CHANGE = re.compile(
    r"\d\s*(?:per ?cent|%)\s+(?:more|less|fewer|higher|lower|above|below|up|down)\s+"
    r"(?:than|on|from)\s+(?:the\s+|in\s+)?$",
    re.IGNORECASE,
)
_PERCENTAGE_NOUNS = re.compile(r"per ?cent(?:age)?|%", re.IGNORECASE)
#: Words that open a noun phrase before its modifiers and noun.
_LEADING_DETERMINERS = re.compile(
    r"^(?:(?:but|and|yet|so|while|whereas|the|its|their|his|her|this|these|those|all)\s+)+",
    re.IGNORECASE,
)


#: The second number of a pair, a percentage: "from 38 to 52 per cent", "12 or 15 %".
_PERCENT_OF_THE_PAIR = re.compile(
    r"\s*(?:to|and|or|-|–|至|到)\s*\d[\d.,]*\s*(?:%|％|per ?cent\b|percent\b)", re.IGNORECASE
)
#: A percentage written with its sign or word, which a bare count after it may share
#: ("from 12 per cent to 15").
_PERCENT_WRITTEN = re.compile(r"\d\s*(?:%|％|per ?cent)|百分", re.IGNORECASE)
#: A percentage, then a bracket opening right before a count: the count it stands for.
_COUNT_OF_A_PERCENTAGE = re.compile(r"(?:%|％|per ?cent)\s*[(（]\s*$", re.IGNORECASE)
#: A share that says "more than half": 过半数, "a majority of", "the majority of".
_MORE_THAN_A_SHARE = re.compile(
    r"过半|大多数|(?:a|the)\s+(?:\w+\s+)?majority|a good half|the bulk", re.IGNORECASE
)
#: A count that is of people by what it is said to be: "312 (41 per cent) were women".
_WERE_PEOPLE = re.compile(
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:were|are|was|is)\s+(?:women|men|girls|boys|children|female)\b",
    re.IGNORECASE,
)
#: An amount's multiplier abbreviated right after its digits: "US$ 4.7m", "$1.2bn".
_ABBREVIATED_MULTIPLIER = re.compile(r"(?P<mult>m|bn)(?![A-Za-z])")
_ABBREVIATED_VALUE = {"m": 1_000_000.0, "bn": 1_000_000_000.0}


def _abbreviated_multiplier(line: str, token: Token, pos: int, ref: Reference) -> tuple[float, int]:
    """Return the multiplier of "US$ 4.7m" (a currency before: not 5m, five metres), and its end."""
    m = _ABBREVIATED_MULTIPLIER.match(line, token.end)
    if m and ref.currency_before.search(line[: token.start]):
        return _ABBREVIATED_VALUE[m.group("mult")], m.end()
    return 1.0, pos


#: The end of a whole sentence (not of a clause: "；" goes on with the same opening).
_WHOLE_SENTENCE_END = re.compile(r"[。!?！？]|\.\s")


#: An opening naming the topic of the sentence's counts: "As to weapons, …", 至于武器，….
_TOPIC_OPENING = re.compile(
    r"^\s*(?:As (?:to|for|regards)|Regarding|With regard to|In terms of|至于)\s*"
    r"(?P<noun>[^,，]{2,40})[,，]",
    re.IGNORECASE,
)
#: "… in A and B — 4,120 and 1,530, respectively": counts of what the sentence named before.
_RESPECTIVELY = re.compile(
    r"(?:\s*(?:,|and)\s*\d[\d,.]*)*,?\s*respectively\b|(?:\s*(?:、|和)\s*\d[\d\s.]*)*\s*(?:件|支)?"
    r"\s*,?\s*分别",
    re.IGNORECASE,
)
#: "Violent deaths in 2012 alone numbered some 490,000": the noun of the count before it.
_NUMBERED = re.compile(
    r"(?P<noun>[A-Za-z][A-Za-z0-9 ]{2,80})\s+"
    r"(?:numbering|numbered|totalling|totaling|totalled|totaled|stood at|amounted to)"
    r"\s+(?:some |about |nearly |approximately |around )?$"
)


def _whole_sentence_start(line: str, at: int) -> int:
    """Return where the whole sentence holding ``line[at]`` starts (past any "；")."""
    ends = [m.end() for m in _WHOLE_SENTENCE_END.finditer(line, 0, at)]
    return ends[-1] if ends else 0


def _noun_the_sentence_names(whole: str, line: str, pos: int, ref: Reference) -> str | None:
    """Return the unit a count without a noun takes from its sentence, if the sentence gives one.

    Its topic ("As to weapons, the Mission collected 3,200"), the whole its opening names
    ("Of the 16 projects, …; among them, 6 …"), the noun of "N and M, respectively"
    named before, or the subject of "numbered".
    """
    topic = _TOPIC_OPENING.match(whole)
    if topic:
        return _first_unit(topic.group("noun"), ref)
    opening = _OF_THE_OPENING.match(whole.lstrip())
    if opening:
        found = _first_unit(opening.group("whole") or opening.group("whole_zh"), ref)
        if found:
            return found
    if _RESPECTIVELY.match(line, pos):
        found = _last_unit(whole, ref)
        if found:
            return found
    numbered = _NUMBERED.search(whole)
    if numbered:
        return _last_unit(numbered.group("noun"), ref)
    level = _LEVEL_OF_ITS_SUBJECT.search(whole)
    subject = level.group("noun") if level else ""
    named = ref.unit_pattern.search(subject[:1].lower() + subject[1:])
    return ref.units[named.group(0)] if named else None


#: A count that is the level its subject came to: "Combined attendance thus came to 238".
_LEVEL_OF_ITS_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*)(?P<noun>[A-Za-z][A-Za-z' -]{2,60}?)\s+"
    r"(?:came to|stood at|totall?ed|amounted to|reached)\s*$"
)


def _past_its_sentence_opening(line: str, token: Token, unit: str, ref: Reference) -> bool:
    """Tell a count past an opening that names its whole, in a later clause of the sentence.

    "在 16 个获资助项目中，将…的有 6 个；以妇女组织为执行伙伴的项目共 3 个": the 3 is of the
    16 too, though "；" starts a clause of its own; so is "Of the 14 projects, 9 …; 3 …".
    """
    sentence = line[_whole_sentence_start(line, token.start) : token.start]
    opening = _OF_THE_OPENING.match(sentence.lstrip())
    return (
        opening is not None
        and _first_unit(opening.group("whole") or opening.group("whole_zh"), ref) == unit
    )


def _sentence_start(line: str, at: int) -> int:
    """Return where the sentence holding ``line[at]`` starts (a list may span its clauses)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line, 0, at)]
    return ends[-1] if ends else 0


_SENTENCE_END = re.compile(r"[。；;!?！？]|\.\s")
_PLACE_THEN_BRACKET = re.compile(r"\s*[(（]\s*(?:共|约|近|计)?\s*$")
_NUMBER_THEN_NOUN = re.compile(r"\d[\d,.]*\s+(?:[A-Za-z\-]+\s+){0,3}$")
#: A name (capitalized words) as an item of a list, after a colon, a comma or "and".
_A_NAME_LISTED = re.compile(
    r"(?:(?<=[:,;]\s)|(?<=\band\s)|(?<=\bin\s))(?:[A-Z][\w'’\-]*\s?){1,3}$"
)  # "collected in North Kivu (704) and South Kivu (464)"


def _noun_of_a_place_list(before: str, ref: Reference) -> str | None:
    """Return the noun counted place by place in brackets: "weapons in Mali (850)".

    The number follows a place name and an opening bracket; the noun is the last one of
    the sentence before it that no number counts ("recovered weapons in …").
    """
    bracket = _PLACE_THEN_BRACKET.search(before)
    if bracket is None:
        return None
    named = list(ref.place_pattern.finditer(before))
    places = [m for m in named if m.end() == bracket.start()]
    if not places:  # "destroyed at 4 sites: Bunia (2,340), Goma (1,415)": a list's names
        places = list(_A_NAME_LISTED.finditer(before, 0, bracket.start()))[-1:]
    if not places:
        return None
    nouns = [
        m
        for m in ref.unit_pattern.finditer(before, 0, places[0].start())
        if not any(p.start() <= m.start() < p.end() for p in named)  # 共和国 is no 国
    ]
    uncounted = [m for m in nouns if not _NUMBER_THEN_NOUN.search(before, 0, m.start())]
    if uncounted:
        return ref.units[uncounted[-1].group(0)]
    # "the destruction of 32,935 weapons in three countries: Bosnia and Herzegovina
    # (12,990), …": the places break down the count of things, not of places
    things = [ref.units[m.group(0)] for m in nouns if ref.units[m.group(0)] not in _PLACE_COUNTS]
    return things[-1] if things else None


#: A count alone in brackets: "ammunition management (7)".
_BARE_BRACKETED_COUNT = re.compile(r"\(\s*\d[\d,.]*\s*\)")
#: Where an English sentence ends.
_EN_SENTENCE_END = re.compile(r"[.;](?:[⁰¹²³⁴⁵⁶⁷⁸⁹]*\s|$)")


def _noun_of_a_bracketed_series(
    line: str, token: Token, sentence: str, ref: Reference
) -> str | None:
    """Return the sentence's first noun for a series of three or more bare counts in brackets.

    "the projects selected address ammunition management (7), the implementation of the
    Programme of Action (6), the Arms Trade Treaty (4) and …": each item's label says
    what the count is about, the sentence's first noun what it counts.
    """
    opened = line.rfind("(", 0, token.start)
    if opened < 0 or not _BARE_BRACKETED_COUNT.match(line, opened):
        return None
    end = _EN_SENTENCE_END.search(line, token.end)
    series = line[token.start - len(sentence) : end.start() if end else len(line)]
    if len(_BARE_BRACKETED_COUNT.findall(series)) < 3:
        return None
    nouns = [
        m
        for m in ref.unit_pattern.finditer(sentence)
        if not _NUMBER_THEN_NOUN.search(sentence, 0, m.start())
    ]
    return ref.units[nouns[0].group(0)] if nouns else None


#: "The number of" after a Chinese noun: 项目数, 人数, 缔约国总数 (or nothing).
_NUMBER_OF_ZH = re.compile(r"(?:总数|数目|数量|数)?$")


def _noun_before_bracket(before: str, ref: Reference) -> str | None:
    """Return the unit of a noun the count follows in brackets: "the assessed States (14"."""
    bracket = _PLACE_THEN_BRACKET.search(before)
    if bracket is None:
        return None
    # 已核准项目数(31 个): the number of projects
    noun_end = bracket.start() - len(_NUMBER_OF_ZH.search(before, 0, bracket.start())[0])
    nouns = [m for m in ref.unit_pattern.finditer(before, 0, noun_end)]
    if not nouns or nouns[-1].end() != noun_end:
        return None
    unit = ref.units[nouns[-1].group(0)]
    return None if unit in _TIME_UNITS else unit


#: Words that begin with a one-character noun of the vocabulary but are not it (国际组织
#: is international organizations, not 国 States).
_WORDS_OF_ONE_CHAR = ("国际", "国内", "国防", "国民")
#: Units of time: a time named before a count is when, not what, it counts.
_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours"})
#: Words between a noun and its count written after it (武器 640 件, 枪支逾 55 万件,
#: 小武器达 1.2 万件, 培训分十期, 成员实体增至 25 个, 国家从 2018 年的 120 个,
#: 15 个成员国中已有 13 个, 会员国只有 44 个, 会员国仅剩 5 个).
_LINK_TO_COUNT = re.compile(
    r"(?:中\s*[，,]?\s*)?(?:总数|总额|数目|数量|数)?(?:现|仍|还|尚|也|均|都|又|分别|只|仅|则)?已?(?:共计|总计|合计|累计|多达|超过|将近|共|达|逾|约|近|计|为|有|剩下|剩|分"
    r"|(?:增|增加|增长|升|上升|减|减少|降|下降)(?:至|到)|达到|从(?![未不来事而])[^，。；从]{0,15}"
    r"|在)?\s*\Z"  # 人数在 50 万至 75 万之间
)


def _noun_before(before: str, cls: str | None, ref: Reference) -> str | None:
    """Return the unit of the noun a Chinese count follows, when none follows the count.

    The noun must end where the count begins (save a linking word such as 达 or 逾),
    and suit the count's measure word (件 counts weapons, not countries).
    """
    if cls in _UNCOUNTED_CLASSIFIERS:
        return None
    head = _without_links(before, ref)
    ends = [m for m in ref.unit_pattern.finditer(head) if m.end() == len(head)]
    named = [m for m in ref.place_pattern.finditer(head) if m.end() == len(head)]
    if not ends or named or head.endswith("全国"):
        return None  # 西欧和其他国家 9 个: a place's name (a group of States); 全国: nationwide
    last = max(ends, key=lambda m: len(m.group(0)))
    unit = _first_of_the_list_ending(head, last.start(), ref) or ref.units[last.group(0)]
    if unit in _TIME_UNITS:
        return None  # 上一年为 29 个: a time, not the things counted
    if unit == "unspecified":
        return unit  # 所作的发言有 26 次: a noun of another kind, whatever the measure word
    hints = _CLASSIFIER_HINTS.get(cls or "")
    return unit if not hints or unit in hints else None


#: What joins two nouns of a list, and a modifier of the second (和遗弃|弹药).
_JOIN_THEN_MODIFIER = re.compile(r"\s*(?:、|和|及|与|或|以及)\s*(?:(?!的)[\u4e00-\u9fff]){0,3}$")


def _first_of_the_list_ending(head: str, at: int, ref: Reference) -> str | None:
    """Return the unit of the first noun of a list of nouns ending at ``at``, if a list.

    清除和销毁未爆弹药和遗弃弹药 2.14 万余件: the first counts (explosive items), as it does
    after a count (1 200 件武器和弹药).
    """
    first = None
    while join := _JOIN_THEN_MODIFIER.search(head, 0, at):
        nouns = [m for m in ref.unit_pattern.finditer(head, 0, join.start())]
        if not nouns or nouns[-1].end() != join.start():
            break
        if re.search(r"\d\s*$", head[: nouns[-1].start()]):
            break  # 弹药 236 吨和武器零部件 4 300 余件: 吨 measures the count before, no noun
        first, at = nouns[-1], nouns[-1].start()
    return ref.units[first.group(0)] if first else None


def _without_links(before: str, ref: Reference) -> str:
    """Return ``before`` without the linking and qualifying words that end it (约有, 至少有)."""
    zh, _, _ = _before_words(ref.qualifier_words)
    head = before.rstrip()
    while True:
        cut = head[: _LINK_TO_COUNT.search(head).start()].rstrip()
        cut = next((cut[: -len(word)].rstrip() for word, _ in zh if cut.endswith(word)), cut)
        if cut == head:
            return head
        head = cut


def _first_unit(text: str, ref: Reference) -> str | None:
    """Return the unit of a label ("Weapons destroyed"): its noun phrase's unit."""
    if text[:1].isascii():
        text = text.strip()
        return _english_unit(text[:1].lower() + text[1:], ref) or _english_unit(text, ref)
    m = ref.unit_pattern.search(text)
    return ref.units[m.group(0)] if m else None


def classifier_at(line: str, pos: int) -> str | None:
    """Return the Chinese measure word at ``pos`` (after spaces), if any."""
    rest = line[pos:].lstrip()
    return next((c for c in CLASSIFIERS if rest.startswith(c)), None)


_OF_THEM_THEN_NOUN = re.compile(
    r"\s+of (?:them|whom)(?:\s+(?:were|are|was|is))?(?=\s+[a-z]+\b(?<!ed)(?!\s+(?:by|in|to)\b))"
)
#: A word then a determiner after a number: the word is a verb ("3 cover both …").
_VERB_THEN_DETERMINER = re.compile(
    r"[a-z]+\s+(?:both|the|a|an|its|their|all|each|these|those|this|that)\b"
)
_ONES = re.compile(r"(?:[a-z\-]+\s+){0,2}ones\b")
#: A plural noun, then a relative pronoun: "6 airstrips that were …" (a noun, no verb).
_NOUN_THEN_RELATIVE = re.compile(r"[a-z]+[^s\W]s\s+(?:that|which|who)\b")
_PART_OPENING = re.compile(r"\b(?:of (?:which|them|these|those)|among them)\s+\S+\s*$", re.I)


#: A span of time saying when a count was: "94 two years earlier", "61 a year before".
_A_SPAN_AGO = re.compile(
    r"(?:a|one|two|three|four|five|six|\d+)\s+(?:years?|months?|weeks?)\s+"
    r"(?:earlier|before|ago|previously)\b",
    re.IGNORECASE,
)


def _own_noun_follows(line: str, pos: int, classifier_before: str | None, ref: Reference) -> bool:
    """Tell whether a noun of its own follows a number ("in 6 provinces", "6 个省").

    In English, a plural noun within three words ("6 northern provinces"); "950 held
    by …", "69 have ratified", "29 in the previous year" have none.

    In Chinese, a measure word followed by more text counts its own noun, unless it is
    the previous figure's measure word (the same noun again); one that ends the clause
    ("上一年为 29 个") counts the previous figure's noun.
    """
    rest = line[pos:].lstrip()
    cls = classifier_at(line, pos)
    if cls is not None:
        after = rest[len(cls) : len(cls) + 1]
        return bool(after) and "\u4e00" <= after <= "\u9fff" and cls != classifier_before
    first = re.match(r"([A-Za-z]+)", rest)
    if first and first.group(1).lower() in _EN_NOT_A_NOUN:
        return False  # "3,000 from former members": a phrase of its own, no noun
    if _ONES.match(rest):
        return False  # "destroying 2,145 obsolete ones": the noun of the count before
    if _A_SPAN_AGO.match(rest):
        return False  # "up from 94 two years earlier": when, not what
    if _VERB_THEN_DETERMINER.match(rest) and not _NOUN_THEN_RELATIVE.match(rest):
        return False  # "the remaining 3 cover both instruments": a verb, then its object
    if _PART_OPENING.search(line, 0, pos) and _english_unit(rest[:60], ref) is None:
        return False  # "21 resolutions, of which 11 contain arms embargoes"
    if (
        first
        and _PAST_TENSE.fullmatch(first.group(1))
        and _english_unit(rest[first.end() : 60], ref) in (None, "unspecified")
    ):
        return False  # "102 submitted national reports": a verb and its object, no noun
    return counts_something(rest[:60])


def _part_and_revision_flags(quote: str, tok_start: int, tok_end: int) -> list[str]:
    """Flag a part of a total stated elsewhere and the value a revision replaces.

    ``part_of_total``: "including 310 light weapons", "48 of which", "其中 72 国",
    a sentence that opens with "Including" or 其中, "Of the 17 projects, 9 …".
    ``restates_total``: the 17 of "Of the 17 projects, 9 …" (在 14 个项目中，有 6 个).
    ``superseded_value``: "given in the previous report as 2,310, has since been
    revised to 2,480" (2,310), "revised from X to Y" (X), "应为 5 400 件，而非 4 500 件"
    (4 500).
    ``per_unit``: an average or an amount each (平均每个项目 31 万美元, "an average of
    US$ 150,000", "25 participants each"), never part of a sum.
    ``earlier_value``: the value a change starts from ("up from 113 a year earlier",
    "increased from 120 in 2021 to 150", 从 2018 年的 120 个增至 150 个).
    ``target``: an amount aimed at or promised, not reached ("a funding target of US$ 100
    million", 1 亿美元筹资目标, "pledged US$ 28 million").
    """
    flags = []
    before, after = quote[:tok_start], quote[tok_end:]
    if _EACH_BEFORE.search(before[-40:]) or _EACH_AFTER.match(after):
        flags.append("per_unit")
    if _EARLIER_BEFORE.search(before[-40:]) or _A_YEAR_LABEL_BEFORE.search(before):
        flags.append("earlier_value")  # "West Africa 2,310 (2026: 1,870)": the year before
    if _TARGET_BEFORE.search(before[-30:]) or _TARGET_AFTER.match(after):
        flags.append("target")
    opening = _total_opening(quote)
    whole = _PART_OF_THE.search(before) or _ZH_AMONG.search(before)
    if (
        (opening is not None and tok_end <= opening.end())
        or (whole is not None and whole.end() == len(before))
        or _ZH_AMONG.match(quote, tok_start)
    ):
        # "Of the 17 projects, …", "6 of the 13 projects", 17 个获资助项目中由…执行的 9 个
        flags.append("restates_total")
    elif whole is not None:
        flags.append("part_of_total")  # "6 of the 13 projects …, Latin America for 4"
    elif (group := _GROUP_OPENING.match(quote)) is not None and tok_start >= group.end():
        flags.append("part_of_total")  # 在获资助的项目中，有 6 个在非洲实施
    elif (
        _PART_BEFORE.search(before)
        or _PART_AFTER.match(after)
        or _SHARE_OF_THE_TOTAL.match(after)
        or _PART_SENTENCE.match(quote)
        or (opening is not None and tok_start >= opening.end())
    ):
        flags.append("part_of_total")
    if _PREVIOUSLY_AS.search(before):
        flags.append("superseded_value")  # "3,121 weapons (previously reported as 3,112)"
    if _INSTEAD_OF.search(quote, 0, tok_start):
        flags.append("superseded_value")  # 应为 5 400 件，而非此前报告的 4 500 件
    revision = _REVISION.search(quote)
    if revision and (
        tok_end <= revision.start()
        or re.search(r"\bfrom\s*(?:US\$|\$)?\s*$", quote[revision.end() : tok_start])
    ):
        flags.append("superseded_value")
    return flags


#: What only States do: sign, ratify or accede to a treaty (a count of countries doing it
#: counts States).
_ACTS_OF_STATES = re.compile(
    r"\b(?:sign(?:ed|s|ing|atory|atories)?|ratif\w*|acced\w*|accession)\b"
    r"|签署|批准书|加入书|交存|批准了?《|加入了?《",
    re.IGNORECASE,
)
#: A noun, then a bound on its count: "3 years or more", "10 days or less".
_NOUN_THEN_BOUND = re.compile(
    r"\s+[A-Za-z][\w\-]*\s+or\s+(?:(?P<more>more|longer|above)|less|fewer|shorter|under)\b"
)
#: A year labelling the value in brackets after another: "West Africa 2,310 (2026: 1,870)".
_A_YEAR_LABEL_BEFORE = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*[:：]\s*$")
#: A value given before and since replaced, right before the number.
_PREVIOUSLY_AS = re.compile(
    r"\s*\b(?:previously|earlier|originally|initially|formerly|first)\s+"
    r"(?:reported|given|stated|recorded|published|put|listed)\s+(?:as|at)\s*$",
    re.IGNORECASE,
)


def gives_an_earlier_value(text: str, start: int) -> bool:
    """Tell whether the count at ``start`` is an earlier value, in brackets after its own.

    "3,121 weapons (previously reported as 3,112)": 3,112 counts weapons, since replaced.
    """
    bracket = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
    return bracket >= 0 and _PREVIOUSLY_AS.fullmatch(text, bracket + 1, start) is not None


def _total_opening(quote: str) -> re.Match[str] | None:
    """Return the opening that states a whole the sentence then breaks down, if any.

    "Of the 17 projects, …", 在 14 个项目中，…, "… broken down as follows:".
    """
    return _OF_THE_OPENING.match(quote) or _BREAKDOWN.search(quote)


def _previous_sentence(line: str, start: int) -> str:
    """Return the sentence before ``line[start:]`` (empty at the start of the line)."""
    end = start
    while end > 0 and (line[end - 1].isspace() or line[end - 1] in _SUPERSCRIPTS):
        end -= 1
    if end < 2:
        return ""
    left, _ = clause_bounds(line, end - 2, end - 1)
    return line[left:start]


#: A linking verb between a Chinese qualifier and its number (至少有, 约占, 约为, 近达).
_LINKING_VERB = re.compile(r"(?:已经?)?(?:有|为|占|达|是)?其?$")


#: An adverb of bound, then the verb it bounds, before a Chinese count (至多资助 2 名,
#: 至少培训了 50 名, 最多可容纳 300 人): the adverb qualifies the count.
_BOUND_THEN_VERB = re.compile(
    r"(?:至多|最多|至少|最少)(?:可|能|将|已)?(?:(?!的)[\u4e00-\u9fff]){1,2}了?$"
)
#: 占 and the whole a Chinese share is of, before the share (占会员国总数的).
_SHARE_OF = re.compile(r"占[^，。；,;]{1,25}的$")
#: A percentage sign or words right after a number: the number is a share.
_PERCENT_SIGN_AFTER = re.compile(r"\s*(?:%|％|per ?cent\b|percent\b)", re.IGNORECASE)
#: What a share is of, named as a total, between a qualifier and the share: 约为收缴量的
#: 73%, 不足会员国总数（193 个）的四成, 不及复员人数的一成.
_OF_A_TOTAL = re.compile(
    r"\s*(?:(?:为|是|达)[^，。；,;\d（(]{1,15}|[^，。；,;\d（(]{1,15}(?:数|量|额|费|金|预算))"
    r"(?:[（(][^）)]{1,12}[）)])?的"  # 约为可用资金的 8 倍
)


def _qualifier_before(before: str, lang: str, ref: Reference, share: bool = False) -> str:
    """Return the qualifier a word just before the number gives (the longest word wins).

    A word before 占 qualifies the share after the whole it is of (约占会员国总数的百分之
    八十五), not a count inside that whole (约占计划复员的 5.5 万人的 31%: 5.5 万 exact).
    """
    tail = before[-60:].rstrip()
    zh, english, qualifier_of = _before_words(ref.qualifier_words)
    if lang == "zh" or not tail.isascii():
        # 至少有 60 个, 约占 18%, 约为 3 万: a linking verb between the word and the number
        share_of = _SHARE_OF.search(tail) if share else None
        whole_cut = tail[: share_of.start()] if share_of else tail
        bounded = _BOUND_THEN_VERB.search(tail)
        verb_cut = tail[: bounded.start() + 2] if bounded else tail
        for candidate in (tail, _LINKING_VERB.sub("", tail).rstrip(), whole_cut, verb_cut):
            for word, qualifier in zh:
                if candidate.endswith(word):
                    return qualifier
        apart = [
            (at, qualifier)
            for word, qualifier in zh
            if qualifier != "exact"
            and (at := tail.rfind(word)) >= 0
            and _OF_A_TOTAL.fullmatch(tail, at + len(word))
        ]
        if apart:
            return min(apart)[1]  # the whole named widest: 不足缔约国总数（110 个）的三成
    low = re.sub(r"\s+", " ", tail.lower())
    bare = ref.currency_before.sub("", tail).rstrip().lower()
    m = english.search(low) or english.search(bare)
    qualifier = qualifier_of[m.group(0)] if m else "exact"
    if qualifier == "exact" and _ESTIMATED_OF.search(bare):
        qualifier = "approximately"  # "the estimated requirement of US$ 45 million"
    if qualifier in _BOUND_TURNED and (_NEGATED_BOUND.search(low) or _NEGATED_BOUND.search(bare)):
        return _BOUND_TURNED[qualifier]  # "none lasting more than three hours": at most three
    return qualifier


#: An estimate named before "of" and its number: "the estimated requirement of".
_ESTIMATED_OF = re.compile(
    r"\bestimated\s+(?:[a-z\-]+\s+){1,3}(?:of|at)\s*$"
    r"|\bestimated\b[^.;]{0,60}\b(?:put|set|placed)\s+at\s*$"  # "the estimated needs …, put at"
)
#: A bound whose subject is negated turns round: "none lasting more than three hours" (at
#: most), "no session shorter than two days" (at least).
_NEGATED_BOUND = re.compile(
    r"\b(?:none|never|not one|no(?! (?:more|fewer|less)\b) [a-z]+)(?: [a-z]+){0,3} "
    r"(?:(?:more|longer|greater|larger|older|less|fewer|shorter|smaller|younger) than"
    r"|exceed(?:ed|s|ing)?)\s*$"  # "No project exceeded $600,000": at most
)
_BOUND_TURNED = {"more_than": "at_most", "less_than": "at_least"}  # turned by a negation


@lru_cache(maxsize=8)
def _before_words(
    words: tuple[QualifierWord, ...],
) -> tuple[tuple[tuple[str, str], ...], re.Pattern[str], dict[str, str]]:
    """Return the Chinese words (longest first) and one pattern of the English words.

    The English pattern ends at the number; searched from the left, the longest phrase
    that ends there wins ("not more than" before "more than").
    """
    before = [w for w in words if w.position == "before"]
    zh = tuple((w.word, w.qualifier) for w in before if w.language == "zh")
    english = [w for w in before if w.language == "en"]
    alternation = "|".join(re.escape(w.word) for w in english)
    pattern = re.compile(rf"(?<![a-z])(?:{alternation})$")
    return zh, pattern, {w.word: w.qualifier for w in english}


def _currency_or_measure(
    line: str, token: Token, pos: int, ref: Reference
) -> tuple[str | None, str | None, int]:
    """Return (unit, qualifier written after the number, position after them)."""
    before = ref.currency_before.search(line[: token.start])
    more, pos = _qualifier_after(line, pos, ref)
    rest = line[pos:]
    if token.form == "percent_words":
        return "percent", more, pos
    if before:
        return ref.currency_of(before.group(1)), more, pos
    unit, end = _unit_written_after(rest, ref)
    if unit is None:
        return None, more, pos
    # 50 万美元以上, 30%以上: a qualifier after the unit
    return unit, more or _qualifier_after(line, pos + end, ref)[0], pos + end


def _unit_written_after(rest: str, ref: Reference) -> tuple[str | None, int]:
    """Return a currency, per cent or measure written just after a number, and its end."""
    for term, code in ref.currencies_after:
        m = re.match(rf"\s*{re.escape(term)}(?![a-z])", rest, re.IGNORECASE)
        if m:
            return code, m.end()
    if re.match(r"\s*[%％]", rest) or re.match(r"\s*(?:per cent|percent)\b", rest):
        return "percent", len(rest) - len(rest.lstrip()) + 1
    points = _PERCENTAGE_POINTS.match(rest)
    if points:  # 下降 12 个百分点, "rose by 12 percentage points": in per cent
        return "percent", points.end()
    for word, unit in _ZH_MEASURES.items():
        m = re.match(rf"\s*{word}", rest)
        if m:
            return unit, m.end()
    return None, 0


#: Measure words that name the kind of what they count (arms, meetings, courses): a noun
#: of that kind named earlier is what they count.
_MEASURES_OF_A_KIND = frozenset({"件", "支", "把", "具", "门", "枚", "发", "次", "期", "场", "轮"})
#: Measure words of a span of time.
_TIME_CLASSIFIERS = frozenset({"年", "个月", "月", "天", "日", "周", "星期", "个星期", "小时"})
#: Words before a span of time that make it the next or the past one: a period, not a
#: deadline (在未来 5 年内, 在随后的 3 周内).
_PERIOD_BEFORE = re.compile(r"(?:未来|今后|随后的?|此后|其后|过去|最近)\s*$")


def _deadline(line: str, token: Token, cls: str, after: int) -> str:
    """Return ``at_most`` for a span of time then 内 (90 天内补交, 18 个月内完成), else exact.

    As "within 90 days": a deadline, at most that long; not 内 that begins a word after
    another measure word (5 名内政部官员), nor the next or past span (在未来 5 年内).
    """
    if (
        cls in _TIME_CLASSIFIERS
        and line.startswith(("内", "以内"), after)
        and not _PERIOD_BEFORE.search(line, 0, token.start)
    ):
        return "at_most"
    return "exact"


#: Percentage points after a number: a difference of shares, counted in per cent.
_PERCENTAGE_POINTS = re.compile(r"\s*(?:个百分点|百分点|percentage points?\b)", re.IGNORECASE)


def _qualifier_after(line: str, pos: int, ref: Reference) -> tuple[str | None, int]:
    """Return the qualifier written after a number (多, 以上, "or more") and where it ends."""
    rest = line[pos:]
    stripped = rest.lstrip()
    if stripped.startswith(("多个月", "多出", "多了")):
        return None, pos  # 多个月: "several months"; 比…的 103 个多出 26 个: the difference
    for word in ref.qualifier_words:
        if word.position == "after" and stripped.startswith(word.word):
            if word.language == "en" and word.word[-1:].isalpha():
                following = stripped[len(word.word) : len(word.word) + 1]
                if following.isalpha():
                    continue
            return word.qualifier, pos + len(rest) - len(stripped) + len(word.word)
    return None, pos


def _unit_after(line: str, pos: int, limit: int, ref: Reference, lang: str) -> str | None:
    line = _titles_masked(line)
    rest = line[pos:limit]
    stripped = rest.lstrip()
    if lang == "zh" and stripped[:1] in ("多", "余"):  # 3 200 余件: the qualifier, then 件
        stripped = stripped[1:]
    pos += len(rest) - len(stripped)
    cls = next((c for c in CLASSIFIERS if stripped.startswith(c)), None)
    window_from = pos + (len(cls) if cls else 0)
    window = line[window_from:limit]
    series = _EN_MODIFIER_SERIES.match(window) if lang == "en" else None
    cut = _WINDOW_END.search(window, series.end() if series else 0)
    if cut:
        window = window[: cut.start()]
    if cls in _UNCOUNTED_CLASSIFIERS:
        return None  # 19 起弹药库爆炸: incidents, not ammunition depots
    if cls == "个" and window.startswith("半月"):
        return "months"  # 两个半月: two and a half months
    if cls and _PREPOSITION_ZH.match(window):
        # 37 个由区域组织实施 (an agent, not the noun); 830 余人被杀 (人 names people);
        # 12 个由开发署支助的社区项目 (the noun after 的)
        head = _HEAD_AFTER_DE.search(window)
        found = _compound_head(head.group(1), ref) if head else None
        return found or _CLASSIFIER_UNITS.get(cls)
    pair = _PAIR_OF_COUNTS.match(line, window_from) if cls else None
    if pair and line.startswith(cls, pair.end()):  # type: ignore[arg-type]
        # 分别有 96 个和 88 个会员国: the first count shares the noun of the second
        return _unit_after(line, pair.end(), len(line), ref, lang)
    if _NEXT_ITEM.match(window) and (cls or window.lstrip().startswith("、")):
        # 武器逾千件、弹药 4.5 万发: the next item of a list, not this count's noun; a
        # measure word that names its noun still counts it (分别为 36 名和 29 名)
        return _CLASSIFIER_UNITS.get(cls or "")
    if lang == "en" or window[:1].isascii() and not cls:
        first = re.match(r"\s*([A-Za-z]+)", window)
        if first and first.group(1).lower() in _EN_NOT_A_NOUN:
            return None  # "29 in the previous year", "4,300 were handed in": no noun of its own
        joined = re.match(r"-([A-Za-z]+)", window)
        if joined and joined.group(1).lower() in _STRENGTH:
            return "people"  # "a 26-member group", "the 5,550-strong force": its people
        if joined and joined.group(1).lower() in ref.units:
            return ref.units[joined.group(1).lower()]  # "a 12-month project" lasts months
        return _english_unit(window[:80], ref)
    window = window[:40]
    if cls == "个" and window.startswith("的"):
        return None  # 15 个行动中，有 9 个的任务规定: "9 of them", the whole's noun
    matches = [
        (m.start(), m.end(), ref.units[m.group(0)])
        for m in ref.unit_pattern.finditer(window)
        if len(m.group(0)) > 1
        or (m.start() == 0 and not window.startswith(_WORDS_OF_ONE_CHAR))
        or _after_a_place(window, m.start(), ref)  # 3 个达尔富尔州: states of a place
    ]
    if cls == "项":  # 5 项国家武器管理评估: 项 counts items, never countries or weapons
        matches = [m for m in matches if m[2] not in _LOW_RANK]
    hints = _CLASSIFIER_HINTS.get(cls or "")
    if hints:
        hinted = [m for m in matches if m[2] in hints]
        if hinted:
            return _first_of_a_list(hinted, window)[2]
        if matches and matches[0][0] == 0 and matches[0][2] == "unspecified":
            return "unspecified"  # 118 次发言: a noun of another kind, right after
        return _hinted_further(line, window_from, hints, ref) or _CLASSIFIER_UNITS.get(cls or "")
    if cls in ("国", "年", "个月", "天", "日", "周", "个星期", "星期", "小时", "大类", "类") and (
        not matches or matches[0][0] > 0
    ):
        return _CLASSIFIER_UNITS[cls]
    if re.match(r"\s*(关于|有关|就|对|与)", window):  # 9 个与小武器有关的项目
        de = window.find("的")
        if de >= 0:
            matches = [m for m in matches if m[0] > de] or matches
    if matches and _PREDICATE_FIRST.search(window[: matches[0][0]]):
        matches = []  # 13 个任命了国家协调员: a verb came first, the noun is its object
    if cls and _VERB_FIRST.match(window) and _PART_THEN_VERB.search(line, 0, pos):
        matches = []  # 其中 9 个针对非洲国家: the whole's noun, not the verb's object
    if not matches:
        return _CLASSIFIER_UNITS.get(cls or "")
    places = [(m.start(), m.end()) for m in ref.place_pattern.finditer(window)]
    chain = [matches[0]]
    for m in matches[1:]:
        prev = chain[-1]
        if m[0] < prev[1]:
            continue
        gap = "".join(
            ch
            for i, ch in enumerate(window[prev[1] : m[0]], prev[1])
            if not any(a <= i < b for a, b in places)
        )
        if m[2] in _LOW_RANK and prev[2] not in _LOW_RANK:
            break
        if window.startswith("其", m[1]):
            break  # 4 个国家评估其立法: a verb with its object, not a noun
        if "的" in gap and prev[2] in ("countries", "states", "localities"):
            break  # 12 个国家的弹药库, 9 个社区的妇女团体: the places are counted
        # a noun directly modifying a higher-ranked head (轻武器储存地点), not 国家武器出口
        compound = gap == "" and (m[2] not in _LOW_RANK or m[2] == prev[2])
        if m[2] == "unspecified" and _HEAD_GAP_ZH.fullmatch(gap):
            compound = True  # 13 个武器禁运制度: regimes, not weapons (a head of another kind)
        if not (compound or (gap and _CONNECTORS.match(gap))):
            break
        chain.append(m)
    if all(
        _LIST_JOIN.match(window[a[1] : b[0]]) for a, b in zip(chain, chain[1:], strict=False)
    ):  # 1 200 件武器和弹药, 53 项决议草案和决定草案: the first of a list counts, as in English
        return chain[0][2]
    if len(chain) > 1 and re.fullmatch(r"\s*以及\s*", window[chain[0][1] : chain[1][0]]):
        return chain[0][2]  # 147 个会员国以及国际组织的代表: "as well as" others, uncounted
    return chain[-1][2]


def _after_a_place(window: str, at: int, ref: Reference) -> bool:
    """Tell whether ``window`` opens with a place name that ends at ``at`` (达尔富尔|州)."""
    place = ref.place_pattern.match(window)
    return place is not None and place.end() == at


#: Words joined to a count that give a body's size in people: "26-member", "5,550-strong".
_STRENGTH = frozenset({"member", "strong"})


#: What joins the items of a list (not 的, which joins a modifier to its head).
_LIST_JOIN = re.compile(r"\s*(?:、|和|及|与|或|以及|/)\s*$")


def _first_of_a_list(matches: list[tuple[int, int, str]], window: str) -> tuple[int, int, str]:
    """Return the last noun, or the first of the list it ends (件武器和弹药: weapons)."""
    first = len(matches) - 1
    while first > 0 and _LIST_JOIN.match(window[matches[first - 1][1] : matches[first][0]]):
        first -= 1
    return matches[first]


def _hinted_further(line: str, start: int, hints: tuple[str, ...], ref: Reference) -> str | None:
    """Return the first unit a measure word can count later in its clause, past numbers.

    "3 期为期三天的讲习班": the workshops 期 counts come after "为期三天的".
    """
    clause = line[start : start + 40]
    cut = _WINDOW_END.search(clause)
    found = (
        ref.units[m.group(0)]
        for m in ref.unit_pattern.finditer(clause[: cut.start() if cut else None])
    )
    return next((unit for unit in found if unit in hints), None)


_EN_COORDINATION = re.compile(r"^\s*(?:,\s*)?(?:and|or|and/or)?\s*$")


@lru_cache(maxsize=4)
def _partitive_terms(units: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Return a pattern of the vocabulary's "X of Y" terms with modifiers after "of".

    One or two modifiers ("rounds of informal consultations"), at the start of a window.
    """
    pairs = [term.split(" of ", 1) for term, _ in units if " of " in term]
    heads = "|".join(sorted({re.escape(h) for h, _ in pairs}, key=len, reverse=True))
    tails = "|".join(sorted({re.escape(t) for _, t in pairs}, key=len, reverse=True))
    return re.compile(
        rf"\s*(?P<head>{heads}) of (?:[a-z][a-z\-]* ){{1,2}}(?P<tail>{tails})\b"
        if pairs
        else r"(?!)"
    )


#: A measure of work joined to a unit of time: "145 man-days", "person-hours".
_WORK_MEASURE = re.compile(r"\b(?:man|person|staff|woman|work|troop)-$", re.IGNORECASE)


def one_counts(text: str, end: int, ref: Reference) -> bool:
    """Tell whether "one" ending at ``end`` counts a noun of the vocabulary after it.

    "one observer State participated", "one more Pacific island State", "provision of one
    marking machine" count 1; "one of the", "one or two", "one another" do not.
    """
    after = text[end : end + 60]
    if re.match(r"\s+(?:more|fewer|less) than\b", after) or EN_PART_BY_MEANS.match(after):
        return True  # "one more than in the previous period"; "one by accession": parts
    if (
        not re.match(r"\s+[A-Za-z]", after)
        or _NOT_A_COUNTED_ONE.match(after)
        or _A_RATIO_AFTER.match(after)  # "one weapon for every 12 inhabitants": a ratio
    ):
        return False
    if _A_COUNT_THEN_AND.search(text, max(0, end - 60), end - 3):
        return True  # "from 10 donor States and one private foundation": a list of counts
    return _english_unit(after, ref) not in (None, "unspecified")


#: A count and its noun, then "and", before an "one": the next item of a list of counts.
_A_COUNT_THEN_AND = re.compile(r"\d[\d,.]*\s+(?:[A-Za-z\-]+\s+){1,3}and\s+$")
#: What follows an "one" that counts nothing: "one of", "one or two", "one another".
_NOT_A_COUNTED_ONE = re.compile(
    r"\s+(?:of|or|and|another|to|in|by|at|for|is|was|has|had|which|that|such|way|day|time)\b",
    re.IGNORECASE,
)


#: The rest of a ratio after "one" and its noun: "one weapon for every 12 inhabitants".
_A_RATIO_AFTER = re.compile(
    r"\s+(?:[A-Za-z\-]+\s+){1,3}?(?:for|in|per|out of)\s+(?:every|each)\b", re.IGNORECASE
)


def _english_unit(window: str, ref: Reference) -> str | None:
    """Return the unit of an English noun phrase: its first noun, unless a compound head.

    "9,824 weapons and ammunition" counts weapons; "four ammunition and small arms
    storage locations" counts storage locations (a higher-ranked noun closing the phrase);
    "64 national ammunition technical officers" counts officers (nouns joined by
    modifiers only, no preposition between them, are one phrase: the last is its head).
    A term of the vocabulary with "of" keeps its unit with modifiers after the "of"
    ("4 rounds of informal consultations" are rounds of consultations: meetings).
    """
    partitive = _partitive_terms(tuple(ref.units.items())).match(window)
    term = f"{partitive.group('head')} of {partitive.group('tail')}" if partitive else ""
    if term in ref.units:
        return ref.units[term]
    head = _HEAD_OF_AN_OF_PHRASE.match(window)
    if head and _unknown_noun(window, head.span("head"), ref):
        return "unspecified"  # "27 seizures of weapons": seizures, not weapons, are counted
    matches = [
        (m.start(), m.end(), ref.units[m.group(0)])
        for m in ref.unit_pattern.finditer(window)
        # women's organizations, youth-led organizations: the noun modifies another (but
        # "one week's duration" is a span); 145 man-days, person-hours: work, not a span
        if not window.startswith("-", m.end())
        and not (
            window.startswith(("'s", "’s"), m.end()) and ref.units[m.group(0)] not in _TIME_UNITS
        )
        and not window[max(0, m.start() - 1) : m.start()].isalpha()
        and not _WORK_MEASURE.search(window, 0, m.start())  # "man-days", not "micro-projects"
    ]
    if not matches or not _noun_phrase_gap(window[: matches[0][0]]):
        return None
    unit = matches[0][2]
    previous = matches[0]
    for m in matches[1:]:
        gap = window[previous[1] : m[0]]
        adjacent = not gap.strip()  # "5,000 police weapons", "1 ammunition depot": the head
        modifier = _is_modifier_noun(window[previous[0] : previous[1]])
        if m[2] != previous[2] and (
            adjacent
            or _modifiers_only(gap)
            and m[2] not in _LOW_RANK
            or modifier
            and _COORDINATED_MODIFIER.fullmatch(gap)
        ):
            unit = m[2]  # compound: "... weapons storage locations", "police and army weapons"
        elif not _EN_COORDINATION.match(gap):
            break
        previous = m
    if _is_modifier_noun(window[previous[0] : previous[1]]) and _unknown_head(
        window[previous[1] :], ref
    ):
        return "unspecified"  # "2 ammunition transport vehicles": vehicles are counted
    return unit


#: A plural noun, up to two modifiers before it, then "of": the head of "seizures of weapons".
_HEAD_OF_AN_OF_PHRASE = re.compile(
    # no verb first: "25 deposited instruments of ratification" have no noun of their own
    r"\s*(?:(?![a-z]+ed\s)[a-z][a-z\-]*\s+){0,2}?(?P<head>[a-z][a-z\-]*[^s'’\s]s)\s+of\s",
    re.IGNORECASE,
)
#: Nouns of quantity: "items of", "pieces of" count what follows ("1,200 items of ordnance").
_MEASURE_NOUNS = frozenset(
    ("items", "pieces", "units", "rounds", "boxes", "crates", "cartridges", "lots", "batches")
)


def _unknown_noun(window: str, span: tuple[int, int], ref: Reference) -> bool:
    """Tell whether the noun at ``span`` is the first noun, of no vocabulary term nor of quantity.

    A term before it ("7 States deposited instruments of") is the count's noun instead.
    """
    noun = window[span[0] : span[1]].lower()
    if noun in _MEASURE_NOUNS:
        return False
    terms = ref.unit_pattern.finditer(window, 0, span[1] + 40)
    return not any(m.start() < span[1] for m in terms)


#: "and" or "or" and one modifier between two nouns: "police and army weapons".
_COORDINATED_MODIFIER = re.compile(r"\s+(?:and|or)\s+[a-z][a-z\-]*\s+")
#: Up to two modifiers, then a plural noun: the head of a compound ("transport vehicles").
_HEAD_AFTER = re.compile(r"\s+((?:[a-z][a-z\-]*\s+){0,2})([a-z][a-z\-]*[^s'’]s)\b")


def _is_modifier_noun(noun: str) -> bool:
    """Tell a noun in the singular (police, army, ammunition), which can modify another."""
    return not noun.lower().endswith("s")


def _unknown_head(after: str, ref: Reference) -> bool:
    """Tell whether a plural noun outside the vocabulary closes the phrase after a noun."""
    m = _HEAD_AFTER.match(after)
    if m is None:
        return False
    words = [*m.group(1).split(), m.group(2)]
    return not any(
        w in _EN_FUNCTION_WORDS or w.endswith(("ly", "ed", "ing")) or w in ref.units for w in words
    )


#: Words between a count and its noun that say it adds to the same things.
_MORE_OF_THE_SAME = frozenset({"more", "additional", "further", "other", "new"})


def _noun_phrase_gap(gap: str) -> bool:
    """Tell whether the words before a number's first noun are of its noun phrase.

    Up to four modifiers, "and"/"or"/"of" between them ("120 defence and security officers",
    "1,200 items of unexploded ordnance",
    "8,000 illegally held weapons"); a preposition or another function word ends the
    phrase ("two towns and kept for months": no noun of the vocabulary counted).
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", gap)
    if words and words[0].lower() in _MORE_OF_THE_SAME:
        words = words[1:]  # "in 2 more countries", "3 additional workshops"
    if any(
        a.lower().endswith(("s", "ed")) and b.lower().endswith(("ing", "ed"))
        for a, b in zip(words, words[1:], strict=False)
    ):
        # "2,870 listings offering firearms", "its centres implemented projects", a verb and
        # its object: "86 favoured including small arms"
        return False
    modifiers = [w for w in words if w.lower() not in ("and", "or", "of")]
    return len(modifiers) <= 4 and all(
        w.lower() in ("and", "or", "of") or w.lower() not in _EN_FUNCTION_WORDS for w in words
    )


def _modifiers_only(gap: str) -> bool:
    """Tell whether the words between two nouns only modify the second (at most two words).

    A function word or a verb form (-ed, -ing) between them ends the noun phrase:
    "18 projects received grants" counts projects.
    """
    words = gap.split()
    return len(words) <= 2 and all(
        re.fullmatch(r"[A-Za-z][a-z\-]*", w)
        and w.lower() not in _EN_FUNCTION_WORDS
        and not w.lower().endswith(("ed", "ing"))
        for w in words
    )


#: A count of countries that sign, ratify or join a treaty counts States (only States do).
_COUNTRIES_AS_STATES = {"countries": "states"}


def _indicator(
    unit: str,
    quote: str,
    token: tuple[int, int],
    ref: Reference,
    context: str,
    lang: str,
    previous: str = "",
) -> str:
    """Return the indicator whose keyword is nearest the number (see ``_keyword_distances``).

    Keywords in the number's own clause come first, then the rest of its sentence; a
    revision ("The total …, has since been revised to US$ 2.9 million") restates the
    measure of the sentence before, whose keywords come last. An indicator without keywords is the
    fallback for its unit; ``other_quantity`` the last resort.
    """
    best: tuple[float, int, Indicator] | None = None
    fallback: Indicator | None = None
    text = previous + quote
    tok = (token[0] + len(previous), token[1] + len(previous))
    clause = _own_clause(text, tok, len(previous))
    aside = _ASIDE.match(text, tok[1]) if lang == "en" else None
    if aside is not None:  # "1,200 weapons, which had been collected …, were destroyed"
        after = CLAUSE_END.search(text, aside.end())
        clause = (clause[0], after.start() if after else len(text))
    hits = _keyword_hits(unit, text, ref, context)
    own_ends = [
        _noun_end(text, h[2], ref) for h in hits if h[2] and _own_noun(text, h[2], tok, lang) == 1.0
    ]
    pairs = _verb_pairs(text, hits)
    predicate = _conjunct_predicate(text, tok, ref) if lang == "en" else None
    for order, ind, span in hits:
        if span is None:
            fallback = fallback or ind
            continue
        if span[1] <= len(previous) and not _REVISION.search(quote):
            continue
        if lang == "zh" and _noun_of_another(text, span, tok, unit, ref):
            continue
        distance = _keyword_distance(text, span, tok, clause, lang)
        if aside is not None and span[0] >= aside.start("aside"):
            # what the aside says describes the things counted; the verb after it is theirs
            inside = span[0] < aside.end()
            distance += _ATTRIBUTE * 2.5 if inside else -_distance(aside.group("aside"), lang) * 2.5
        if lang == "zh" and _predicate_of_own_noun(text, span, own_ends):
            distance = 0.0
        if span[0] == predicate:  # "… and 52 Member States remained outside the Treaty"
            distance = 0.0
        first = pairs.get(span)
        if first is not None:  # "were recovered and destroyed": as near as "recovered"
            distance = min(distance, _keyword_distance(text, first, tok, clause, lang))
        elif span in pairs.values():
            distance += _FIRST_OF_TWO  # … and it says what became of them in the end
        if span[1] <= len(previous):
            distance += _PREVIOUS_SENTENCE
        if best is None or (distance, order) < (best[0], best[1]):
            best = (distance, order, ind)
    if best is not None:
        return best[2].indicator
    if fallback is not None:
        return fallback.indicator
    return "other_quantity"


#: A number opening a new conjunct: "…, and 52 Member States remained outside".
_CONJUNCT_BEFORE = re.compile(r"\band\s+(?:a further\s+|another\s+|some\s+|about\s+)?$")
#: Auxiliaries between a subject and its verb ("had signed", "have not yet joined").
_EN_AUX = re.compile(r"\s+(?:(?:had|have|has|were|was|are|is|been|also|then|since|all)\s+)*")


def _conjunct_predicate(text: str, tok: tuple[int, int], ref: Reference) -> int | None:
    """Return where the verb of a number that opens a conjunct begins, if it has one.

    "28 States had signed but not yet ratified it and 52 Member States remained outside
    the Treaty": the verb before "and" is the first conjunct's; the 52 did what follows
    its own noun. A participle with a preposition after it only describes the noun
    ("and 260 weapons collected at the sites").
    """
    if not _CONJUNCT_BEFORE.search(text, 0, tok[0]):
        return None
    noun = ref.unit_pattern.search(text, tok[1], tok[1] + 40)
    if noun is None or not _noun_phrase_gap(text[tok[1] : noun.start()]):
        return None
    aux = _EN_AUX.match(text, noun.end())
    if aux is None or _REDUCED_RELATIVE.match(text, tok[1]):
        return None
    return aux.end()


def states_for_countries(unit: str, indicator: str, ref: Reference) -> str:
    """Return ``states`` for a count of countries read as a treaty indicator of States."""
    if unit in _COUNTRIES_AS_STATES:
        units = ref.vocabulary.indicator(indicator).units
        if _COUNTRIES_AS_STATES[unit] in units and unit not in units:
            return _COUNTRIES_AS_STATES[unit]
    return unit


#: A negation just before a keyword: what it names did not happen (尚未提交报告的 29 个会员国,
#: "29 States have never submitted a report").
_NEGATED = re.compile(
    r"(?:尚未|从未|未曾|未能|未|没有)\s*$"
    r"|\b(?:not|never|yet to|failed to|no longer)\s+(?:yet\s+|been\s+|to\s+)?$",
    re.IGNORECASE,
)


def _keyword_hits(
    unit: str, text: str, ref: Reference, context: str
) -> list[tuple[int, Indicator, tuple[int, int] | None]]:
    """Return (order, indicator, keyword span) for each keyword of an indicator of the unit.

    A keyword inside a longer keyword of another indicator does not count: "requests for
    assistance" is a request, not the assistance of "countries assisted". An indicator
    without keywords is listed once with span ``None`` (a fallback).
    """
    units = {unit, *([_COUNTRIES_AS_STATES[unit]] if unit in _COUNTRIES_AS_STATES else [])}
    hits: list[tuple[int, Indicator, tuple[int, int] | None]] = []
    for order, ind in enumerate(ref.indicators):
        if not units & set(ind.units) and "*" not in ind.units:
            continue
        if ind.context is not None and not ind.context.search(context + text):
            continue
        if ind.keywords is None:
            if "*" not in ind.units and unit in ind.units:
                hits.append((order, ind, None))
            continue
        if unit not in ind.units and not _counts_states_only(ind):
            continue
        hits += [
            (order, ind, m.span())
            for m in ind.keywords.finditer(_titles_masked(text))
            if not _NEGATED.search(text, max(0, m.start() - 24), m.start())
        ]
    spans = [h[2] for h in hits if h[2] is not None]
    return [
        h
        for h in hits
        if h[2] is None
        or not any(a <= h[2][0] and h[2][1] <= b and (a, b) != h[2] for a, b in spans)
    ]


def _counts_states_only(ind: Indicator) -> bool:
    """Tell an indicator of what only States do (sign, ratify): counted in States only."""
    return "states" in ind.units and "countries" not in ind.units


def _own_clause(text: str, tok: tuple[int, int], sentence_start: int) -> tuple[int, int]:
    """Return the bounds of the number's own clause (from the clause mark before it).

    A number right after "and" is the verb's second object ("destroyed 2,000 weapons and
    150,000 rounds"): its clause takes in the first.
    """
    marks = list(CLAUSE_END.finditer(text, sentence_start, tok[0]))
    if marks and marks[-1].group(0) == "and" and len(text[marks[-1].end() : tok[0]].split()) <= 2:
        marks.pop()
    aside = _BRACKETED_ASIDE.match(text, tok[1])  # 58 个（百分之五十五）按时提交了报告
    after = CLAUSE_END.search(text, aside.end() if aside else tok[1])
    return max([sentence_start, *(m.end() for m in marks)]), after.start() if after else len(text)


#: Brackets right after a number and its measure word or noun, restating it: the clause
#: goes on after them ("58 个（百分之五十五）按时提交了报告", "41 (69 per cent) reported").
_BRACKETED_ASIDE = re.compile(r"\s*[^\s()（）,，。;；]{0,12}\s*[(（][^()（）]{1,30}[)）]")


#: The ending of an English verb after a keyword stem ("attend|ed", "collect|ing").
_VERB_ENDING = re.compile(r"(?:ed|d|ing|es|s)?(?![A-Za-z])|")


def _keyword_distance(
    text: str, span: tuple[int, int], tok: tuple[int, int], clause: tuple[int, int], lang: str
) -> float:
    """Distance from a keyword to the number: words (English) or characters (Chinese).

    Chinese puts most verbs before the number but some after (69 国已予批准); English
    puts them before, and a participle right after the number is an adjective
    ("782 confiscated weapons"), not what happened to them. The number's own noun
    (130 个签署国, 130 signatories) is nearer than any keyword but its predicate.
    """
    after_weight = 1.5 if lang == "zh" else 2.5
    start, end = span
    if lang != "zh" and end < tok[0]:  # a verb stem is as near as its word ("attended by 29")
        end += len(_VERB_ENDING.match(text, end).group(0))  # type: ignore[union-attr]
    own = _own_noun(text, span, tok, lang)
    if end <= tok[0]:
        distance = _distance(text[end : tok[0]], lang)
        if lang == "zh" and (
            _ATTRIBUTE_GAP.fullmatch(text, end, tok[0]) or _attributive(text, span)
        ):
            distance += _ATTRIBUTE  # 收缴的 260 件武器已全部销毁: what the weapons were
    elif own is not None:
        distance = own
    elif start >= tok[1]:
        distance = _distance(text[tok[1] : start], lang) * after_weight
        relative = _REDUCED_RELATIVE.match(text, tok[1]) if lang != "zh" else None
        if relative and start < relative.end():
            distance += _ATTRIBUTE * after_weight  # "260 weapons collected at X were destroyed"
    else:
        distance = 0.0
    if start < clause[0] or end > clause[1]:
        distance += _OUTSIDE_CLAUSE
    return distance


#: Units of nouns that only name who does something (缔约国, 伙伴, 组织), never what.
_WHO_NOUNS = frozenset({"countries", "states", "partners", "organisations", "entities"})


def _noun_of_another(
    text: str, span: tuple[int, int], tok: tuple[int, int], unit: str, ref: Reference
) -> bool:
    """Tell a Chinese keyword that is a noun of the vocabulary but not the count's.

    缔约国 in "缔约国还决定设立一个信托基金，迄今已有 7 个国家认捐" is the subject of
    another verb: it says nothing of the 7. It is the count's noun when it names what the
    count counts (11 个联合国实体), right after the number (85 个缔约国) or just before it
    (缔约国已达 85 个).
    """
    noun = next(
        (
            m
            for m in ref.unit_pattern.finditer(text, max(0, span[0] - 4), span[1] + 4)
            if m.start() <= span[0] and span[1] <= m.end()
        ),
        None,
    )
    if noun is None or ref.units[noun.group(0)] not in _WHO_NOUNS:
        return False  # 培训 is a noun and a verb; 缔约国 and 伙伴 only name who
    if ref.units[noun.group(0)] == unit or _own_noun(text, span, tok, "zh") is not None:
        return False
    return len(_without_links(text[: tok[0]], ref)) != noun.end()


def _own_noun(text: str, span: tuple[int, int], tok: tuple[int, int], lang: str) -> float | None:
    """Return the distance of a keyword that is the number's own noun, or None if not.

    Not a noun that another describes (43 signatory States, 900 件没收的武器): a
    participle or a modifier right after an English number cannot count; a Chinese one
    described by 的 is as far as its characters.
    """
    start, end = span
    states_parties = (
        lang == "en"
        and text.startswith("part", start)
        and _OWN_NOUN_GAP["en_states"].match(text, tok[1], start)
    )
    if start < tok[1] or not (_OWN_NOUN_GAP[lang].match(text, tok[1], start) or states_parties):
        return None
    if lang == "zh":
        return _distance(text[tok[1] : start], lang) * 1.5 if text.startswith("的", end) else 1.0
    word_end = re.compile(r"[A-Za-z\-]*").match(text, start).end()  # type: ignore[union-attr]
    if word_end < end:
        return 1.0  # a keyword of several words (31 signatories that have yet to ratify)
    if _PARTICIPLE.match(text, start) or not _EN_HEAD_ENDS.match(text, word_end):
        return float("inf")
    return 1.0


#: A verb joined to another by "and" (recovered and destroyed, 收缴并销毁) gives way to
#: it: the second says what became of the things counted.
_VERB_JOIN = re.compile(r"[a-z]*\s+(?:and then|and|then)\s+|了?[并和及]")
_FIRST_OF_TWO = 10.0


def _verb_pairs(
    text: str, hits: list[tuple[int, Indicator, tuple[int, int] | None]]
) -> dict[tuple[int, int], tuple[int, int]]:
    """Return the keywords joined by "and" to one of another indicator just before them.

    Second keyword's span -> first keyword's span ("recovered and destroyed").
    """
    spans = [(ind, span) for _, ind, span in hits if span is not None]
    pairs: dict[tuple[int, int], tuple[int, int]] = {}
    for ind, first in spans:
        joined = _VERB_JOIN.match(text, first[1])
        for other, second in spans if joined else ():
            if other is not ind and second[0] == joined.end():
                pairs[second] = first
    return pairs


def _noun_end(text: str, span: tuple[int, int], ref: Reference) -> int:
    """Return where the noun a keyword begins ends (签署 begins 签署国)."""
    noun = ref.unit_pattern.match(text, span[0])
    return max(span[1], noun.end() if noun else 0)


def _predicate_of_own_noun(text: str, span: tuple[int, int], own_ends: list[int]) -> bool:
    """Tell a keyword that says what the number's own noun did (签署国尚未批准)."""
    return any(e <= span[0] and _PREDICATE_GAP.fullmatch(text, e, span[0]) for e in own_ends)


#: A number, its noun and a participle with a preposition after it: the participle
#: describes the things counted ("260 weapons collected at the sites"), the verb follows.
_REDUCED_RELATIVE = re.compile(
    r"\s+[A-Za-z]+(?:\s+[A-Za-z]+)?\s+[a-z]+ed\s+(?:at|in|from|by|during|under|on|through)\b"
    # ... or a relative clause: "150,000 rounds of ammunition that had been seized"
    r"|\s+(?!of\b)[A-Za-z]+(?:\s+[A-Za-z]+){0,3}\s+(?:that|which)\s+"
    r"(?:(?:had|have|has|were|was)\s+)?(?:been\s+)?[a-z]+ed\b"
)
#: A number's noun, then an aside between commas that describes it ("1,200 weapons,
#: which had been collected in Bangui, were destroyed"): the verb after it is the number's.
_ASIDE = re.compile(
    r"\s+(?!of\b)[A-Za-z]+(?:\s+[A-Za-z]+){0,3}(?P<aside>,\s+(?:which|who)\b[^,;.()]*,)"
)
#: A keyword with 的 right before a number describes the things counted, not what the
#: sentence says was done with them: counted only when nothing nearer says.
_ATTRIBUTE_GAP = re.compile(r"的\s*")


def _attributive(text: str, span: tuple[int, int]) -> bool:
    """Tell a Chinese verb that describes a noun (没收的武器, 所收缴弹药), not says what happened.

    A verb before 的, or after 所, makes a relative clause: "销毁了 1 480 件没收的武器（其中
    310 件为轻武器）" destroyed the 310; they had been confiscated before.
    """
    return text.startswith("的", span[1]) or text[span[0] - 1 : span[0]] == "所"


_ATTRIBUTE = 12.0
#: What may stand between a number and its own noun: spaces, and in Chinese a
#: multiplier and a measure word (130 个签署国).
_OWN_NOUN_GAP = {
    "zh": re.compile(rf"\s*[多余]?[万亿]?\s*(?:{'|'.join(CLASSIFIERS)})?\Z"),
    "en": re.compile(r"\s{1,2}\Z"),
    "en_states": re.compile(r"\s{1,2}States\s\Z"),  # 89 States parties: its own noun
}
#: A verb in the past tense; after a number, with no unit after it, the number's predicate.
_PAST_TENSE = re.compile(r"[a-z]+ed")
#: A participle right after a number is an adjective ("782 confiscated weapons"), not
#: the number's noun.
_PARTICIPLE = re.compile(r"[A-Za-z\-]*(?:ed|ing)\b")
#: What may follow an English head noun: punctuation, the end, a function word, a verb
#: ("130 signatories, ...", "31 signatories that have ...", "54 parties submitted").
_EN_HEAD_ENDS = re.compile(
    r"\s*(?:$|[,.;:()]|(?:and|or|that|which|who|of|in|to|for|had|have|has|were|are)\b"
    r"|[a-z]+ed\b)"
)
#: Between a number's own noun and the verb saying what it did (签署国尚未批准).
_PREDICATE_GAP = re.compile(r"\s*(?:已经|已|均|都|仍|尚|还)?\s*")


def _distance(between: str, lang: str) -> float:
    """Characters between a keyword and a number in Chinese, words in English."""
    if lang == "zh":
        return float(len(between))
    return float(len(between.split()))
