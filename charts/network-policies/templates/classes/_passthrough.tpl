{{/*
network-policies.class.passthroughSpec: an entry's spec fields as given: everything but enabled,
name, labels and annotations, null fields dropped. Expects: dict "entry" "out". Sets out.spec (a
new map; its values are the entry's own, never modified).
*/}}
{{- define "network-policies.class.passthroughSpec" -}}
{{- $spec := omit .entry "enabled" "name" "labels" "annotations" -}}
{{- if has nil (values $spec) -}}
  {{- range $k, $v := $spec }}{{ if kindIs "invalid" $v }}{{ $_ := unset $spec $k }}{{ end }}{{ end -}}
{{- end -}}
{{- $_ := set .out "spec" $spec -}}
{{- end -}}
