"""Synthetic bilingual names for generated entities: unique by construction, never random.

Entity number n becomes a root of two or more syllables (bijective base-B numbering over
SYLLABLES), so distinct numbers give distinct roots. Every name of an entity contains its whole
root, and the type suffixes use no syllable character, so two entities can never share a name,
whatever the script or letter case (the build rejects shared names). Traditional forms come from
OpenCC, as an editor would convert them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

# Three-letter pinyin syllables and a character for each: fixed-length syllables make every
# concatenation uniquely decodable, so Latin roots are unique as well as Chinese ones.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("bai", "柏"),
    ("cai", "彩"),
    ("dai", "黛"),
    ("fan", "帆"),
    ("gao", "高"),
    ("hai", "海"),
    ("han", "瀚"),
    ("hao", "浩"),
    ("jia", "嘉"),
    ("jin", "锦"),
    ("kai", "凯"),
    ("lan", "岚"),
    ("lin", "林"),
    ("lun", "伦"),
    ("min", "敏"),
    ("nan", "楠"),
    ("pei", "沛"),
    ("qin", "琴"),
    ("ran", "冉"),
    ("rui", "睿"),
    ("sen", "森"),
    ("tai", "泰"),
    ("tao", "涛"),
    ("wei", "维"),
    ("xin", "鑫"),
    ("yan", "妍"),
    ("yao", "瑶"),
    ("yun", "云"),
    ("zhi", "志"),
    ("hua", "华"),
    ("jun", "骏"),
    ("kun", "坤"),
    ("lei", "磊"),
    ("luo", "洛"),
    ("mao", "茂"),
    ("pan", "攀"),
    ("shu", "舒"),
    ("tan", "坦"),
    ("wan", "万"),
    ("xia", "霞"),
    ("xiu", "秀"),
    ("you", "佑"),
    ("yue", "悦"),
    ("zan", "赞"),
    ("zhe", "哲"),
    ("zhu", "竹"),
    ("cen", "岑"),
    ("chi", "驰"),
    ("chu", "楚"),
    ("dan", "丹"),
    ("fei", "飞"),
    ("hui", "辉"),
    ("lai", "莱"),
    ("liu", "柳"),
    ("nuo", "诺"),
    ("qiu", "秋"),
    ("sha", "莎"),
    ("shi", "石"),
    ("sui", "穗"),
    ("xun", "迅"),
)

# How each entity type is named: (Chinese suffix, English suffix). Person names are bare roots.
TYPE_SUFFIXES: dict[str, tuple[str, str]] = {
    "Company": ("科技", "Technologies"),
    "Person": ("", ""),
    "Site": ("数据中心", "Data Center"),
    "Project": ("计划", "Project"),
    "JointVenture": ("联合体", "Venture"),
    "Fund": ("基金", "Capital Fund"),
    "Organization": ("研究会", "Institute"),
    "Event": ("峰会", "Summit"),
    "Product": ("平台", "Platform"),
    "Statement": ("声明", "Statement"),
    "Policy": ("法案", "Act"),
    "Place": ("市", "City"),
    "ChipModel": ("芯片", "Chip"),
    "GovernmentBody": ("管理局", "Authority"),
}
ZH_ORDINALS = "甲乙丙丁戊己庚辛壬癸"

_TO_TRADITIONAL = OpenCC("s2t")
_TO_SIMPLIFIED = OpenCC("t2s")


@lru_cache(maxsize=4096)
def traditional(text: str) -> str:
    return str(_TO_TRADITIONAL.convert(text))


def simplified(text: str) -> str:
    return str(_TO_SIMPLIFIED.convert(text))


def _digits(number: int) -> list[int]:
    """Bijective base-B digits of `number`, at least two of them (B = len(SYLLABLES))."""
    base = len(SYLLABLES)
    number += base  # skip the one-syllable roots: they are too easily a real word
    digits: list[int] = []
    while True:
        digits.append(number % base)
        number = number // base - 1
        if number < 0:
            return digits[::-1]


@dataclass(frozen=True)
class Name:
    """The names of one generated entity, in each script a seed name can take."""

    root_zh: str
    root_en: str
    full_zh: str
    full_en: str

    @property
    def slug(self) -> str:
        return self.full_en.lower().replace(" ", "-")

    def latin(self, index: int) -> str:
        """The index-th Latin alias: upper case, the bare root, then numbered forms."""
        forms = (self.full_en.upper(), self.root_en.replace(" ", ""), self.root_en.replace(" ", "").upper())
        return forms[index] if index < len(forms) else f"{self.full_en} {index}"

    def chinese(self, index: int) -> str:
        """The index-th Simplified alias: the bare root (when it differs), then ordinal forms."""
        forms = [self.root_zh] if self.root_zh != self.full_zh else []
        forms += [self.full_zh + ordinal for ordinal in ZH_ORDINALS]
        return forms[index] if index < len(forms) else f"{self.full_zh}{index}"


def make_name(number: int, entity_type: str) -> Name:
    syllables = [SYLLABLES[d] for d in _digits(number)]
    root_zh = "".join(zh for _, zh in syllables)
    pinyin = [en for en, _ in syllables]
    suffix_zh, suffix_en = TYPE_SUFFIXES[entity_type]
    if entity_type == "Person":  # family name first, then the given name
        root_en = f"{pinyin[0].capitalize()} {''.join(pinyin[1:]).capitalize()}"
    else:
        root_en = "".join(pinyin).capitalize()
    full_en = f"{root_en} {suffix_en}".strip()
    return Name(root_zh, root_en, root_zh + suffix_zh, full_en)
