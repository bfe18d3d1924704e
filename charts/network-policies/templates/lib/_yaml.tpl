{{/*
network-policies.lib.yaml.scalar: render one scalar as a YAML 1.1/1.2-safe token on one line, as
network-policies.lib.yaml.documents prints it (used for values quoted in `fail` messages).
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
network-policies.lib.yaml.documents: block YAML for every object of a render, in one pass.
Expects: dict "groups" (map: group name (a word) -> non-empty list of objects) "out" (a map).
Sets out.<group> to "\n---\n<object>" per object of the group (the output of a kind template).
Maps are emitted with sorted keys, except that a key starting with "\x01" sorts before the others
and prints without it (metadata: name and namespace first); lists indent two spaces under their
key; empty maps and lists stay `{}` and `[]`; scalars print as network-policies.lib.yaml.scalar
prints them (strings plain or double-quoted, so selectors stay on one line; JSON number text).
Why not a recursive writer: an `include` per node, a regex compile per string and re-indenting
every subtree cost most of a render. Here the objects are marshalled once with toPrettyJson
(sorted keys, two spaces per level: the indentation block YAML needs) and turned into YAML by a
few rewrites of the whole text, literal where possible (a regex pass costs far more). They rely
on pretty JSON's layout: one value or bracket per line, no raw newline inside a string.
*/}}
{{- define "network-policies.lib.yaml.documents" -}}
{{- /* Escapes: park `\\` ("\x02") and `\"` ("\x07"), so that every `"` left delimits a string; undo the HTML escaping of < > &. */ -}}
{{- $t := toPrettyJson .groups | replace `\\` "\x02" | replace `\"` "\x07" | replace `\u003c` "<" | replace `\u003e` ">" | replace `\u0026` "&" -}}
{{- /* Layout: no commas; a "\x04<group>" line starts each group and `---` each object; a key that opens a map or list ends its line. */ -}}
{{- $t = replace ",\n" "\n" $t -}}
{{- range $group, $_ := .groups -}}
  {{- $t = replace (printf "\n  %q: [\n    {\n" $group) (printf "\n\x04%s\n---\n" $group) $t -}}
{{- end -}}
{{- $t = $t | replace "\n    {\n" "\n---\n" | replace "\": {\n" "\":\n" | replace "\": [\n" "\":\n" -}}
{{- /* One pass over the lines: a closing bracket becomes a bare `- ` line (then dropped), every other line but `"key": ...` a list item (`- `). */ -}}
{{- $t = regexReplaceAll `(?m)\n(?: *[\]}]|( +)([^ "\n][^\n]*|"[^"]*"))$` $t "\n${1}- ${2}" -}}
{{- $t = replace "- \n" "" $t | trimSuffix "\n- " -}}
{{- /* An item that opens a map or list takes the first line of its content. */ -}}
{{- $t = regexReplaceAllLiteral `\{\n *` $t "" -}}
{{- $t = regexReplaceAllLiteral `\[\n *` $t "" -}}
{{- /* Object fields sit at three levels (six spaces) in the JSON. */ -}}
{{- $t = replace "\n      " "\n" $t -}}
{{- /* Strings: identifiers lose their quotes unless a YAML 1.1 reader would take them for a bool or null ("\x01" holds those). */ -}}
{{- $t = regexReplaceAll `"((?i:y|n|yes|no|on|off|true|false|null))"` $t "\x01${1}\x01" -}}
{{- $t = regexReplaceAll `"([A-Za-z_][A-Za-z0-9_./-]*)"` $t "${1}" -}}
{{- $t = regexReplaceAll `"\\u0001([A-Za-z_][A-Za-z0-9_./-]*)"` $t "${1}" -}}
{{- /* A number with an exponent and no fraction gets ".0", so YAML 1.1 readers see a float (test for a digit before `e` first). */ -}}
{{- $exponent := false -}}
{{- range $d := list "0e" "1e" "2e" "3e" "4e" "5e" "6e" "7e" "8e" "9e" }}{{ if contains $d $t }}{{ $exponent = true }}{{ end }}{{ end -}}
{{- if $exponent -}}
  {{- $t = regexReplaceAll `(?m)(: |- |^)(-?[0-9]+)(e[-+]?[0-9]+)$` $t "${1}${2}.0${3}" -}}
{{- end -}}
{{- $t = $t | replace "\x01" `"` | replace "\x07" `\"` | replace "\x02" `\\` -}}
{{- $out := .out -}}
{{- range $chunk := rest (splitList "\x04" $t) -}}
  {{- $parts := splitn "\n" 2 $chunk -}}
  {{- $_ := set $out $parts._0 (printf "\n%s" (trimSuffix "\n" $parts._1)) -}}
{{- end -}}
{{- end -}}
