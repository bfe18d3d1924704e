{{/*
Template guards. Every message is `network-policies: <values.path>: <what is wrong>` and stable, so
tests (and users' CI) can match it; `netpolkit validate` checks the same rules with file and line.
The schema checks the shape of values; these guards stop the chart from rendering objects the
API server (or Felix) would reject or misread.
*/}}

{{/*
network-policies.lib.num: a number for messages (integral values without a fraction).
Expects: the number (float64, int or a numeric string). Returns text.
*/}}
{{- define "network-policies.lib.num" -}}
{{- if kindIs "string" . -}}
  {{- . -}}
{{- else -}}
  {{- include "network-policies.lib.yaml.scalar" . -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.protocolKey: a Calico/Kubernetes protocol normalised for comparisons.
Expects: the protocol value (a name in any case, a number, or nil). Returns lower-case text
(`tcp`, `icmpv6`), the number as digits (`6`), or "" when unset.
*/}}
{{- define "network-policies.lib.protocolKey" -}}
{{- if kindIs "string" . -}}
  {{- lower . -}}
{{- else if not (kindIs "invalid" .) -}}
  {{- include "network-policies.lib.num" . -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.enterpriseError: the message for an Enterprise/Cloud-only field.
Expects: the values path. Returns the message (callers `fail` with it).
*/}}
{{- define "network-policies.lib.enterpriseError" -}}
{{- printf "network-policies: %s: is a Calico Enterprise/Cloud field; set calico.edition: enterprise" . -}}
{{- end -}}

