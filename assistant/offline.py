"""The rule-based offline drafter: deterministic suggestions with no model and no network.

- aligned: each upper-level KR becomes an objective scoped to the person's own contribution,
  reusing the metric and target read from that KR (`敏捷成熟度达到85分` → the teams the person
  supports reach 85, as in the article); an upper objective without KRs is decomposed as a whole.
- self_driven: each responsibility line becomes an objective about visible progress in it.
- external_support: each stakeholder request becomes a support objective.
Where only the person can know a number, the draft says so with a placeholder (`〔待填〕`, `[N]`)
that the rubric's `kr.placeholder` criterion flags. Every rationale says it is rule-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.infer import infer_kind
from assistant.measure import read_key_result
from assistant.models import Context, Direction, KeyResult, Lang, Objective, Source, UpperOKRs
from assistant.suggestion import Provenance, Suggestion

PLACEHOLDER = {"zh": "〔待填〕", "en": "[N]"}
RULE_NOTE = {"zh": "（规则生成的草稿，不是模型的判断：请按实际情况改写。）",
             "en": " (Rule-based draft, not a model's judgement: adapt it to your situation.)"}

_NEAREST = ("manager", "team", "department", "company")
_CLAUSE = re.compile(r"[，,。；;：:（(]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?\s*[%％]?")
_SHORTER = re.compile(r"时长|时间|耗时|周期|延迟|时延|等待")
_LOWER_BETTER = re.compile(r"时长|时间|耗时|周期|延迟|时延|错误|故障|缺陷|成本|投诉|流失|等待|"
                           r"latency|duration|time|error|defect|incident|outage|cost|churn|bug|wait", re.IGNORECASE)
_EN_TAIL = re.compile(r"\s+(?:reach(?:es)?|hits?|is|of|at|to|by|above|over|achieves?)$", re.IGNORECASE)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _when(context: Context, lang: Lang) -> str:
    if context.cycle:
        return f"{context.cycle} 内" if lang == "zh" else f"in {context.cycle}"
    return "本季度内" if lang == "zh" else "this quarter"


def _short(text: str, limit: int) -> str:
    """The first clause of `text`, without numbers: at most `limit` characters, or 9 words in English ("…" when cut)."""
    clause = _CLAUSE.split(text.strip(), 1)[0].strip() or text.strip()
    clause = _DIGITS.sub("", clause).strip()
    if re.search(r"[\u3400-\u9fff]", clause):
        return clause if len(clause) <= limit else clause[:limit - 1] + "…"
    words = clause.split()
    return " ".join(words[:9]) + ("…" if len(words) > 9 else "")


def nearest_upper(upper: list[UpperOKRs]) -> list[tuple[str, UpperOKRs]]:
    """Upper levels nearest first (manager before department before company)."""
    order = {lv: i for i, lv in enumerate(_NEAREST)}
    return sorted(((u.level.value, u) for u in upper), key=lambda p: order.get(p[0], 9))


# --- aligned ----------------------------------------------------------------------------------


def _metric(kr: KeyResult, lang: Lang) -> str | None:
    m = (kr.metric or "").strip() or _metric_from_text(kr.text)
    if lang == "en":
        m = _EN_TAIL.sub("", m).strip()
        if len(m) > 1 and m[0].isupper() and m[1].islower():  # mid-sentence: "checkout latency", keep "NPS"
            m = m[0].lower() + m[1:]
    return m if m and len(m) <= (24 if re.search(r"[\u3400-\u9fff]", m) else 40) else None


def _metric_from_text(text: str) -> str:
    """A metric name when `measure` found none: the KR without numbers and its time frame
    (`99.95% checkout availability every month` → `checkout availability`)."""
    bare = _DIGITS.sub("", _CLAUSE.split(text.strip(), 1)[0]).strip()
    bare = re.split(r"\s+(?:every|each|per|by|in|within|from|to|at|for)\b", bare, maxsplit=1)[0]
    return bare.strip(" .-")


def _lower_is_better(kr: KeyResult, metric: str | None) -> bool:
    """Whether the upper KR wants its metric down: said so (900 → 400), or a time, error or cost metric."""
    if kr.direction == Direction.decrease:
        return True
    return kr.direction != Direction.increase and bool(metric and _LOWER_BETTER.search(metric))


def _no_numbers(metric: str) -> str:
    """The metric for an objective's title, without numbers (`p95 latency` → `latency`): numbers belong in KRs."""
    if re.search(r"[\u3400-\u9fff]", metric):
        return _DIGITS.sub("", metric).strip() or metric
    return " ".join(w for w in metric.split() if not re.search(r"\d", w)) or metric


