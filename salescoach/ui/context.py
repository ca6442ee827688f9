"""What one run of a page shows and to whom: the viewer and the filters, resolved once per run.

app.py resolves the viewer and draws the sidebar filters (`salescoach.ui.sidebar`), which
stores a `PageContext`; the page takes it (`ui.page_context()`) and hands it, or just the part
needed, to the helpers it calls. No helper looks up who is looking or what is filtered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from salescoach.access import Viewer
from salescoach.periods import Filters


@dataclass(frozen=True)
class PageContext:
    """The viewer, the sidebar's filters, presentation mode, and the filters as a shareable URL."""

    viewer: Viewer
    filters: Filters
    presentation: bool = False
    url: Mapping[str, str] = field(default_factory=dict)  # the non-default filters as URL parameters

    def url_params(self, **overrides: str | None) -> dict[str, str]:
        """The current filters as URL query parameters (non-default values only), with overrides
        (None removes a parameter)."""
        params = dict(self.url)
        for name, value in overrides.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = str(value)
        return params
