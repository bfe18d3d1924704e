"""Built-in copies of chart-testing's default Chart.yaml schema and yamllint config.

Used when neither `ct.yaml` nor ct's search path (., ~/.ct, /etc/ct) provides them, so `netpolkit lint`
works in a repository without `.ct/`. A test keeps them identical to the shipped `.ct/` files.
"""

from __future__ import annotations

CHART_SCHEMA = """\
# Yamale schema for Chart.yaml: chart-testing's default (etc/chart_schema.yaml), unchanged, so
# `ct lint` and `netpolkit lint` accept and reject the same charts.
name: str()
home: str(required=False)
version: str()
apiVersion: str()
appVersion: any(str(), num(), required=False)
description: str(required=False)
keywords: list(str(), required=False)
sources: list(str(), required=False)
maintainers: list(include('maintainer'), required=False)
dependencies: list(include('dependency'), required=False)
icon: str(required=False)
engine: str(required=False)
condition: str(required=False)
tags: str(required=False)
deprecated: bool(required=False)
kubeVersion: str(required=False)
annotations: map(str(), str(), required=False)
type: str(required=False)
---
maintainer:
  name: str()
  email: str(required=False)
  url: str(required=False)
---
dependency:
  name: str()
  version: str()
  repository: str(required=False)
  condition: str(required=False)
  tags: list(str(), required=False)
  enabled: bool(required=False)
  import-values: list(any(str(), include('import-value')), required=False)
  alias: str(required=False)
---
import-value:
  child: str()
  parent: str()
"""

LINTCONF = """\
---
# yamllint configuration for Chart.yaml, values.yaml and ci/*-values.yaml: chart-testing's default
# (etc/lintconf.yaml), unchanged, so `ct lint` and `netpolkit lint` report the same problems.
rules:
  braces:
    min-spaces-inside: 0
    max-spaces-inside: 0
    min-spaces-inside-empty: -1
    max-spaces-inside-empty: -1
  brackets:
    min-spaces-inside: 0
    max-spaces-inside: 0
    min-spaces-inside-empty: -1
    max-spaces-inside-empty: -1
  colons:
    max-spaces-before: 0
    max-spaces-after: 1
  commas:
    max-spaces-before: 0
    min-spaces-after: 1
    max-spaces-after: 1
  comments:
    require-starting-space: true
    min-spaces-from-content: 2
  document-end: disable
  document-start: disable           # No --- to start a file
  empty-lines:
    max: 2
    max-start: 0
    max-end: 0
  hyphens:
    max-spaces-after: 1
  indentation:
    spaces: consistent
    indent-sequences: whatever      # - list indentation will handle both indentation and without
    check-multi-line-strings: false
  key-duplicates: enable
  line-length: disable              # Lines can be any length
  new-line-at-end-of-file: enable
  new-lines:
    type: unix
  trailing-spaces: enable
  truthy:
    level: warning
"""
