from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "xuncha.spreadsheets"
    verbose_name = "Excel 导入导出"
    default_auto_field = "django.db.models.BigAutoField"
