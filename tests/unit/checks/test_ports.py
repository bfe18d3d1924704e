"""NPK220-NPK223: port ranges, endPort, named ports, ports without a port-carrying protocol."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netpolkit.checks.ports import iana_svc_name_problem
from netpolkit.problems import Problem

Problems = Callable[..., list[Problem]]


def calico_ports(ports: str, protocol: str = "protocol: TCP,") -> str:
    return f"calicoNetworkPolicies: {{p: {{ingress: [{{action: Allow, {protocol} destination: {{ports: {ports}}}}}]}}}}"


def native_ports(ports: str) -> str:
    return f"networkPolicies: {{n: {{ingress: [{{ports: {ports}}}]}}}}"


PORT = ("calicoNetworkPolicies", "p", "ingress", 0, "destination", "ports")


@pytest.mark.parametrize(
    ("ports", "bad"),
    [("[80, '1:65535', named]", []), ("[0]", [0]), ("[80, 65536]", [1]), ("['0:80']", [0]), ("['80:70000']", [0])],
)
def test_calico_port_range(problems: Problems, ports: str, bad: list[int]) -> None:
    assert [p.path for p in problems(calico_ports(ports), "NPK220")] == [(*PORT, i) for i in bad]


def test_native_port_range(problems: Problems) -> None:
    found = problems(native_ports("[{port: 0}, {port: 80, endPort: 70000}]"), "NPK220")
    assert [p.path[-2:] for p in found] == [(0, "port"), (1, "endPort")]


def test_backwards_calico_range(problems: Problems) -> None:
    found = problems(calico_ports("['9000:8000', '8000:8000']"), "NPK221")
    assert [(p.path, p.hint) for p in found] == [((*PORT, 0), "write 8000:9000")]


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("{port: 90, endPort: 80}", "less than"),
        ("{port: http, endPort: 80}", "named port"),
        ("{endPort: 80}", "needs a numeric port"),
    ],
)
def test_end_port(problems: Problems, port: str, message: str) -> None:
    found = problems(native_ports(f"[{{port: 80, endPort: 90}}, {port}]"), "NPK221")
    assert [p.path[-2:] for p in found] == [(1, "endPort")]
    assert message in found[0].message


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("http", None),
        ("metrics-9090", None),
        ("a" * 15, None),
        ("a" * 16, "longer than 15"),
        ("HTTP", "lower-case"),
        ("http_x", "lower-case"),
        ("1234", "at least one letter"),
        ("-http", "start or end"),
        ("http-", "start or end"),
        ("http--x", "'--'"),
    ],
)
def test_iana_svc_name(name: str, problem: str | None) -> None:
    found = iana_svc_name_problem(name)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_named_ports(problems: Problems) -> None:
    assert [p.path[-2:] for p in problems(native_ports("[{port: http}, {port: Http}]"), "NPK222")] == [(1, "port")]
    found = problems(calico_ports("[http_x.y-z, 'a b']", protocol=""), "NPK222")
    assert [p.path for p in found] == [(*PORT, 1)]


def test_named_ports_in_presets(problems: Problems) -> None:
    values = "presets: {allowFromMonitoring: {enabled: true, ports: [metrics, Metrics]}}"
    assert [p.path for p in problems(values, "NPK222")] == [("presets", "allowFromMonitoring", "ports", 1)]


@pytest.mark.parametrize(
    ("protocol", "ports", "bad"),
    [
        ("protocol: TCP,", "[80]", False),
        ("protocol: udp,", "[80]", False),
        ("protocol: 132,", "['80:90']", False),
        ("", "[80]", True),
        ("", "['8000:9000']", True),
        ("", "[http]", False),  # a named port brings its own protocol
        ("protocol: ICMP,", "[http]", True),
        ("protocol: 1,", "[80]", True),
    ],
)
def test_ports_need_a_port_protocol(problems: Problems, protocol: str, ports: str, bad: bool) -> None:
    found = problems(calico_ports(ports, protocol), "NPK223")
    assert [p.path for p in found] == ([(*PORT, 0)] if bad else [])


def test_not_ports_and_source_ports_need_a_protocol_too(problems: Problems) -> None:
    values = "calicoNetworkPolicies: {p: {ingress: [{action: Allow, source: {notPorts: [1024]}}]}}"
    assert [p.path[-3:] for p in problems(values, "NPK223")] == [("source", "notPorts", 0)]
