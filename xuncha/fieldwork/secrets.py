"""The secret material this app holds: petitions (who wrote, how to reach them, whom and what they report) and the
informants named in inquiry records (知情人, by the working methods' secret details)."""

from __future__ import annotations

from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import FieldworkRecord, Petition
from .rules import SECRET_DETAILS


def petition_texts(ids: list[int]) -> Iterator[Secret]:
    for number, name, contact, about, cadre, content in Petition.objects.filter(inspection_id__in=ids).values_list(
        "number", "petitioner_name", "petitioner_contact", "about", "about_cadre__name", "content"
    ):
        record = f"来信来电来访登记 第{number}号"
        yield Secret("来信来电来访登记", record, "反映人姓名", name, True)
        yield Secret("来信来电来访登记", record, "反映人联系方式", contact, True)
        yield Secret("来信来电来访登记", record, "被反映人或事项", about, True)
        if cadre:
            yield Secret("来信来电来访登记", record, "被反映干部", cadre, True)
        yield Secret("来信来电来访登记", record, "反映内容", content, False)


def informant_texts(ids: list[int]) -> Iterator[Secret]:
    for method, key in SECRET_DETAILS:
        for pk, details in FieldworkRecord.objects.filter(inspection_id__in=ids, method=method).values_list(
            "pk", "details"
        ):
            informant = (details or {}).get(key)
            if isinstance(informant, str):
                yield Secret("了解工作记录", f"了解工作记录 #{pk}", "知情人", informant, True)


SECRET_KINDS.register(
    SecretKind("来信来电来访登记", ("fieldwork.Petition", "fieldwork.Attachment"), petition_texts),
    key="fieldwork.petition",
)
SECRET_KINDS.register(
    SecretKind("了解工作记录中的知情人", ("fieldwork.FieldworkRecord",), informant_texts), key="fieldwork.informant"
)
