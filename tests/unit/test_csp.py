"""The Content-Security-Policy of a page: which inline scripts it allows, where it goes."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from conftest import PROJECT

from generator.site.csp import (
    META_START,
    TrustedScripts,
    inline_scripts,
    policy,
    script_hash,
    template_scripts,
    with_policy,
)

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
    assert directives[1] == f"script-src 'self' {sha256('a()')} {sha256('b()')}"
    assert "object-src 'none'" in directives and "base-uri 'self'" in directives
    assert "'unsafe-inline'" not in directives[1] and "unsafe-eval'" not in text


THEME = TrustedScripts(
    frozenset({"moduleCode()", "upper()",
               "var target=document.getElementById(location.hash.slice(1))"}),
    (re.compile(r'__md_scope=new URL\("(?:\.\.?(?:/\.\.)*|/)",location\)'),))
"""As if every inline script of PAGE were a template's."""


def test_meta_comes_right_after_the_charset_on_its_own_line() -> None:
    out = with_policy(PAGE, THEME)
    assert out.replace(re.search(r"\n *<meta http-equiv[^>]*>", out)[0], "") == PAGE
    assert '<meta charset="utf-8">\n      ' + META_START in out
    content = re.search(re.escape(META_START) + '([^"]*)">', out)[1]
    assert content == policy(inline_scripts(PAGE))
    assert with_policy(PAGE, THEME) == out  # same page, same bytes
    bare = with_policy("<html><head><title>x</title></head><body></body></html>", THEME)
    assert bare.startswith("<html><head>" + META_START)


def test_only_the_templates_scripts_are_allowed(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "base.html").write_text(
        '<head><script>__md_scope=new URL("{{ base_url }}",location)</script></head>'
        '<script src="{{ x }}"></script><script type="application/json">{{ c }}</script>',
        encoding="utf-8")
    (tmp_path / "partials" / "p.html").write_text("<script>upper()</script>", encoding="utf-8")
    theme = template_scripts([tmp_path])
    assert theme.allows("upper()") and not theme.allows("moduleCode()")
    for way in (".", "..", "../../..", "/", "/sang-kien/"):
        assert theme.allows(f'__md_scope=new URL("{way}",location)'), way
    # An expression is filled with the way to the root, never a host, a quote or code.
    for fill in ("//evil.example", "https://evil.example", '",alert(1),"', "../x", ""):
        assert not theme.allows(f'__md_scope=new URL("{fill}",location)'), fill
    # A script that content put into the page (a title, a body) is no template's.
    injected = PAGE.replace("<body>", "<body><title><script>moduleCode()</script>"
                                      "<script>alert(1)</script>")
    content = re.search(re.escape(META_START) + '([^"]*)">', with_policy(injected, theme))[1]
    assert sha256("moduleCode()") not in content and sha256("alert(1)") not in content
    assert sha256("upper()") in content
    assert sha256('__md_scope=new URL("../..",location)') in content


def test_the_installed_theme_s_scripts_are_found() -> None:
    import material
    theme = template_scripts([PROJECT / "overrides", Path(material.__file__).parent / "templates"])
    assert theme.allows('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)'
                        '=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)'
                        '=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
                        'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}'
                        'catch(e){}}')
    assert not theme.allows("alert(1)")


def test_a_slot_inside_a_script_is_refused() -> None:
    shell = PAGE.replace("../..", "skslotpath")
    with pytest.raises(ValueError, match="chỗ điền"):
        with_policy(shell, TrustedScripts(frozenset({'__md_scope=new URL("skslotpath",location)'}),
                                          ()), placeholders=re.compile("skslot"))
    with_policy(PAGE.replace("<body>", "<body>skslotbody"), THEME,
                placeholders=re.compile("skslot"))


def test_a_page_without_head_or_with_a_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        with_policy("<p>no head</p>", THEME)
    with pytest.raises(ValueError):
        with_policy(with_policy(PAGE, THEME), THEME)


def test_our_templates_have_no_inline_code() -> None:
    # Code goes in overrides/assets/javascripts/: nothing of ours needs a hash or a handler.
    templates = sorted((PROJECT / "overrides").rglob("*.html"))
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert inline_scripts(text) == [], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE), path
        assert "javascript:" not in text.lower(), path
