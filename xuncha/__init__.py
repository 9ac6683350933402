"""xuncha — 巡视巡察工作平台."""

__version__ = "0.1.0"
