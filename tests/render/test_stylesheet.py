"""Stylesheets cut down to what a page can use (finsam_data.stylesheet)."""

import pytest

from finsam_data.stylesheet import names, parse, prune


def pruned(css: str, page: str) -> str:
    return prune([parse(css)], names(page))[0]


def test_rules_for_classes_the_page_lacks_are_dropped():
    css = ".jp-Cell { margin: 0 } .jp-Dialog { z-index: 10 } p { color: black }"
    assert pruned(css, '<div class="jp-Cell"><p>x</p></div>') == \
        ".jp-Cell{margin:0}p{color:black}"


def test_a_selector_list_keeps_the_selectors_that_can_match():
    css = ".a .b, .c, div#main > .a { color: red }"
    assert pruned(css, '<div id="main" class="a"><i class="b"></i></div>') == \
        ".a .b,div#main > .a{color:red}"


def test_every_name_a_selector_needs_must_be_on_the_page():
    assert pruned(".a.b { x: 1 } .a { y: 2 }", '<p class="a">') == ".a{y:2}"
    assert pruned("#menu .a { x: 1 }", '<p class="a">') == ""


@pytest.mark.parametrize("css", [".a:not(.gone) { x: 1 }", ".a:is(.gone, .also-gone) { x: 1 }",
                                 ".a:has(> .gone) { x: 1 }", '[class*="gone"] .a { x: 1 }'])
def test_names_inside_pseudo_classes_and_attributes_never_drop_a_selector(css):
    # :not(.gone) matches more when .gone is missing; the others are kept to be safe
    assert pruned(css, '<p class="a">') != ""


def test_a_name_in_a_script_counts():
    # a script can add a class to an element after the page has loaded
    page = '<p id="x"></p><script>x.classList.add("jp-mod-active")</script>'
    assert pruned(".jp-mod-active { color: red }", page) == ".jp-mod-active{color:red}"


def test_media_blocks_keep_their_kept_rules_and_go_when_empty():
    css = "@media print { .a { x: 1 } .gone { y: 2 } } @media (max-width: 10px) { .gone { z: 3 } }"
    assert pruned(css, '<p class="a">') == "@media print{.a{x:1}}"


def test_other_at_rules_are_kept_as_written():
    css = "@keyframes spin { from { transform: rotate(0deg) } } @page { margin: 1cm }"
    out = pruned(css, "<p>")
    assert "@keyframes spin" in out and "rotate(0deg)" in out and "@page" in out


def test_custom_properties_are_kept_when_something_kept_uses_them():
    css = (":root { --a: 1px; --b: var(--c, var(--d)); --c: 2px; --d: 3px; --unused: 4px;"
           " --Gone: 5px } .gone { margin: var(--a) } p { margin: var(--b) }")
    out = pruned(css, "<p>")
    assert out == ":root{--b:var(--c, var(--d));--c:2px;--d:3px}p{margin:var(--b)}"


def test_custom_properties_the_page_names_are_kept():
    css = ":root { --jp-ui-font-size1: 13px; --jp-border-width: 1px }"
    page = '<p style="font-size: var(--jp-ui-font-size1)">x</p>'
    assert pruned(css, page) == ":root{--jp-ui-font-size1:13px}"


def test_properties_used_by_another_sheet_are_kept():
    theme = parse(":root { --jp-layout-color0: white; --jp-brand-color1: blue }")
    index = parse("body { background: var(--jp-layout-color0) }")
    assert prune([theme, index], names("<body>")) == [
        ":root{--jp-layout-color0:white}", "body{background:var(--jp-layout-color0)}"]


def test_values_keep_importance_and_comments_go():
    css = "/* note */ p { color: red !important; /* why */ margin: calc(1px + 2px) }"
    assert pruned(css, "<p>") == "p{color:red !important;margin:calc(1px + 2px)}"


def test_parse_once_prune_for_many_pages():
    sheet = parse(".a { x: 1 } .b { y: 2 }")
    assert prune([sheet], names('<p class="a">')) == [".a{x:1}"]
    assert prune([sheet], names('<p class="b">')) == [".b{y:2}"]


def test_class_names_in_any_script_count():
    css = ".översikt { margin: 0 } ._intern { padding: 0 } .saknas { color: red }"
    assert pruned(css, '<div class="översikt _intern">') == ".översikt{margin:0}._intern{padding:0}"
