"""The Content-Security-Policy of a page: which inline scripts it allows, where it goes."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from conftest import PROJECT

from generator.site.csp import META_START, inline_scripts, policy, script_hash, with_policy

PAGE = """<!doctype html>
<html lang="vi">
  <head>

      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <script>__md_scope=new URL("../..",location)</script>
  </head>
  <body>
    <script id="__config" type="application/json">{"base": "../.."}</script>
    <script type="application/ld+json">{"@type": "CreativeWork"}</script>
    <!-- <script>commented()</script> -->
    <script src="../../assets/bundle.js"></script>
    <script type="module" data-x="a > b">moduleCode()</script>
    <SCRIPT TYPE=" Text/JavaScript ">upper()</SCRIPT >
    <script type="text/plain">notRun()</script>
    <script>var target=document.getElementById(location.hash.slice(1))</script>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_scripts_a_browser_runs_are_found() -> None:
    assert inline_scripts(PAGE) == [
        '__md_scope=new URL("../..",location)', "moduleCode()", "upper()",
        "var target=document.getElementById(location.hash.slice(1))"]


def test_hash_is_sha256_of_the_text_with_newlines_as_the_parser_leaves_them() -> None:
    assert script_hash("alert('đ')") == sha256("alert('đ')")
    assert script_hash("a()\r\nb()\rc()") == sha256("a()\nb()\nc()")


def test_policy_names_each_script_once_and_nothing_inline_else() -> None:
    text = policy(["a()", "b()", "a()"])
    directives = text.split("; ")
    assert directives[0] == "default-src 'self'"
    assert directives[1] == f"script-src 'self' {sha256('a()')} {sha256('b()')} 'wasm-unsafe-eval'"
    assert "object-src 'none'" in directives and "base-uri 'self'" in directives
    assert "'unsafe-inline'" not in directives[1] and "unsafe-eval'" not in text.replace(
        "'wasm-unsafe-eval'", "")
    # mkdocs serve: its live-reload script changes on every request.
    assert policy(["a()"], live_reload=True).split("; ")[1] == \
        "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'"


def test_meta_comes_right_after_the_charset_on_its_own_line() -> None:
    out = with_policy(PAGE)
    assert out.replace(re.search(r"\n *<meta http-equiv[^>]*>", out)[0], "") == PAGE
    assert '<meta charset="utf-8">\n      ' + META_START in out
    content = re.search(re.escape(META_START) + '([^"]*)">', out)[1]
    assert content == policy(inline_scripts(PAGE))
    assert with_policy(PAGE) == out  # same page, same bytes
    bare = with_policy("<html><head><title>x</title></head><body></body></html>")
    assert bare.startswith("<html><head>" + META_START)


def test_scripts_of_the_body_are_never_allowed() -> None:
    body = '<p>x</p><script>moduleCode()</script>'
    page = PAGE.replace("<body>", "<body>" + body)
    content = re.search(re.escape(META_START) + '([^"]*)">', with_policy(
        page, untrusted=[body]))[1]
    assert sha256("moduleCode()") not in content
    assert sha256("upper()") in content


def test_a_slot_inside_a_script_is_refused() -> None:
    shell = PAGE.replace("../..", "skslotpath")
    with pytest.raises(ValueError, match="chỗ điền"):
        with_policy(shell, placeholders=re.compile("skslot"))
    with_policy(PAGE.replace("<body>", "<body>skslotbody"), placeholders=re.compile("skslot"))


def test_a_page_without_head_or_with_a_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        with_policy("<p>no head</p>")
    with pytest.raises(ValueError):
        with_policy(with_policy(PAGE))


def test_our_templates_have_no_inline_code() -> None:
    # Code goes in overrides/assets/javascripts/: nothing of ours needs a hash or a handler.
    templates = sorted((PROJECT / "overrides").rglob("*.html"))
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert inline_scripts(text) == [], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE), path
        assert "javascript:" not in text.lower(), path
