"""The command line: one module per `c4pipe` subcommand, each with `add_arguments(parser)` and `main(args)`."""
