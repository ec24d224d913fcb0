"""data/README.md documents every table and column of the schema, as generated from it."""

from pathlib import Path

from innosys import schema
from innosys.docs import BEGIN, END, column_reference

README = Path(__file__).resolve().parents[1] / "data" / "README.md"


def test_data_readme_column_reference_is_current():
    text = README.read_text(encoding="utf-8")
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert generated.strip() == column_reference().strip(), "run: python -m innosys.docs data/README.md"


def test_every_column_is_documented():
    text = README.read_text(encoding="utf-8")
    for table in schema.TABLES.values():
        assert f"`{table.file_name}`" in text
        for col in table.columns:
            assert f"| `{col}` |" in text, (table.name, col)
