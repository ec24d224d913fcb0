"""Random malformed rows never crash the loader: they give validation errors, never tracebacks."""

import csv
import io
import shutil

import pytest
from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innosys import schema
from innosys.io import ValidationError, load_dataset

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1e400", "nan", "-1", "2016-13", "99999", "true", "m:0001", "Municipality",
                     "LOCATED_IN", "1-0", "0", "\x00", "\ufeff", '"', "stated"]),
)
tables = st.sampled_from([t for t in schema.TABLE_ORDER])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables, row=st.lists(cell, min_size=0, max_size=14), raw=st.binary(max_size=20),
       use_raw=st.booleans())
@pytest.mark.slow
def test_malformed_rows_give_validation_errors(tmp_path_factory, table, row, raw, use_raw):
    root = tmp_path_factory.mktemp("fuzz") / "d"
    shutil.copytree(SAMPLE, root)
    path = root / f"{table}.csv"
    if use_raw:
        with open(path, "ab") as f:
            f.write(raw)
    else:
        buf = io.StringIO()
        csv.writer(buf).writerow(row)
        with open(path, "a", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
    try:
        load_dataset(root)
    except ValidationError as e:
        assert e.problems
        for p in e.problems:
            assert p.file.endswith(".csv") or p.file.endswith("d")
            assert p.line >= 0 and p.column and p.message
