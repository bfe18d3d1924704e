{{/*
network-policies.lib.yaml.scalar: render one scalar as a YAML 1.1/1.2-safe token on one line.
Expects: the value itself (string, number, bool or nil).
Strings are plain when they are a conservative identifier (letters, digits, `_./-`, starting with a
letter or `_`, and not a YAML 1.1 bool/null word); every other string is double-quoted with
escapes, so it is never folded, never a block scalar and never re-typed by a YAML 1.1 reader
(`10:20`, `yes`, `::/0`). Numbers print as JSON numbers (integral float64 as an int, no
exponent below 1e21), bools as true/false.
*/}}
{{- define "network-policies.lib.yaml.scalar" -}}
{{- $v := . -}}
{{- if kindIs "string" $v -}}
  {{- if and (regexMatch "^[A-Za-z_][A-Za-z0-9_./-]*$" $v) (not (has (lower $v) (list "y" "n" "yes" "no" "on" "off" "true" "false" "null"))) -}}
    {{- $v -}}
  {{- else -}}
    {{- $e := $v | replace "\\" "\\\\" | replace "\"" "\\\"" | replace "\n" "\\n" | replace "\r" "\\r" | replace "\t" "\\t" -}}
    {{- printf "\"%s\"" $e -}}
  {{- end -}}
{{- else if kindIs "invalid" $v -}}
  {{- "null" -}}
{{- else if kindIs "bool" $v -}}
  {{- ternary "true" "false" $v -}}
{{- else if or (kindIs "float64" $v) (kindIs "float32" $v) (kindIs "int" $v) (kindIs "int64" $v) (kindIs "int32" $v) (kindIs "uint64" $v) -}}
  {{- /* JSON number text (20000000.5, not toYaml's 2.00000005e+07); an exponent gets a ".0" so YAML 1.1 readers see a float. */ -}}
  {{- regexReplaceAll "^(-?[0-9]+)e" (toJson $v) "${1}.0e" -}}
{{- else -}}
  {{- toYaml $v -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.yaml: render any value (map, list, scalar) as block YAML at indent 0, no
trailing newline. Expects: the value. Maps are emitted with sorted keys; lists indented two spaces
under their key; empty maps and lists stay `{}` and `[]` (empty, absent and `{}` are kept
distinct); nested containers are indented by the caller with `nindent`. This replaces toYaml for
rendered objects because toYaml folds long strings (selectors) over several lines.
*/}}
{{- define "network-policies.lib.yaml" -}}
{{- $v := . -}}
{{- if kindIs "map" $v -}}
  {{- if not $v -}}
    {{- "{}" -}}
  {{- else -}}
    {{- $lines := list -}}
    {{- range $k := keys $v | sortAlpha -}}
      {{- $c := index $v $k -}}
      {{- $key := include "network-policies.lib.yaml.scalar" $k -}}
      {{- if and (or (kindIs "map" $c) (kindIs "slice" $c)) $c -}}
        {{- $lines = append $lines (printf "%s:\n%s" $key (include "network-policies.lib.yaml" $c | indent 2)) -}}
      {{- else -}}
        {{- $lines = append $lines (printf "%s: %s" $key (include "network-policies.lib.yaml" $c)) -}}
      {{- end -}}
    {{- end -}}
    {{- join "\n" $lines -}}
  {{- end -}}
{{- else if kindIs "slice" $v -}}
  {{- if not $v -}}
    {{- "[]" -}}
  {{- else -}}
    {{- $lines := list -}}
    {{- range $item := $v -}}
      {{- $lines = append $lines (printf "- %s" (include "network-policies.lib.yaml" $item | indent 2 | trimPrefix "  ")) -}}
    {{- end -}}
    {{- join "\n" $lines -}}
  {{- end -}}
{{- else -}}
  {{- include "network-policies.lib.yaml.scalar" $v -}}
{{- end -}}
{{- end -}}
