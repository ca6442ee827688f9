"""salescoach.messages: a message is a catalogue code and its parameters, rendered in any language;
as a str it is its English text (what the importer's tests and logs read)."""

import pickle

import pandas as pd
import pytest

from salescoach import i18n
from salescoach.formatting import NBSP
from salescoach.importer import DataImportError, ImportProblem, validate_frames
from salescoach.messages import Count, Message, Percent, Size, alternatives, joined, plural, text


def test_a_message_is_its_english_text_and_renders_in_each_language():
    message = Message("problem.negative", value="-5")
    assert message == "negative value -5 (must be 0 or more)" and isinstance(message, str)
    assert (message.code, message.params) == ("problem.negative", {"value": "-5"})
    assert message.text("sv") == "negativt värde -5 (måste vara 0 eller mer)"
    assert text(message, "nb") == "negativ verdi -5 (må være 0 eller mer)"
    assert text("plain text", "fi") == "plain text" and text(None) == ""
    with i18n.speaking("fi"):  # outside Streamlit: the language a command chose
        assert message.text() == "negatiivinen arvo -5 (oltava 0 tai enemmän)"
    assert message.text() == str(message)  # and English again after the block


def test_nested_messages_and_numbers_render_in_the_same_language():
    # 5,000,000 as a Count: grouped the language's way; a row number (plain int) never is.
    limit = Message("problem.too_many_lines", limit=Count(5_000_000))
    assert limit.startswith("the file has more than 5,000,000 lines (the limit)")
    assert limit.text("fi").startswith(f"tiedostossa on yli 5{NBSP}000{NBSP}000 riviä")
    assert Message("import.where.row", row=12345).text("fi") == "rivi 12345"
    change = Message("problem.history_change", message=Message("problem.negative", value="-5"), field="value")
    assert change == "negative value -5 (must be 0 or more) (a change of value)"
    assert change.text("sv") == "negativt värde -5 (måste vara 0 eller mer) (en ändring av value)"
    # 3,040,870 bytes = 2.9 MB; 512 bytes are written out.
    assert [Message("problem.file_too_big", size=Size(3_040_870), limit=Size(512)).text(lang) for lang in ("en", "fi")] == [
        "file is 2.9 MB; the limit is 512 bytes",
        "tiedoston koko on 2,9 MB; raja on 512 tavua",
    ]  # fmt: skip
    assert Message("preset.crm.list_price.estimate", note="x", median=Percent(0.42), low=Percent(0.3),
                   high=Percent(0.95)).text("fi").startswith(f"x; saman aineiston voitetut kaupat päättyivät mediaanina 42{NBSP}%")  # fmt: skip


def test_lists_read_in_the_language_of_the_reader():
    assert joined(["a.csv", "b.csv", "c.csv"]) == "a.csv, b.csv and c.csv"
    assert joined(["a.csv", "b.csv"]).text("fi") == "a.csv ja b.csv"
    assert joined(["a.csv"]) == "a.csv" and joined([]) == ""
    assert alternatives(['"Stage"', '"Deal Stage"', '"Pipeline stage"']).text("sv") == (
        '"Stage" eller "Deal Stage" eller "Pipeline stage"'
    )
    assert [plural("problem.more_rows", n).text("nb") for n in (1, 1234)] == [
        "… og 1 rad til med samme problem",
        f"… og 1{NBSP}234 rader til med samme problem",
    ]


def test_values_from_the_file_stay_literal():
    # A cell's text with braces and Markdown is a parameter: never formatted or interpreted.
    cell = '"{value} **bold** :red[x]"'
    assert Message("problem.unparseable_number", value=cell).text("fi") == f"lukua {cell} ei voi tulkita"


def test_a_message_survives_pickling_and_replace():
    message = Message("problem.duplicate", what=Message("problem.duplicate.value", column="offer_id", value='"9"'),
                      first=Message("problem.first.row", row=2))  # fmt: skip
    copy = pickle.loads(pickle.dumps(message))
    assert (
        copy == message
        and copy.text("sv") == message.text("sv") == 'dubblett av offer_id "9" (först på rad 2)'
    )
    moved = message.replace(first=Message("problem.first.row_of_file", row=5, file="deals.csv"))
    assert moved == 'duplicate offer_id "9" (first on row 5 of deals.csv)'
    assert moved.text("fi") == 'sama offer_id "9" toistuu (ensimmäisen kerran tiedoston deals.csv rivillä 5)'


def test_an_import_error_reads_whole_in_each_language():
    # sellers row 2 has no team (required); row 3 repeats S1 of row 2.
    sellers = pd.DataFrame({"seller_id": ["S1", "S1"], "name": ["Anna", "Ben"], "team": ["", "A"]})
    with pytest.raises(DataImportError) as caught:
        validate_frames({"sellers": sellers}, source_names={"sellers": "sellers.csv"})
    assert caught.value.text("fi").splitlines() == [
        "Tuonnissa on 2 ongelmaa:",
        "sellers.csv, rivi 2, myyjä S1, sarake team: pakollinen arvo puuttuu",
        'sellers.csv, rivi 3, myyjä S1, sarake seller_id: sama seller_id "S1" toistuu (ensimmäisen kerran rivillä 2)',
    ]
    assert str(caught.value).splitlines()[0] == "The import has 2 problems:"
    assert DataImportError([ImportProblem("x.csv", None, None, "empty")]).text("nb") == (
        "Importen har 1 problem:\nx.csv: empty"
    )
