"""A pytest plugin that writes the outcome counts of a run as JSON.

Loaded by `scripts/nengo-test-suite.sh` with `-p nengo_baseline.counts`; the file named
by the environment variable NENGO_SUITE_COUNTS receives

    {"passed": n, "failed": n, "skipped": n, "xfailed": n, "xpassed": n, "errors": n,
     "deselected": n, "by_file": {"nengo/tests/test_x.py": {"selected": n, "passed": n, ...}}}

`by_file` counts, per test file, the tests left after deselection (what a backend gets)
and their outcomes. Counts are pytest's own (`terminalreporter.stats`); a test counts once,
by the outcome of its call phase (or of its setup when that skipped or failed).
"""

import collections
import json
import os

_selected = collections.Counter()


def _file(nodeid):
    return nodeid.split("::", 1)[0]


def pytest_collection_finish(session):
    _selected.clear()
    _selected.update(_file(item.nodeid) for item in session.items)


def pytest_terminal_summary(terminalreporter):
    path = os.environ.get("NENGO_SUITE_COUNTS")
    if not path:
        return
    stats = terminalreporter.stats
    keys = {
        "passed": "passed",
        "failed": "failed",
        "skipped": "skipped",
        "xfailed": "xfailed",
        "xpassed": "xpassed",
        "errors": "error",
        "deselected": "deselected",
    }
    counts = {key: len(stats.get(name, [])) for key, name in keys.items()}
    by_file = {f: {"selected": n} for f, n in sorted(_selected.items())}
    for key, name in keys.items():
        if key == "deselected":
            continue
        for report in stats.get(name, []):
            nodeid = getattr(report, "nodeid", None)
            if nodeid is None:
                continue
            entry = by_file.setdefault(_file(nodeid), {"selected": 0})
            entry[key] = entry.get(key, 0) + 1
    counts["by_file"] = by_file
    with open(path, "w", encoding="utf-8") as f:
        json.dump(counts, f, indent=1, sort_keys=False)
        f.write("\n")
