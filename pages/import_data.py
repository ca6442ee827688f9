"""Import data: upload an export, see what it holds or every located problem, then load it."""

import tempfile

import pandas as pd
import streamlit as st

from salescoach import ui
from salescoach.coaching_ui import escape_markdown
from salescoach.importer import DataImportError
from salescoach.presets import list_presets, load_preset, read_preset, validate_preset
from salescoach.uploads import UploadError, save_uploads

ui.page_header(
    "Import data",
    "Upload one file per table (CSV, XLSX or Parquet, named after the table: sellers.csv, offers.xlsx …). "
    "Nothing is stored until you press Load, and a file with problems loads nothing at all.",
)

with st.expander("What the files must hold (the data contract)"):
    st.markdown(
        "- **sellers**: seller_id\\*, name\\*, team\\*, manager, active\n"
        "- **customers**: customer_id\\*, name\\*, segment\n"
        "- **activities**: activity_id\\*, seller_id\\*, customer_id, type\\* (call, meeting, email, other), "
        "date\\*, status (done, planned, cancelled), needs_discussed\n"
        "- **offers**: offer_id\\*, seller_id\\*, customer_id, sent_date\\*, value\\*, status\\* (open, won, lost), "
        "expected_close_date, closed_date (for won and lost), probability, loss_reason\n"
        "- **deals**: deal_id\\*, seller_id\\*, customer_id, offer_id, close_date\\*, value\\*\n"
        "- **targets**: seller_id\\*, month\\* (YYYY-MM), sales_target\\*, meetings_target\n"
        "- **coaching_notes**, **coaching_actions**: 1:1 notes in GROW form and their agreed actions\n\n"
        "Columns marked \\* are required. Dates as 2026-01-31 or 31.1.2026, decimal point or comma, "
        "`;` or `,` between columns. Rows replace stored rows with the same id; nothing is deleted."
    )

CONTRACT = "contract"
presets = {preset.name: preset for preset in list_presets()}
source = st.selectbox(
    "What the files are",
    [CONTRACT, *presets],
    format_func=lambda name: (
        "Files in the data contract (one per table)" if name == CONTRACT else presets[name].label
    ),
    key="import_source",
)
if source != CONTRACT:
    st.caption(presets[source].help)

uploads = st.file_uploader(
    "Export files", type=["csv", "xlsx", "parquet"], accept_multiple_files=True, key="import_files"
)
if not uploads:
    ui.empty_state("Pick the files of one export to see what they hold before anything is loaded.")
    st.stop()

coach = ui.get_coach()
with tempfile.TemporaryDirectory(prefix="salescoach-import-") as folder:
    try:
        save_uploads(uploads, folder)
        if source == CONTRACT:
            preview = coach.preview(folder)
        else:
            result = read_preset(source, folder)
            for note in result.notes:
                st.warning(note, icon=":material/warning:")
            preview = validate_preset(result, coach.existing_keys)
    except UploadError as error:
        st.error(escape_markdown(error), icon=":material/block:")  # names the user's files
        st.stop()
    except DataImportError as error:
        st.error(
            f"Nothing can be loaded: {error.total} problem(s) in these files. Fix them in the export and upload again.",
            icon=":material/error:",
        )
        problems = pd.DataFrame(
            [(p.file, p.row, p.column, p.message) for p in error.problems],
            columns=["file", "row", "column", "problem"],
        )
        ui.show_table(
            problems,
            {"file": "File", "row": "Row", "column": "Column", "problem": "Problem"},
            key="import_problems",
            file_name="import-problems.csv",
        )
        st.stop()

    listed = ", ".join(f"{len(frame)} {table}" for table, frame in preview.items())
    st.success(f"The files are valid: {listed}.")
    for table, frame in preview.items():
        with st.expander(f"{table}: {len(frame)} rows (first 20)"):
            st.dataframe(frame.head(20), hide_index=True)

    if st.button("Load into the database", type="primary", key="import_load"):
        try:
            summary = coach.load(folder) if source == CONTRACT else load_preset(coach, result)
        except DataImportError as error:  # the database changed between preview and load
            st.error(f"Nothing was loaded:\n\n{escape_markdown(error)}")
        else:
            st.success(f"Loaded: {summary}. Every page now shows the new data.", icon=":material/check:")
