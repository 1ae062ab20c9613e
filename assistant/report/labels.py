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
}


def t(key: str, lang: str) -> str:
    """The label for `key` in `lang` (falls back to English, then to the key)."""
    entry = LABELS.get(key, {})
    return entry.get(lang) or entry.get("en") or key


def mix_text(mix: dict[str, int], lang: str) -> str:
    """`aligned 2 · self-driven 1` in the report language."""
    return " · ".join(f"{t(k, lang)} {v}" for k, v in mix.items() if v) or t("none", lang)
