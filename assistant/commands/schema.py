"""`okr schema`: the JSON Schema of an OKR set (the shape of `okr fmt --to json`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

DESCRIPTION = """\
Print the JSON Schema of an OKR set: context, upper-level OKRs and objectives with their key
results. JSON and YAML files in this shape are read as they are; `okr fmt --to json` writes it.
Key results may be given as plain strings; missing metric/target/… fields are read from the text."""

EPILOG = """\
examples:
  okr schema > okr-set.schema.json
  okr schema | jq '.$defs.Objective.properties | keys'
"""


def add_parser(sub: Any) -> None:
    """Register `okr schema`."""
    p = sub.add_parser("schema", help="print the JSON Schema of an OKR set", description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    import json

    from assistant.models import OKRSet

    schema = OKRSet.model_json_schema()
    schema["title"] = "OKRSet"
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0