{{/*
network-policies.validate.stagedDelete: with stagedAction Delete every spec field other than tier
must be empty (the spec fields are those of network-policies.class.passthroughSpec).
Expects: dict "path" "entry". Fails, or renders nothing.
*/}}
{{- define "network-policies.validate.stagedDelete" -}}
{{- if eq (toString (.entry.stagedAction | default "")) "Delete" -}}
  {{- $fields := dict -}}
  {{- include "network-policies.class.passthroughSpec" (dict "entry" .entry "out" $fields) -}}
  {{- $extra := keys (omit $fields.spec "stagedAction" "tier") | sortAlpha -}}
  {{- if $extra -}}
    {{- fail (printf "network-policies: %s: stagedAction Delete allows no spec field other than tier (found %s)" .path (join ", " $extra)) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.k8sPeer: one Kubernetes NetworkPolicyPeer. Expects: dict "path" "peer".
A peer sets at least one field; ipBlock stands alone; ipBlock.cidr is a CIDR and every except entry
lies strictly inside it.
*/}}
{{- define "network-policies.validate.k8sPeer" -}}
{{- $path := .path -}}
{{- $peer := .peer | default dict -}}
{{- if not (kindIs "map" $peer) -}}
  {{- fail (printf "network-policies: %s: a peer must be a map of podSelector, namespaceSelector or ipBlock" $path) -}}
{{- end -}}
{{- $ipBlock := not (kindIs "invalid" $peer.ipBlock) -}}
{{- $selectors := or (not (kindIs "invalid" $peer.podSelector)) (not (kindIs "invalid" $peer.namespaceSelector)) -}}
{{- if not (or $ipBlock $selectors) -}}
  {{- fail (printf "network-policies: %s: a peer must set at least one of podSelector, namespaceSelector, ipBlock" $path) -}}
{{- end -}}
{{- if and $ipBlock $selectors -}}
  {{- fail (printf "network-policies: %s: ipBlock cannot be combined with podSelector or namespaceSelector" $path) -}}
{{- end -}}
{{- if $ipBlock -}}
  {{- if not (and (kindIs "map" $peer.ipBlock) $peer.ipBlock.cidr) -}}
    {{- fail (printf "network-policies: %s.ipBlock.cidr: is required" $path) -}}
  {{- end -}}
  {{- $cidr := include "network-policies.lib.cidr.parse" (dict "value" $peer.ipBlock.cidr "path" (printf "%s.ipBlock.cidr" $path)) | fromJson -}}
  {{- range $i, $e := $peer.ipBlock.except | default list -}}
    {{- $ep := printf "%s.ipBlock.except[%d]" $path $i -}}
    {{- $ex := include "network-policies.lib.cidr.parse" (dict "value" $e "path" $ep) | fromJson -}}
    {{- if not (include "network-policies.lib.cidr.strictlyInside" (dict "outer" $cidr "inner" $ex)) -}}
      {{- fail (printf "network-policies: %s: %s is not strictly inside cidr %s" $ep $e $peer.ipBlock.cidr) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.k8sPorts: the NetworkPolicyPorts of one rule. Expects: dict "path" (the
rule's values path) "ports" (the list). endPort needs a numeric port and must be >= port.
*/}}
{{- define "network-policies.validate.k8sPorts" -}}
{{- range $j, $port := .ports -}}
  {{- if and (kindIs "map" $port) (not (kindIs "invalid" $port.endPort)) -}}
    {{- $numeric := or (kindIs "float64" $port.port) (kindIs "int" $port.port) (kindIs "int64" $port.port) -}}
    {{- if not $numeric -}}
      {{- fail (printf "network-policies: %s.ports[%d].endPort: needs a numeric port" $.path $j) -}}
    {{- end -}}
    {{- if lt (float64 $port.endPort) (float64 $port.port) -}}
      {{- fail (printf "network-policies: %s.ports[%d].endPort: must be >= port (%s)" $.path $j (include "network-policies.lib.num" $port.port)) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.k8sPolicy: a Kubernetes NetworkPolicySpec entry (NetworkPolicy or
StagedKubernetesNetworkPolicy). Expects: dict "path" "entry" "staged" (bool).
*/}}
{{- define "network-policies.validate.k8sPolicy" -}}
{{- $path := .path -}}
{{- $entry := .entry -}}
{{- if .staged -}}
  {{- include "network-policies.validate.stagedDelete" (dict "path" $path "entry" $entry) -}}
{{- end -}}
{{- range $d := list (list "ingress" "from") (list "egress" "to") -}}
  {{- $dir := index $d 0 -}}
  {{- $peersKey := index $d 1 -}}
  {{- range $i, $rule := index $entry $dir | default list -}}
    {{- if kindIs "map" $rule -}}
      {{- range $j, $peer := index $rule $peersKey | default list -}}
        {{- include "network-policies.validate.k8sPeer" (dict "path" (printf "%s.%s[%d].%s[%d]" $path $dir $i $peersKey $j) "peer" $peer) -}}
      {{- end -}}
      {{- if $rule.ports -}}
        {{- include "network-policies.validate.k8sPorts" (dict "path" (printf "%s.%s[%d]" $path $dir $i) "ports" $rule.ports) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.entityRule: a Calico EntityRule (rule source or destination).
Expects: dict "path" "er" (the EntityRule) "side" (source|destination) "dir" (ingress|egress)
"protocol" (protocolKey of the rule) "enterprise" (bool).
*/}}
{{- define "network-policies.validate.entityRule" -}}
{{- $path := .path -}}
{{- $er := .er -}}
{{- if not (kindIs "invalid" $er.domains) -}}
  {{- if not .enterprise -}}
    {{- fail (include "network-policies.lib.enterpriseError" (printf "%s.domains" $path)) -}}
  {{- end -}}
  {{- if not (and (eq .dir "egress") (eq .side "destination")) -}}
    {{- fail (printf "network-policies: %s.domains: only allowed in an egress destination" $path) -}}
  {{- end -}}
{{- end -}}
{{- if not (kindIs "invalid" $er.services) -}}
  {{- if not (or (and (eq .dir "egress") (eq .side "destination")) (and (eq .dir "ingress") (eq .side "source"))) -}}
    {{- fail (printf "network-policies: %s.services: only allowed in an egress destination or an ingress source" $path) -}}
  {{- end -}}
  {{- range $f := list "selector" "notSelector" "namespaceSelector" "nets" "notNets" "serviceAccounts" -}}
    {{- if not (kindIs "invalid" (index $er $f)) -}}
      {{- fail (printf "network-policies: %s.services: cannot be combined with %s" $path $f) -}}
    {{- end -}}
  {{- end -}}
  {{- if and (eq .side "destination") (not (kindIs "invalid" $er.ports)) -}}
    {{- fail (printf "network-policies: %s.ports: not allowed with destination.services" $path) -}}
  {{- end -}}
{{- end -}}
{{- if and (or $er.ports $er.notPorts) (not (has .protocol (list "tcp" "udp" "sctp" "6" "17" "132"))) -}}
  {{- range $f := list "ports" "notPorts" -}}
    {{- range $j, $p := index $er $f | default list -}}
      {{- if or (kindIs "float64" $p) (kindIs "int" $p) (kindIs "int64" $p) (and (kindIs "string" $p) (regexMatch "^[0-9]+(:[0-9]+)?$" $p)) -}}
        {{- fail (printf "network-policies: %s.%s[%d]: numeric port %s needs protocol TCP, UDP or SCTP (or 6, 17, 132)" $path $f $j (include "network-policies.lib.num" $p)) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.calicoRule: one Calico rule. Expects: dict "path" "rule" "dir"
(ingress|egress) "tier" (the policy's tier name, "default" when unset) "tiers" (map tier name ->
{order} of the Tier objects this release renders) "enterprise" (bool).
*/}}
{{- define "network-policies.validate.calicoRule" -}}
{{- $path := .path -}}
{{- $rule := .rule -}}
{{- if not (kindIs "map" $rule) -}}
  {{- fail (printf "network-policies: %s: a rule must be a map" $path) -}}
{{- end -}}
{{- $action := toString ($rule.action | default "") -}}
{{- if eq $action "Pass" -}}
  {{- if eq .tier "kube-baseline" -}}
    {{- fail (printf "network-policies: %s.action: Pass needs a later tier; kube-baseline is the last tier" $path) -}}
  {{- end -}}
  {{- if hasKey .tiers .tier -}}
    {{- $order := (index .tiers .tier).order -}}
    {{- if kindIs "invalid" $order -}}
      {{- fail (printf "network-policies: %s.action: Pass needs a later tier; tier %s has no order (it comes last)" $path .tier) -}}
    {{- else if ge (float64 $order) 10000000.0 -}}
      {{- fail (printf "network-policies: %s.action: Pass needs a later tier; tier %s has order %s (not before kube-baseline, 10000000)" $path .tier (include "network-policies.lib.num" $order)) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $proto := include "network-policies.lib.protocolKey" $rule.protocol -}}
{{- if or (hasKey $rule "icmp") (hasKey $rule "notICMP") -}}
  {{- range $f := list "icmp" "notICMP" -}}
    {{- $icmp := index $rule $f -}}
    {{- if not (kindIs "invalid" $icmp) -}}
      {{- if not (has $proto (list "icmp" "icmpv6" "1" "58")) -}}
        {{- fail (printf "network-policies: %s.%s: needs protocol ICMP or ICMPv6 (or 1, 58)" $path $f) -}}
      {{- end -}}
      {{- if and (kindIs "map" $icmp) (not (kindIs "invalid" $icmp.code)) (kindIs "invalid" $icmp.type) -}}
        {{- fail (printf "network-policies: %s.%s.code: needs %s.type" $path $f $f) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $ipVersion := "" -}}
{{- if hasKey $rule "ipVersion" -}}
  {{- $ipVersion = include "network-policies.lib.protocolKey" $rule.ipVersion -}}
  {{- if and (has $proto (list "icmp" "1")) (eq $ipVersion "6") -}}
    {{- fail (printf "network-policies: %s.ipVersion: protocol ICMP needs ipVersion 4 (use ICMPv6 for IPv6)" $path) -}}
  {{- end -}}
  {{- if and (has $proto (list "icmpv6" "58")) (eq $ipVersion "4") -}}
    {{- fail (printf "network-policies: %s.ipVersion: protocol ICMPv6 needs ipVersion 6 (use ICMP for IPv4)" $path) -}}
  {{- end -}}
{{- end -}}
{{- if not (kindIs "invalid" $rule.http) -}}
  {{- if not (and (eq .dir "ingress") (eq $action "Allow")) -}}
    {{- fail (printf "network-policies: %s.http: only allowed on ingress Allow rules" $path) -}}
  {{- end -}}
  {{- if not (has $proto (list "" "tcp" "6")) -}}
    {{- fail (printf "network-policies: %s.http: needs protocol TCP (or no protocol)" $path) -}}
  {{- end -}}
  {{- if and (kindIs "map" $rule.http) (not (kindIs "invalid" $rule.http.headers)) (not .enterprise) -}}
    {{- fail (include "network-policies.lib.enterpriseError" (printf "%s.http.headers" $path)) -}}
  {{- end -}}
{{- end -}}
{{- $families := dict -}}
{{- range $side := list "source" "destination" -}}
  {{- $er := index $rule $side -}}
  {{- if and (kindIs "map" $er) (or $er.nets $er.notNets) -}}
    {{- range $f := list "nets" "notNets" -}}
      {{- range $j, $net := index $er $f | default list -}}
        {{- $fam := ternary "6" "4" (contains ":" (toString $net)) -}}
        {{- if and $ipVersion (ne $ipVersion $fam) -}}
          {{- fail (printf "network-policies: %s.%s.%s[%d]: %s is an IPv%s CIDR but the rule has ipVersion %s" $path $side $f $j $net $fam $ipVersion) -}}
        {{- end -}}
        {{- if not (hasKey $families $fam) }}{{ $_ := set $families $fam (printf "%s.%s[%d]" $side $f $j) }}{{ end -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- if eq (len $families) 2 -}}
  {{- fail (printf "network-policies: %s: mixes IPv4 (%s) and IPv6 (%s) CIDRs; use one rule per IP family" $path (index $families "4") (index $families "6")) -}}
{{- end -}}
{{- range $side := list "source" "destination" -}}
  {{- $er := index $rule $side -}}
  {{- if kindIs "map" $er -}}
    {{- include "network-policies.validate.entityRule" (dict "path" (printf "%s.%s" $path $side) "er" $er "side" $side "dir" $.dir "protocol" $proto "enterprise" $.enterprise) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.calicoPolicy: a Calico (Staged)(Global)NetworkPolicy entry.
Expects: dict "path" "entry" "global" (bool) "staged" (bool) "tiers" (map tier name -> {order})
"enterprise" (bool).
*/}}
{{- define "network-policies.validate.calicoPolicy" -}}
{{- $path := .path -}}
{{- $entry := .entry -}}
{{- if .staged -}}
  {{- include "network-policies.validate.stagedDelete" (dict "path" $path "entry" $entry) -}}
{{- end -}}
{{- if .global -}}
  {{- if and $entry.doNotTrack $entry.preDNAT -}}
    {{- fail (printf "network-policies: %s: doNotTrack and preDNAT cannot both be set" $path) -}}
  {{- end -}}
  {{- range $f := list "doNotTrack" "preDNAT" -}}
    {{- if and (index $entry $f) (not $entry.applyOnForward) -}}
      {{- fail (printf "network-policies: %s.%s: needs applyOnForward: true" $path $f) -}}
    {{- end -}}
  {{- end -}}
  {{- if $entry.preDNAT -}}
    {{- if $entry.egress -}}
      {{- fail (printf "network-policies: %s.preDNAT: cannot be combined with egress rules" $path) -}}
    {{- end -}}
    {{- if has "Egress" ($entry.types | default list) -}}
      {{- fail (printf "network-policies: %s.preDNAT: cannot be combined with types: Egress" $path) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $tier := toString ($entry.tier | default "default") -}}
{{- range $dir := list "ingress" "egress" -}}
  {{- range $i, $rule := index $entry $dir | default list -}}
    {{- include "network-policies.validate.calicoRule" (dict "path" (printf "%s.%s[%d]" $path $dir $i) "rule" $rule "dir" $dir "tier" $tier "tiers" $.tiers "enterprise" $.enterprise) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.object: run the guards of one object record by its kind family.
Expects: dict "obj" (record: path, entry) "kind" (from network-policies.kinds) "tiers" (map tier
name -> {order}) "enterprise" (bool).
*/}}
{{- define "network-policies.validate.object" -}}
{{- $path := .obj.path -}}
{{- $entry := .obj.entry -}}
{{- $k := .kind -}}
{{- if eq $k.family "calico" -}}
  {{- include "network-policies.validate.calicoPolicy" (dict "path" $path "entry" $entry "global" $k.global "staged" $k.staged "tiers" .tiers "enterprise" .enterprise) -}}
{{- else if eq $k.family "k8s" -}}
  {{- include "network-policies.validate.k8sPolicy" (dict "path" $path "entry" $entry "staged" $k.staged) -}}
{{- else if eq $k.family "set" -}}
  {{- if and (not (kindIs "invalid" $entry.allowedEgressDomains)) (not .enterprise) -}}
    {{- fail (include "network-policies.lib.enterpriseError" (printf "%s.allowedEgressDomains" $path)) -}}
  {{- end -}}
{{- else if eq $k.family "hostendpoint" -}}
  {{- if not $entry.node -}}
    {{- fail (printf "network-policies: %s.node: is required" $path) -}}
  {{- end -}}
  {{- if and (not $entry.interfaceName) (not $entry.expectedIPs) -}}
    {{- fail (printf "network-policies: %s: needs interfaceName or expectedIPs" $path) -}}
  {{- end -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.lib.names.rule: the metadata.name rule of a kind. Expects: the kind (from
network-policies.kinds). Returns JSON {pattern (anchored regex), max (length), text (for messages)}.
Tier: DNS-1123 label (63); Calico policies and the Staged kinds: `L(.L)?` (253); others: DNS-1123
subdomain (253).
*/}}
{{- define "network-policies.lib.names.rule" -}}
{{- $label := "[a-z0-9]([-a-z0-9]*[a-z0-9])?" -}}
{{- if eq .family "tier" -}}
  {{- dict "pattern" (printf "^%s$" $label) "max" 63 "text" "a DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters" | toJson -}}
{{- else if or (eq .family "calico") .staged -}}
  {{- dict "pattern" (printf "^%s(\\.%s)?$" $label $label) "max" 253 "text" "lower-case alphanumerics and '-', at most one '.', at most 253 characters" | toJson -}}
{{- else -}}
  {{- dict "pattern" (printf "^%s(\\.%s)*$" $label $label) "max" 253 "text" "a DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253 characters" | toJson -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.name: metadata.name rules of each kind (network-policies.lib.names.rule).
Expects: dict "obj" (record: path, name) "kind" "rule" (optional: the kind's rule, parsed).
*/}}
{{- define "network-policies.validate.name" -}}
{{- $name := .obj.name -}}
{{- $rule := .rule -}}
{{- if not $rule }}{{ $rule = include "network-policies.lib.names.rule" .kind | fromJson }}{{ end -}}
{{- if not (and (regexMatch $rule.pattern $name) (le (len $name) (int $rule.max))) -}}
  {{- fail (printf "network-policies: %s: metadata.name %s is not a valid %s name (%s)" .obj.path (include "network-policies.lib.yaml.scalar" $name) .kind.kind $rule.text) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.validate.names: the metadata names of one kind's records: each valid
(network-policies.validate.name) and unique. Expects: dict "records" (with name set) "kind".
The first problem in record order fails. One regex over all names decides the common case; the
record-by-record checks run only when it fails or a name repeats.
*/}}
{{- define "network-policies.validate.names" -}}
{{- $rule := include "network-policies.lib.names.rule" .kind | fromJson -}}
{{- $names := list -}}
{{- $plain := true -}}
{{- range $r := .records -}}
  {{- $names = append $names $r.name -}}
  {{- if or (gt (len $r.name) (int $rule.max)) (contains "\n" $r.name) }}{{ $plain = false }}{{ end -}}
{{- end -}}
{{- $each := printf "(%s)" (trimSuffix "$" (trimPrefix "^" $rule.pattern)) -}}
{{- if not (and $plain (eq (len (uniq $names)) (len $names)) (regexMatch (printf "^(%s\n)*%s$" $each $each) (join "\n" $names))) -}}
  {{- $seen := dict -}}
  {{- range $r := .records -}}
    {{- include "network-policies.validate.name" (dict "obj" $r "kind" $.kind "rule" $rule) -}}
    {{- if hasKey $seen $r.name -}}
      {{- fail (printf "network-policies: %s: metadata.name %s is already used by %s (same kind)" $r.path $r.name (index $seen $r.name)) -}}
    {{- end -}}
    {{- $_ := set $seen $r.name $r.path -}}
  {{- end -}}
{{- end -}}
{{- end -}}
