{{/*
network-policies.presets.keys: the presets in the fixed order they expand and render.
Expects: nothing. Returns JSON list.
*/}}
{{- define "network-policies.presets.keys" -}}
{{- list "defaultDeny" "allowDNS" "allowSameNamespace" "allowFromIngressController" "allowFromMonitoring" "allowKubeAPIServer" "denyCloudMetadata" | toJson -}}
{{- end -}}

{{/*
network-policies.presets.required: per preset, the settings its expansion cannot do without. They
all have chart defaults, but a `null` in a user's values deletes a default before the schema sees
it. Kept in step with REQUIRED_SETTINGS in tools/netpolkit/checks/presets.py (a test compares them).
Expects: nothing. Returns JSON {presetKey: [setting, ...]}.
*/}}
{{- define "network-policies.presets.required" -}}
{"defaultDeny":["ingress","egress"],"allowDNS":["dnsNamespace","dnsPodLabelValues","ports"],"allowSameNamespace":[],"allowFromIngressController":["namespace"],"allowFromMonitoring":["namespace"],"allowKubeAPIServer":["ports"],"denyCloudMetadata":["cidrs","tier","tierOrder","order"]}
{{- end -}}

{{/*
network-policies.presets.nsByName: Calico selector for one namespace by name.
Expects: dict "namespace" "path". Returns `projectcalico.org/name == '<ns>'`.
*/}}
{{- define "network-policies.presets.nsByName" -}}
{{- printf "projectcalico.org/name == %s" (include "network-policies.lib.selector.quote" (dict "value" .namespace "path" .path)) -}}
{{- end -}}

{{/*
network-policies.presets.ports: Kubernetes NetworkPolicyPorts for a protocol list and port list.
Expects: dict "protocols" (list) "ports" (list) "out" (the rule). Sets out.ports: all ports of the
first protocol, then of the next.
*/}}
{{- define "network-policies.presets.ports" -}}
{{- $ports := list -}}
{{- range $proto := .protocols -}}
  {{- range $port := $.ports -}}
    {{- $ports = append $ports (dict "protocol" $proto "port" $port) -}}
  {{- end -}}
{{- end -}}
{{- $_ := set .out "ports" $ports -}}
{{- end -}}

{{/*
network-policies.presets.byFamily: split CIDRs by IP family, keeping their order.
Expects: dict "cidrs" (list of CIDR strings) "out" (a map). Sets out.v4 and out.v6 (a `:` means
IPv6).
*/}}
{{- define "network-policies.presets.byFamily" -}}
{{- $v4 := list -}}
{{- $v6 := list -}}
{{- range $c := .cidrs -}}
  {{- if contains ":" (toString $c) }}{{ $v6 = append $v6 $c }}{{ else }}{{ $v4 = append $v4 $c }}{{ end -}}
{{- end -}}
{{- $_ := set .out "v4" $v4 -}}
{{- $_ := set .out "v6" $v6 -}}
{{- end -}}

