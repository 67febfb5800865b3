"""Find every number-like token in a line of text and say what it is.

A token is either a candidate figure (a stated quantity) or excluded for a named
reason: a date, a resolution number, a document symbol, an ordinal, and so on.
Chinese and English number forms are both read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
#: Chinese measure words (classifiers) that follow a counted number, longest first.
CLASSIFIERS = (
    "个月",
    "个星期",
    "星期",
    "大类",
    "个批次",
    "个",
    "名",
    "件",
    "项",
    "次",
    "道",
    "门",
    "类",
    "国",
    "届",
    "种",
    "级",
    "批次",
    "批",
    "所",
    "座",
    "枚",
    "发",
    "年",
    "天",
    "日",
    "周",
    "位",
    "人次",
    "人",
    "份",
    "起",
    "家",
    "处",
    "场",
    "轮",
    "组",
    "支",
    "把",
    "具",
    "倍",
    "条",
    "宗",
    "例",
    "期",
    "台",
    "套",
    "小时",
)
_EN_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_EN_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MULTIPLIERS = {
    "万亿": 1_000_000_000_000,
    "万": 10_000,
    "亿": 100_000_000,
    "千万": 10_000_000,
    "百万": 1_000_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "thousand": 1000,
}

EXCLUSION_REASONS = {
    "url": "part of a web address",
    "document_symbol": "part of a UN document symbol (A/70/150, S/2015/289, ...)",
    "resolution_number": "a resolution or decision number (69/33, 2220 (2015), 2017/2283, ...)",
    "title": "part of a title in 《》 (《到 2030 年将武装暴力减少 50%》)",
    "name_number": "part of a name, a model or a code (COVID-19, AK-47, 3D-printed, G20, "
    "Type 56, room S-3170)",
    "telephone_number": "a telephone or fax number ((+43-1) 2606-5555)",
    "job_number": "a UN document job number, printed at the foot of a page (21-10234 (E))",
    "table_reference": "a reference to a table or figure (见表 1, see table 2)",
    "paragraph_reference": "a reference to a paragraph, article or footnote of a document",
    "agenda_item": "an agenda item number",
    "ordinal": "an ordinal (第二次会议, second meeting, 70th session)",
    "date": "a date or year, used as a date (periods and events are recorded separately)",
    "paragraph_number": "the report's own paragraph number",
    "footnote_marker": "a footnote marker",
    "indefinite_article": "一 + classifier used as the indefinite article ('a', 'an')",
    "term_adjective": "part of a name such as 两年期会议 ('Biennial Meeting')",
    "frequency": "a frequency (每两年, every two years; 每月举行 1 次, 3 times a year)",
    "goal_number": "a Sustainable Development Goal, target or indicator number, or an action "
    "of an agenda (Goal 16, target 16.4, 具体目标 16.4, action 22)",
    "standard_number": "the number of a standard, module or guideline (ISACS 05.30, "
    "IATG 01.10, ISO 9001)",
    "time_of_day": "a time of day or hours of service (9 a.m., 14:00, 24 hours a day, 24/7)",
    "citation_number": "a page, volume or issue number of a cited document (p. 12, "
    "vol. 2189, No. 38544, 第 12 页)",
    "calibre": "a calibre (7.62 x 39 mm, 5.56mm, 12.7 毫米, 12-gauge)",
    "age": "an age (aged 15 to 29, under the age of 18, 18-year-olds, 15 至 24 岁的青年)",
    "rate_base": "the base of a rate (per 100,000 inhabitants, 每 10 万人)",
    "vague_quantity": "a vague quantity with no value (数十, 数百, dozens of, hundreds of): "
    "not a figure",
}


@dataclass(frozen=True)
class DateSpan:
    """A date or date range stated in the text."""

    start: int
    end: int
    text: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Token:
    """A number-like token in a line."""

    start: int
    end: int
    text: str
    value: float | None
    form: str
    excluded: str | None
    flags: tuple[str, ...] = ()
    value_high: float | None = None
    low_scaled: bool = False


_ARABIC_RE = re.compile(
    r"(?<![0-9A-Za-z])("
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"  # 9,824
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"  # 9 824
    r"|\d{1,3}[ \u00a0\u202f]\d{4,}(?=\s*[件个名道项次千万])"  # 1 2867 件 (odd grouping)
    r"|\d+(?:\.\d+)?"
    r")"
)
_ZH_NUM_RE = re.compile(
    rf"(?P<num>[{_ZH_NUMERAL}]+)(?P<more>多|余|(?<=十)几)?(?P<mult>[万亿])?"  # 十几个: ten-odd
    rf"(?P<cls>{'|'.join(CLASSIFIERS)})"
)
#: A percentage written in words: 百分之二十, 百分之 15.
_ZH_PERCENT_RE = re.compile(
    rf"百分之\s*(?P<num>[{_ZH_NUMERAL}]+(?:点[{_ZH_NUMERAL}]+)?|\d+(?:\.\d+)?)"
    # 百分之十至十五: a range, 百分之 written once
    rf"(?:\s*(?:至|到)\s*(?!百分)(?P<high>[{_ZH_NUMERAL}]+(?:点[{_ZH_NUMERAL}]+)?)(?![{_ZH_NUMERAL}]|\s*[个名件]))?"
)
#: The English words of the units, one to nine.
_UNITS_WORD = "one|two|three|four|five|six|seven|eight|nine"
#: A share of something written in English words: "two thirds of", "a quarter of", "half of".
_EN_SHARE_RE = re.compile(
    rf"\b(?:(?P<n>{_UNITS_WORD}|a)[- ]"
    r"(?P<d>half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)"  # "nine tenths of them"
    r"|(?<!first )(?<!second )(?<!latter )(?<!former )(?P<half>half)"  # "the second half of 2014"
    r"|(?P<majority>(?:a|the)\s+(?:large\s+|vast\s+|clear\s+|small\s+)?majority"
    r"|a\s+good\s+half|the\s+bulk))"
    # "more than half (54 per cent) of those", not "a quarter of a million"
    r"(?=\s+(?:\([^()]{1,30}\)\s+)?of\b)(?!\s+of\s+a\s+(?:million|billion)\b)"
    # "by a third.", "a third more than"
    r"|\b(?P<n_end>one|two|three|a)[- ](?P<d_end>thirds?|quarters?|fifths?|tenths?)"
    r"(?=\s*[.;,]|\s+(?:more|less|fewer|higher|lower|had|have|has|were|was|are|is)\b"
    # "a decline of roughly a quarter on the previous year": a change against a year;
    # "about a third (1,021)": the count it stands for in brackets
    r"|\s+\(\s*[\d,.]+\s*\)"
    r"|\s+(?:on|over)\s+(?:the\s+)?(?:previous|preceding|last|(?:19|20)\d\d)\b"
    # "a quarter preferred …": a quarter is never an ordinal, as "a third session" is
    r"|(?<=quarter)\s+[a-z]{3,}ed\b|(?<=quarters)\s+[a-z]{3,}ed\b)"
    # "just over a third described …": after an approximation, never an ordinal
    r"|(?:(?<=over )|(?<=about )|(?<=nearly )|(?<=almost )|(?<=roughly )|(?<=around )"
    r"|(?<=under ))(?:a|one)[- ](?P<d_approx>third|quarter|fifth|tenth)\b"
    r"(?!\s+(?:session|meeting|round|edition|phase|cycle|report|time|review|conference)s?\b)"
    r"|(?<=\bby )(?P<by_half>half)\b"  # "fell by half"
    r"|(?<=\bby )(?P<n_by>a|one)[- ](?P<d_by>third|quarter|fifth|tenth)\b"  # "down by a third"
    r"|(?:(?<=than )|(?<=below )|(?<=above )|(?<=under ))(?P<than_half>half)\b"
    r"(?!\s+of\b|\s+a\s+(?:million|billion)\b)"
    rf"|\b(?P<n_pl>{_UNITS_WORD.removeprefix('one|')})[- ]"
    r"(?P<d_pl>thirds|quarters|fifths|sixths|eighths|tenths)\b"  # "two thirds"
    r"|\bevery (?P<every>second|third|fourth|fifth|tenth)\b"  # "every third reply"
    r"(?!\s+(?:years?|months?|weeks?|days?|session|meeting)\b)",
    re.IGNORECASE,
)
#: A share as a ratio in words: "one in ten" (10 per cent), "two out of five", "one in every
#: four".
_EN_RATIO_RE = re.compile(
    rf"\b(?P<n>{_UNITS_WORD}|[1-9])\s+(?:(?:in|out of)\s+(?:a\s+|every\s+)?|of\s+every\s+)"
    r"(?P<d>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|one hundred|\d{1,3})\b",
    re.IGNORECASE,
)
#: A ratio with its noun after the part, the whole bare at the clause's end: "only 1
#: report in 10 was late", "fewer than one State in three" (not "two workshops in three
#: countries": the whole counts a noun of its own).
_EN_RATIO_NOUN_RE = re.compile(
    rf"\b(?P<n>{_UNITS_WORD}|[1-9])\s+[A-Za-z]+\s+in\s+(?:every\s+)?"
    r"(?P<d>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d{1,3})\b"
    r"(?=\s*[,.;:)]|\s+(?:[a-z]+ly\s+)?(?:was|were|is|are|had|has|have|did|do|does|gave|made"
    r"|took|[a-z]+ed)\b)",
    re.IGNORECASE,
)
#: A share as so many of every so many: 每 5 名受训人员中有 1 名 (20 per cent).
_ZH_RATIO_RE = re.compile(
    r"每\s*(?P<d>\d{1,3})\s*(?P<cls>[名个人件起])[^，。；,;\d]{0,10}?中(?:就)?有\s*(?P<n>\d{1,3})\s*(?P=cls)"
)
_EN_SHARE_PARTS = {"a": 1} | {word: _EN_WORDS[word] for word in _UNITS_WORD.split("|")}
_EN_SHARE_WHOLE = {
    "half": 2,
    "second": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "eighth": 8,
    "tenth": 10,
}
#: A share written as a fraction or in tenths: 三分之一 (a third), 两成 (20 per cent), 半数
#: (half).
_ZH_SHARE_RE = re.compile(
    r"(?<![百千万\d])(?P<den>[二两三四五六七八九十]|\d{1,2})\s*分之\s*(?P<num>[一二两三四五六七八九]|\d{1,2})"
    r"|(?<![一二两三四五六七八九十百千万\d])(?P<tenths>[一二两三四五六七八九])成(?P<and_half>半)?"
    r"(?=[的，,。；;、\s]|以上|左右|多|\Z)"  # the scanned line's commas are ASCII
    r"|(?<=近|约|逾|占|达)(?P<tenths_after>[一二两三四五六七八九])成(?P<half_after>半)?"
    r"|(?P<half>过?半数|一半|(?<!绝)大多数)"
)
#: A share as a fraction with a slash: 约 1/3, "1/4 of the States" (not 76/232, a resolution).
_SLASH_FRACTION_RE = re.compile(r"(?<![\d/.A-Za-z-])(?P<num>[1-9])/(?P<den>[2-9]|10)(?![\d/.])")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_UNDER_100 = rf"(?:{_TENS})(?:[- ](?:{_UNITS_WORD}))?|{_TEENS}|{_UNITS_WORD}"
_EN_NUM_RE = re.compile(
    # a footnote's mark may touch its first word (¹Two further States)
    rf"(?:\b|(?<=[{SUPERSCRIPTS}]))"
    rf"(?P<num>(?:(?:{_UNITS_WORD}|a)\s+)?hundred(?:\s+(?:and\s+)?(?:{_UNDER_100}))?"
    rf"|(?:{_UNITS_WORD}|half\s+a)\s+dozen|{_UNDER_100}|dozen|zero)\b"
    r"(?!-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b)",  # forty-first
    re.IGNORECASE,
)
#: Quantities stated without a value: 数十, 数百, 几十, 上千, dozens of, several hundred.
_VAGUE_RE = re.compile(
    r"数以[百千万]计|成[百千]上[千万]|[数几上][十百千万]+"  # not 造成千余名: 成 of a verb
    r"|\b(?:dozens|scores|hundreds|thousands|millions|tens|hundreds of thousands|tens of thousands)"
    r"\s+of\b|\b(?:several|a few|many)\s+(?:dozen|hundred|thousand|million)\b",
    re.IGNORECASE,
)
#: Full-width digits and signs (same length as ASCII, so positions hold).
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
_SUPER_RE = re.compile(rf"[{SUPERSCRIPTS}]+")

_LIST_SEP = r"\s*(?:,|，|、|and|or|和|及|至|-|–)\s*"
#: More numbers of the same shape after the first: "targets 16.1 and 16.4", "Goals 5 and 16".
_DOTTED_LIST = rf"(?:{_LIST_SEP}\d{{1,5}}(?:\.(?:\d{{1,3}}|[a-c]))+)*"
_SHORT_LIST = rf"(?:{_LIST_SEP}\d{{1,2}}(?![\d.]))*"
_EXCLUSION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("title", re.compile(r"《[^《》\n]{1,80}》")),
    ("footnote_marker", re.compile(r"\^\{[^}]{1,4}\}")),
    # … and digits before a capital letter: 3D printing, 5G (after a letter: _IN_A_WORD)
    (
        "name_number",
        re.compile(
            r"(?<![A-Za-z])[A-Za-z]+-\d{1,4}(?![\d,.]\d)"
            r"|(?<![\w.,])\d{1,2}[A-Z](?![a-z])"
            r"|(?:(?<=\bType )|(?<=\bModel ))\d{1,3}\b"
            r"|[一二三四五六七八九十\d]{1,2}\s*国集团"  # 萨赫勒五国集团, 二十国集团 (G5, G20)
        ),
    ),
    (
        "calibre",
        re.compile(
            r"(?<![\d.,])\d{1,2}(?:\.\d{1,2})?(?:\s*[x×]\s*\d{1,3}(?:\.\d{1,2})?)?\s*(?:mm|毫米)"
            r"(?![A-Za-z])|(?<![\d.,])\d{1,2}[- ](?:gauge|bore)\b|\d{1,2}\s*号口径"  # 12-gauge
        ),
    ),
    ("job_number", re.compile(r"(?<![\d/.,-])\d{2}-\d{5}(?:\s*\([A-Z]\))?(?![\d,.-])")),
    (
        "telephone_number",
        re.compile(r"\(?\+\d{1,3}(?:[-\s]\d{1,4})?\)?(?:[-\s]?\d{2,5}){1,4}"),
    ),
    (
        "table_reference",
        re.compile(
            r"(?:见|如|载于|列于)\s*(?:附件[一二三四五六七八九十]*)?[表图]\s*\d+"
            r"|\b(?:[Ss]ee |[Ii]n )?(?:[Tt]ables?|[Ff]igures?)\s+\d+(?![\d,.]\d)(?!\s*(?:%|per))",
        ),
    ),
    ("url", re.compile(r"(?:https?://|www\.)[^\s，。；、)）\]]+")),
    (
        "standard_number",
        re.compile(
            r"\b(?:ISACS|IATG|MOSAIC|IMAS|ISO(?:/IEC)?|[Mm]odules?|[Gg]uidelines?)\s*"
            r"(?:No\.\s*)?\d{1,5}(?:[.:]\d{1,3})*"
            + _DOTTED_LIST
            + r"|(?:标准|准则|模块)》?\s*\d{1,2}(?:\.\d{1,3})+"
            + _DOTTED_LIST
            # a dotted number with a leading zero (05.30, 01.10) numbers a module
            + r"|(?<![\d.,])0\d\.\d{2}(?![\d,]|\.\d)"
            + _DOTTED_LIST
        ),
    ),
    # Not \b: a footnote mark before the symbol ("¹A/CONF.192/…") is a word character.
    (
        "document_symbol",
        re.compile(
            r"(?<![A-Za-z0-9])[A-Z]{1,6}(?:/[A-Za-z0-9.\-()]+)+"
            r"|\b(?:Corr|Add|Rev|Amend)\.\s?\d{1,2}\b"  # "A/62/163 and Corr.1", "Add.1 to Add.3"
        ),
    ),
    (
        "goal_number",
        re.compile(
            r"\b(?:SDGs?|[Gg]oals?|[Aa]spirations?|[Aa]ctions?)\s+\d{1,2}(?![\d.]|,\d)"
            + _SHORT_LIST
            + r"|\b(?:SDGs?|[Gg]oals?|[Tt]argets?)\s+\d{1,2}\.(?:\d{1,2}|[a-c])\b"
            + _DOTTED_LIST
            + r"|\b[Ii]ndicators?\s+\d{1,2}\.\d{1,2}\.\d{1,2}\b"
            + _DOTTED_LIST
            + r"|目标\s*\d{1,2}(?![\d.])"
            + _SHORT_LIST
            + r"|目标\s*\d{1,2}\.(?:\d{1,2}|[a-c])"
            + _DOTTED_LIST
            + r"|指标\s*\d{1,2}\.\d{1,2}\.\d{1,2}"
            + _DOTTED_LIST
        ),
    ),
    (
        "time_of_day",
        re.compile(
            r"\b\d{1,2}[:.]\d{2}\s*(?:a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.)"
            r"|\b\d{1,2}\s+hours\s+(?:a|per)\s+day|\b\d\s+days\s+(?:a|per)\s+week|\b24/7\b"
            r"|(?:around|round)[- ]the[- ]clock[,\s(]*\d{1,2}\s+hours|\b24-hour\b"
            r"|(?:每天|每日|全天)\s*\d{1,2}\s*小时|每周\s*\d\s*天|\d{1,2}\s*[:：]\s*\d{2}(?=\s*[时分])"
            r"|(?:上午|下午|晚上|凌晨|中午)\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?",
            re.IGNORECASE,
        ),
    ),
    (
        "resolution_number",
        # … and a European Union decision (2010/336/CFSP)
        re.compile(
            # not a pair of counts with their measure word: 860/715 件 (collected/destroyed)
            r"\d{3,4}\s*\(\s*\d{4}\s*\)|(?<![\d/])\d{1,4}/\d{1,5}(?![\d/]|\s*[件支发名人枚把套])"
            r"|(?<![\d/])\d{4}/\d{1,5}/[A-Z]{2,6}\b"
        ),
    ),
    (
        "paragraph_reference",
        re.compile(
            r"第\s*\d+(?:\s*(?:至|到|-|–|、|和|及)\s*\d+)*\s*(?:段|条|款|节|章)|\b(?:paras?\.|paragraphs?|subparagraphs?|art\.|"
            r"articles?|footnotes?|sections?|sect\.|chap\.|cap\.|chapters?|rules?|annex(?:es)?)"
            r"\s*\d+(?:\s*(?:\([a-z0-9]{1,3}\))+)?"
            r"(?:\s*(?:,|and|-|–|to)\s*\d+(?:\s*(?:\([a-z0-9]{1,3}\))+)?)*",
            re.IGNORECASE,
        ),
    ),
    (
        "citation_number",
        re.compile(
            r"(?<![A-Za-z])(?:pp?\.|[Pp]ages?|[Vv]ols?\.|[Vv]olumes?|Nos?\.)\s*\d+"
            r"(?:\s*(?:-|–|,|and)\s*\d+)*|第\s*\d+(?:\s*[-–至]\s*\d+)?\s*[页卷期版]"
            r"|\b(?:[Vv]ersion|[Ee]dition|[Rr]ev\.)\s*\d+"
        ),
    ),
    # 临时议程 项目 98(n): not "平均每个项目 31 万美元" (31 per project)
    (
        "agenda_item",
        re.compile(
            r"议程\S{0,4}\s*项目\s*\d+|项目\s*\d+(?=\s*[(（][a-zA-Z])|\bitems?\s+\d+",
            re.IGNORECASE,
        ),
    ),
    (
        "age",
        re.compile(
            r"\b(?:aged|ages?(?: of)?)\s+(?:between\s+)?\d{1,3}(?:\s*(?:to|and|-|–)\s*\d{1,3})?"
            r"|\b\d{1,3}-year-olds?\b|\b\d{1,3}\s+years\s+of\s+age\b"
            r"|(?<![\d.])\d{1,3}(?:\s*(?:至|到|-|–)\s*\d{1,3})?\s*(?:周)?岁",
            re.IGNORECASE,
        ),
    ),
    ("ordinal", re.compile(rf"第\s*(?:\d+|[{_ZH_NUMERAL}]+)|\b\d+(?:st|nd|rd|th)\b")),
    (
        "frequency",
        re.compile(
            r"(?<=每[年月周天日])\s*(?:举行|召开|开展|进行)?\s*\d+(?=\s*次)"
            r"|(?<=每)\s*\d+(?=\s*(?:个月|年|周|天)(?!\s*[内期]))"  # 每 3 年审查一次
            r"|\d+(?=\s*(?:个月|年|周|天)\s*一次)"  # 3 年一次
            r"|\b\d+(?=\s+times\s+(?:a|per|each)\s+(?:year|month|week|day)\b)"
            rf"|(?<=\bevery )(?:\d+|{_UNITS_WORD}|ten)(?=\s+(?:years?|months?|weeks?|days?)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "rate_base",
        re.compile(
            r"\bper\s+(?:every\s+)?1(?:00|,000|0,000|00,000|\s000|0\s000|00\s000)\b"
            r"|每\s*(?:10|100|1\s*000|1,000)\s*万?(?=\s*[人名居])"
        ),
    ),
]

#: Words one of which a line must hold for a pattern to be tried (lower case): a pattern
#: is only a speed-up's worth slower than the words it needs.
_HINTS: dict[str, tuple[str, ...]] = {
    "title": ("《",),
    "footnote_marker": ("^{",),
    "url": ("http", "www."),
    "standard_number": (
        *("isacs", "iatg", "mosaic", "imas", "iso", "module", "guideline"),
        *("标准", "准则", "模块"),
    ),
    "document_symbol": ("/", "corr.", "add.", "rev.", "amend."),
    "goal_number": ("goal", "sdg", "target", "indicator", "aspiration", "action", "目标", "指标"),
    "time_of_day": (
        ":",
        "a.m.",
        "p.m.",
        "hour",
        "/7",
        "week",
        "小时",
        "每周",
        "：",
        "午",
        "晚上",
        "凌晨",
    ),
    "resolution_number": ("/", "("),
    "paragraph_reference": (
        *("第", "para", "art", "footnote", "sect", "chap", "cap.", "rule", "annex"),
    ),
    "citation_number": ("p.", "page", "vol", "no.", "nos.", "第", "version", "edition", "rev."),
    "telephone_number": ("+",),
    "job_number": ("-",),
    "table_reference": ("表", "图", "table", "figure"),
    "agenda_item": ("item", "项目"),
    "age": ("age", "year-old", "岁"),
    "rate_base": ("per", "每"),
    "frequency": ("每", "times", "一次", "every"),
}
_HINT_RES = {
    reason: re.compile("|".join(re.escape(h) for h in hints)) for reason, hints in _HINTS.items()
}
_ZH_DATE_PART = re.compile(
    r"(?P<y>\d{4})\s*(?:日历|财政)?年|(?P<m>\d{1,2})\s*月|(?P<d>\d{1,2})\s*日"
    r"|(?P<yr>\d{4})(?=\s*(?:至|到|-|–|—)\s*\d{4}\s*年)"
)
_EN_DATE_RE = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:\s*(?:-|–|to|and)\s*(?P<d2>\d{1,2}))?\s+)?"
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+(?P<y>\d{4}))?"
    r"|(?P<yr>(?:19|20)\d{2})(?:\s*(?:-|–)\s*(?P<yr2>(?:19|20)?\d{2}))?",
)
_RANGE_SEP = re.compile(r"^\s*(?:至|到|-|–|—|to|until)\s*$")


def chinese_numeral_value(text: str) -> int:
    """Return the value of a Chinese numeral such as ``两``, ``十``, ``二十三``, ``一百``.

    Parameters
    ----------
    text
        The numeral, without classifier.

    Returns
    -------
    int

    """
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in ("万", "亿"):
            section = ((section + digit) or 1) * _ZH_UNITS[ch]  # 万余: ten thousand
            total += section
            section, digit = 0, 0
        else:
            section += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
    return total + section + digit


def arabic_value(text: str) -> float:
    """Return the value of a digit string with optional grouping (``9 824``, ``9,824``)."""
    return float(re.sub(r"[ ,\u00a0\u202f]", "", text))


def find_dates(line: str) -> list[DateSpan]:
    """Find dates and date ranges in a line (Chinese and English forms).

    Parameters
    ----------
    line
        One line of report text.

    Returns
    -------
    list of DateSpan
        Non-overlapping, in order of position.

    """
    spans = _zh_dates(line)
    taken = [(s.start, s.end) for s in spans]
    yearless: list[re.Match[str]] = []
    for m in _EN_DATE_RE.finditer(line):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.group("mon"):
            month = _EN_MONTHS[m.group("mon").lower()]
            year = int(m.group("y")) if m.group("y") else None
            if year is None:
                yearless.append(m)  # a date only as the start of a range (_yearless_starts)
                continue
            try:
                if m.group("d1"):
                    d1 = int(m.group("d1"))
                    d2 = int(m.group("d2")) if m.group("d2") else d1
                    span = _span(m, dt.date(year, month, d1), dt.date(year, month, d2), "day")
                else:
                    span = _span(m, dt.date(year, month, 1), _month_end(year, month), "month")
            except ValueError:  # "31 June 2015": still a date, not a figure
                span = _span(m, None, None, "invalid", ("invalid_date",))
            spans.append(span)
        else:
            after = line[m.end() : m.end() + 30].lower()
            if _followed_by_quantity_noun(after):
                continue
            y1 = int(m.group("yr"))
            y2 = y1
            if m.group("yr2"):
                tail = m.group("yr2")
                y2 = int(tail) if len(tail) == 4 else y1 // 100 * 100 + int(tail)
            spans.append(_span(m, dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"))
        taken.append((m.start(), m.end()))
    spans = _yearless_starts(line, yearless, sorted(spans, key=lambda s: s.start))
    return _merge_en_ranges(line, spans)


#: What joins an English date range's ends: a dash, "to", "until"; "and" after "between".
_EN_DATE_LINK = re.compile(r"\s*(?:-|–|to|until|and)\s*")
_EN_RANGE_OPEN = re.compile(r"\b(?:from|between)\s*$", re.IGNORECASE)


def _yearless_starts(
    line: str, yearless: list[re.Match[str]], spans: list[DateSpan]
) -> list[DateSpan]:
    """Return ``spans`` with each range whose start has no year of its own joined up.

    "from 1 March to 30 April 2017", "between March and June 2017": the start takes the
    end's year (the year before when it would come after the end: "from December to
    March 2017"). A day of a month that opens no range ("held on 12 May") is a date
    whose year is untold: its number is no figure, and it dates nothing.
    """
    out = list(spans)
    for m in yearless:
        end = next((s for s in out if s.start >= m.end()), None)
        if (
            end is None
            or end.date_start is None
            or end.precision not in ("month", "day")
            or not _joins_range(line, m.start(), m.end(), end.start)
        ):
            if m.group("d1"):
                out.append(_span(m, None, None, "partial"))
                out.sort(key=lambda s: s.start)
            continue
        year, month = end.date_start.year, _EN_MONTHS[m.group("mon").lower()]
        day = int(m.group("d1")) if m.group("d1") else 1
        try:
            start = dt.date(year, month, day)
            if start > end.date_start:
                start = dt.date(year - 1, month, day)
        except ValueError:
            continue
        precision = "day" if m.group("d1") else "month"
        joined = DateSpan(
            m.start(), end.end, line[m.start() : end.end], start, end.date_end, precision
        )
        out[out.index(end)] = joined
    return out


def _joins_range(line: str, start: int, end: int, next_start: int, months: bool = False) -> bool:
    """Tell whether the text between two dates joins them into a range.

    A dash always does; "to" and "until" after "from" or "between", or between two
    months ("August 2015 to July 2016"); "and" after "between" only.
    """
    link = _EN_DATE_LINK.fullmatch(line, end, next_start)
    if link is None:
        return False
    word = link.group(0).strip()
    opened = _EN_RANGE_OPEN.search(line, 0, start)
    if word == "and":
        return opened is not None and opened.group(0).lower().startswith("between")
    if word in ("to", "until"):
        return opened is not None or months
    return True


def _followed_by_quantity_noun(after: str) -> bool:
    return bool(
        re.match(
            r"\s*(?:small arms|weapons|firearms|rounds|pieces|people|persons|"
            r"officers|officials|countries|states|projects|kg|items)\b",
            after,
        )
    )


def _span(
    m: re.Match[str],
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    flags: tuple[str, ...] = (),
) -> DateSpan:
    return DateSpan(m.start(), m.end(), m.group(0), start, end, precision, flags)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _point_bounds(y: int | None, m: int | None, d: int | None) -> tuple[dt.date, dt.date, str]:
    assert y is not None
    if m is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if d is None:
        return dt.date(y, m, 1), _month_end(y, m), "month"
    return dt.date(y, m, d), dt.date(y, m, d), "day"


#: Words before "N 日" that make it a number of days, not a day of a month (会期 5 日).
_DAYS_NOT_DATE = re.compile(r"(?:会期|为期|历时|持续|连续|长达|共计|共|约|近|逾|超过)\s*$")


def _zh_dates(line: str) -> list[DateSpan]:
    parts = [
        part
        for part in _ZH_DATE_PART.finditer(line)
        if not (part.group("d") and _DAYS_NOT_DATE.search(line, 0, part.start()))
    ]
    points: list[dict] = []
    for part in parts:
        kind = "y" if part.group("y") or part.group("yr") else ("m" if part.group("m") else "d")
        value = int(part.group(kind if kind != "y" else ("y" if part.group("y") else "yr")))
        prev = points[-1] if points else None
        order = {"y": 0, "m": 1, "d": 2}
        if (
            prev is not None
            and not line[prev["end"] : part.start()].strip()
            and order[kind] > prev["last"]
            and not prev.get("open")
        ):
            prev[kind] = value
            prev["end"] = part.end()
            prev["last"] = order[kind]
            if part.group("yr"):
                prev["open"] = True
            continue
        points.append(
            {
                "start": part.start(),
                "end": part.end(),
                kind: value,
                "last": order[kind],
                "open": bool(part.group("yr")),
            }
        )
    spans: list[DateSpan] = []
    i = 0
    while i < len(points):
        try:
            i = _zh_span(line, points, i, spans)
        except ValueError:  # 2 月 30 日: still a date, not a figure
            p = points[i]
            spans.append(
                DateSpan(
                    p["start"],
                    p["end"],
                    line[p["start"] : p["end"]],
                    None,
                    None,
                    "invalid",
                    ("invalid_date",),
                )
            )
            i += 1
    return spans


def _zh_span(line: str, points: list[dict], i: int, spans: list[DateSpan]) -> int:
    """Append the date (or range) starting at ``points[i]``; return the next index."""
    p = points[i]
    q = points[i + 1] if i + 1 < len(points) else None
    if q is not None and _RANGE_SEP.match(line[p["end"] : q["start"]]):
        y1 = p.get("y", q.get("y"))
        y2 = q.get("y", y1)
        m2 = q.get("m", p.get("m") if "d" in q else None)
        if y1 is None or y2 is None:  # 8 月 31 日至 9 月 4 日: a range of dates, year untold
            spans.append(
                DateSpan(p["start"], q["end"], line[p["start"] : q["end"]], None, None, "partial")
            )
            return i + 2
        s, _, prec = _point_bounds(y1, p.get("m"), p.get("d"))
        _, e, _ = _point_bounds(y2, m2, q.get("d"))
        flags = ("period_end_before_start",) if e < s else ()
        spans.append(DateSpan(p["start"], q["end"], line[p["start"] : q["end"]], s, e, prec, flags))
        return i + 2
    text = line[p["start"] : p["end"]]
    if p.get("y") is not None:
        s, e, prec = _point_bounds(p["y"], p.get("m"), p.get("d"))
        spans.append(DateSpan(p["start"], p["end"], text, s, e, prec))
    else:
        spans.append(DateSpan(p["start"], p["end"], text, None, None, "partial"))
    return i + 1


def _merge_en_ranges(line: str, spans: list[DateSpan]) -> list[DateSpan]:
    merged: list[DateSpan] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.date_start
            and span.date_end
            and _joins_range(line, prev.start, prev.end, span.start, _both_months(prev, span))
        ):
            flags = ("period_end_before_start",) if span.date_end < prev.date_start else ()
            merged[-1] = DateSpan(
                prev.start,
                span.end,
                line[prev.start : span.end],
                prev.date_start,
                span.date_end,
                prev.precision,
                flags,
            )
        else:
            merged.append(span)
    return merged


def _both_months(first: DateSpan, second: DateSpan) -> bool:
    """Tell two dated months ("August 2015", "July 2016") that a dash or "to" joins."""
    return first.precision in ("month", "day") and second.precision in ("month", "day")


def scan_line(
    line: str, *, line_is_paragraph_start: bool = False, line_is_footnote: bool = False
) -> tuple[list[Token], list[DateSpan]]:
    """Find every number-like token in a line and classify it.

    Parameters
    ----------
    line
        One line of report text.
    line_is_paragraph_start
        The line begins with the report's own paragraph number (``12. ...``).
    line_is_footnote
        The line is a footnote (its leading marker is not a figure).

    Returns
    -------
    tokens, dates
        Tokens in order of position, with ``excluded`` set to a reason from
        ``EXCLUSION_REASONS`` or ``None`` for a candidate figure; and the dates found.

    """
    original = line
    line = line.translate(_FULLWIDTH)
    excluded, dates = _exclusions(
        line, paragraph_start=line_is_paragraph_start, footnote=line_is_footnote
    )
    tokens = [
        *_arabic_tokens(line, excluded),
        *_superscript_tokens(line),
        *_chinese_tokens(line, excluded),
        *_english_tokens(line, excluded),
        *_percent_word_tokens(line, excluded),
        *_vague_tokens(line),
    ]
    tokens = join_ranges(line, _outermost(tokens))
    if line != original:  # full-width digits: values from ASCII, texts as written
        tokens = [_as_written(t, original) for t in tokens]
        dates = [
            d if d.text == original[d.start : d.end] else replace(d, text=original[d.start : d.end])
            for d in dates
        ]
    return tokens, dates


def _as_written(token: Token, original: str) -> Token:
    written = original[token.start : token.end]
    return token if token.text == written else replace(token, text=written)


@dataclass(frozen=True)
class _Excluded:
    """Stretches of a line that hold no figure, each with its reason (first listed wins)."""

    spans: tuple[tuple[int, int, str], ...]

    def reason_at(self, start: int, end: int) -> str | None:
        """Return why ``line[start:end]`` is not a figure, or ``None`` if it may be one.

        A token inside an excluded stretch takes its reason; one that merely overlaps
        takes it too, unless the stretch is a date (a date's digits may touch a count).
        """
        for a, b, why in self.spans:
            if a <= start and end <= b or (a < end and start < b and why != "date"):
                return why
        return None


#: A header naming what each number of a pair counts, before the pairs it heads: "as
#: follows (weapons/tonnes of ammunition): Bulgaria, 5,330/88; …", 如下（收缴/销毁）：.
PAIR_HEADER = re.compile(
    r"[(（]\s*(?P<first>[^()（）/\d]{2,40})/(?P<second>[^()（）/\d]{2,40})[)）]\s*[:：]"
)
#: What ends a sentence or names a resolution between a header and a pair.
_NOT_UNDER_THE_HEADER = re.compile(r"[.。](?:\s|$)|resolution|decision|决议|决定", re.IGNORECASE)


def _a_pair_under_its_header(line: str, span: tuple[int, int, str]) -> bool:
    """Tell a "resolution number" that is a pair of counts a header names (9,870/212)."""
    start, _, reason = span
    if reason != "resolution_number":
        return False
    headers = list(PAIR_HEADER.finditer(line, max(0, start - 400), start))
    return bool(headers) and not _NOT_UNDER_THE_HEADER.search(line, headers[-1].end(), start)


def _exclusions(
    line: str, *, paragraph_start: bool, footnote: bool
) -> tuple[_Excluded, list[DateSpan]]:
    """Return the excluded stretches of ``line`` and the dates outside the other exclusions."""
    excluded: list[tuple[int, int, str]] = []
    low = line.lower()
    for reason, pattern in _EXCLUSION_PATTERNS:
        hint = _HINT_RES.get(reason)
        if hint is None or hint.search(low):
            excluded.extend((m.start(), m.end(), reason) for m in pattern.finditer(line))
    excluded = [span for span in excluded if not _a_pair_under_its_header(line, span)]
    dates = [
        d for d in find_dates(line) if not any(a <= d.start and d.end <= b for a, b, _ in excluded)
    ]
    excluded.extend((d.start, d.end, "date") for d in dates)
    if footnote:
        m = re.match(r"\s*\d{1,2}(?=\s)", line)
        if m:
            excluded.append((m.start(), m.end(), "footnote_marker"))
    if paragraph_start:
        m = re.match(r"\s*\d{1,3}\s*[.．]", line)
        if m:
            excluded.append((m.start(), m.end(), "paragraph_number"))
    return _Excluded(tuple(excluded)), dates


def _arabic_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the numbers written in digits (``9,824``, ``9 824``, ``12.5``)."""
    tokens: list[Token] = []
    for m in _ARABIC_RE.finditer(line):
        text = m.group(1)
        flags: tuple[str, ...] = ()
        digits = re.sub(r"[ ,\u00a0\u202f]", "", text)
        if re.fullmatch(r"\d{1,3}[ \u00a0\u202f]\d{4,}", text):
            flags = ("odd_digit_grouping",)
        form = "grouped" if digits != text else "digits"
        why = excluded.reason_at(m.start(1), m.end(1))
        if why is None and line[m.end(1) : m.end(1) + 1] == "." and m.start(1) == 0:
            why = "paragraph_number"
        tokens.append(Token(m.start(1), m.end(1), text, arabic_value(text), form, why, flags))
    for m in _IN_A_WORD.finditer(line):  # CSP8, Youth4Disarmament: audited, never read
        tokens.append(Token(m.start(), m.end(), m.group(0), None, "digits", "name_number"))
    return sorted(tokens, key=lambda t: t.start)


#: Digits inside a word, after a letter: never a number of the text (G20, CSP8).
_IN_A_WORD = re.compile(r"(?<=[A-Za-z])\d+")


def _superscript_tokens(line: str) -> list[Token]:
    """Return the superscript digits (always footnote markers)."""
    return [
        Token(m.start(), m.end(), m.group(0), None, "superscript", "footnote_marker")
        for m in _SUPER_RE.finditer(line)
    ]


#: Words before which a bare 百, 千 or 万 is a count: 逾千件 (more than a thousand).
_BARE_COUNT_AFTER = re.compile(r"(?:逾|超过|将近|近|约|多达|不足|不到)\s*$")
#: A number right before: the 万 of 1.5 万余件 multiplies it, it is no bare count.
_NUMBER_BEFORE = re.compile(r"[\d０-９]\s*$")


#: The lower bound of a range in numerals: 一至两名, 五至七名 (not 第五至七名).
_ZH_RANGE_LOW = re.compile(
    rf"(?<![第{_ZH_NUMERAL}])[{_ZH_NUMERAL}]+(?=\s*(?:至|到)\s*[{_ZH_NUMERAL}]+"
    rf"(?:{'|'.join(CLASSIFIERS)}))"
)
#: Half a year on its own: 半年 (not 上半年, the first half of one, nor 半年度).
_ZH_HALF_YEAR = re.compile(
    r"(?<![一二两三四五六七八九十百千\d个上下前后])半(?=年(?![期度])|个月)"  # 半年, 半个月
)


def _chinese_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the Chinese numerals before a measure word (``三名``, ``十二个``), 半年, 半个月."""
    tokens: list[Token] = [
        Token(m.start(), m.end(), "半", 0.5, "chinese", excluded.reason_at(m.start(), m.end()))
        for m in _ZH_HALF_YEAR.finditer(line)
    ]
    tokens += [  # 一至两名: the lower bound of a range, its measure word after the upper
        Token(
            m.start(),
            m.end(),
            m.group(0),
            float(chinese_numeral_value(m.group(0))),
            "chinese",
            excluded.reason_at(m.start(), m.end()),
        )
        for m in _ZH_RANGE_LOW.finditer(line)
    ]
    for m in _ZH_NUM_RE.finditer(line):
        num = m.group("num")
        bare = not any(ch in _ZH_DIGITS for ch in num) and num != "十"
        if bare and (
            not (m.group("more") or _BARE_COUNT_AFTER.search(line, 0, m.start()))
            or _NUMBER_BEFORE.search(line, 0, m.start())
        ):
            continue  # 千年 (millennium), 百年, 万: not a count, unlike 千余名, 逾千件
        value = chinese_numeral_value(num) + (0.5 if line.startswith("半", m.end()) else 0)
        why = excluded.reason_at(m.start("num"), m.end("num")) or _chinese_reason(line, m)
        pair = _neighbouring_pair(num) if m.group("cls") not in ("月", "日") else None
        low, high = pair or (float(value), None)
        tokens.append(
            Token(m.start("num"), m.end("num"), num, low, "chinese", why, value_high=high)
        )
    return tokens


#: Two neighbouring digits, an estimate between them: 三四名 (three or four), 一两个, 十三四
#: 人 (13 or 14), 二三十人 (20 to 30), 两三百件; not 五六月 (May and June, see the caller).
_ZH_NEIGHBOURS = re.compile(
    r"(?P<tens>[二三四五六七八九]?十)?(?P<a>[一二两三四五六七八])(?P<b>[二两三四五六七八九])"
    r"(?P<place>[十百千万]?)"
)


def _neighbouring_pair(num: str) -> tuple[float, float] | None:
    """Return the bounds of a numeral of two neighbouring digits (三四 → 3, 4), else None."""
    m = _ZH_NEIGHBOURS.fullmatch(num)
    if m is None or _ZH_DIGITS[m.group("b")] != _ZH_DIGITS[m.group("a")] + 1:
        return None
    if m.group("tens") and m.group("place"):
        return None
    base = chinese_numeral_value(m.group("tens")) if m.group("tens") else 0
    place = _ZH_UNITS.get(m.group("place"), 1)
    a, b = _ZH_DIGITS[m.group("a")], _ZH_DIGITS[m.group("b")]
    return float(base + a * place), float(base + b * place)


def _chinese_reason(line: str, m: re.Match[str]) -> str | None:
    """Return why a Chinese numeral is not a count (ordinal, 三年期, 每两年, 一个), if so."""
    before = line[max(0, m.start() - 1) : m.start()]
    if before == "第":
        return "ordinal"
    if m.group("cls") == "年" and re.match(r"期(?:会议|会|报告|审议)", line[m.end() :]):
        return "term_adjective"  # 两年期会议 (the biennial meeting); 五年期方案 lasts 5 years
    if before == "每":
        return "frequency"
    if m.group("cls") == "年" and len(m.group("num")) == 4 and "十" not in m.group("num"):
        return "date"  # 二〇二一年: a year written in numerals
    if m.group("cls") == "日" and before == "月":
        return "date"  # 二月十五日
    if m.group("num") == "一" and before in "上下同前" and before:
        return "date"  # 上一年 (the previous year), 同一天 (the same day)
    if m.group("num") == "一" and m.group("cls") == "年" and line.startswith("前", m.end()):
        return "date"  # 比一年前增加 7 个: a year ago, a time
    if m.group("num") == "一" and re.match(r"半(?:月|小时|钟头|星期)", line[m.end() :]):
        return None  # 一个半月, 一个半小时: one and a half, a span of time
    if m.group("num") == "一" and m.group("cls") not in ("年", "个月", "天", "周"):
        return "indefinite_article"
    return None


#: Nouns an English number word counts (besides any plural noun): irregular plurals.
_EN_COUNTED = frozenset(
    (
        "people",
        "personnel",
        "staff",
        "police",
        "children",
        "women",
        "men",
        "youth",
        "small",
        "arms",
    )
)
#: Words ending in "s" that are not plural nouns.
_NOT_PLURAL = frozenset(
    (
        "is",
        "was",
        "has",
        "this",
        "its",
        "his",
        "thus",
        "as",
        "us",
        "always",
        "across",
        "process",
        "access",
        "various",
        "previous",
        "serious",
        "numerous",
        "less",
        "unless",
        "whereas",
    )
)


def counts_something(after: str) -> bool:
    """Tell whether the three words after a number word hold a counted noun.

    "seven missions", "thirty-one States", "two armed forces officers": a plural noun or
    a collective noun (people, personnel, police) within three words, before any
    clause punctuation.
    """
    clause = re.split(r"[,.;:()]", after, maxsplit=1)[0]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-]*", clause) if w not in ("and", "or")]
    for word in words[:3]:  # "eleven regional and subregional organizations"
        low = word.lower()
        if low in _EN_COUNTED or (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is"))
            and low not in _NOT_PLURAL
        ):
            return True
    return False


def english_number_value(text: str) -> float:
    """Return the value of English number words (``thirty-one``, ``two hundred and five``)."""
    total, current = 0, 0
    words = re.findall(r"[a-z]+", text.lower())
    if words[:3] == ["half", "a", "dozen"]:
        return 6.0  # "half a dozen regional meetings"
    for word in words:
        if word in ("hundred", "dozen"):
            current = (current or 1) * (100 if word == "hundred" else 12)
        elif word not in ("and", "a"):  # "a hundred and twenty"
            current += _EN_WORDS[word]
    return float(total + current)


#: What opens a part of a count named before: "nine States, of which six in Africa".
_EN_PART_BEFORE = re.compile(r"\b(?:of (?:which|whom|them|these)|among them)\s+$", re.IGNORECASE)
#: A number word then the whole it counts part or all of: "all three of its centres".
_EN_OF_A_WHOLE = re.compile(
    r"\s+of\s+(?:(?:the|its|their|these|those)\s+\w|them\b)", re.IGNORECASE
)  # "two of them in Africa"
#: A number word that is a percentage or a difference: "Twelve per cent of", "seven more
#: than the 124".
_EN_PERCENT_OR_DIFFERENCE = re.compile(
    r"\s+(?:per\s?cent\b|percent\b|(?:more|fewer|less)\s+than\b|short\s+of\b)", re.IGNORECASE
)
#: A number word a difference is counted from: "two short of the nine required".
_EN_DIFFERENCE_FROM = re.compile(r"\b(?:short of|more than|fewer than) the\s+$", re.IGNORECASE)
#: A number word of a part by the means it names: "Seven States joined, six by
#: ratification and one by accession".
EN_PART_BY_MEANS = re.compile(r"\s+by\s+[a-z]+(?:ion|ance|ence|ment)\b")
#: A number word that is a whole's count by itself: "Replies received late, eight in all,".
_EN_IN_ALL = re.compile(r",?\s+(?:in all|in total|all told|altogether)\b", re.IGNORECASE)
#: A span of time after a number word, made an adjective or not: "a three-year project",
#: "within one year", "six one-week sessions" (so "one" is no article there).
_EN_SPAN_AFTER = re.compile(
    r"-(?:year|month|week|day|hour)\b|\s+(?:year|month|week|day|hour)s?\b", re.IGNORECASE
)


#: A part of a million or a billion in words: "half a million rounds", "a quarter of a
#: million". The token ends before "million", which multiplies it.
_EN_PART_OF_A_MULTIPLE = re.compile(
    r"\b(?P<part>half|a quarter of|three quarters of|a third of|two thirds of)\s+a"
    r"(?=\s+(?:million|billion)\b)",
    re.IGNORECASE,
)
_PART_OF_A_MULTIPLE = {
    "half": 0.5,
    "a quarter of": 0.25,
    "three quarters of": 0.75,
    "a third of": 1 / 3,
    "two thirds of": 2 / 3,
}
#: A span of time and a half: "two and a half months", "a two-and-a-half-year programme",
#: "a year and a half", "half a year".
#: The token ends before the span's noun, which gives the unit.
_EN_AND_A_HALF = re.compile(
    rf"\b(?P<num>{_UNITS_WORD}|\d+)([ -])and\2a\2half"
    r"(?=[\s-](?:years?|months?|weeks?|days?|hours?)\b)"
    r"|\b(?P<one>a)(?= (?:year|month|week|day) and a half\b)"
    r"|\b(?P<half>half a|half)(?= (?:year|month|week|day|tonne|ton)\b|-(?:day|hour)\b)"
    r"|\b(?P<pair>a pair of)(?= \w)",  # "a pair of marking machines": two
    re.IGNORECASE,
)
#: A range of spans with the first hyphen left hanging: "three- to five-day courses". The
#: token ends before the second hyphen, which names the unit.
_EN_HANGING_RANGE = re.compile(
    rf"\b(?P<low>{_UNITS_WORD}|ten|\d{{1,2}})-\s+to\s+(?P<high>{_UNITS_WORD}|ten|\d{{1,2}})"
    r"(?=-(?:day|week|month|year|hour)s?\b)",
    re.IGNORECASE,
)
#: A multiple in one word: "a tenfold increase" (a figure with a number, as 三倍).
_EN_FOLD_RE = re.compile(rf"\b(?P<num>{_UNITS_WORD}|ten|twenty|hundred)fold\b", re.IGNORECASE)


def _english_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the English number words that count something (``seven missions``).

    And multiples in one word ("tenfold").
    """
    tokens: list[Token] = [
        Token(
            m.start(),
            m.end(),
            m.group(0),
            english_number_value(m.group("num")),
            "english_word",
            excluded.reason_at(m.start(), m.end()),
        )
        for m in _EN_FOLD_RE.finditer(line)
    ]
    tokens += [
        Token(m.start(), m.end(), m.group(0), _and_a_half(m), "english_word", None)
        for m in _EN_AND_A_HALF.finditer(line)
    ]
    tokens += [
        Token(
            m.start(),
            m.end(),
            m.group(0),
            _word_or_digits(m.group("low")),
            "range",
            excluded.reason_at(m.start(), m.end()),
            value_high=_word_or_digits(m.group("high")),
        )
        for m in _EN_HANGING_RANGE.finditer(line)
    ]
    tokens += [
        Token(
            m.start(),
            m.end(),
            m.group(0),
            _PART_OF_A_MULTIPLE[m.group("part").lower()],
            "english_word",
            excluded.reason_at(m.start(), m.end()),
        )
        for m in _EN_PART_OF_A_MULTIPLE.finditer(line)
    ]
    for m in _EN_NUM_RE.finditer(line):
        after = line[m.end() : m.end() + 60]
        if _EN_SHARE_RE.match(line, m.start()) or any(
            r.start() <= m.start() < r.end() for r in _EN_RATIO_RE.finditer(line)
        ):
            continue  # "two thirds of", "one in ten": a share (see _percent_word_tokens)
        if not (
            counts_something(after)
            or m.group("num").lower() == "one"  # the reader tells a count ("one State")
            or _EN_OF_A_WHOLE.match(after)  # "all three of its regional centres"
            or _EN_SPAN_AFTER.match(after)  # "within one year"
            or _EN_PART_BEFORE.search(line, 0, m.start())  # "nine States, of which six in Africa"
            or _EN_PERCENT_OR_DIFFERENCE.match(after)
            or _EN_IN_ALL.match(after)
            or EN_PART_BY_MEANS.match(after)
            or _EN_DIFFERENCE_FROM.search(line, max(0, m.start() - 20), m.start())
        ):
            continue
        word = m.group("num").lower()
        why = excluded.reason_at(m.start(), m.end())
        if why is None and word == "one" and not _EN_SPAN_AFTER.match(after):
            why = "indefinite_article"  # not "six one-week sessions": each lasts a week
        value = english_number_value(word)
        tokens.append(Token(m.start(), m.end(), m.group("num"), value, "english_word", why))
    return tokens


def _share_part(m: re.Match[str]) -> str:
    """Return the part of a share in words ("two" of "two thirds"; "one" for "half")."""
    return m.group("n_by") or m.group("n_pl") or "one"


def _share_whole(m: re.Match[str]) -> str:
    """Return the whole of a share in words ("thirds" of "two thirds"; "half")."""
    names = ("d", "d_end", "d_approx", "d_by", "d_pl", "every")
    return next((m.group(g) for g in names if m.group(g)), "half")


def _and_a_half(m: re.Match[str]) -> float:
    """Return the value of a span and a half, half a span, or a pair.

    "two and a half" (months), "a [year] and a half" (1.5), "half a [year]", "a pair of".
    """
    if m.group("half"):
        return 0.5
    if m.group("pair"):
        return 2.0
    if m.group("one"):
        return 1.5
    return _word_or_digits(m.group("num")) + 0.5


def _word_or_digits(word: str) -> float:
    """Return the value of a number in digits or English words: "four", 4."""
    return float(word) if word.isdigit() else english_number_value(word)


def _percent_word_tokens(line: str, excluded: _Excluded) -> list[Token]:
    """Return the percentages written in words.

    ``百分之二十`` (20 per cent), ``三分之一`` (a third), ``两成`` (two tenths), 半数,
    1/3, "two thirds of", "a quarter of", "half of", "one in ten".
    """
    tokens: list[Token] = []
    for m in _ZH_PERCENT_RE.finditer(line):
        num = m.group("num")
        value = arabic_value(num) if num[0].isdigit() else _zh_decimal(num)
        why = excluded.reason_at(m.start("num"), m.end("num"))
        high = _zh_decimal(m.group("high")) if m.group("high") else None
        if high is not None and high <= value:
            high = None  # not a range that descends
        end = m.end() if high is not None else m.end("num")
        tokens.append(
            Token(
                m.start(), end, line[m.start() : end], value, "percent_words", why, value_high=high
            )
        )
    for m in _EN_SHARE_RE.finditer(line):
        n = _EN_SHARE_PARTS[(m.group("n") or m.group("n_end") or _share_part(m)).lower()]
        whole = _EN_SHARE_WHOLE[_share_whole(m).lower().rstrip("s")]
        why = excluded.reason_at(m.start(), m.end())
        value = round(100 * n / whole, 2)
        tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", why))
    for m in (*_EN_RATIO_RE.finditer(line), *_EN_RATIO_NOUN_RE.finditer(line)):
        n, d = (_word_or_digits(m.group(g)) for g in ("n", "d"))
        if not 0 < n < d:
            continue
        value = round(100 * n / d, 2)
        why = excluded.reason_at(m.start(), m.end())
        tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", why))
    for m in _ZH_RATIO_RE.finditer(line):
        n, d = int(m.group("n")), int(m.group("d"))
        if 0 < n < d:
            why = excluded.reason_at(m.start(), m.end())
            value = round(100 * n / d, 2)
            tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", why))
    for m in _SLASH_FRACTION_RE.finditer(line):
        if int(m.group("num")) < int(m.group("den")):
            value = round(100 * int(m.group("num")) / int(m.group("den")), 2)
            tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", None))
    for m in _ZH_SHARE_RE.finditer(line):
        tenths = m.group("tenths") or m.group("tenths_after")
        if m.group("half"):
            value = 50.0
        elif tenths:  # 两成 (20 per cent), 一成半 (15)
            half = m.group("and_half") or m.group("half_after")
            value = 10.0 * chinese_numeral_value(tenths) + (5.0 if half else 0.0)
        else:
            value = round(100 * _zh_int(m.group("num")) / _zh_int(m.group("den")), 2)
        why = excluded.reason_at(m.start(), m.end())
        tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", why))
    return tokens + _shares_of_an_opening_whole(line, excluded, tokens)


#: A sentence that opens with its whole: "Of the 41 incidents, half occurred in …".
_EN_WHOLE_OPENING = re.compile(
    r"(?:^|(?<=[.;]\s)|(?<=[.;][⁰¹²³⁴⁵⁶⁷⁸⁹]\s))(?:Of|Among) (?:the|these|those) [^,.;]{2,60},",
    re.IGNORECASE,
)
#: A share in words with nothing after it to say so: "half occurred", "a quarter in …".
_EN_BARE_SHARE = re.compile(
    r"\b(?:(?P<n>a|one|two|three)[- ](?P<d>thirds?|quarters?|fifths?|tenths?)"
    r"|(?<!first )(?<!second )(?<!latter )(?<!former )half)\b"
    r"(?!\s+(?:of|a)\b|-)",
    re.IGNORECASE,
)


def _shares_of_an_opening_whole(line: str, excluded: _Excluded, found: list[Token]) -> list[Token]:
    """Return the shares in words of a sentence that opens with their whole.

    "Of the 41 incidents, half occurred in States affected by conflict, and a quarter in
    or near populated areas": both are shares of the 41, though no "of" follows them.
    """
    tokens: list[Token] = []
    for opening in _EN_WHOLE_OPENING.finditer(line):
        end = re.compile(r"\.(?:\s|$)").search(line, opening.end())
        for m in _EN_BARE_SHARE.finditer(line, opening.end(), end.start() if end else len(line)):
            if any(t.start < m.end() and m.start() < t.end for t in found):
                continue
            n = _EN_SHARE_PARTS[(m.group("n") or "a").lower()]
            whole = _EN_SHARE_WHOLE[(m.group("d") or "half").lower().rstrip("s")]
            why = excluded.reason_at(m.start(), m.end())
            value = round(100 * n / whole, 2)
            tokens.append(Token(m.start(), m.end(), m.group(0), value, "percent_words", why))
    return tokens


def _zh_decimal(text: str) -> float:
    """Return the value of a Chinese numeral with decimals read digit by digit (十二点五)."""
    whole, _, decimals = text.partition("点")
    digits = "".join(str(chinese_numeral_value(d)) for d in decimals)
    return float(f"{chinese_numeral_value(whole)}.{digits or 0}")


def _zh_int(text: str) -> int:
    """Return the value of digits or of a Chinese numeral."""
    return int(text) if text.isdigit() else chinese_numeral_value(text)


def _vague_tokens(line: str) -> list[Token]:
    """Return the vague quantities (``数十``, ``dozens of``): excluded, they have no value."""
    return [
        Token(m.start(), m.end(), m.group(0), None, "vague", "vague_quantity")
        for m in _VAGUE_RE.finditer(line)
    ]


def _outermost(tokens: list[Token]) -> list[Token]:
    """Return the tokens in order of position, without those inside a longer one."""
    kept: list[Token] = []
    for token in sorted(tokens, key=lambda t: (t.start, -t.end)):
        if kept and token.end <= kept[-1].end:
            continue
        kept.append(token)
    return kept


#: What opens a range before its lower bound ("between", "from", 从), currency allowed.
_RANGE_OPEN = re.compile(r"(?:between|from|从|介于|少则)\s*(?:US\$|USD|\$|EUR|€)?\s*$", re.I)
#: What joins the bounds of a range: "and", 和, 与 (after "between", 介于), "to", 至, 到, a
#: dash.
_RANGE_LINK = re.compile(
    r"\s*(?P<mult>千万|百万|万亿|万|亿|million|billion|trillion|thousand)?\s*(?P<money>美元|欧元)?\s*"
    # 12 个月至 18 个月, 2 天到 5 天, 60% 到 70%, 1 300 吨至 1 500 吨
    r"(?:个月|个?星期|小时|天|周|年|[%％]|吨|公斤|千克|名|人|件|支|发|枚)?\s*"
    r"(?P<link>and|to|至|到|和|与|-|–|—|~|～|[，,]\s*多则)\s*(?:US\$|USD|\$|EUR|€)?\s*",
    re.I,
)
#: A verb of change before "from": "increased from 200 to 260" is two values, not a range.
_CHANGE_VERB = re.compile(
    r"(?:increas|decreas|rose|risen|rise|fell|fallen|grew|grown|drop|declin|reduc|revis|"
    r"chang|went|climb|jump|cut|rais|lower|doubl|tripl|quadrupl|halv"
    r"|上升|增加|减少|增至|降至|下降|修订)\w*"
    r"(?:\s+\S+){0,4}?\s*(?:from|从)\s*(?:US\$|USD|\$|EUR|€)?\s*$",
    re.I,
)


def join_ranges(line: str, tokens: list[Token]) -> list[Token]:
    """Join two candidate numbers that state one range into one token (qualifier ``range``).

    "between 15 and 25 officers", "from 200 to 260 participants", "15 至 25 名",
    "US$ 50,000 to US$ 250,000", 介于 9 万美元和 19.5 万美元之间: the lower bound is the
    token's value, the upper its ``value_high``. Not a range: "increased from 200 to 260"
    (a change: a verb before "from"), "from 260 to 200" (a range never descends), "15 and
    25" without "between".
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        low = tokens[i]
        high = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = _range(line, low, high) if high is not None else None
        out.append(joined or low)
        i += 2 if joined else 1
    return out


def _range(line: str, low: Token, high: Token) -> Token | None:
    if low.excluded or high.excluded or low.value is None or high.value is None:
        return None
    link = _RANGE_LINK.fullmatch(line, low.end, high.start)
    if link is None:
        return None
    before = line[max(0, low.start - 60) : low.start]
    opened = _RANGE_OPEN.search(before)
    between = opened is not None and re.search("between|介于", opened.group(0), re.I) is not None
    if link.group("link").lower() in ("and", "和", "与") and not between:
        return None
    if link.group("link").endswith("多则") and not (opened and opened.group(0).startswith("少则")):
        return None  # 少则 50 件，多则 200 件: a range, its bounds said apart
    if opened and _CHANGE_VERB.search(before):
        return None
    multiplier = _MULTIPLIERS[link.group("mult").lower()] if link.group("mult") else 1
    value = low.value * multiplier
    # 为 5 000 美元至 2.5 万美元: the lower bound whole, with its currency; the upper scaled
    complete = link.group("mult") is not None or link.group("money") is not None
    if value > high.value * (_scale_of(line, high) if complete else multiplier):
        return None
    return Token(
        low.start,
        high.end,
        line[low.start : high.end],
        value,
        low.form if low.form == high.form == "percent_words" else "range",  # 百分之二十七至…三十四
        None,
        (*low.flags, *high.flags),
        value_high=high.value,
        low_scaled=complete,
    )


def _scale_of(line: str, token: Token) -> float:
    return multiplier_after(line, token.end)[0]


def multiplier_after(line: str, end: int) -> tuple[float, int]:
    """Return the multiplier written after a number (``万``, ``多万``, ``million``) and its end.

    A ``多``/``余`` between the number and the multiplier (``70 多万``: more than 700,000)
    is read with it; the figure reader reads it as the qualifier.
    """
    m = _MULTIPLIER_AFTER.match(line, end)
    if not m:
        return 1.0, end
    return float(_MULTIPLIERS[m.group("mult").lower()]), m.end()


_MULTIPLIER_AFTER = re.compile(
    r"\s*(?:多|余)?\s*(?P<mult>千万|百万|万亿|万|亿|million|billion|trillion|thousand)(?!克)",
    re.IGNORECASE,
)
