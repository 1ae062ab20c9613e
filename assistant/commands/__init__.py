"""One module per `okr` subcommand: `add_parser(subparsers)` and `run(args) -> int`."""
