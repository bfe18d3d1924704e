"""NPK210-NPK215: CIDR validity, host bits, IP families, ipBlock.except, notNets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netpolkit.checks.cidrs import parse_network
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]
RULE = ("calicoNetworkPolicies", "p", "egress", 0, "destination")


def calico(destination: str, extra: str = "") -> str:
    return f"calicoNetworkPolicies: {{p: {{egress: [{{action: Allow, {extra} destination: {destination}}}]}}}}"


@pytest.mark.parametrize(
    ("text", "bare_ok", "expected"),
    [
        ("10.0.0.0/8", True, "10.0.0.0/8"),
        ("10.0.0.1", True, "10.0.0.1/32"),
        ("10.0.0.1", False, None),
        ("fd00::/8", True, "fd00::/8"),
        ("10.0.0.5/24", True, "10.0.0.0/24"),
        ("010.0.0.0/8", True, None),  # leading zeros: Go rejects them too
        ("fe80::1%eth0/128", True, None),
        ("10.0.0.0/33", True, None),
        (" 10.0.0.0/8", True, None),
        ("2001:db8::1::/64", True, None),
    ],
)
def test_parse_network(text: str, bare_ok: bool, expected: str | None) -> None:
    net = parse_network(text, bare_ip_ok=bare_ok)
    assert (str(net) if net else None) == expected


def test_invalid_cidrs_everywhere(problems: Problems) -> None:
    values = """
    scope: namespace
    calicoNetworkPolicies:
      p:
        ingress: [{action: Allow, source: {nets: [10.0.0.0/8, "2001:db8::1::/64"]}}]
    networkPolicies:
      n:
        egress: [{to: [{ipBlock: {cidr: 10.0.0.1, except: [10.0.0.0/40]}}]}]
    networkSets:
      s: {nets: [300.0.0.0/8]}
    presets:
      allowDNS: {enabled: true, extraCIDRs: [169.254.20.10]}
    """
    found = sorted((p.path, p.message.split(" ")[0]) for p in problems(values, "NPK210"))
    assert found == [
        (("calicoNetworkPolicies", "p", "ingress", 0, "source", "nets", 1), "'2001:db8::1::/64'"),
        (("networkPolicies", "n", "egress", 0, "to", 0, "ipBlock", "cidr"), "'10.0.0.1'"),
        (("networkPolicies", "n", "egress", 0, "to", 0, "ipBlock", "except", 0), "'10.0.0.0/40'"),
        (("networkSets", "s", "nets", 0), "'300.0.0.0/8'"),
        (("presets", "allowDNS", "extraCIDRs", 0), "'169.254.20.10'"),
    ]


def test_bare_ip_in_calico_nets_is_fine(problems: Problems) -> None:
    assert problems(calico("{nets: [10.0.0.1, 'fd00::1']}".replace("fd00::1", "10.0.0.2")), "NPK210") == []


def test_host_endpoint_expected_ips_are_addresses(problems: Problems) -> None:
    values = "{scope: cluster, hostEndpoints: {h: {node: n1, expectedIPs: [10.0.0.1, 10.0.0.0/24]}}}"
    assert [p.path for p in problems(values, "NPK210")] == [("hostEndpoints", "h", "expectedIPs", 1)]


def test_host_bits(problems: Problems) -> None:
    found = problems(calico("{nets: [10.0.0.0/24, 10.0.0.5/24, 10.0.0.5]}"), "NPK211")
    assert [p.path for p in found] == [(*RULE, "nets", 1)]
    assert "10.0.0.0/24" in found[0].hint and "10.0.0.5/32" in found[0].hint


def test_host_bits_in_ip_block_and_ipv6(problems: Problems) -> None:
    values = "networkPolicies: {n: {egress: [{to: [{ipBlock: {cidr: 'fd00::1/64'}}]}]}}"
    assert [p.path[-1] for p in problems(values, "NPK211")] == ["cidr"]


def test_mixed_families_across_source_and_destination(problems: Problems) -> None:
    values = (
        "calicoNetworkPolicies: {p: {egress: [{action: Allow, "
        "source: {nets: [10.0.0.0/8]}, destination: {notNets: ['fd00::/8']}}]}}"
    )
    found = problems(values, "NPK212")
    assert [p.path for p in found] == [("calicoNetworkPolicies", "p", "egress", 0, "destination", "notNets", 0)]


def test_one_family_per_rule_is_fine(problems: Problems) -> None:
    assert problems(calico("{nets: [10.0.0.0/8, 192.168.0.0/16]}"), "NPK212") == []


def test_ip_version_mismatch(problems: Problems) -> None:
    found = problems(calico("{nets: ['fd00::/8']}", "ipVersion: 4,"), "NPK213")
    assert [p.path for p in found] == [(*RULE, "nets", 0)]
    assert problems(calico("{nets: ['fd00::/8']}", "ipVersion: 6,"), "NPK213") == []


@pytest.mark.parametrize(
    ("cidr", "excepts", "bad"),
    [
        ("10.0.0.0/8", ["10.1.0.0/16"], []),
        ("10.0.0.0/8", ["10.0.0.0/8"], [0]),  # equal is not a strict subset
        ("10.0.0.0/8", ["11.0.0.0/16", "10.2.0.0/16"], [0]),
        ("10.0.0.0/8", ["fd00::/64"], [0]),
        ("0.0.0.0/0", ["169.254.169.254/32"], []),
    ],
)
def test_except_inside_cidr(problems: Problems, cidr: str, excepts: list[str], bad: list[int]) -> None:
    values = {"networkPolicies": {"n": {"egress": [{"to": [{"ipBlock": {"cidr": cidr, "except": excepts}}]}]}}}
    assert [p.path[-1] for p in problems(values, "NPK214")] == bad


@pytest.mark.parametrize("everything", ["0.0.0.0/0", "::/0", "10.0.0.0/0"])
def test_not_nets_everything(problems: Problems, everything: str) -> None:
    found = problems(
        {"calicoNetworkPolicies": {"p": {"ingress": [{"action": "Allow", "source": {"notNets": [everything]}}]}}},
        "NPK215",
    )
    assert [p.path for p in found] == [("calicoNetworkPolicies", "p", "ingress", 0, "source", "notNets", 0)]


def test_preset_cidrs_for_native_need_a_prefix(problems: Problems) -> None:
    values = "presets: {allowKubeAPIServer: {enabled: true, api: native, cidrs: [10.0.0.1]}}"
    found = problems(values, "NPK210")
    assert [p.path for p in found] == [("presets", "allowKubeAPIServer", "cidrs", 0)]
    assert "10.0.0.1/32" in found[0].hint
