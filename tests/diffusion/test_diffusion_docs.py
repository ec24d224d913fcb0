"""docs/diffusion.md documents every scenario key (the reference tables are generated from the spec)."""

from __future__ import annotations

from diffusion_helpers import REPO

from innosys.diffusion.scenario import CHANNEL_SPECS
from innosys.diffusion.scenario_docs import reference_markdown, reference_rows


def test_docs_embed_the_current_reference():
    text = (REPO / "docs" / "diffusion.md").read_text(encoding="utf-8")
    assert reference_markdown().strip() in text, "regenerate: python -m innosys.diffusion.scenario_docs"


def test_every_key_is_documented():
    text = (REPO / "docs" / "diffusion.md").read_text(encoding="utf-8")
    for key, *_ in reference_rows():
        assert f"`{key}`" in text, key
    for ctype, spec in CHANNEL_SPECS.items():   # type -> its pydantic model
        assert f"`{ctype}`" in text, ctype
        for k in spec.model_fields:
            assert f"`{k}" in text, (ctype, k)
