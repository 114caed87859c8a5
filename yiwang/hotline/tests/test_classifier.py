"""The classifier: the shipped model loads without pickle; training and evaluating run end to end."""

import csv
import gzip

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from yiwang.hotline import training
from yiwang.hotline.classifier import MODEL_PATH, TicketClassifier


def test_shipped_model_suggests_three_categories_with_confidences():
    clf = TicketClassifier(MODEL_PATH)

    top = clf.top("小区物业乱收停车费", "物业公司未经业主大会同意上调停车费，业委会不作为。")

    assert top[0][0] == "城乡建设"
    assert len(top) == 3 and abs(sum(p for _n, p in top) - 1) < 0.2 and top[0][1] > top[1][1]
    assert clf.meta["held_out"]["macro_f1"] > 0.9


def test_model_file_holds_no_pickled_objects():
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        assert all(z[name].dtype != object for name in z.files)


def test_split_keeps_copies_on_one_side():
    rows = [("同一个标题的留言", f"正文{i}", "甲") for i in range(5)] + [
        (f"标题{i}号留言内容", f"不同的正文内容{i}号", "乙" if i % 2 else "甲") for i in range(40)
    ]

    train, test = training.split(rows)

    copies = {r for r in train + test if r[0] == "同一个标题的留言"}
    assert copies <= set(train) or copies <= set(test)
    assert len(train) + len(test) == len(rows)


@pytest.fixture
def small_csv(tmp_path):
    rows = training.read_messages(training.DATA_PATH)
    by_label = {}
    for row in rows:
        by_label.setdefault(row[2], []).append(row)
    sample = [r for label in sorted(by_label) for r in by_label[label][:30]]
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["留言主题", "留言详情", "一级标签"])
        writer.writerows(sample)
    return path


def test_train_and_evaluate_commands(small_csv, tmp_path, capsys, db):
    model = tmp_path / "model.npz"

    call_command("hotline", "train", "--data", str(small_csv), "--output", str(model))
    call_command("hotline", "evaluate", str(small_csv), "--model", str(model))

    out = capsys.readouterr().out
    assert "held-out split" in out and "macro-F1" in out and "ms/message" in out and "F1 " in out
    assert TicketClassifier(model).classes == sorted({r[2] for r in training.read_messages(small_csv)})


def test_corrections_are_training_data(small_csv, tmp_path, capsys, dispatched, operator, categories):
    from yiwang.hotline.actions import do_dispatch_ticket
    from yiwang.hotline.tests.conftest import department, make_ticket

    other = make_ticket(operator, title="另一件事")
    do_dispatch_ticket(other, category=categories["环境保护"], department=department("09"), actor=operator)

    call_command("hotline", "train", "--data", str(small_csv), "--output", str(tmp_path / "m.npz"))

    assert "+1 corrections" in capsys.readouterr().out


def test_evaluate_refuses_a_file_without_the_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    gz = tmp_path / "bad.csv.gz"
    gz.write_bytes(b"not gzip")

    for path in (bad, gz, tmp_path / "missing.csv"):
        with pytest.raises(CommandError):
            call_command("hotline", "evaluate", str(path))


def test_gzipped_csv_is_read(tmp_path):
    path = tmp_path / "m.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("留言主题,留言详情,一级标签\n标题,正文,城乡建设\n")

    assert training.read_messages(path) == [("标题", "正文", "城乡建设")]


@pytest.mark.parametrize(
    "rows",
    [
        [("路灯坏了", "小区门口路灯坏了很久", "城乡建设"), ("噪音扰民", "晚上工地施工噪音很大", "环境保护")],
        [(f"路灯坏了{i}号", f"小区门口路灯坏了很久{i}", "城乡建设") for i in range(12)],
    ],
    ids=["two rows", "one category"],
)
def test_training_on_a_file_too_small_to_split_is_a_clear_error(tmp_path, db, rows):
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(training.COLUMNS)
        writer.writerows(rows)
    model = tmp_path / "m.npz"

    with pytest.raises(CommandError, match="too few|two or more categories"):
        call_command("hotline", "train", "--data", str(path), "--output", str(model))

    assert not model.exists()
