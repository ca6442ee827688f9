"""The pages of the app: app.py builds `st.navigation` from `visible_pages`; the browser test walks them."""

from __future__ import annotations

from dataclasses import dataclass

from salescoach.access import Viewer
from salescoach.db import PROJECT_ROOT
from salescoach.i18n import t


@dataclass(frozen=True)
class PageSpec:
    """One page: its file under the project root, menu title (a catalogue key) and icon; url_path = file stem."""

    file: str
    title_key: str
    icon: str

    @property
    def title(self) -> str:
        """The menu title in the current language."""
        return t(self.title_key)

    @property
    def url_path(self) -> str:
        return self.file.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/team_overview.py", "nav.team_overview", ":material/groups:"),
    PageSpec("pages/activity.py", "nav.activity", ":material/event:"),
    PageSpec("pages/conversion.py", "nav.conversion", ":material/filter_alt:"),
    PageSpec("pages/pipeline.py", "nav.pipeline", ":material/stacked_bar_chart:"),
    PageSpec("pages/seller.py", "nav.seller", ":material/person:"),
    PageSpec("pages/coaching.py", "nav.coaching", ":material/forum:"),
    PageSpec("pages/review.py", "nav.review", ":material/co_present:"),
    PageSpec("pages/import_data.py", "nav.import_data", ":material/upload:"),
)
IMPORT_PAGE = "pages/import_data.py"
SELLER_PAGE = "pages/seller.py"


def available_pages() -> list[PageSpec]:
    """The pages whose files exist (pages are added by several people; a missing one is skipped)."""
    return [page for page in PAGES if (PROJECT_ROOT / page.file).is_file()]


def visible_pages(viewer: Viewer) -> list[PageSpec]:
    """The pages the viewer may open: importing (which changes every team's data) is for admins."""
    pages = available_pages()
    if viewer.role in ("admin", "local"):
        return pages
    return [page for page in pages if page.file != IMPORT_PAGE]
