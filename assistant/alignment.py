"""How a team's OKRs hang together: the alignment tree and the team-level findings.

The article's rule is that company, department and individual OKRs support each other. Given a
loaded `Team` (org + drafts), this module answers, deterministically:

- which upper-level KRs (and KR-less objectives) nobody in the team supports;
- near-duplicate objectives across people who share a manager;
- several people claiming the same upper KR without dividing it (each restates the whole target,
  or their objectives are near-duplicates);
- people below someone who have no aligned objective;
- departments (or, without departments, the top team) with no capability-building objective;
- links that point at nothing; and the alignment health: the share of objectives of people who
  have an upper level that link to a real upper objective or KR.

Upper levels come from the org chain (`team.upper_levels`) or, for a draft whose file embeds its
manager's OKRs and whose manager is not in the org, from that embedded section ("virtual" unit,
shared by every draft with the same embedded OKRs).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from functools import lru_cache
from itertools import combinations

from pydantic import BaseModel, Field

from assistant.models import Kind, Lang, Level, Objective, Source
from assistant.team import Team, upper_levels

DUPLICATE_THRESHOLD = 0.6

MESSAGES: dict[str, dict[str, str]] = {
    "unsupported_kr": {
        "en": "{owner} {ref} “{text}”: nobody in the team supports this key result",
        "zh": "{owner}的 {ref}「{text}」：团队中没有人支撑这个关键结果",
    },
    "unsupported_objective": {
        "en": "{owner} {ref} “{text}”: no one in this team links to this objective (others may own it)",
        "zh": "{owner}的 {ref}「{text}」：本团队没有人对齐到这个目标（可能由其他团队认领）",
    },
    "near_duplicate": {
        "en": "near-duplicate objectives: {names} — “{text_a}” ≈ “{text_b}”",
        "zh": "目标几乎相同：{names}——「{text_a}」≈「{text_b}」",
    },
    "undivided_claim": {
        "en": "{owner} {ref} is claimed by {people} without dividing it: say who delivers which part",
        "zh": "{owner}的 {ref} 被 {people} 同时认领但没有拆分：请说明各自负责哪一部分",
    },
    "no_aligned": {
        "en": "{person} has no objective aligned to an upper-level objective or KR",
        "zh": "{person} 没有任何与上级目标或关键结果对齐的目标",
    },
    "no_capability": {
        "en": "{unit} has no capability-building objective (people, skills, process, culture)",
        "zh": "{unit} 没有非业务型（能力建设）目标：人才、能力、流程或文化",
    },
    "dangling_link": {
        "en": "{person} {target} links to {ref}, which does not exist",
        "zh": "{person}的 {target} 对齐到 {ref}，但该目标或关键结果不存在",
    },
}
SEVERITY = {"unsupported_kr": "warning", "unsupported_objective": "info", "near_duplicate": "warning",
            "undivided_claim": "warning", "no_aligned": "warning", "no_capability": "warning", "dangling_link": "error"}


class TeamFinding(BaseModel):
    """One team-level finding."""

    kind: str
    severity: str
    message: str
    people: list[str] = Field(default_factory=list)
    ref: str = ""  # "owner:O1.KR2" for upper-level items, "person:O2" for a person's objective


class Support(BaseModel):
    person: str
    target: str  # the supporter's objective, "O1"


class TreeKR(BaseModel):
    target: str
    text: str
    supporters: list[Support] = Field(default_factory=list)


class TreeObjective(BaseModel):
    target: str
    title: str
    kind: Kind | None = None
    source: Source | None = None
    links: list[str] = Field(default_factory=list)  # resolved: "Owner O1.KR2"
    dangling: list[str] = Field(default_factory=list)  # refs that point at nothing
    supporters: list[Support] = Field(default_factory=list)  # people linking to this O itself
    key_results: list[TreeKR] = Field(default_factory=list)


class TreeNode(BaseModel):
    id: str
    name: str
    role: str = ""
    level: Level = Level.individual
    virtual: bool = False  # an upper level known only from a draft's embedded section
    objectives: list[TreeObjective] = Field(default_factory=list)
    children: list[TreeNode] = Field(default_factory=list)


class Alignment(BaseModel):
    health: float | None = None  # linked / linkable; None when nobody has an upper level
    linked: int = 0
    linkable: int = 0
    findings: list[TeamFinding] = Field(default_factory=list)
    tree: list[TreeNode] = Field(default_factory=list)


def _msg(kind: str, lang: Lang, **kw: object) -> TeamFinding:
    people = kw.pop("_people", [])
    ref = kw.pop("_ref", "")
    return TeamFinding(kind=kind, severity=SEVERITY[kind], message=MESSAGES[kind][lang].format(**kw),
                       people=list(people), ref=str(ref))  # type: ignore[arg-type]


_STOP = frozenset("a an the and or of to for in on at by with from into our my we s is be more".split())


@lru_cache(maxsize=65536)  # titles are compared many times (duplicates, undivided claims)
def _tokens(text: str) -> frozenset[str]:
    """Latin words plus CJK character bigrams, after NFKC and lower-casing."""
    t = unicodedata.normalize("NFKC", text).lower()
    words = [w for w in re.findall(r"[a-z0-9]+", t) if w not in _STOP]
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", t)
    return frozenset(words + [cjk[i : i + 2] for i in range(len(cjk) - 1)])


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two objective titles (0–1)."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


_NUM = re.compile(r"\d+(?:\.\d+)?")


def analyse(team: Team, *, lang: Lang = "en", kinds: dict[tuple[str, str], Kind] | None = None) -> Alignment:
    """The alignment tree and team findings. `kinds` adds inferred kinds: (person, "O1") → Kind."""
    kinds = kinds or {}
    drafts = {d.person: d.okr_set for d in team.drafts}
    nodes: dict[str, TreeNode] = {}
    for mid, m in team.members.items():
        objs = drafts[mid].objectives if mid in drafts else []
        nodes[mid] = TreeNode(id=mid, name=m.label, role=m.role, level=m.level, objectives=[_tree_obj(i, o) for i, o in enumerate(objs)])
    out = Alignment()
    parent_of: dict[str, str] = {}
    for person, okr_set in drafts.items():
        owners = {lvl: boss.id for lvl, boss in upper_levels(team, person) if boss.id in drafts}
        for up in okr_set.upper:  # embedded upper OKRs whose owner is not in the org
            if up.level not in owners:
                key = "virtual:" + hashlib.sha1(f"{up.level}|{up.owner}|{[o.title for o in up.objectives]}".encode()).hexdigest()[:10]
                if key not in nodes:
                    name = up.owner or {"en": f"{up.level.value} OKRs", "zh": f"{up.level.value} 的 OKR"}[lang]
                    nodes[key] = TreeNode(id=key, name=name, level=up.level, virtual=True,
                                          objectives=[_tree_obj(i, o) for i, o in enumerate(up.objectives)])
                owners[up.level] = key
        if owners:
            direct = team.members[person].reports_to if person in team.members else ""
            parent_of[person] = direct if direct in nodes else next(iter(owners.values()))
        node = nodes[person]
        for obj in node.objectives:
            for ref in drafts[person].objectives[int(obj.target[1:]) - 1].aligns_to:
                _link(ref, person, obj, owners, nodes, lang, out)
        if owners:
            out.linkable += len(node.objectives)
            out.linked += sum(1 for o in node.objectives if o.links)
            # The article: capability-only units (HR under the CHO) legitimately set their own direction.
            capability_only = all((o.kind or kinds.get((person, o.target))) == Kind.capability for o in node.objectives)
            if node.objectives and not capability_only and not any(o.links or o.source == Source.aligned for o in node.objectives):
                out.findings.append(_msg("no_aligned", lang, person=node.name, _people=[person]))
    out.health = round(out.linked / out.linkable, 3) if out.linkable else None
    for mid, m in team.members.items():
        if m.reports_to in nodes and mid not in parent_of:
            parent_of[mid] = m.reports_to
    for child, parent in parent_of.items():
        if child != parent and child in nodes:
            nodes[parent].children.append(nodes[child])
    out.tree = [n for nid, n in nodes.items() if nid not in parent_of and (n.objectives or n.children)]
    _unsupported(nodes, parent_of, lang, out)
    _duplicates(nodes, parent_of, lang, out)
    _no_capability(team, nodes, parent_of, drafts, kinds, lang, out)
    out.findings.sort(key=lambda f: {"error": 0, "warning": 1, "info": 2}.get(f.severity, 3))
    return out


def _tree_obj(i: int, o: Objective) -> TreeObjective:
    return TreeObjective(target=f"O{i + 1}", title=o.title, kind=o.kind, source=o.source,
                         key_results=[TreeKR(target=f"O{i + 1}.KR{j + 1}", text=k.text) for j, k in enumerate(o.key_results)])


def _link(ref: str, person: str, obj: TreeObjective, owners: dict[Level, str], nodes: dict[str, TreeNode], lang: Lang, out: Alignment) -> None:
    level, _, local = ref.partition(":")
    m = re.fullmatch(r"O(\d+)(?:\.KR(\d+))?", local.strip())
    owner = owners.get(Level(level)) if level in Level.__members__ else None
    target = None
    if m and owner:
        objs = nodes[owner].objectives
        oi = int(m.group(1)) - 1
        if 0 <= oi < len(objs):
            if m.group(2) is None:
                target = objs[oi]
            elif 0 <= (ki := int(m.group(2)) - 1) < len(objs[oi].key_results):
                target = objs[oi].key_results[ki]
    if target is None:
        obj.dangling.append(ref)
        out.findings.append(_msg("dangling_link", lang, person=nodes[person].name, target=obj.target, ref=ref,
                                 _people=[person], _ref=f"{person}:{obj.target}"))
        return
    target.supporters.append(Support(person=person, target=obj.target))
    obj.links.append(f"{nodes[owner].name} {local}")  # type: ignore[index]


def _unsupported(nodes: dict[str, TreeNode], parent_of: dict[str, str], lang: Lang, out: Alignment) -> None:
    """Upper-level KRs nobody supports, and KRs claimed by several people without division."""
    has_children = set(parent_of.values())
    for nid in sorted(has_children, key=lambda n: _depth(n, parent_of), reverse=True):
        node = nodes[nid]
        # Below a manager of individuals a gap is a real gap; higher up this team may be only part
        # of who supports the level (other teams can own the rest), so it is information.
        direct = any(c.id not in has_children for c in node.children)
        for o in node.objectives:
            if not o.key_results and not o.supporters:
                out.findings.append(_msg("unsupported_objective", lang, owner=node.name, ref=o.target, text=o.title, _ref=f"{nid}:{o.target}"))
            for kr in o.key_results:
                if not kr.supporters and not o.supporters:
                    f = _msg("unsupported_kr", lang, owner=node.name, ref=kr.target, text=kr.text, _ref=f"{nid}:{kr.target}")
                    f.severity = "warning" if direct else "info"
                    out.findings.append(f)
                people = sorted({s.person for s in kr.supporters})
                if len(people) >= 2 and _undivided(kr, nodes):
                    out.findings.append(_msg("undivided_claim", lang, owner=node.name, ref=kr.target,
                                             people=", ".join(nodes[p].name for p in people), _people=people, _ref=f"{nid}:{kr.target}"))


def _depth(nid: str, parent_of: dict[str, str]) -> int:
    depth, seen = 0, {nid}
    while (nid := parent_of.get(nid, "")) and nid not in seen:
        seen.add(nid)
        depth += 1
    return depth


def _undivided(kr: TreeKR, nodes: dict[str, TreeNode]) -> bool:
    """Several supporters restate the whole target, or their objectives are near-duplicates."""
    numbers = set(_NUM.findall(kr.text))
    objs = [next(o for o in nodes[s.person].objectives if o.target == s.target) for s in kr.supporters]
    restating = [o for o in objs if numbers and any(numbers <= set(_NUM.findall(k.text)) for k in o.key_results)]
    if len({s.person for s, o in zip(kr.supporters, objs, strict=True) if o in restating}) >= 2:
        return True
    return any(similarity(a.title, b.title) >= DUPLICATE_THRESHOLD for a, b in combinations(objs, 2))


def _duplicates(nodes: dict[str, TreeNode], parent_of: dict[str, str], lang: Lang, out: Alignment) -> None:
    """Near-duplicate objectives between people who share a parent (or are both top level).

    Candidate pairs come from prefix filtering (exact for Jaccard ≥ t): with each title's tokens
    ordered rarest first, two titles that reach the threshold must share a token among the first
    `len - ceil(t * len) + 1` of each. Only those rare prefix tokens are indexed, so a big flat team
    is neither compared pair by pair nor flooded by common words, and no pair above the threshold
    is missed.
    """
    groups: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        if not node.virtual:
            groups.setdefault(parent_of.get(nid, ""), []).append(nid)
    for members in groups.values():
        items = [(p, o, _tokens(o.title)) for p in members for o in nodes[p].objectives]
        freq: dict[str, int] = {}
        for _, _, toks in items:
            for t in toks:
                freq[t] = freq.get(t, 0) + 1
        index: dict[str, list[int]] = {}
        parent = list(range(len(items)))  # union-find: near-duplicates form one cluster

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, (p, _, toks) in enumerate(items):
            if not toks:
                continue
            ordered = sorted(toks, key=lambda t: (freq[t], t))
            prefix = ordered[: len(ordered) - math.ceil(DUPLICATE_THRESHOLD * len(ordered) - 1e-9) + 1]
            seen: set[int] = set()
            for t in prefix:  # earlier items indexed under a shared prefix token are the candidates
                for j in index.get(t, ()):
                    if j not in seen and items[j][0] != p:
                        seen.add(j)
                        other = items[j][2]
                        if len(toks & other) / len(toks | other) >= DUPLICATE_THRESHOLD:
                            parent[find(j)] = find(i)
            for t in prefix:
                index.setdefault(t, []).append(i)
        clusters: dict[int, list[int]] = {}
        for i in range(len(items)):
            clusters.setdefault(find(i), []).append(i)
        for members_ in clusters.values():
            people = sorted({items[i][0] for i in members_})
            if len(people) < 2:
                continue
            first, second = items[members_[0]], next(items[i] for i in members_ if items[i][0] != items[members_[0]][0])
            who = [f"{nodes[items[i][0]].name} {items[i][1].target}" for i in members_]
            names = ", ".join(who[:6]) + (f" (+{len(who) - 6})" if len(who) > 6 else "")
            out.findings.append(_msg("near_duplicate", lang, names=names, text_a=first[1].title, text_b=second[1].title,
                                     _people=people, _ref=f"{first[0]}:{first[1].target}"))


def _no_capability(team: Team, nodes: dict[str, TreeNode], parent_of: dict[str, str], drafts: dict, kinds: dict, lang: Lang, out: Alignment) -> None:
    """A department (or, with no department in the org, each top team) without a capability objective."""
    units = [nid for nid, n in nodes.items() if n.level == Level.department and not n.virtual]
    if not units:
        units = [nid for nid in set(parent_of.values()) if nid not in parent_of and not nodes[nid].virtual]
    children: dict[str, list[str]] = {}
    for c, p in parent_of.items():
        children.setdefault(p, []).append(c)
    for unit in sorted(units):
        stack, seen = [unit], set()
        has = False
        while stack and not has:
            nid = stack.pop()
            if nid in seen:
                continue
            seen.add(nid)
            has = any((o.kind or kinds.get((nid, o.target))) == Kind.capability for o in nodes[nid].objectives)
            stack += children.get(nid, [])
        if not has and len(seen) > 1:
            out.findings.append(_msg("no_capability", lang, unit=nodes[unit].name, _people=[unit], _ref=unit))
