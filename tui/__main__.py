"""`python -m tui [FILE]`: the drafting workspace without the CLI wrapper."""

import sys

from assistant.cli import main

sys.exit(main(["draft", *sys.argv[1:]]))
