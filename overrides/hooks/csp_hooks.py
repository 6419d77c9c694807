"""MkDocs hooks: a Content-Security-Policy meta on every built page (content_security_policy.py).

Listed last in mkdocs.yml so it sees each page's final inline scripts. Skipped under
`mkdocs serve`, whose live-reload script is injected after the build and would be blocked.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from content_security_policy import add_csp_meta

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_page(output: str, page: Any, config: Any) -> str:
    return output if _serving else add_csp_meta(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if _serving or not template_name.endswith(".html"):
        return output_content
    return add_csp_meta(output_content)
