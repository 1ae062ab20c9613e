"""The article's case as model objects (the author's context and the manager's OKRs), for suggest tests."""

from __future__ import annotations

from assistant.models import Context, KeyResult, Level, Objective, Stakeholder, UpperOKRs

MANAGER_KRS = ["敏捷成熟度达到85分", "敏捷团队OKR覆盖度80%", "需求平均交付时长为32天", "重点接口自动化覆盖达70%"]


def context() -> Context:
    return Context(name="留留老师", role="敏捷教练", team="平台生态部", manager="产研效能负责人", cycle="2019-Q3",
                   responsibilities=["帮助部门做好敏捷和 OKR 转型，提高组织效能", "提升京东的敏捷影响力"],
                   stakeholders=[Stakeholder(name="京东兄弟部门", asks="敏捷和 OKR 方法培训")])


def upper() -> list[UpperOKRs]:
    return [UpperOKRs(level=Level.manager, owner="产研效能负责人", objectives=[
        Objective(title="产研效能提升", key_results=[KeyResult(text=t) for t in MANAGER_KRS]),
        Objective(title="业务组件化建设"), Objective(title="平台生态核心项目支持"), Objective(title="商品平台能力提升"),
    ])]


def context_en() -> Context:
    return Context(name="Ana", role="Engineering manager, checkout team", cycle="2026-Q1",
                   responsibilities=["Keep the checkout service reliable and fast"],
                   stakeholders=[Stakeholder(name="Support team", asks="faster answers on payment incidents")])


def upper_en() -> list[UpperOKRs]:
    return [UpperOKRs(level=Level.manager, owner="Head of engineering", objectives=[
        Objective(title="Make buying effortless", key_results=[
            KeyResult(text="Checkout conversion from 2.1% to 3%"), KeyResult(text="Net promoter score reaches 45")]),
    ])]
