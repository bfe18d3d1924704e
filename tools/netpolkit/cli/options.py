"""Option help shared by several commands, so the wording lives in one place."""

#: `\\[` keeps rich from reading "[tool.netpolkit]" as markup in --help.
CHART_HELP = "Chart directory (default: the \\[tool.netpolkit] chart setting in pyproject.toml)."
