{{/*
network-policies.lib.cidr.hex: the integer value of 1-4 hex digits (no prefix).
Expects: the string. Returns the number as text (callers use atoi).
*/}}
{{- define "network-policies.lib.cidr.hex" -}}
{{- $digits := dict "0" 0 "1" 1 "2" 2 "3" 3 "4" 4 "5" 5 "6" 6 "7" 7 "8" 8 "9" 9 "a" 10 "b" 11 "c" 12 "d" 13 "e" 14 "f" 15 -}}
{{- $n := 0 -}}
{{- range $c := splitList "" (lower .) -}}
  {{- $n = add (mul $n 16) (index $digits $c) -}}
{{- end -}}
{{- $n -}}
{{- end -}}

{{/*
network-policies.lib.cidr.v4groups: two 16-bit groups of a dotted IPv4 address, or nothing when the
text is not one. Expects: the address string. Returns JSON `[hi, lo]` or "".
*/}}
{{- define "network-policies.lib.cidr.v4groups" -}}
{{- if regexMatch "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$" . -}}
  {{- $o := list -}}
  {{- $ok := true -}}
  {{- range $s := splitList "." . -}}
    {{- $n := atoi $s -}}
    {{- if gt $n 255 }}{{ $ok = false }}{{ end -}}
    {{- $o = append $o $n -}}
  {{- end -}}
  {{- if $ok -}}
    {{- list (add (mul (index $o 0) 256) (index $o 1)) (add (mul (index $o 2) 256) (index $o 3)) | toJson -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.cidr.invalid: fail with "<path>: <value> is not a valid CIDR" (the value
quoted as network-policies.lib.yaml.scalar prints it). Expects: dict "value" (string) "path".
*/}}
{{- define "network-policies.lib.cidr.invalid" -}}
{{- fail (printf "network-policies: %s: %s is not a valid CIDR" .path (include "network-policies.lib.yaml.scalar" .value)) -}}
{{- end -}}

{{/*
network-policies.lib.cidr.parse: parse an IPv4 or IPv6 CIDR (incl. `::` compression and a dotted
IPv4 tail) into 16-bit groups. Expects: dict "value" (the CIDR string) "path" (values path, for the
error). Returns JSON {family: 4|6, prefix: int, groups: [int...]} (2 groups for IPv4, 8 for
IPv6); fails when the text is not a CIDR.
*/}}
{{- define "network-policies.lib.cidr.parse" -}}
{{- $s := toString .value -}}
{{- $bad := dict "value" $s "path" .path -}}
{{- if not (regexMatch "^[0-9a-fA-F:.]+/[0-9]{1,3}$" $s) -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
{{- $parts := splitList "/" $s -}}
{{- $addr := index $parts 0 -}}
{{- $prefix := atoi (index $parts 1) -}}
{{- if not (contains ":" $addr) -}}
  {{- $g := include "network-policies.lib.cidr.v4groups" $addr -}}
  {{- if or (not $g) (gt $prefix 32) -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
  {{- dict "family" 4 "prefix" $prefix "groups" (fromJsonArray $g) | toJson -}}
{{- else -}}
  {{- if or (gt $prefix 128) (gt (len (splitList "::" $addr)) 2) (contains ":::" $addr) -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
  {{- $halves := list -}}
  {{- range $h := splitList "::" $addr -}}
    {{- $groups := list -}}
    {{- if $h -}}
      {{- $fields := splitList ":" $h -}}
      {{- range $i, $f := $fields -}}
        {{- if and (eq (add1 $i) (len $fields)) (contains "." $f) -}}
          {{- $v4 := include "network-policies.lib.cidr.v4groups" $f -}}
          {{- if not $v4 -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
          {{- $groups = concat $groups (fromJsonArray $v4) -}}
        {{- else if regexMatch "^[0-9a-fA-F]{1,4}$" $f -}}
          {{- $groups = append $groups (atoi (include "network-policies.lib.cidr.hex" $f)) -}}
        {{- else -}}
          {{- include "network-policies.lib.cidr.invalid" $bad -}}
        {{- end -}}
      {{- end -}}
    {{- end -}}
    {{- $halves = append $halves $groups -}}
  {{- end -}}
  {{- $all := list -}}
  {{- if eq (len $halves) 1 -}}
    {{- $all = index $halves 0 -}}
    {{- if ne (len $all) 8 -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
  {{- else -}}
    {{- $head := index $halves 0 -}}
    {{- $tail := index $halves 1 -}}
    {{- $fill := sub 8 (add (len $head) (len $tail)) -}}
    {{- if lt $fill 1 -}}{{- include "network-policies.lib.cidr.invalid" $bad -}}{{- end -}}
    {{- $all = $head -}}
    {{- range $_ := until (int $fill) -}}{{- $all = append $all 0 -}}{{- end -}}
    {{- $all = concat $all $tail -}}
  {{- end -}}
  {{- dict "family" 6 "prefix" $prefix "groups" $all | toJson -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.cidr.strictlyInside: whether CIDR `inner` is a strict subset of CIDR `outer`
(same family, longer prefix, same leading `outer.prefix` bits), by integer arithmetic over 16-bit
groups. Expects: dict "outer" "inner" (parsed, as from network-policies.lib.cidr.parse).
Returns "true" or "".
*/}}
{{- define "network-policies.lib.cidr.strictlyInside" -}}
{{- $o := .outer -}}
{{- $i := .inner -}}
{{- $pow := list 1 2 4 8 16 32 64 128 256 512 1024 2048 4096 8192 16384 32768 65536 -}}
{{- if and (eq (int $o.family) (int $i.family)) (gt (int $i.prefix) (int $o.prefix)) -}}
  {{- $same := true -}}
  {{- range $n, $og := $o.groups -}}
    {{- $start := mul $n 16 -}}
    {{- $ig := index $i.groups $n -}}
    {{- if ge (int $o.prefix) (int (add $start 16)) -}}
      {{- if ne (int $og) (int $ig) }}{{ $same = false }}{{ end -}}
    {{- else if gt (int $o.prefix) (int $start) -}}
      {{- $div := index $pow (int (sub 16 (sub $o.prefix $start))) -}}
      {{- if ne (div $og $div) (div $ig $div) }}{{ $same = false }}{{ end -}}
    {{- end -}}
  {{- end -}}
  {{- if $same }}true{{ end -}}
{{- end -}}
{{- end -}}
