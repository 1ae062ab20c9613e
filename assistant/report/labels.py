"""Report wording in Chinese and English (one table, same keys in both languages)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "OKR review", "zh": "OKR 评审"},
    "person": {"en": "Person", "zh": "成员"},
    "role": {"en": "Role", "zh": "角色"},
    "manager": {"en": "Manager", "zh": "上级"},
    "score": {"en": "Score", "zh": "得分"},
    "errors": {"en": "Errors", "zh": "错误"},
    "warnings": {"en": "Warnings", "zh": "警告"},
    "source_mix": {"en": "Source mix", "zh": "来源构成"},
    "main_problem": {"en": "Main problem", "zh": "主要问题"},
    "team_findings": {"en": "Team findings", "zh": "团队层面的发现"},
    "health": {"en": "Alignment health", "zh": "对齐健康度"},
    "health_help": {"en": "share of objectives linked to a real upper-level objective or KR",
                    "zh": "与真实存在的上级目标或关键结果相关联的目标占比"},
    "tree": {"en": "Alignment tree", "zh": "对齐树"},
    "people": {"en": "People", "zh": "成员明细"},
    "overview": {"en": "Team overview", "zh": "团队总览"},
    "skipped": {"en": "Skipped", "zh": "已跳过"},
    "run": {"en": "Model run", "zh": "模型运行"},
    "unsupported": {"en": "nobody supports this", "zh": "无人支撑"},
    "links_nothing": {"en": "links to nothing", "zh": "未对齐任何上级"},
    "supported_by": {"en": "supported by", "zh": "支撑者"},
    "no_findings": {"en": "No findings.", "zh": "没有发现问题。"},
    "model": {"en": "Model judgement", "zh": "模型评审"},
    "pending": {"en": "pending", "zh": "待完成"},
    "done": {"en": "done", "zh": "已完成"},
    "mean": {"en": "mean score", "zh": "平均分"},
    "drafts": {"en": "drafts", "zh": "份草稿"},
    "rubric": {"en": "rubric", "zh": "评分标准"},
    "fix": {"en": "fix", "zh": "改进"},
    "none": {"en": "none", "zh": "无"},
    "aligned": {"en": "aligned", "zh": "上下对齐"},
    "self_driven": {"en": "self-driven", "zh": "自驱"},
    "external_support": {"en": "external", "zh": "外部支撑"},
    "unknown": {"en": "unstated", "zh": "未注明"},
    "business": {"en": "business", "zh": "业务型"},
    "error": {"en": "error", "zh": "错误"},
    "warning": {"en": "warning", "zh": "警告"},
    "info": {"en": "info", "zh": "提示"},
    "company": {"en": "company", "zh": "公司"},
    "department": {"en": "department", "zh": "部门"},
    "team": {"en": "team", "zh": "团队"},
    "individual": {"en": "individual", "zh": "个人"},
    "capability": {"en": "capability", "zh": "非业务型"},
    "whole_set": {"en": "The draft as a whole", "zh": "整份草稿"},
    "level_company": {"en": "company", "zh": "公司"},
    "level_department": {"en": "department", "zh": "部门"},
    "level_manager": {"en": "manager", "zh": "上级"},
    "level_team": {"en": "team", "zh": "团队"},
    "level_individual": {"en": "individual", "zh": "个人"},
    "agreement": {"en": "Model vs. deterministic checks", "zh": "模型与确定性检查的一致性"},
    "agreement_help": {"en": "On these criteria the model also said pass or fail, for the record only: its answers never change a finding or a score.",
                       "zh": "在这些条目上，模型也给出了通过或不通过的判断，仅作记录：它的回答不会改变任何发现或得分。"},
    "criterion": {"en": "Criterion", "zh": "条目"},
    "compared": {"en": "Compared", "zh": "比较次数"},
    "agreed": {"en": "Agreed", "zh": "一致"},
    "agreement_rate": {"en": "Agreement", "zh": "一致率"},
    "model_stricter": {"en": "Model stricter", "zh": "模型更严"},
    "model_lenient": {"en": "Model more lenient", "zh": "模型更宽"},
    "checks_only": {"en": "Checks only", "zh": "仅规则得分"},
    "checks_only_help": {"en": "score from the deterministic checks alone: the same on every run and machine",
                         "zh": "仅由确定性检查得出的分数：每次运行、每台机器都相同"},
    "by_model": {"en": "model", "zh": "模型"},
    "dropped": {"en": "dropped (quote not in the draft)", "zh": "已丢弃（引用不在草稿中）"},
}


def t(key: str, lang: str) -> str:
    """The label for `key` in `lang` (falls back to English, then to the key)."""
    entry = LABELS.get(key, {})
    return entry.get(lang) or entry.get("en") or key


def pct(rate: float | None) -> str:
    """`83%`, or `—` when nothing was compared."""
    return "—" if rate is None else f"{rate:.0%}"


def names(review: object) -> dict[str, str]:
    """Person id → display name for everyone in the alignment tree (also context-only members)."""
    out: dict[str, str] = {}
    stack = list(review.alignment.tree)  # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        out[node.id] = node.name
        stack += node.children
    out.update({p.person: p.name for p in review.people})  # type: ignore[attr-defined]
    return out


def has_model(review: object) -> bool:
    """Whether any person has a model answer (then the reports show the checks-only score too)."""
    return any(p.llm is not None and p.llm.status == "done" for p in review.people)  # type: ignore[attr-defined]


def mix_text(mix: dict[str, int], lang: str) -> str:
    """`aligned 2 · self-driven 1` in the report language."""
    return " · ".join(f"{t(k, lang)} {v}" for k, v in mix.items() if v) or t("none", lang)