{{/*
network-policies.preset.defaultDeny: spec fields of the defaultDeny preset (no rules; the types
of the enabled directions). Expects: dict "p" (preset values) "api" "path" "out" (the entry).
Sets its spec fields.
*/}}
{{- define "network-policies.preset.defaultDeny" -}}
{{- $dirs := list -}}
{{- if .p.ingress }}{{ $dirs = append $dirs "Ingress" }}{{ end -}}
{{- if .p.egress }}{{ $dirs = append $dirs "Egress" }}{{ end -}}
{{- if not $dirs -}}
  {{- fail (printf "network-policies: %s: ingress and egress are both false; enable one of them or disable the preset" .path) -}}
{{- end -}}
{{- if eq .api "native" -}}
  {{- $_ := set .out "policyTypes" $dirs -}}
{{- else -}}
  {{- $_ := set .out "types" $dirs -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.preset.allowDNS: spec fields of the allowDNS preset: egress to the DNS pods
(`k8s-app in dnsPodLabelValues` in dnsNamespace) and to extraCIDRs, UDP and TCP on `ports`.
Expects: dict "p" "api" "path" "out". Sets the spec fields. Calico: Allow UDP, Allow TCP to the
pods, then per IP family Allow UDP, Allow TCP to the extraCIDRs of that family (a rule cannot mix
families).
*/}}
{{- define "network-policies.preset.allowDNS" -}}
{{- $p := .p -}}
{{- $ports := $p.ports | default list -}}
{{- $podSel := dict "matchExpressions" (list (dict "key" "k8s-app" "operator" "In" "values" ($p.dnsPodLabelValues | default list))) -}}
{{- if eq .api "native" -}}
  {{- $peers := list (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $p.dnsNamespace)) "podSelector" $podSel) -}}
  {{- range $c := $p.extraCIDRs | default list -}}
    {{- $peers = append $peers (dict "ipBlock" (dict "cidr" $c)) -}}
  {{- end -}}
  {{- $rule := dict "to" $peers -}}
  {{- if $ports -}}
    {{- include "network-policies.presets.ports" (dict "protocols" (list "UDP" "TCP") "ports" $ports "out" $rule) -}}
  {{- end -}}
  {{- $_ := set .out "policyTypes" (list "Egress") -}}
  {{- $_ := set .out "egress" (list $rule) -}}
{{- else -}}
  {{- $dests := list (dict "selector" $podSel "namespaceSelector" (include "network-policies.presets.nsByName" (dict "namespace" $p.dnsNamespace "path" (printf "%s.dnsNamespace" .path)))) -}}
  {{- $fam := dict -}}
  {{- include "network-policies.presets.byFamily" (dict "cidrs" ($p.extraCIDRs | default list) "out" $fam) -}}
  {{- range $f := list "v4" "v6" -}}
    {{- if index $fam $f -}}
      {{- $dests = append $dests (dict "nets" (index $fam $f)) -}}
    {{- end -}}
  {{- end -}}
  {{- $rules := list -}}
  {{- range $d := $dests -}}
    {{- if $ports }}{{ $_ := set $d "ports" $ports }}{{ end -}}
    {{- range $proto := list "UDP" "TCP" -}}
      {{- $rules = append $rules (dict "action" "Allow" "protocol" $proto "destination" $d) -}}
    {{- end -}}
  {{- end -}}
  {{- $_ := set .out "types" (list "Egress") -}}
  {{- $_ := set .out "egress" $rules -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.preset.allowSameNamespace: spec fields of the allowSameNamespace preset: ingress
from every pod of the policy's namespace. Expects: dict "p" "api" "path" "out". Sets the spec fields.
*/}}
{{- define "network-policies.preset.allowSameNamespace" -}}
{{- if eq .api "native" -}}
  {{- $_ := set .out "policyTypes" (list "Ingress") -}}
  {{- $_ := set .out "ingress" (list (dict "from" (list (dict "podSelector" (dict))))) -}}
{{- else -}}
  {{- $_ := set .out "types" (list "Ingress") -}}
  {{- $_ := set .out "ingress" (list (dict "action" "Allow" "source" (dict "selector" "all()"))) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.preset.allowFromPods: spec fields shared by allowFromIngressController and
allowFromMonitoring: ingress from pods with `podLabels` in `namespace`, on TCP `ports` (all ports
when empty). Expects: dict "p" "api" "path" "out" "podLabels" (map). Sets the spec fields.
*/}}
{{- define "network-policies.preset.allowFromPods" -}}
{{- $p := .p -}}
{{- $ports := $p.ports | default list -}}
{{- $podSel := dict -}}
{{- if .podLabels }}{{ $podSel = dict "matchLabels" .podLabels }}{{ end -}}
{{- if eq .api "native" -}}
  {{- $rule := dict "from" (list (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $p.namespace)) "podSelector" $podSel)) -}}
  {{- if $ports -}}
    {{- include "network-policies.presets.ports" (dict "protocols" (list "TCP") "ports" $ports "out" $rule) -}}
  {{- end -}}
  {{- $_ := set .out "policyTypes" (list "Ingress") -}}
  {{- $_ := set .out "ingress" (list $rule) -}}
{{- else -}}
  {{- $rule := dict "action" "Allow" "source" (dict "namespaceSelector" (include "network-policies.presets.nsByName" (dict "namespace" $p.namespace "path" (printf "%s.namespace" .path))) "selector" $podSel) -}}
  {{- if $ports -}}
    {{- $_ := set $rule "protocol" "TCP" -}}
    {{- $_ := set $rule "destination" (dict "ports" $ports) -}}
  {{- end -}}
  {{- $_ := set .out "types" (list "Ingress") -}}
  {{- $_ := set .out "ingress" (list $rule) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.preset.allowFromIngressController: allowFromPods with controllerPodLabels.
Expects: dict "p" "api" "path" "out". Sets the spec fields.
*/}}
{{- define "network-policies.preset.allowFromIngressController" -}}
{{- include "network-policies.preset.allowFromPods" (dict "p" .p "api" .api "path" .path "out" .out "podLabels" (ternary (dict "app.kubernetes.io/name" "ingress-nginx") .p.controllerPodLabels (kindIs "invalid" .p.controllerPodLabels))) -}}
{{- end -}}

