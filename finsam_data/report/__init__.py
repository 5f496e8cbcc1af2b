"""Data preparation shared by the report notebooks: anything two notebooks need lives here.

The notebooks stay thin: they call :func:`open_tables`, then the functions below, then
:mod:`finsam_data.figures`. Nothing here reads a document; everything comes from the
contract's tables (CONTRACT §3) and the validation summary (§5).

Honesty rules implemented here, once:

- figures keep their period: a Jan–Aug actual is labelled ``jan–aug 2017`` and never mixed
  with a full year under one label (:func:`period_label`);
- exit shares carry each förbund's own definition (:func:`exit_shares`);
- allocation figures are picked by one rule (:func:`allocations`);
- a time stated in weeks is never plotted on a month axis (:func:`wait_times` keeps the unit).

The package follows the notebook families: :mod:`.loader` (tables, names, periods),
:mod:`.vocabulary` (every Swedish label), :mod:`.money`, :mod:`.outcomes`, :mod:`.queues`,
:mod:`.decisions`, :mod:`.quality`, :mod:`.sections` (one selection per report section),
:mod:`.compare` (many förbund: latest figure per förbund, ranked, by län) and :mod:`.deck`. Everything is re-exported here: notebooks call ``report.<name>``.
"""

from finsam_data.report.compare import (  # noqa: F401
    MANY_FORBUND,
    UNKNOWN_COUNTY,
    counties,
    latest_per_forbund,
    many,
    rank,
    top_and_bottom,
    with_county,
)
from finsam_data.report.decisions import (  # noqa: F401
    _latest_meeting_by_lineage,
    _status,
    deadline_in_words,
    decision_tracker,
    decisions_of,
    most_urgent_first,
    shortened,
)
from finsam_data.report.deck import (  # noqa: F401
    _latest_per_forbund,
    _money,
    allocation_headline,
    data_period,
    decisions_headline,
    equity_headline,
    equity_share_rows,
    exit_share_headline,
    flows_headline,
    latest_outcomes,
    quality_headline,
    results_headline,
    slide_rows,
)
from finsam_data.report.loader import (  # noqa: F401
    NOTEBOOK_DIR,
    REGISTRY_DIR,
    SLUG,
    ReportDataError,
    Tables,
    _merge_day,
    _name_in_period,
    _period_label_expr,
    _value_text_expr,
    by_period,
    conflicts,
    conform,
    document_name,
    documents_of,
    exit_definitions,
    for_forbund,
    forbund_names,
    join_names,
    labelled,
    latest,
    lineage,
    lineage_sentences,
    linked_forbund,
    load,
    load_findings,
    measure,
    name_documents,
    open_tables,
    parse_day,
    period_label,
    prepare_facts,
    prepared_tables,
    profile_intro,
    reporting,
    resolve_data_dir,
    setup_plotly,
    short_name,
    within,
)
from finsam_data.report.money import (  # noqa: F401
    ALLOCATION_SUBJECT,
    COST_KINDS,
    EQUITY_CHANGE_MEASURES,
    EQUITY_MEASURES,
    allocation_for_year,
    allocations,
    budget_outcome_all,
    budget_outcome_forecast,
    cost_shares,
    equity,
    equity_against_allocation,
    equity_facts,
    request_grant_pairs,
    requests_and_grants,
)
from finsam_data.report.outcomes import (  # noqa: F401
    _TARGET_WORD,
    exit_reasons,
    exit_shares,
    harmonised_work_study,
    participants,
    program_times,
    support_before_start,
    targets,
    times,
    with_targets,
)
from finsam_data.report.quality import (  # noqa: F401
    FLAG_COLUMNS,
    UNIT_SLIP_CHECK,
    _as_text,
    findings_frame,
    findings_table,
    flag_facts,
)
from finsam_data.report.queues import (  # noqa: F401
    queues,
    queues_and_waits,
    wait_times,
)
from finsam_data.report.sections import (  # noqa: F401
    SECTIONS,
    Gaps,
    Section,
    _no_facts,
    _targeted,
    missing_text,
    section_for,
)
from finsam_data.report.vocabulary import (  # noqa: F401
    _MONTHS,
    BASIS_LABEL,
    COST_KIND_LABEL,
    DECISION_KIND_LABEL,
    DOC_KIND_LABEL,
    EXIT_CATEGORY_LABEL,
    MEASURE_LABEL,
    MONEY_FLOW_LABEL,
    SEVERITY_LABEL,
    STATUS_LABEL,
    TABLE_LABEL,
)
