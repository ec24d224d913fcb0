"""The README's commands and code examples work as written."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_first_two_blocks_are_the_main_job_and_the_test_command():
    plain = blocks("")
    assert plain[0].strip() == "pip install . && innosys demo --out out"
    assert plain[1].strip() == "bash tools/test.sh"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash tools/test.sh" in ci


def test_python_example_runs():
    code = blocks("python")[0]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    G = namespace["G"]
    assert namespace["activities_performed_by_none"](G, namespace["kommuner"]) == [3, 8, 9]


def test_scenario_example_is_valid_and_runs(tmp_path):
    from innosys.diffusion import load_scenario, simulate

    path = tmp_path / "my.toml"
    path.write_text(blocks("toml")[0], encoding="utf-8")
    result = simulate(load_scenario(path), runs=8)
    assert 0 < result.final_share()["mean"] <= 1
    # the 357 municipalities: the theses' anonymised ones stand for some of them and are left out
    assert result.n == 357


def test_documents_the_readme_links_to_exist():
    for link in re.findall(r"\]\(((?:docs|data|examples)/[^)#]+)\)", README):
        assert (ROOT / link).exists(), link
