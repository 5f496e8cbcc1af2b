import polars as pl
import pytest

from finsam_data import schema
from finsam_data.extract import (
    exit_category,
    exit_definition_of,
    exit_definitions,
    exit_definitions_frame,
    unmapped_exit_reasons,
    unused_exit_patterns,
)
from finsam_data.extract.categories import definition_key_for_phrase


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("Osubventionerat arbete", "work"),
        ("Subventionerat arbete", "work"),
        ("Anställning med lönestöd", "work"),
        ("Aktivt arbetsökande utan behov av samordnat stöd", "job_seeking"),
        ("Arbetssökande hos Arbetsförmedlingen", "job_seeking"),
        ("Studier", "studies"),
        ("Komvux", "studies"),
        ("Fortsatt rehabilitering (i ordinarie myndighets verksamhet)", "continued_rehab"),
        ("Annan samverkansinsats", "continued_rehab"),
        ("Sjukdom/försämrat hälsotillstånd", "health"),
        ("Sjukersättning", "health"),
        ("Flyttat från kommunen", "other"),
        ("Övrigt", "other"),
        ("Något helt oväntat", None),
        ("", None),
    ],
)
def test_exit_category_from_the_registry_file(reason, category):
    assert exit_category(reason) == category


def test_unmapped_reasons_are_reported_and_totals_are_not():
    facts = schema.frame(
        "facts",
        [
            {"measure": "exits_by_reason", "subject": "Studier", "category": "studies"},
            {"measure": "exits_by_reason", "subject": "Xyz", "category": None},
            {"measure": "exits_by_reason", "subject": "total", "category": None},
            {"measure": "participants", "subject": "Abc", "category": None},
        ],
    )
    assert unmapped_exit_reasons(facts) == ["Xyz"]
    assert unmapped_exit_reasons(schema.frame("facts")) == []


def test_unused_patterns_are_reported():
    unused = unused_exit_patterns(["Studier"])
    assert "studies: studi" not in unused
    assert any(u.startswith("work: ") for u in unused)


def test_each_forbund_definition_has_a_swedish_label():
    defs = exit_definitions()
    for key in ("work_study_ordinary_measures", "work_study_work_oriented_rehab"):
        assert defs[key]["label_sv"]
        assert set(defs[key]["categories"]) <= set(schema.EXIT_CATEGORIES)
    sdsf = exit_definition_of("sodra-dalarna")
    assert sdsf["key"] == "work_study_work_oriented_rehab"
    assert "rehabilitering" in sdsf["label_sv"]
    assert exit_definition_of("vastmanland")["key"] == "work_study_ordinary_measures"
    assert exit_definition_of("no-such-forbund") is None
    frame = exit_definitions_frame()
    assert frame.schema["categories"] == pl.List(pl.String)
    assert frame.height == len(defs)


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("arbete/studier/arbetslivsriktad rehabilitering", "work_study_work_oriented_rehab"),
        (
            "arbete, studier eller till att kunna ta del av myndigheternas ordinarie insatser "
            "med inriktning mot arbete",
            "work_study_ordinary_measures",
        ),
        ("arbete eller studier", "work_study_only"),
        ("något annat", None),
    ],
)
def test_definition_recognised_from_the_phrase_a_document_writes(phrase, key):
    assert definition_key_for_phrase(phrase) == key