{{/*
network-policies.preset.allowFromMonitoring: allowFromPods with scraperPodLabels.
Expects: dict "p" "api" "path" "out". Sets the spec fields.
*/}}
{{- define "network-policies.preset.allowFromMonitoring" -}}
{{- include "network-policies.preset.allowFromPods" (dict "p" .p "api" .api "path" .path "out" .out "podLabels" (ternary (dict "app.kubernetes.io/name" "prometheus") .p.scraperPodLabels (kindIs "invalid" .p.scraperPodLabels))) -}}
{{- end -}}

{{/*
network-policies.preset.allowKubeAPIServer: spec fields of the allowKubeAPIServer preset. Native:
egress to an ipBlock per `cidrs` (required) on TCP `ports`. Calico: egress Allow TCP to the
default/kubernetes Service (`services` takes no destination ports). Expects: dict "p" "api" "path"
"out". Sets the spec fields.
*/}}
{{- define "network-policies.preset.allowKubeAPIServer" -}}
{{- $p := .p -}}
{{- if eq .api "native" -}}
  {{- if not $p.cidrs -}}
    {{- fail (printf "network-policies: %s.cidrs: is required with api: native (the API server endpoint IPs; api: calico uses the default/kubernetes Service)" .path) -}}
  {{- end -}}
  {{- $peers := list -}}
  {{- range $c := $p.cidrs }}{{ $peers = append $peers (dict "ipBlock" (dict "cidr" $c)) }}{{ end -}}
  {{- $rule := dict "to" $peers -}}
  {{- if $p.ports -}}
    {{- include "network-policies.presets.ports" (dict "protocols" (list "TCP") "ports" $p.ports "out" $rule) -}}
  {{- end -}}
  {{- $_ := set .out "policyTypes" (list "Egress") -}}
  {{- $_ := set .out "egress" (list $rule) -}}
{{- else -}}
  {{- $rule := dict "action" "Allow" "protocol" "TCP" "destination" (dict "services" (dict "name" "kubernetes" "namespace" "default")) -}}
  {{- $_ := set .out "types" (list "Egress") -}}
  {{- $_ := set .out "egress" (list $rule) -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.preset.denyCloudMetadata: spec fields of the denyCloudMetadata preset. Native:
egress allowed to 0.0.0.0/0 and ::/0 except the `cidrs` of each family. Calico: one Deny rule per
IP family to the `cidrs` (in `tier`, which must not be `default`). Expects: dict "p" "api" "path"
"out". Sets the spec fields.
*/}}
{{- define "network-policies.preset.denyCloudMetadata" -}}
{{- $p := .p -}}
{{- $fam := dict -}}
{{- include "network-policies.presets.byFamily" (dict "cidrs" ($p.cidrs | default list) "out" $fam) -}}
{{- if eq .api "native" -}}
  {{- $peers := list -}}
  {{- range $f := list (list "v4" "0.0.0.0/0") (list "v6" "::/0") -}}
    {{- $block := dict "cidr" (index $f 1) -}}
    {{- if index $fam (index $f 0) }}{{ $_ := set $block "except" (index $fam (index $f 0)) }}{{ end -}}
    {{- $peers = append $peers (dict "ipBlock" $block) -}}
  {{- end -}}
  {{- $_ := set .out "policyTypes" (list "Egress") -}}
  {{- $_ := set .out "egress" (list (dict "to" $peers)) -}}
{{- else -}}
  {{- $tier := toString ($p.tier | default "") -}}
  {{- if or (eq $tier "") (eq $tier "default") -}}
    {{- fail (printf "network-policies: %s.tier: must name a tier other than default (its Deny rules go in a tier with defaultAction: Pass)" .path) -}}
  {{- end -}}
  {{- $rules := list -}}
  {{- range $f := list "v4" "v6" -}}
    {{- if index $fam $f -}}
      {{- $rules = append $rules (dict "action" "Deny" "destination" (dict "nets" (index $fam $f))) -}}
    {{- end -}}
  {{- end -}}
  {{- $_ := set .out "types" (list "Egress") -}}
  {{- $_ := set .out "egress" $rules -}}
{{- end -}}
{{- end -}}

