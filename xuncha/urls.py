from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from xuncha.accounts import api as accounts_api
from xuncha.audit import api as audit_api
from xuncha.audit import views as audit_views
from xuncha.clues import api as clues_api
from xuncha.desk import queue_api
from xuncha.desk import views as desk_views
from xuncha.disclosures import api as disclosures_api
from xuncha.documents import api as documents_api
from xuncha.evaluations import api as evaluations_api
from xuncha.feedback import api as feedback_api
from xuncha.fieldwork import api as fieldwork_api
from xuncha.fieldwork import talks_api
from xuncha.findings import api as findings_api
from xuncha.inspections import views as inspection_views
from xuncha.jurisdictions import api as jurisdictions_api
from xuncha.jurisdictions import views as jurisdiction_views
from xuncha.obligations import api as obligations_api
from xuncha.people import api as people_api
from xuncha.planning import api as planning_api
from xuncha.preparation import api as preparation_api
from xuncha.rectification import api as rectification_api
from xuncha.registry import api as registry_api
from xuncha.reporting import api as reporting_api
from xuncha.reports import api as reports_api
from xuncha.results import api as results_api
from xuncha.workdays import api as workdays_api
from xuncha.workdays import views as workday_views

router = DefaultRouter()
router.register("jurisdictions", accounts_api.JurisdictionViewSet, basename="jurisdiction")  # read + admin writes
router.register("obligations", obligations_api.ObligationViewSet, basename="obligation")
router.register("events", audit_api.EventViewSet, basename="event")
router.register("inspections", planning_api.PlannedInspectionViewSet, basename="inspection")
router.register("talks", talks_api.TalkRecordViewSet, basename="talk")
router.register("organizations", registry_api.OrganizationViewSet, basename="organization")
router.register("cadres", registry_api.CadreViewSet, basename="cadre")
router.register("posts", registry_api.PostViewSet, basename="post")
router.register("inspectors", people_api.InspectorViewSet, basename="inspector")
router.register("declarations", people_api.DeclarationViewSet, basename="declaration")
router.register("attestations", people_api.AttestationViewSet, basename="attestation")
router.register("secondments", people_api.SecondmentViewSet, basename="secondment")
router.register("training-postings", people_api.TrainingPostingViewSet, basename="training-posting")
router.register("rotations", people_api.RotationViewSet, basename="rotation")
router.register("leader-authorizations", people_api.LeaderAuthorizationViewSet, basename="leader-authorization")
router.register("assignments", people_api.AssignmentViewSet, basename="assignment")
router.register("recusal-waivers", people_api.RecusalWaiverViewSet, basename="recusal-waiver")
router.register("eligibility-exceptions", people_api.EligibilityExceptionViewSet, basename="eligibility-exception")
router.register("fieldwork-records", fieldwork_api.FieldworkRecordViewSet, basename="fieldwork-record")
router.register("petitions", fieldwork_api.PetitionViewSet, basename="petition")
router.register("document-retrievals", fieldwork_api.DocumentRetrievalViewSet, basename="document-retrieval")
router.register("attachments", fieldwork_api.AttachmentViewSet, basename="attachment")
router.register("information-requests", preparation_api.InformationRequestViewSet, basename="information-request")
router.register(
    "personal-matters-checks", preparation_api.PersonalMattersCheckViewSet, basename="personal-matters-check"
)
router.register("leader-briefings", preparation_api.LeaderBriefingViewSet, basename="leader-briefing")
router.register("findings", findings_api.FindingViewSet, basename="finding")
router.register("team-meetings", findings_api.TeamMeetingViewSet, basename="team-meeting")
router.register("escalations", findings_api.EscalationViewSet, basename="escalation")
router.register("feedback-consents", feedback_api.FeedbackConsentViewSet, basename="feedback-consent")
router.register("feedback-sessions", feedback_api.FeedbackSessionViewSet, basename="feedback-session")
router.register("feedback-notifications", feedback_api.CirculatedNoticeViewSet, basename="feedback-notification")
router.register("receipt-signatures", feedback_api.ReceiptSignatureViewSet, basename="receipt-signature")
router.register("disclosures", disclosures_api.DisclosureViewSet, basename="disclosure")
router.register("reports", reports_api.ReportViewSet, basename="report")
router.register("terms", planning_api.TermViewSet, basename="term")
router.register("annual-plans", planning_api.AnnualPlanViewSet, basename="annual-plan")
router.register("rounds", planning_api.RoundViewSet, basename="round")
router.register("rectification-plans", rectification_api.RectificationPlanViewSet, basename="rectification-plan")
router.register("rectification-items", rectification_api.RectificationItemViewSet, basename="rectification-item")
router.register("rectification-evidence", rectification_api.EvidenceFileViewSet, basename="rectification-evidence")
router.register("rectification-reports", rectification_api.RectificationReportViewSet, basename="rectification-report")
router.register("supervisions", rectification_api.SupervisionViewSet, basename="supervision")
router.register(
    "poor-rectification-steps", rectification_api.PoorRectificationStepViewSet, basename="poor-rectification-step"
)
router.register("results-meetings", results_api.MeetingViewSet, basename="results-meeting")
router.register("results-items", results_api.MeetingItemViewSet, basename="results-item")
router.register("results-filings", results_api.FilingViewSet, basename="results-filing")
router.register("results-consultations", results_api.ConsultationViewSet, basename="results-consultation")
router.register("teams", planning_api.TeamViewSet, basename="team")
router.register("accounts", accounts_api.AccountViewSet, basename="account")
router.register("memberships", accounts_api.MembershipViewSet, basename="membership")
router.register("team-places", accounts_api.TeamPlaceViewSet, basename="team-place")
router.register("holiday-years", workdays_api.HolidayYearViewSet, basename="holiday-year")
ROUTES = clues_api.ROUTES + documents_api.ROUTES + reporting_api.ROUTES + evaluations_api.ROUTES
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