def _aligned_from_kr(ref: str, kr_text: str, context: Context, lang: Lang) -> Suggestion:
    kr = read_key_result(kr_text)
    metric = _metric(kr, lang)
    lower = _lower_is_better(kr, metric)
    when, ph = _when(context, lang), PLACEHOLDER[lang]
    target = f"{_fmt(kr.target)}{kr.unit or ''}" if kr.target is not None else None
    if lang == "zh":
        m = metric or "关键指标"
        title = f"{'缩短' if _SHORTER.search(m) else '降低'}我所支持团队的{_no_numbers(m)}" if lower \
            else f"提升我所支持团队的{_no_numbers(m)}"
        reach = f"不超过 {target or ph}" if lower else f"达到 {target or ph}"
        krs = [f"{when}，我支持的 {ph} 个团队的{m}全部{reach}",
               f"每周跟进 2 个{m}未达标团队的改进措施，周期末这些团队的{m}改善至少 10%"]
        if kr.baseline is None:
            krs.append(f"第 2 周结束前，100% 的支持团队完成{m}基线测量")
        why = f"拆解自上级 {ref}「{kr_text}」：沿用其指标「{m}」和目标值 {target or '（上级未给出）'}，范围限定为你自己支持的团队。"
    else:
        m = metric or "the key metric"
        title = f"{'Lower' if lower else 'Raise'} {_no_numbers(m)} across the teams I support"
        reach = f"get {m} down to {target or ph}" if lower else f"reach {m} of {target or ph}"
        krs = [f"{ph} teams I support {reach} {when}",
               f"Follow up 2 lagging teams a week so their {m} improves at least 10% by cycle end"]
        if kr.baseline is None:
            krs.append(f"Baseline {m} measured for 100% of the teams I support by week 2")
        why = f"Decomposed from {ref} '{kr_text}': keeps its metric ({m}) and target ({target or 'not given'}), scoped to the teams you support."
    return _make(title, krs, Source.aligned, [ref], why, Provenance(kind="upper", ref=ref, text=kr_text), lang)


def _aligned_from_objective(ref: str, title_text: str, context: Context, lang: Lang) -> Suggestion:
    when, ph, part = _when(context, lang), PLACEHOLDER[lang], _short(title_text, 20)
    if lang == "zh":
        title = f"让「{part}」中我负责的部分见到成效"
        krs = [f"{when}，我负责的 {ph} 项{part}相关指标达到与上级约定的目标值",
               f"每月至少 1 次向上级同步{part}进展，周期末上级评价达到 4 分（满分 5 分）以上"]
        why = f"拆解自上级目标 {ref}「{title_text}」（上级未写 KR）：先与上级约定你负责的部分和衡量方式。"
    else:
        title = f"Make my share of '{part}' pay off"
        krs = [f"{ph} agreed measures of my share of '{part}' reach their targets {when}",
               f"My manager rates my progress on '{part}' at least 4 out of 5 at cycle end"]
        why = f"Decomposed from {ref} '{title_text}' (which has no KRs): agree your share and its measures with your manager first."
    return _make(title, krs, Source.aligned, [ref], why, Provenance(kind="upper", ref=ref, text=title_text), lang)


