"""The only Streamlit code of the package; re-exports what app.py, the pages and the tests use as `ui.<name>`."""

from lapas_metrics.ui.audit_room import (
    apbnp_years,
    audit_criteria,
    audit_downloads,
    audit_table,
    summary_csv,
    what_if_editor,
    working_paper,
)
from lapas_metrics.ui.data import (
    AS_OF_KEY,
    AUDIT_CONFIG_KEY,
    as_of,
    as_of_date,
    audit_config,
    clear_caches,
    compared,
    database,
    default_audit_config,
    default_year,
    figures,
    flag_reasons,
    flag_status,
    group_totals,
    is_demo_data,
    metric_inputs,
    monthly,
    partnership_rows,
    product_totals,
    same_months,
    set_audit_config,
    stamp,
    trend,
    upload_log,
)
from lapas_metrics.ui.evaluation_compare import (
    empty_sentence,
    evaluation_instrument,
    evaluation_scores,
    evaluation_statuses,
    evaluation_units,
    instrument_admin,
    instrument_table,
    period_choice,
    units_label,
    version_choice,
)
from lapas_metrics.ui.evaluation_items import answer_sections as evaluation_answers
from lapas_metrics.ui.evaluation_items import kke as evaluation_kke
from lapas_metrics.ui.evaluation_items import kke_file as evaluation_kke_file
from lapas_metrics.ui.evaluation_items import suggestions as evaluation_suggestions
from lapas_metrics.ui.evaluation_screens import choose as evaluation_choice
from lapas_metrics.ui.evaluation_screens import history as evaluation_history
from lapas_metrics.ui.evaluation_screens import latest_final_section as latest_evaluation
from lapas_metrics.ui.evaluation_screens import may_open as may_open_evaluations
from lapas_metrics.ui.evaluation_screens import score as evaluation_score
from lapas_metrics.ui.evaluation_screens import show_message as evaluation_message
from lapas_metrics.ui.evaluation_screens import sign_off as evaluation_sign_off
from lapas_metrics.ui.evaluation_screens import start_form as evaluation_start_form
from lapas_metrics.ui.evaluation_screens import summary as evaluation_summary
from lapas_metrics.ui.finding_form import Draft as FindingDraft
from lapas_metrics.ui.finding_form import draft as finding_draft
from lapas_metrics.ui.finding_form import flag_lines as flag_finding_lines
from lapas_metrics.ui.finding_form import item_action as finding_from_item
from lapas_metrics.ui.finding_form import new_finding_form
from lapas_metrics.ui.finding_form import suggest_number as suggest_finding_number
from lapas_metrics.ui.finding_import import matrix as finding_matrix
from lapas_metrics.ui.findings_screens import choose as finding_choice
from lapas_metrics.ui.findings_screens import detail as finding_detail
from lapas_metrics.ui.findings_screens import message as finding_message
from lapas_metrics.ui.findings_screens import numbers as finding_numbers
from lapas_metrics.ui.findings_screens import register as finding_register
from lapas_metrics.ui.followup_data import pkpt_plan, unit_findings
from lapas_metrics.ui.followup_forms import forms as followup_forms
from lapas_metrics.ui.followup_forms import show_message as followup_message
from lapas_metrics.ui.followup_profile import findings_section as unit_findings_section
from lapas_metrics.ui.followup_screens import monitoring as followup_monitoring
from lapas_metrics.ui.followup_thread import choose as followup_choice
from lapas_metrics.ui.followup_thread import follow_link as followup_link
from lapas_metrics.ui.followup_thread import show_thread as followup_thread
from lapas_metrics.ui.frame import (
    KANWIL_DEFAULT,
    Filters,
    Scope,
    UnitScope,
    as_of_picker,
    available_years,
    current_filters,
    database_ready,
    demo_note,
    friendly_errors,
    page_scope,
    run_in_frame,
    sidebar_filters,
    trend_caption,
    unit_cards,
    unit_scope,
    within_frame,
    year_cards,
)
from lapas_metrics.ui.history_screens import COMPARE_ROWS, compare_section, undo_section
from lapas_metrics.ui.papers import paper_info, preparer, signers
from lapas_metrics.ui.partnership_screens import render as partnership_page
from lapas_metrics.ui.pkpt_screens import may_open as may_open_pkpt
from lapas_metrics.ui.pkpt_screens import show as pkpt
from lapas_metrics.ui.sections import on_open, section, table_per_unit
from lapas_metrics.ui.session import (
    account_box,
    actor,
    auth_enabled,
    log_quietly,
    require,
    sign_in_page,
    sign_in_pages,
    unavailable_pages,
)
from lapas_metrics.ui.template_files import template_files
from lapas_metrics.ui.upload_changes import change_preview, change_table, count_sentence, show_changes
from lapas_metrics.ui.upload_screens import (
    NUMBER_STYLES,
    PREVIEW_ROWS,
    STATUS_LABELS,
    batch_log_table,
    check_upload,
    filter_batches,
    max_upload_mb,
    page_message,
    preview_frame,
    problem_frame,
    report_table,
    size_problem,
    stored_batch_of,
    undo_sentence,
)
from lapas_metrics.ui.widgets import (
    chart,
    download_csv,
    download_html,
    kpi,
    kpi_row,
    no_data,
    table,
    uploader_words,
    upt_multiselect,
    upt_picker,
)

