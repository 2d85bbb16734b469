"""The pipeline end to end on a small workspace: each signal kind and its reason."""

from pathlib import Path

from conftest import Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def ingest_small(cli: Cli) -> dict:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    return cli.json("ingest", str(FIXTURES / "small_posts.jsonl"), "--format", "jsonl")


def signals_by_post(cli: Cli) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for item in cli.json("inbox", "--limit", "100"):
        found.setdefault(item["post"]["external_id"], []).append(item)
    return found


def test_customer_gasket_leak_gives_opportunity(any_cli: Cli) -> None:
    ingest_small(any_cli)
    (signal,) = signals_by_post(any_cli)["1"]
    assert signal["kind"] == "opportunity"
    assert signal["assignee"] == "Dana Ruiz"
    assert "XYZ Corp is our customer" in signal["explanation"]
    assert "FX gasket in its XYZ widget" in signal["explanation"]
    assert "competitor Flexa Seals" in signal["explanation"]
    assert "equivalent G7 gasket" in signal["explanation"]


def test_question_about_brand_gives_case(any_cli: Cli) -> None:
    ingest_small(any_cli)
    (signal,) = signals_by_post(any_cli)["2"]
    assert signal["kind"] == "case"
    assert "question" in signal["labels"]["intents"]
    assert signal["assignee"] == "Ali Chen"
    assert "route 'technical'" in signal["explanation"]


def test_complaint_about_brand_gives_case(any_cli: Cli) -> None:
    ingest_small(any_cli)
    (signal,) = signals_by_post(any_cli)["5"]
    assert signal["kind"] == "case"
    assert "complaint" in signal["labels"]["intents"]
    assert "complains about" in signal["explanation"]


def test_supplier_strike_gives_alert(any_cli: Cli) -> None:
    ingest_small(any_cli)
    (signal,) = signals_by_post(any_cli)["3"]
    assert signal["kind"] == "alert"
    assert signal["assignee"] == "Sam Osei"
    assert "our supplier PolymerCo (supplies G7 gasket)" in signal["explanation"]
    assert "renews on 2027-01-15" in signal["explanation"]


def test_unrelated_post_gives_nothing(any_cli: Cli) -> None:
    ingest_small(any_cli)
    assert "4" not in signals_by_post(any_cli)


def test_our_own_reply_gives_nothing(any_cli: Cli) -> None:
    ingest_small(any_cli)
    assert "6" not in signals_by_post(any_cli)


def test_stats_count_each_kind(any_cli: Cli) -> None:
    summary = ingest_small(any_cli)
    stats = any_cli.json("stats")
    assert summary["stored"] == 6
    assert stats["posts"] == 6
    assert stats["signals"] == {"case": 2, "opportunity": 1, "alert": 1}
    assert stats["mentions"] == 4


def test_reingest_and_reprocess_add_nothing(any_cli: Cli) -> None:
    ingest_small(any_cli)
    again = ingest_small(any_cli)
    assert again["stored"] == 0
    assert again["duplicates"] == 6
    processed = any_cli.json("process")
    assert processed["posts"] == 0
    assert any_cli.json("stats")["signals"] == {"case": 2, "opportunity": 1, "alert": 1}


def test_no_process_then_process(any_cli: Cli) -> None:
    any_cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    summary = any_cli.json(
        "ingest",
        str(FIXTURES / "small_posts.jsonl"),
        "--format",
        "jsonl",
        "--no-process",
    )
    assert summary["processed"]["posts"] == 0
    assert any_cli.json("stats")["signals"]["case"] == 0
    processed = any_cli.json("process")
    assert processed["posts"] == 6
    assert any_cli.json("stats")["signals"]["opportunity"] == 1


def ingest_rows(cli: Cli, tmp_path: Path, rows: list[dict]) -> dict[str, list[dict]]:
    import json

    path = tmp_path / "extra.jsonl"
    lines = [json.dumps({"source": "twitter", **row}) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli.json("ingest", str(path), "--format", "jsonl")
    return signals_by_post(cli)


def test_churn_risk_gives_case(cli: Cli, tmp_path: Path) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    text = "Cancel my contract with @harborfluid, we are done."
    found = ingest_rows(cli, tmp_path, [{"id": "c1", "author": "ops", "text": text}])
    (signal,) = found["c1"]
    assert signal["kind"] == "case"
    assert "churn_risk" in signal["labels"]["intents"]


def test_buying_signal_gives_lead(cli: Cli, tmp_path: Path) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    text = (
        "Looking for a supplier of high temperature gaskets, can anyone recommend one?"
    )
    found = ingest_rows(cli, tmp_path, [{"id": "b1", "author": "buyer", "text": text}])
    (signal,) = found["b1"]
    assert signal["kind"] == "opportunity"
    assert signal["assignee"] == "Dana Ruiz"
    assert "is looking to buy" in signal["explanation"]
    assert "We make G7 gasket." in signal["explanation"]


def test_highest_priority_route_wins(cli: Cli, tmp_path: Path) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    cli.json("watch", "add", "pumps", "pump*", "--route", "gaskets", "--priority", "5")
    text = "@harborfluid my HarborSeal pump arrived broken. Really disappointed."
    found = ingest_rows(cli, tmp_path, [{"id": "r1", "author": "x", "text": text}])
    (signal,) = found["r1"]
    assert signal["kind"] == "case"
    assert signal["assignee"] == "Dana Ruiz"
    assert "route 'gaskets'" in signal["explanation"]
