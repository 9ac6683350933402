"""The clue pages (/clues/…): the register and the team's steps, the transfers and the receivers' pages, the
ledgers."""

from xuncha.clues.views import informants, ledger, register, transfers

app_name = "clues"
urlpatterns = [*register.urlpatterns, *informants.urlpatterns, *transfers.urlpatterns, *ledger.urlpatterns]
