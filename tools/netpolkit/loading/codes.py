"""The NPK0xx codes loading reports, which of them block checking, and the depth and alias limits
behind NPK016 and NPK013: a leaf that the readers and the rest of netpolkit import without cycles."""

from __future__ import annotations

#: Deeper values are refused; real values are about 10 levels deep, and JSON Schema validation
#: recurses per level.
MAX_DEPTH = 100
#: Nodes that aliases may add to a file (the "billion laughs" defence).
ALIAS_EXPANSION_LIMIT = 1_000_000

#: The codes loading reports, with a title each (SARIF rules, `netpolkit explain NPK0xx`).
LOAD_CODES: dict[str, str] = {
    "NPK001": "The file cannot be read",
    "NPK002": "The file is not UTF-8 text",
    "NPK003": "The file is too large",
    "NPK004": "Invalid --set or --set-string argument",
    "NPK010": "YAML syntax error",
    "NPK011": "Duplicate key",
    "NPK012": "The top level is not a map",
    "NPK013": "Alias bomb or recursive alias",
    "NPK014": "More than one YAML document",
    "NPK015": "A key or value helm cannot represent",
    "NPK016": "Values nested too deeply",
}
#: Input that cannot be used at all: the CLI exits 2, as for a usage error.
INPUT_ERROR_CODES = frozenset({"NPK001", "NPK002", "NPK003", "NPK004"})
#: A file whose values could not be built; checking the merged values would only add noise.
BLOCKING_CODES = INPUT_ERROR_CODES | frozenset({"NPK010", "NPK012", "NPK013", "NPK014", "NPK016"})
