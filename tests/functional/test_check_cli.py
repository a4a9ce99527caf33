"""`esgqa check`: JSON contract, formats, --fail-on exit code, --numbers, --baseline / --write-baseline."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.errors import ExitCode

REPORT = ("2023 财年，自建数据中心的整体平均 PUE 从 2022 财年的 1.247 下降至 1.215，保持在亚洲领先水平。\n"
          "截至 2023 年 3 月 31 日，我们共有员工 12,345 名，其中女性员工占比 48.2%。\f"
          "2023 财年，我们自建数据中心 PUE 降低至 1.215，处于亚洲领先水平。\n"
          "截至 2023 年 3 月 31 日，我们共有员工 12,354 名，其中女性员工占比 48.2%。\f"
          "运营净排放量（即范围 1、2 之和）为 468.1 万吨，同比降低 69.1 万吨，即减少 12.9%。\n")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert code == ExitCode.OK
    data = json.loads(out)  # stdout holds data only
    assert set(data) >= {"numbers", "findings", "summary"}
    for row in data["numbers"]:
        assert isinstance(row["text"], str) and isinstance(row["value"], float) and isinstance(row["unit"], str)
        assert all(isinstance(p, int) for p in row["pages"]) and isinstance(row["status"], str)
        for occurrence in row["occurrences"]:
            assert set(occurrence) >= {"page", "text", "metric", "period"}
            assert occurrence["period"] is None or isinstance(occurrence["period"], str)
    finding = next(f for f in data["findings"] if f["kind"] == "contradiction")
    assert set(finding) >= {"kind", "severity", "metric", "values", "pages", "evidence", "explanation"}
    assert finding["values"] == ["12,345名", "12,354名"] and finding["pages"] == [1, 2]
    assert all(set(e) >= {"page", "text"} for e in finding["evidence"])
    summary = data["summary"]
    assert summary["headline"] == len(data["numbers"]) and summary["findings_by_kind"]["contradiction"] == 1
    assert isinstance(summary["numbers"], int) and summary["numbers"] >= 7


def test_fail_on_sets_the_exit_code(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(report), "--format", "json", "--fail-on", "contradiction,arithmetic")
    assert code == ExitCode.FINDINGS and "contradiction" in err
    code, _, _ = run(capsys, str(report), "--format", "json", "--fail-on", "arithmetic")
    assert code == ExitCode.OK  # the scope total has no parts on its page, the change adds up
    code, _, err = run(capsys, str(report), "--fail-on", "typo")
    assert code == ExitCode.USAGE and "unknown finding kind" in err


def test_baseline_hides_reviewed_findings(report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, err = run(capsys, str(report), "--format", "json", "--write-baseline", str(baseline))
    assert code == ExitCode.OK and "baseline" in err
    assert json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"]
    code, out, _ = run(capsys, str(report), "--format", "json", "--baseline", str(baseline),
                       "--fail-on", "contradiction")
    data = json.loads(out)
    assert code == ExitCode.OK and data["findings"] == [] and data["summary"]["baseline_suppressed"] >= 1
    # a new contradiction is not in the baseline
    report.write_text(REPORT.replace("48.2%。\f运营", "84.2%。\f运营"), encoding="utf-8")
    code, out, _ = run(capsys, str(report), "--format", "json", "--baseline", str(baseline),
                       "--fail-on", "contradiction")
    assert code == ExitCode.FINDINGS
    assert [f["values"] for f in json.loads(out)["findings"] if f["kind"] == "contradiction"] == [["48.2%", "84.2%"]]


def test_missing_baseline_is_an_input_error(report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(report), "--baseline", str(tmp_path / "none.json"))
    assert code == ExitCode.INPUT and "no such baseline" in err


def test_named_numbers(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(report), "--format", "json", "--numbers", "468.1万吨,4,681,000吨,99%")
    rows = {r["text"]: r for r in json.loads(out)["numbers"]}
    assert code == ExitCode.OK and rows["468.1万吨"]["named"] and rows["468.1万吨"]["pages"] == [3]
    assert rows["99%"]["status"] == "not found"


def test_markdown_csv_and_table(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(report), "--format", "md")
    assert out.startswith("**Needs a look: 1 contradiction") and "| 1.215 |" in out and "**contradiction**" in out
    assert out.index("## Findings") < out.index("## Headline numbers")  # the editor reads findings first
    _, out, _ = run(capsys, str(report), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"number", "finding"} == {r["record"] for r in rows}
    assert any(r["record"] == "finding" and r["kind_or_status"] == "contradiction" for r in rows)
    _, out, _ = run(capsys, str(report))
    assert out.startswith("Needs a look: 1 contradiction") and "12,354名" in out and "Headline numbers" not in out
    _, out, _ = run(capsys, str(report), "--show-numbers")
    assert "Headline numbers" in out


def test_html_is_one_self_contained_page(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from html.parser import HTMLParser

    _, out, _ = run(capsys, str(report), "--format", "html")
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)
            assert not (tag in ("script", "link", "img") or any(k == "src" for k, _ in attrs)), tag

    Collect().feed(out)
    assert out.startswith("<!doctype html>") and "Needs a look" in out and "12,354名" in out
    assert tags.count("style") == 1 and "h3" in tags  # the findings, inline CSS, nothing fetched


def test_subprocess_default_is_the_bundled_report() -> None:
    done = subprocess.run([sys.executable, "-m", "esgqa", "check", "--format", "json", "--fail-on",
                           "contradiction,arithmetic"], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == ExitCode.OK, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["headline"] > 100
    assert not [f for f in data["findings"] if f["kind"] in ("contradiction", "arithmetic")]


def test_mentions_lists_every_number_with_its_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.txt"
    path.write_text("2023 财年净排放量为 468.1 万\n吨，同比降低 12.9%1。\f超 7,000 万个就业机会。", encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--format", "json", "--mentions")
    mentions = json.loads(out)["mentions"]
    assert code == ExitCode.OK
    assert [(m["page"], m["raw"], m["scale"], m["base_unit"]) for m in mentions] == [
        (1, "468.1 万\n吨", "万", "吨"), (1, "12.9%", "", "%"), (2, "7,000 万个", "万", "个")]
    assert mentions[0]["period"] == "2023财年" and mentions[0]["label"] == "净排放量"
    assert mentions[1]["change"] == "down" and mentions[2]["qualifier"] == "lower"
    assert mentions[0]["end"] - mentions[0]["start"] == len("468.1 万\n吨")
