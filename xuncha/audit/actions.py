"""The one registry of event actions: code → the Chinese name shown on /events/ and in the API's `action_name`.

It starts from the lifecycle actions the rulebooks' deadlines may name (`jurisdictions/vocabulary.py`), so those
names are written once. Every action a service records must be here: `audit/tests/test_actions.py` scans the source
and fails on an action without a Chinese name. Names avoid the inspection word (it is the rulebook's); a name may
carry `{word}`, which `action_name` fills with the jurisdiction's word."""

from __future__ import annotations

from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS

ACTIONS: dict[str, str] = {
    **LIFECYCLE_ACTIONS,
    # accounts
    "user.created": "创建账号",
    "user.activated": "启用账号",
    "user.deactivated": "停用账号",
    "user.password_reset": "重置密码",
    "membership.granted": "授予角色",
    "membership.revoked": "撤销角色",
    "jurisdiction.created": "创建党委",
    "jurisdiction.updated": "修改党委信息",
    # registry
    "organization.created": "登记单位",
    "organization.reorganized": "单位撤并调整",
    "cadre.created": "登记干部",
    "post.recorded": "登记任职",
    "post.ended": "任职结束",
    # people
    "inspector.created": "登记工作人员",
    "inspector.user_linked": "工作人员关联账号",
    "inspector.user_unlinked": "工作人员解除关联账号",
    "declaration.recorded": "登记回避申报",
    "declaration.withdrawn": "撤回回避申报",
    "attestation.recorded": "确认任职条件",
    "secondment.created": "登记抽调",
    "secondment.appraised": "抽调人员鉴定",
    "training_posting.created": "登记跟班学习",
    "rotation.recorded": "登记轮岗交流",
    "leader.authorized": "组长授权",
    "assignment.created": "分配任务",
    "recusal.waived": "回避豁免",
    "eligibility.exception_recorded": "登记任职条件例外决定",
    "team.discipline_liaison_set": "登记纪检监察室派员",
    # planning
    "annual_plan.saved": "保存年度计划",
    "round.schedule_saved": "保存本轮阶段任务安排",
    "team.formed": "组建工作组",
    "team_membership.ended": "组员离组",
    # one inspection
    "inspection.planned": "安排对象",
    "inspection.preparing": "开始准备（了解情况）",
    "inspection.withdrawn": "撤出（取消）",
    "inspection.heard": "听取本次汇报",
    "talk.recorded": "记录个别谈话",
    "secret.read": "查阅保密材料",
    # preparation
    "info_request.drafted": "起草情况了解公函",
    "personal_matters.checked": "查核个人有关事项",
    "briefing.recorded": "登记听取情况介绍",
    # fieldwork
    "fieldwork.recorded": "登记了解情况记录",
    "fieldwork.approved": "批准了解情况方式",
    "fieldwork.assistance_sent": "发出协助请求",
    "petition.registered": "登记来信来访",
    "petition.handled": "处理来信来访",
    "document.retrieved": "调阅资料",
    "document.returned": "归还调阅资料",
    "document.copy_disposed": "处置资料复制件",
    "attachment.uploaded": "上传附件",
    # findings
    "finding.drafted": "起草问题",
    "finding.edited": "修改问题",
    "finding.evidence_linked": "关联证据",
    "finding.evidence_unlinked": "解除证据关联",
    "finding.team_approved": "组务会通过问题",
    "finding.leader_approved": "组长审定问题",
    "finding.returned": "退回问题",
    "team_meeting.held": "召开组务会",
    "escalation.reported": "请示报告",
    "escalation.responded": "答复请示",
    # reports
    "report.drafted": "起草报告",
    "report.edited": "修改报告",
    "report.finalized": "报告定稿",
    "report.returned": "退回报告",
    "report.corrected": "更正报告",
    # results
    "results.hearing_recorded": "登记听取汇报",
    "results.decision_recorded": "登记成果运用决定",
    "results.consulted": "组织部门征求意见（查阅）",
    "results.consultation_answered": "答复征求意见",
    # feedback
    "feedback.consent_recorded": "登记同意反馈",
    "feedback.session_held": "召开反馈会",
    "feedback.notified": "登记反馈通知",
    "feedback.receipt_signature": "签收单签字",
    "feedback.receipt_completed": "签收单三方签齐",
    # disclosures
    "disclosure.drafted": "起草公开内容",
    "disclosure.updated": "修改公开内容",
    "disclosure.approved": "批准公开",
    "disclosure.returned": "退回公开内容",
    "disclosure.published": "公开发布",
    "disclosure.corrected": "更正公开内容",
    # rectification
    "rectification.items_recorded": "登记整改事项",
    "rectification.item_updated": "更新整改事项",
    "rectification.evidence_uploaded": "上传整改佐证",
    "rectification.reports_resubmitted": "重新报送整改情况报告",
    "rectification.returned": "退回整改情况报告",
    "rectification.supervised": "登记整改督查",
    "rectification.opinion_given": "提出整改意见",
    "rectification.reported_to_leading_group": "整改不力上报领导小组",
    "rectification.notice_circulated": "整改不力通报",
    "rectification.talk_held": "整改不力约谈",
    # calendar and deadlines
    "calendar.year_saved": "录入节假日安排",
    "obligation.due_computed": "计算截止日",
    "obligation.due_moved": "截止日随节假日调整",
    # Excel imports: `import.<ImportJob.Kind>`
    "import.targets": "导入对象名册",
    "import.leadership": "导入领导班子",
    "import.cadres": "导入干部任职",
    "import.inspectors": "导入工作人员",
}


def action_name(code: str, word: str = "") -> str:
    """The Chinese name of the action `code` in the words of the jurisdiction whose `word` is given: `{word}` is filled
    and another rulebook's word (a lifecycle name written in one of them) becomes this one. An unknown code (an event
    recorded by an older version) shows as “未登记的动作（code）”, never as a bare English code."""
    name = ACTIONS.get(code)
    if name is None:
        return f"未登记的动作（{code}）"
    if not word:
        return name.replace("{word}", "")
    from xuncha.jurisdictions.rulebook import all_rulebooks

    for other in {book.word for book in all_rulebooks().values()} - {word}:
        name = name.replace(other, word)
    return name.replace("{word}", word)