__all__ = [
    "FindingDraft",
    "finding_draft",
    "flag_finding_lines",
    "finding_from_item",
    "new_finding_form",
    "suggest_finding_number",
    "finding_matrix",
    "finding_choice",
    "finding_detail",
    "finding_message",
    "finding_numbers",
    "finding_register",
    "followup_choice",
    "followup_forms",
    "followup_link",
    "followup_message",
    "followup_monitoring",
    "followup_thread",
    "may_open_pkpt",
    "pkpt",
    "pkpt_plan",
    "unit_findings",
    "unit_findings_section",
    "partnership_page",
    "partnership_rows",
    "evaluation_answers",
    "evaluation_kke",
    "evaluation_kke_file",
    "evaluation_suggestions",
    "evaluation_choice",
    "evaluation_history",
    "latest_evaluation",
    "may_open_evaluations",
    "evaluation_score",
    "evaluation_message",
    "evaluation_sign_off",
    "evaluation_start_form",
    "evaluation_summary",
    "empty_sentence",
    "evaluation_instrument",
    "evaluation_scores",
    "evaluation_statuses",
    "evaluation_units",
    "instrument_admin",
    "instrument_table",
    "period_choice",
    "units_label",
    "version_choice",
    "uploader_words",
    "paper_info",
    "preparer",
    "signers",
    "AS_OF_KEY",
    "AUDIT_CONFIG_KEY",
    "COMPARE_ROWS",
    "KANWIL_DEFAULT",
    "NUMBER_STYLES",
    "PREVIEW_ROWS",
    "STATUS_LABELS",
    "Filters",
    "Scope",
    "UnitScope",
    "account_box",
    "actor",
    "as_of",
    "as_of_date",
    "as_of_picker",
    "audit_config",
    "apbnp_years",
    "audit_criteria",
    "audit_downloads",
    "audit_table",
    "auth_enabled",
    "available_years",
    "batch_log_table",
    "chart",
    "change_preview",
    "change_table",
    "check_upload",
    "count_sentence",
    "clear_caches",
    "on_open",
    "section",
    "table_per_unit",
    "compared",
    "compare_section",
    "current_filters",
    "database",
    "database_ready",
    "default_audit_config",
    "default_year",
    "demo_note",
    "download_csv",
    "download_html",
    "figures",
    "filter_batches",
    "flag_reasons",
    "flag_status",
    "friendly_errors",
    "group_totals",
    "is_demo_data",
    "kpi",
    "kpi_row",
    "log_quietly",
    "max_upload_mb",
    "metric_inputs",
    "monthly",
    "no_data",
    "page_message",
    "page_scope",
    "preview_frame",
    "problem_frame",
    "product_totals",
    "report_table",
    "require",
    "run_in_frame",
    "same_months",
    "set_audit_config",
    "show_changes",
    "sidebar_filters",
    "sign_in_page",
    "sign_in_pages",
    "size_problem",
    "stamp",
    "stored_batch_of",
    "summary_csv",
    "table",
    "trend",
    "trend_caption",
    "template_files",
    "undo_sentence",
    "undo_section",
    "unavailable_pages",
    "unit_cards",
    "unit_scope",
    "upload_log",
    "upt_multiselect",
    "upt_picker",
    "what_if_editor",
    "within_frame",
    "working_paper",
    "year_cards",
]
