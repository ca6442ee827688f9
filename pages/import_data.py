"""Import data: upload an export, see what it holds or every located problem, then load it."""

import datetime as dt
import tempfile

import pandas as pd
import streamlit as st

from salescoach import ui
from salescoach.faults import StoreFault
from salescoach.i18n import has, t
from salescoach.importer import DataImportError
from salescoach.messages import text
from salescoach.presets import list_presets, load_preset, read_preset, validate_preset
from salescoach.uploads import UploadError, save_uploads

ui.page_header(t("import.title"), t("import.intro"))

with st.expander(t("import.contract_heading")):
    st.markdown(t("import.contract"))

CONTRACT = "contract"
presets = {preset.name: preset for preset in list_presets()}


def _preset_text(name: str, what: str) -> str:
    """A preset's label or help in the page's language (the preset's own English text when not in the catalogue)."""
    key = f"import.preset.{name.replace('-', '_')}.{what}"
    return t(key) if has(key) else getattr(presets[name], what)


source = st.selectbox(
    t("import.source"),
    [CONTRACT, *presets],
    format_func=lambda name: (
        t("import.contract_source") if name == CONTRACT else ui.option_label(_preset_text(name, "label"))
    ),
    key="import_source",
)
if source != CONTRACT:
    st.caption(ui.escape_markdown(_preset_text(source, "help")))  # also a preset's own text

uploads = st.file_uploader(
    t("import.files"), type=["csv", "xlsx", "parquet"], accept_multiple_files=True, key="import_files"
)
if not uploads:
    ui.empty_state(t("import.pick_files"))
    st.stop()

coach = ui.get_coach()
with tempfile.TemporaryDirectory(prefix="salescoach-import-") as folder:
    try:
        save_uploads(uploads, folder)
        if source == CONTRACT:
            preview = coach.preview(folder)
        else:
            result = read_preset(source, folder)
            for note in result.notes:  # they name the export's owners, stages and types: data
                st.warning(ui.escape_markdown(text(note)), icon=":material/warning:")
            preview = validate_preset(result, coach.existing_keys)
    except UploadError as error:
        st.error(ui.escape_markdown(text(error)), icon=":material/block:")  # names the user's files
        st.stop()
    except DataImportError as error:
        st.error(
            t("import.problems", count=int(error.total)),
            icon=":material/error:",
        )
        problems = pd.DataFrame(  # table cells are plain text: file values stay literal
            [(text(p.file), p.row, text(p.record), p.column, text(p.message)) for p in error.problems],
            columns=["file", "row", "record", "column", "problem"],
        )
        ui.show_table(
            problems,
            {
                "file": t("import.col.file"),
                "row": t("import.col.row"),
                "record": t("import.col.record"),
                "column": t("import.col.column"),
                "problem": t("import.col.problem"),
            },
            key="import_problems",
            file_name=t("import.problems_file"),
        )
        st.stop()

    listed = ", ".join(f"{len(frame)} {ui.escape_markdown(table)}" for table, frame in preview.items())
    st.success(t("import.valid", listed=listed))
    for table, frame in preview.items():
        with st.expander(t("import.table_rows", table=ui.escape_markdown(table), rows=len(frame))):
            st.dataframe(frame.head(20), hide_index=True)

    exported_on = st.date_input(  # changed offers are recorded on this day (salescoach/history.py)
        t("import.exported_on"),
        value=dt.date.today(),
        max_value=dt.date.today(),
        key="import_exported_on",
        help=t("import.exported_on_help"),
    )
    if st.button(t("import.load"), type="primary", key="import_load"):
        # Published as a new version of the database: every page (of every app process) reads it
        # from its next run on; another import running, a full disk, ...: one plain message.
        try:
            if source == CONTRACT:
                summary = coach.load(folder, exported_on=exported_on)
            else:
                summary = load_preset(coach, result, exported_on=exported_on)
        except (DataImportError, StoreFault) as error:  # changed since the preview, or a fault
            st.error(t("import.not_loaded", error=ui.escape_markdown(text(error))))
        else:
            st.success(t("import.loaded", summary=ui.escape_markdown(text(summary))), icon=":material/check:")
