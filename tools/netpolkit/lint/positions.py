"""Line numbers for keys in a small YAML file (Chart.yaml), so lint messages point at a line.

yamale reports a dotted key path (`maintainers.0.name`) and no position; this maps such a path
back to the line of the key, or of its nearest existing ancestor when the key is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from netpolkit.problems import KeyPath

#: path -> (line, column), both 1-based; the root is () at the first line.
Positions = dict[KeyPath, tuple[int, int]]


def _walk(node: yaml.Node, path: KeyPath) -> Iterator[tuple[KeyPath, tuple[int, int]]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            yield child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            yield from _walk(value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            yield child, (item.start_mark.line + 1, item.start_mark.column + 1)
            yield from _walk(item, child)


def key_positions(text: str) -> Positions:
    """Every key and list item of the first document; empty when the text is not YAML."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    positions: Positions = {(): (1, 1)}
    if root is not None:
        positions.update(_walk(root, ()))
    return positions


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path)


def locate_dotted(positions: Positions, message: str) -> tuple[KeyPath, tuple[int, int]]:
    """For a yamale message `a.b.0.c: text`, the longest known path it starts with, and its position.

    Keys may contain dots (`artifacthub.io/license`), so the message is matched against the known
    paths rather than split on dots; a missing key falls back to its nearest existing ancestor.
    """
    head = message.split(": ", 1)[0]
    best: KeyPath = ()
    for path in positions:
        dotted = _dotted(path)
        if path and (head == dotted or head.startswith(dotted + ".")) and len(dotted) > len(_dotted(best)):
            best = path
    return best, positions.get(best, (1, 1))
