"""Presets: combinations of preset settings that cannot render (the chart's template guards).

Each preset expands into one policy; these checks reject settings with no sensible expansion, with
the same meaning as the chart's `fail` messages. A problem with a preset as a whole points at its
`enabled`: the line the user wrote (other keys may only come from the chart's defaults).
"""

from __future__ import annotations

from collections.abc import Iterator

from netpolkit.checks.base import Finding, check
from netpolkit.checks.model import Context, as_list, as_str


@check("NPK270", "Native preset in a cluster install")
def native_in_cluster(ctx: Context) -> Iterator[Finding]:
    """In a cluster install presets render GlobalNetworkPolicies, so they need `api: calico`.

    A Kubernetes NetworkPolicy is namespaced; a cluster install renders no namespaced objects.

    PASS:

        scope: cluster
        presets:
          allowFromMonitoring: {enabled: true, api: calico}

    FAIL:

        scope: cluster
        presets:
          allowFromMonitoring: {enabled: true, api: native}
    """
    if ctx.scope != "cluster":
        return
    for preset in ctx.presets():
        if preset.api == "native" and preset.key != "allowSameNamespace":  # NPK271 reports that one
            yield Finding(
                preset.at("enabled"),
                f"presets.{preset.key} has api: native, which a cluster install cannot render",
                hint="use api: calico (a GlobalNetworkPolicy), or enable it in a namespace install",
            )


@check("NPK271", "allowSameNamespace in a cluster install")
def same_namespace_in_cluster(ctx: Context) -> Iterator[Finding]:
    """`allowSameNamespace` has no meaning for a GlobalNetworkPolicy (there is no "own" namespace).

    PASS:

        scope: namespace
        presets:
          allowSameNamespace: {enabled: true}

    FAIL:

        scope: cluster
        presets:
          allowSameNamespace: {enabled: true, api: calico}
    """
    preset = ctx.preset("allowSameNamespace")
    if preset is not None and ctx.scope == "cluster":
        yield Finding(
            preset.at("enabled"),
            "presets.allowSameNamespace cannot be used in a cluster install",
            hint="enable it in each namespace install instead",
        )


@check("NPK272", "allowKubeAPIServer native without cidrs")
def kube_apiserver_cidrs(ctx: Context) -> Iterator[Finding]:
    """With `api: native`, `allowKubeAPIServer` needs the API server endpoint IPs in `cidrs`.

    A Kubernetes NetworkPolicy cannot name a Service; `api: calico` uses `services` instead.

    PASS:

        presets:
          allowKubeAPIServer: {enabled: true, cidrs: [10.0.0.1/32]}

    FAIL:

        presets:
          allowKubeAPIServer: {enabled: true, api: native, cidrs: []}
    """
    preset = ctx.preset("allowKubeAPIServer")
    if preset is not None and preset.api == "native" and not as_list(preset.body.get("cidrs")):
        yield Finding(
            preset.at("enabled"),
            "presets.allowKubeAPIServer with api: native needs cidrs (the API server endpoint IPs)",
            hint="kubectl get endpoints kubernetes -n default; or use api: calico",
        )


@check("NPK273", "denyCloudMetadata calico in the default tier")
def cloud_metadata_tier(ctx: Context) -> Iterator[Finding]:
    """With `api: calico`, `denyCloudMetadata` needs its own tier (not `default`).

    Its policy has only Deny rules; in a tier whose default action is Deny (like `default`) the
    selected pods would lose all other traffic at the end of the tier. The preset's tier must
    have `defaultAction: Pass`.

    PASS:

        presets:
          denyCloudMetadata: {enabled: true, api: calico, tier: netpolkit-guardrails}

    FAIL:

        presets:
          denyCloudMetadata: {enabled: true, api: calico, tier: default}
    """
    preset = ctx.preset("denyCloudMetadata")
    if preset is None or preset.api != "calico":
        return
    tier = preset.body.get("tier")
    if tier is None or tier in ("", "default"):
        yield Finding(
            preset.at("tier"),
            "presets.denyCloudMetadata with api: calico needs a tier other than default",
            hint="use a tier with defaultAction: Pass, e.g. netpolkit-guardrails",
        )


@check("NPK274", "defaultDeny with no direction")
def default_deny_directions(ctx: Context) -> Iterator[Finding]:
    """`defaultDeny` needs `ingress`, `egress` or both: with neither it would render nothing useful.

    PASS:

        presets:
          defaultDeny: {enabled: true, ingress: true, egress: false}

    FAIL:

        presets:
          defaultDeny: {enabled: true, ingress: false, egress: false}
    """
    preset = ctx.preset("defaultDeny")
    if preset is not None and preset.body.get("ingress") is False and preset.body.get("egress") is False:
        yield Finding(
            preset.at("enabled"),
            "presets.defaultDeny has ingress and egress both false",
            hint="set ingress and/or egress to true, or disable the preset",
        )


@check("NPK275", "Native preset with a Calico selector string")
def native_preset_selector(ctx: Context) -> Iterator[Finding]:
    """With `api: native`, a preset's `podSelector` must be a label-selector map.

    Only Calico policies understand selector strings.

    PASS:

        presets:
          allowFromMonitoring:
            enabled: true
            podSelector: {matchLabels: {app: web}}

    FAIL:

        presets:
          allowFromMonitoring:
            enabled: true
            podSelector: app == 'web'
    """
    for preset in ctx.presets():
        if preset.api == "native" and as_str(preset.body.get("podSelector")) is not None:
            yield Finding(
                preset.at("podSelector"),
                f"presets.{preset.key}.podSelector is a Calico selector string, but api is native",
                hint="write a label-selector map (matchLabels / matchExpressions), or use api: calico",
            )


#: Per preset, the settings its expansion cannot do without (the chart's
#: `network-policies.presets.required`; a test keeps the two equal).
REQUIRED_SETTINGS: dict[str, tuple[str, ...]] = {
    "defaultDeny": ("ingress", "egress"),
    "allowDNS": ("dnsNamespace", "dnsPodLabelValues", "ports"),
    "allowSameNamespace": (),
    "allowFromIngressController": ("namespace",),
    "allowFromMonitoring": ("namespace",),
    "allowKubeAPIServer": ("ports",),
    "denyCloudMetadata": ("cidrs", "tier", "tierOrder", "order"),
}


@check("NPK276", "Preset setting removed with null")
def preset_setting_removed(ctx: Context) -> Iterator[Finding]:
    """An enabled preset needs its settings; `null` in a values file deletes the chart's default.

    helm deletes a key whose user value is `null` before the schema is checked, so the schema
    cannot see it; the preset would render a policy with a literal "null" in it.

    PASS:

        presets:
          allowDNS: {enabled: true, dnsNamespace: dns-system}

    FAIL:

        presets:
          allowDNS: {enabled: true, dnsNamespace: null}
    """
    for preset in ctx.presets():
        for setting in REQUIRED_SETTINGS.get(preset.key, ()):
            if preset.body.get(setting) is None:
                yield Finding(
                    preset.at(setting),
                    f"presets.{preset.key}.{setting} is required, but the values set it to null "
                    "(which removes the chart's default)",
                    hint=f"give {setting} a value, or remove the null to keep the default",
                )