{{/*
network-policies.presets.expand: every enabled preset as an object record of the kind it expands
into. Expects: dict "root" "out" (a map). Sets out.<values key> to a list of records; a record is
{path ("presets.<key>"), key, preset, entry (name, labels incl. netpolkit.io/preset, spec fields)}.
Namespace install: api native -> networkPolicies, api calico -> calicoNetworkPolicies. Cluster
install: api calico -> calicoGlobalNetworkPolicies with namespaceSelector presets.namespaceSelector
(api native and allowSameNamespace are errors). The denyCloudMetadata Tier is added by
network-policies.objects.build. Entries share maps and lists with the values: nothing modifies them.
*/}}
{{- define "network-policies.presets.expand" -}}
{{- $root := .root -}}
{{- $scope := $root.Values.scope -}}
{{- $presets := $root.Values.presets | default dict -}}
{{- $out := .out -}}
{{- range $key := include "network-policies.presets.keys" $root | fromJsonArray -}}
  {{- $p := index $presets $key | default dict -}}
  {{- $path := printf "presets.%s" $key -}}
  {{- if and (kindIs "map" $p) $p.enabled -}}
    {{- range $setting := index (include "network-policies.presets.required" $root | fromJson) $key -}}
      {{- if kindIs "invalid" (index $p $setting) -}}
        {{- fail (printf "network-policies: %s.%s: is required (a null in the values removed the chart's default)" $path $setting) -}}
      {{- end -}}
    {{- end -}}
    {{- $api := toString ($p.api | default "native") -}}
    {{- if not (has $api (list "native" "calico")) -}}
      {{- fail (printf "network-policies: %s.api: must be native or calico" $path) -}}
    {{- end -}}
    {{- if eq $scope "cluster" -}}
      {{- if eq $key "allowSameNamespace" -}}
        {{- fail (printf "network-policies: %s: has no cluster-scope form (a GlobalNetworkPolicy has no own namespace); enable it in a namespace install" $path) -}}
      {{- end -}}
      {{- if eq $api "native" -}}
        {{- fail (printf "network-policies: %s.api: native renders a namespaced NetworkPolicy; with scope: cluster use api: calico" $path) -}}
      {{- end -}}
    {{- end -}}
    {{- $entry := dict -}}
    {{- include (printf "network-policies.preset.%s" $key) (dict "p" $p "api" $api "path" $path "out" $entry) -}}
    {{- $podSelector := ternary (dict) $p.podSelector (kindIs "invalid" $p.podSelector) -}}
    {{- $kindKey := "networkPolicies" -}}
    {{- if eq $api "native" -}}
      {{- if not (kindIs "map" $podSelector) -}}
        {{- fail (printf "network-policies: %s.podSelector: must be a label selector map with api: native" $path) -}}
      {{- end -}}
      {{- $_ := set $entry "podSelector" $podSelector -}}
    {{- else -}}
      {{- $kindKey = ternary "calicoGlobalNetworkPolicies" "calicoNetworkPolicies" (eq $scope "cluster") -}}
      {{- $_ := set $entry "selector" $podSelector -}}
      {{- if not (kindIs "invalid" $p.order) }}{{ $_ := set $entry "order" $p.order }}{{ end -}}
      {{- if $p.tier }}{{ $_ := set $entry "tier" $p.tier }}{{ end -}}
      {{- if eq $scope "cluster" -}}
        {{- $_ := set $entry "namespaceSelector" $presets.namespaceSelector -}}
      {{- end -}}
    {{- end -}}
    {{- $name := toString ($p.name | default $key) -}}
    {{- $_ := set $entry "name" $name -}}
    {{- $_ := set $entry "labels" (dict "netpolkit.io/preset" $key) -}}
    {{- $_ := set $out $kindKey (append (index $out $kindKey | default list) (dict "path" $path "key" $name "preset" $key "entry" $entry)) -}}
  {{- end -}}
{{- end -}}
{{- end -}}
