"""Hostile strings for the dashboard and API tests: script injection in every HTML context the pages
have (text, attribute, URL, SVG) and SQL that would change a query if it were spliced into it.
Our own list; each XSS payload holds a character autoescaping must change (< > & " '), so a payload
found verbatim in a page means it went out unescaped."""

XSS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg/onload=alert('xss-3')>",
    "\"><script>alert('xss-4')</script>",
    "' onmouseover='alert(\"xss-5\")' x='",
    "\" autofocus onfocus=\"alert('xss-6')",
    "</textarea></title></mark><script>alert('xss-7')</script>",
    "<iframe srcdoc=\"<script>alert('xss-8')</script>\"></iframe>",
    "<a href=\"javascript:alert('xss-9')\">click</a>",
    "<body onload=alert('xss-10')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-11')>",
    "{{ 7*7 }}<b>{% raw %}{{ config }}{% endraw %}</b>",
    "<style>*{display:none}</style>",
    "&lt;script&gt;alert('xss-12')&lt;/script&gt;",
    "<!-- --><script>alert('xss-13')</script>",
]
# hrefs a page must never emit as a link target
BAD_URLS = ["javascript:alert('xss-url')", "data:text/html,<script>alert('xss-data')</script>", "vbscript:msgbox(1)"]
SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "%' OR 1=1 --",
    "\"; DROP TABLE events; --",
    "1; DELETE FROM events",
    "' UNION SELECT id, data FROM articles --",
    "x' AND (SELECT COUNT(*) FROM sqlite_master) > 0 --",
    "%",
    "_",
    "\\",
    "'",
    "\x00",
    "ASSAULT' --",
]
