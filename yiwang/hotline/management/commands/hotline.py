"""`yiwang hotline train|evaluate|open311-key|escalate`: operating the 12345 hotline.

yiwang hotline train [--data FILE.csv[.gz]] [--output MODEL.npz] [--no-corrections]
yiwang hotline evaluate FILE.csv [--model MODEL.npz]
yiwang hotline open311-key NAME
yiwang hotline escalate
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.hotline import training


class Command(BaseCommand):
    help = "12345 hotline: train and evaluate the ticket classifier, issue Open311 keys, escalate overdue tickets."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser(
            "train",
            help="(re)train the classifier: measure on a held-out split, then "
            "train the shipped model on every row",
        )
        train.add_argument(
            "--data",
            default=str(training.DATA_PATH),
            help="CSV (or .csv.gz) with 留言主题, 留言详情, 一级标签 (default: the copy in the repository)",
        )
        train.add_argument(
            "--output", default=None, help="model file to write (default: the configured model)"
        )
        train.add_argument(
            "--no-corrections",
            action="store_true",
            help="leave out the dispatchers' corrections stored in the database",
        )
        evaluate = sub.add_parser("evaluate", help="score a model on a labelled CSV")
        evaluate.add_argument("file", help="CSV (or .csv.gz) with 留言主题, 留言详情, 一级标签")
        evaluate.add_argument("--model", default=None, help="model file (default: the configured model)")
        evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
        key = sub.add_parser("open311-key", help="register an Open311 client and print its api_key once")
        key.add_argument("name")
        sub.add_parser("escalate", help="escalate overdue tickets to the supervisors now")
        hot = sub.add_parser(
            "hot-issues", help="cluster the messages of a CSV (留言主题, 留言详情) into hot issues"
        )
        hot.add_argument("file")
        hot.add_argument("--top", type=int, default=10)

    def handle(self, *args, action, **options):
        return getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def _model_path(self, given):
        from django.conf import settings

        from yiwang.hotline.classifier import MODEL_PATH

        return Path(given or settings.YIWANG_HOTLINE_MODEL or MODEL_PATH)

    def handle_train(self, data, output, no_corrections, **_):
        from yiwang.core.events import EventCode, record_event
        from yiwang.hotline.classifier import forget_loaded
        from yiwang.hotline.models import TrainingExample

        try:
            rows = training.read_messages(data)
        except training.DataError as error:
            raise CommandError(str(error)) from None
        extra = [] if no_corrections else [(e.title, e.text, e.label) for e in TrainingExample.objects.all()]
        path = self._model_path(output)
        self.stdout.write(f"training on {len(rows)} rows (+{len(extra)} corrections) ...")
        try:
            scores, meta = training.train_and_measure(rows, path, extra=extra)
        except training.DataError as error:
            raise CommandError(str(error)) from None
        forget_loaded()
        record_event(
            EventCode.CLASSIFIER_TRAINED,
            payload={
                "version": meta["version"],
                "rows": meta["rows"],
                "macro_f1": round(scores["macro_f1"], 4),
            },
        )
        self.stdout.write(
            f"held-out split ({scores['rows']} rows): macro-F1 {scores['macro_f1']:.4f}, "
            f"accuracy {scores['accuracy']:.4f}, {scores['ms_p50']:.2f} ms/message (p50)"
        )
        self.stdout.write(f"model {meta['version']} written to {path} (temperature {meta['temperature']})")

    def handle_evaluate(self, file, model, json=False, **_):
        from yiwang.hotline.classifier import TicketClassifier

        path = self._model_path(model)
        if not path.exists():
            raise CommandError(f"no model at {path}: run `yiwang hotline train` first")
        try:
            rows = training.read_messages(file)
        except training.DataError as error:
            raise CommandError(str(error)) from None
        try:
            scores = training.evaluate(TicketClassifier(path), rows)
        except training.DataError as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_json(scores))
            return
        self.stdout.write(f"rows        {scores['rows']}")
        self.stdout.write(f"accuracy    {scores['accuracy']:.4f}")
        self.stdout.write(f"macro-F1    {scores['macro_f1']:.4f}")
        for label, f1 in sorted(scores["per_class_f1"].items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  F1 {f1:.4f}  {label}")
        self.stdout.write(
            f"ms/message  p50 {scores['ms_p50']:.2f}  p95 {scores['ms_p95']:.2f}  "
            f"mean {scores['ms_mean']:.2f}"
        )

    def handle_open311_key(self, name, **_):
        from django.core.exceptions import ValidationError

        from yiwang.hotline.actions import do_issue_open311_key

        try:
            client, key = do_issue_open311_key(name, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Open311 client {client.name}: api_key={key}  (shown once; stored hashed)")

    def handle_hot_issues(self, file, top, **_):
        from yiwang.core.redaction import redact_text
        from yiwang.hotline.duplicates import clusters
        from yiwang.hotline.similarity import keywords

        try:
            rows = training.read_messages(file, labelled=False)
        except training.DataError as error:
            raise CommandError(str(error)) from None
        groups = clusters((None, keywords(title, body), title, title) for title, body, _label in rows)
        self.stdout.write(f"{len(rows)} messages, {len(groups)} groups; the largest:")
        for members in groups[:top]:
            self.stdout.write(f"  {len(members):4d}  {redact_text(members[0])}")

    def handle_escalate(self, **_):
        from yiwang.hotline.actions import do_escalate_overdue

        self.stdout.write(f"{len(do_escalate_overdue())} tickets escalated")


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=1)
