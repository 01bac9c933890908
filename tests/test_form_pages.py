"""Form pages and the `text_field` macro: accessible fields, and gettext still callable around them."""

from pathlib import Path

import pytest
from flask import g, render_template_string
from jinja2 import nodes

from app.teach.forms import SignUpForm

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"
FORM_PAGES = [
    "teach/sign_in.html",
    "teach/sign_up.html",
    "teach/reset_request.html",
    "teach/reset_password.html",
    "teach/confirm.html",
    "classroom/join.html",
    "classroom/sign_back_in.html",
]


def test_gettext_works_after_text_field_in_the_page_and_in_the_macro(app):
    """`text_field` once rebound `_` with `{% set _ = list.append(…) %}`: a `_()` after it raised TypeError."""
    page = """{% from "_macros.html" import text_field %}
{{ text_field(form.password, hint=_("At least 10 characters.")) }}{{ text_field(form.name, type="search") }}
<p id="after">{{ _("Create account") }}</p>"""
    with app.test_request_context("/fr/teacher/sign-up", method="POST", data={"password": "short"}):
        g.lang = "fr"
        form = SignUpForm(meta={"csrf": False})
        form.validate()
        html = render_template_string(page, form=form)
    assert '<p id="after">Créer le compte</p>' in html
    assert 'aria-describedby="password-hint password-error" aria-invalid="true"' in html
    assert 'aria-describedby="name-error" aria-invalid="true" id="name"' in html and 'type="search"' in html


@pytest.mark.parametrize("path", ["_macros.html", "_form_page.html", "_form_errors.html", *FORM_PAGES])
def test_no_template_rebinds_gettext(app, path):
    """`_` stays gettext everywhere, so that any later `_()` in the same scope works."""
    tree = app.jinja_env.parse((TEMPLATES / path).read_text())
    assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx == "store"}  # set, for, with
    assert not assigned & {"_", "gettext", "ngettext"}, path


@pytest.mark.parametrize("path", FORM_PAGES)
def test_form_pages_share_one_layout(path):
    """One layout for the pages that are a single form: a fix to it reaches all of them."""
    assert (TEMPLATES / path).read_text().startswith('{% extends "_form_page.html" %}')


def test_a_form_page_has_its_heading_as_title_and_one_form(client):
    html = client.get("/ko/class/sign-back-in").get_data(as_text=True)
    heading = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert f"<title>{heading} · Unshared</title>" in html
    assert html.count('<form method="post" novalidate class="narrow">') == 1
