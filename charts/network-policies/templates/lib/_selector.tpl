{{/*
network-policies.lib.selector.quote: quote one selector value the Calico way.
Expects: dict "value" (string) "path" (values path, for the error).
Uses '...' or, when the value contains ', "..." (Calico strings have no escapes).
*/}}
{{- define "network-policies.lib.selector.quote" -}}
{{- $v := toString .value -}}
{{- if not (contains "'" $v) -}}
  {{- printf "'%s'" $v -}}
{{- else if not (contains "\"" $v) -}}
  {{- printf "\"%s\"" $v -}}
{{- else -}}
  {{- fail (printf "network-policies: %s: a selector value cannot contain both ' and \"" .path) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.selector.toCalico: a Calico selector string from a selector value.
Expects: dict "value" (a Calico selector string, or a label-selector map with matchLabels /
matchExpressions) "path" (values path of the selector, for errors).
A string passes through (it must be on one line). A map becomes `k == 'v'` terms (matchLabels,
sorted by key), then `k in {...}`, `k not in {...}`, `has(k)`, `!has(k)` (matchExpressions in
order), joined by ` && `; `{}` becomes `all()`.
*/}}
{{- define "network-policies.lib.selector.toCalico" -}}
{{- $v := .value -}}
{{- $path := .path -}}
{{- if kindIs "string" $v -}}
  {{- if regexMatch "[\r\n]" $v -}}
    {{- fail (printf "network-policies: %s: a Calico selector must be on one line (the Calico tokenizer rejects newlines)" $path) -}}
  {{- end -}}
  {{- $v -}}
{{- else if kindIs "map" $v -}}
  {{- $terms := list -}}
  {{- range $k, $_ := $v -}}
    {{- if not (has $k (list "matchLabels" "matchExpressions")) -}}
      {{- fail (printf "network-policies: %s.%s: a label selector map has only matchLabels and matchExpressions" $path $k) -}}
    {{- end -}}
  {{- end -}}
  {{- $ml := $v.matchLabels | default dict -}}
  {{- range $k := keys $ml | sortAlpha -}}
    {{- $terms = append $terms (printf "%s == %s" $k (include "network-policies.lib.selector.quote" (dict "value" (index $ml $k) "path" (printf "%s.matchLabels.%s" $path $k)))) -}}
  {{- end -}}
  {{- range $i, $e := $v.matchExpressions | default list -}}
    {{- $ep := printf "%s.matchExpressions[%d]" $path $i -}}
    {{- $op := toString ($e.operator | default "") -}}
    {{- $vals := list -}}
    {{- range $j, $x := $e.values | default list -}}
      {{- $vals = append $vals (include "network-policies.lib.selector.quote" (dict "value" $x "path" (printf "%s.values[%d]" $ep $j))) -}}
    {{- end -}}
    {{- if eq $op "In" -}}
      {{- $terms = append $terms (printf "%s in {%s}" $e.key (join ", " $vals)) -}}
    {{- else if eq $op "NotIn" -}}
      {{- $terms = append $terms (printf "%s not in {%s}" $e.key (join ", " $vals)) -}}
    {{- else if eq $op "Exists" -}}
      {{- $terms = append $terms (printf "has(%s)" $e.key) -}}
    {{- else if eq $op "DoesNotExist" -}}
      {{- $terms = append $terms (printf "!has(%s)" $e.key) -}}
    {{- else -}}
      {{- fail (printf "network-policies: %s.operator: must be In, NotIn, Exists or DoesNotExist" $ep) -}}
    {{- end -}}
  {{- end -}}
  {{- if $terms -}}
    {{- join " && " $terms -}}
  {{- else -}}
    {{- "all()" -}}
  {{- end -}}
{{- else -}}
  {{- fail (printf "network-policies: %s: must be a Calico selector string or a label selector map" $path) -}}
{{- end -}}
{{- end -}}
