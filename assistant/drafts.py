"""Which draft files a command was given: files as given, folders expanded to the drafts inside.

`okr check` and `okr review` both take FILE… arguments that may be folders (a team's shared
folder of drafts). A folder stands for the draft files in it and its subfolders, in name order;
hidden files and a team's org file (`org.yaml`, read by `okr review --org`) are not drafts.
"""

from __future__ import annotations

from pathlib import Path

DRAFT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".json", ".yaml", ".yml"})
ORG_NAMES = ("org.toml", "org.yaml", "org.yml")


def folder_drafts(folder: Path) -> list[str]:
    """The draft files under `folder`, sorted (hidden files and org files left out)."""
    return sorted(str(f) for f in folder.rglob("*")
                  if f.is_file() and f.suffix.lower() in DRAFT_SUFFIXES and not f.name.startswith(".")
                  and f.name.lower() not in ORG_NAMES)


def expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """(the files to read, the folders that hold no draft file). Paths that are not folders, existing
    or not (and `-` for standard input), are kept as given so their reader reports them."""
    files: list[str] = []
    empty: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = folder_drafts(p)
            files += found
            if not found:
                empty.append(raw)
        else:
            files.append(raw)
    return files, empty


__all__ = ["DRAFT_SUFFIXES", "ORG_NAMES", "expand", "folder_drafts"]
