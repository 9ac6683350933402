"""Disclosure, moved here from inspections (issue 11) in state only: its table is still inspections_disclosure,
created by inspections 0003 and changed by 0005; nothing in the database changes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("inspections", "0007_disclosure_moves_to_disclosures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Disclosure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("stage", models.CharField(max_length=20, verbose_name="公开事项")),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(verbose_name="内容")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "草稿"), ("approved", "已审批"), ("published", "已公开")],
                                default="draft",
                                max_length=12,
                                verbose_name="状态",
                            ),
                        ),
                        ("published_on", models.DateField(blank=True, null=True, verbose_name="公开日期")),
                        ("channels", models.CharField(blank=True, max_length=200, verbose_name="公开渠道")),
                        ("correction_reason", models.TextField(blank=True, verbose_name="更正理由")),
                        ("return_reason", models.TextField(blank=True, verbose_name="退回意见")),
                        (
                            "drafted_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="起草时间"),
                        ),
                        ("approved_on", models.DateField(blank=True, null=True, verbose_name="审批日期")),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="审批人",
                            ),
                        ),
                        (
                            "drafted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="起草人",
                            ),
                        ),
                        (
                            "inspection",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disclosures",
                                to="inspections.inspection",
                                verbose_name="巡察",
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="发布人",
                            ),
                        ),
                        (
                            "supersedes",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="superseded_by",
                                to="disclosures.disclosure",
                                verbose_name="更正的公开",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "公开",
                        "verbose_name_plural": "公开",
                        "db_table": "inspections_disclosure",
                        "ordering": [
                            models.OrderBy(models.F("published_on"), descending=True, nulls_first=True),
                            "-id",
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["draft", "approved", "published"])),
                                name="disclosure_status_known",
                                violation_error_message="状态只能是草稿、已审批或已公开",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("approved_by__isnull", True),
                                        ("approved_on__isnull", True),
                                        ("status", "draft"),
                                    ),
                                    models.Q(
                                        models.Q(("status", "draft"), _negated=True), ("approved_on__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="disclosure_approval_matches_status",
                                violation_error_message="已审批和已公开的须有审批日期；草稿不带审批",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("published_on__gte", models.F("approved_on")),
                                        ("published_on__isnull", False),
                                        ("status", "published"),
                                        models.Q(("channels", ""), _negated=True),
                                    ),
                                    models.Q(
                                        models.Q(("status", "published"), _negated=True),
                                        ("published_by__isnull", True),
                                        ("published_on__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="disclosure_publication_matches_status",
                                violation_error_message="已公开的须有不早于审批日期的公开日期和公开渠道；未公开的不带公开日期",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("supersedes__isnull", True),
                                    models.Q(("correction_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="disclosure_correction_has_reason",
                                violation_error_message="更正须说明理由",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
