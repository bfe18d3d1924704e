"""The embedded engine: Helm's Go SDK in-process, through the optional `helm-python-sdk` package."""

from __future__ import annotations

import functools

from netpolkit.errors import RenderError, UsageError
from netpolkit.render import RenderRequest, user_values


class EmbeddedEngine:
    """Helm's Go SDK in-process; charts are loaded once per process and reused across renders."""

    name = "embedded"

    def __init__(self) -> None:
        try:
            import helm_python
        except (ImportError, OSError) as exc:
            raise UsageError(
                f"the embedded engine needs the optional package helm-python-sdk "
                f"(pip install 'netpolkit[embedded]'): {exc}"
            ) from None
        self._helm = helm_python
        self._load = functools.lru_cache(maxsize=32)(self._helm.Chart.load)

    def render_text(self, request: RenderRequest) -> str:
        if request.options.kube_version or request.options.api_versions:
            raise UsageError("--kube-version and --api-versions need the binary engine")
        values = user_values(request.values)
        try:
            chart = self._load(str(request.chart.resolve()))
            rendered = chart.render(values, name=request.options.release, namespace=request.options.namespace)
        except self._helm.HelmError as exc:
            raise RenderError(str(exc).removeprefix("Error: ")) from None
        return "".join(f"---\n# Source: {path}\n{text}\n" for path, text in sorted(rendered.items()) if text.strip())
