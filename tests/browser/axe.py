"""The WCAG AA colour-contrast check of axe-core (vendored in static/vendor/), run in a page."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"


def contrast_violations(page) -> list[str]:
    """Every element axe-core finds below AA contrast, as 'selector: summary' lines."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the server's own static folder: the pages' CSP allows no inline script.
        assert AXE.exists()
        page.add_script_tag(url=page.evaluate("location.origin") + "/static/vendor/axe.min.js")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]},
                                   resultTypes: ["violations"]})"""
    )
    return [
        f"{node['target']}: {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