def aligned(context: Context, upper: list[UpperOKRs], lang: Lang) -> Iterator[Suggestion]:
    """One aligned draft per upper-level KR (or KR-less objective), nearest level first."""
    for level, up in nearest_upper(upper):
        for i, obj in enumerate(up.objectives, 1):
            oref = f"{level}:O{i}"
            if not obj.key_results:
                yield _aligned_from_objective(oref, obj.title, context, lang)
            for j, kr in enumerate(obj.key_results, 1):
                yield _aligned_from_kr(f"{oref}.KR{j}", kr.text, context, lang)


# --- self-driven and external support -----------------------------------------------------------


def self_driven(context: Context, lang: Lang) -> Iterator[Suggestion]:
    """One self-driven draft per responsibility line."""
    when, ph = _when(context, lang), PLACEHOLDER[lang]
    for line in context.responsibilities:
        part = _short(line, 20)
        if not part:
            continue
        if lang == "zh":
            title = f"让「{part}」取得看得见的进展"
            krs = [f"{when}，{part}的关键指标（{ph}）较周期初提升 20%",
                   f"每月至少 1 次收集受益团队反馈，周期末满意度达到 4 分（满分 5 分）以上"]
            why = f"来自你的岗位职责「{line}」：上级 OKR 没有写到，但这是你能自驱创造的价值。"
        else:
            title = f"Visible progress on my responsibility '{part}'"
            krs = [f"The key measure of '{part}' ({ph}) improves 20% over its start-of-cycle value {when}",
                   "Teams I serve rate my work at least 4 out of 5 in a monthly pulse survey"]
            why = f"From your responsibility '{line}': the upper levels are silent on it, but it is value you can drive yourself."
        yield _make(title, krs, Source.self_driven, [], why, Provenance(kind="responsibility", text=line), lang)


def external_support(context: Context, lang: Lang) -> Iterator[Suggestion]:
    """One support draft per stakeholder request."""
    when = _when(context, lang)
    for st in context.stakeholders:
        asks = _short(st.asks or st.name, 18)
        if lang == "zh":
            title = f"支撑{st.name}的{asks}需求"
            krs = [f"{when}，每月至少为{st.name}提供 1 次{asks}支持",
                   f"{st.name}对支持的满意度达到 4.5 分（满分 5 分）以上"]
            why = f"来自外部支撑：{st.name}请你提供「{st.asks or asks}」。"
        else:
            title = f"Support {st.name} with {asks}"
            krs = [f"{st.name} gets {asks} from me at least once a month {when}",
                   f"{st.name} rates the support at least 4.5 out of 5"]
            why = f"External support: {st.name} asks you for '{st.asks or asks}'."
        yield _make(title, krs, Source.external_support, [], why,
                    Provenance(kind="stakeholder", ref=st.name, text=st.asks), lang)


def _make(title: str, krs: list[str], source: Source, aligns: list[str], why: str, prov: Provenance,
          lang: Lang) -> Suggestion:
    obj = Objective(title=title, source=source, aligns_to=aligns, key_results=[read_key_result(t) for t in krs])
    obj.kind = infer_kind(obj)
    ph = PLACEHOLDER[lang]
    return Suggestion(objective=obj, rationale=why + RULE_NOTE[lang], provenance=prov, engine="offline",
                      placeholders=[kr for kr in krs if ph in kr])


def draft(context: Context, upper: list[UpperOKRs], *, sources: list[Source], count: int,
          lang: Lang) -> Iterator[Suggestion]:
    """Up to `count` drafts per source, in the order of `sources` (unchecked; `suggest` checks them)."""
    makers = {Source.aligned: lambda: aligned(context, upper, lang),
              Source.self_driven: lambda: self_driven(context, lang),
              Source.external_support: lambda: external_support(context, lang)}
    for src in sources:
        for n, s in enumerate(makers[Source(src)]()):
            if n >= count:
                break
            yield s


__all__ = ["PLACEHOLDER", "aligned", "draft", "external_support", "nearest_upper", "self_driven"]
