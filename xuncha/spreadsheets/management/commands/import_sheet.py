"""import_sheet KIND FILE --jurisdiction CODE: import one .xlsx file from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.accounts.models import User
from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.spreadsheets import services
from xuncha.spreadsheets.columns import SHEETS
from xuncha.spreadsheets.importers import problem_text
from xuncha.spreadsheets.models import ImportJob


class Command(BaseCommand):
    help = (
        "导入一个 Excel 表（targets 巡察（巡视）对象 / leadership 领导班子 / cadres 干部任职 / "
        "inspectors 巡察（巡视）工作人员）。"
        "先逐行校验整个文件，有问题则列出并以非零状态退出，不写入任何数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(SHEETS), help="表格")
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--jurisdiction", required=True, help="党委代码，例如 jdz")
        parser.add_argument(
            "--user", default="", help="以该用户的名义导入（须为办公室负责人或工作人员）；不填记为“系统”"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        jurisdiction = Jurisdiction.objects.filter(code=opts["jurisdiction"]).first()
        if jurisdiction is None:
            known = "、".join(Jurisdiction.objects.values_list("code", flat=True)) or "（无）"
            raise CommandError(f"没有代码为 {opts['jurisdiction']} 的党委；已有：{known}")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"没有用户 {opts['user']}")
        try:
            with open(path, "rb") as fh:
                job = services.import_job_create(
                    actor=actor,
                    jurisdiction=jurisdiction,
                    kind=opts["kind"],
                    upload=fh,
                    file_name=path.name,
                    start=False,
                )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"导入任务 #{job.pk}：{job.kind_label}，{path.name}，SHA-256 {job.sha256}")
        job = services.import_job_run(job.pk, on_progress=self._progress)
        if job.status == ImportJob.Status.DONE:
            counts = "，".join(f"{k} {v}" for k, v in job.counts.items())
            self.stdout.write(self.style.SUCCESS(f"已写入：{counts}"))
            return
        if job.status == ImportJob.Status.INVALID:
            for problem in job.errors:
                self.stdout.write(problem_text(problem))
            more = job.error_count - len(job.errors)
            if more:
                self.stdout.write(f"另有 {more} 处问题未列出。")
            raise CommandError(f"校验未通过：共 {job.error_count} 处问题，未写入任何数据。")
        raise CommandError(job.message or f"导入未完成（{job.get_status_display()}）")

    def _progress(self, job: ImportJob) -> None:
        verb = {"validating": "校验", "writing": "写入"}.get(job.status)
        if verb is None:
            self.stdout.write(f"状态：{job.get_status_display()}")
        else:
            self.stdout.write(f"{verb}：{job.live_rows_done}/{job.rows_total} 行")