jurisdiction_urls = (
    [
        path("", jurisdiction_views.rulebook_list, name="rulebooks"),
        path("compare/", jurisdiction_views.rulebook_compare, name="compare"),
        path("<str:code>/", jurisdiction_views.rulebook_detail, name="rulebook"),
    ],
    "jurisdictions",
)
workday_urls = (
    [
        path("", workday_views.calculator, name="calculator"),
        path("years/", workday_views.year_edit, name="year_new"),
        path("years/<int:year>/", workday_views.year_edit, name="year_edit"),
    ],
    "workdays",
)
inspection_urls = (
    [
        path("", inspection_views.inspection_list, name="list"),
        path("<int:pk>/", inspection_views.inspection_detail, name="detail"),
        path("<int:pk>/stage/<str:step>/", inspection_views.inspection_stage, name="stage"),
        path("talks/<int:pk>/", inspection_views.talk_detail, name="talk"),
    ],
    "inspections",
)

urlpatterns = [
    path("", desk_views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("rulebooks/", include(jurisdiction_urls)),
    path("workdays/", include(workday_urls)),
    path("inspections/", include(inspection_urls)),
    path("registry/", include("xuncha.registry.urls")),
    path("people/", include("xuncha.people.urls")),
    path("planning/", include("xuncha.people.team_urls")),  # a team's staffing: people's pages on planning's paths
    path("planning/", include("xuncha.planning.urls")),
    path("fieldwork/", include("xuncha.fieldwork.urls")),
    path("preparation/", include("xuncha.preparation.urls")),
    path("findings/", include("xuncha.findings.urls")),
    path("feedback/", include("xuncha.feedback.urls")),
    path("reports/", include("xuncha.reports.urls")),
    path("results/", include("xuncha.results.urls")),
    path("disclosures/", include("xuncha.disclosures.urls")),
    path("clues/", include("xuncha.clues.urls")),
    path("documents/", include("xuncha.documents.urls")),
    path("public/", include("xuncha.disclosures.public_urls")),
    # The public's anonymous pages: everything under /p/ (core/anonymity: no address, device or precise time kept).
    path("p/r/", include("xuncha.reporting.public_urls")),
    path("p/e/", include("xuncha.evaluations.public_urls")),
    path("reporting/", include("xuncha.reporting.urls")),
    path("evaluations/", include("xuncha.evaluations.urls")),
    path("", include("xuncha.rectification.urls")),  # /portal/ (the inspected unit) and /rectification/
    path("events/", include(([path("", audit_views.event_list, name="events")], "audit"))),
    path("excel/", include("xuncha.spreadsheets.urls")),
    path("accounts/", include("xuncha.accounts.urls")),
    path("api/rulebooks/", jurisdictions_api.rulebooks, name="api-rulebooks"),
    path("api/workdays/add/", workdays_api.workdays_add, name="api-workdays-add"),
    path("api/coverage/", planning_api.coverage_list, name="api-coverage"),
    path("api/work-queue/", queue_api.WorkQueueView.as_view(), name="api-work-queue"),
    path("queue/", desk_views.work_queue_page, name="queue"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

handler404 = "xuncha.core.views.page_not_found"
handler500 = "xuncha.core.views.server_error"
