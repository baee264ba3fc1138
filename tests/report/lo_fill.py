"""Fill a jixiao template in LibreOffice over UNO, cell by cell as a person types, and save it.

Run by the system Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
``python3 lo_fill.py TEMPLATE OUT.xlsx CELLS_JSON PROFILE_DIR``. Not a test module itself.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: Any) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(480):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.25)
    raise SystemExit("LibreOffice did not start")


def _fill(ctx: Any, template: Path, out: Path, cells: dict[str, str | float]) -> None:
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(template.resolve().as_uri(), "_blank", 0,
                                       (_prop("Hidden", True),))  # fmt: skip
    sheet = doc.Sheets.getByName("自评表")
    for ref, value in cells.items():
        cell = sheet.getCellRangeByName(ref)
        if isinstance(value, str):
            cell.setString(value)
        else:
            cell.setValue(value)
    doc.calculateAll()
    doc.storeToURL(out.resolve().as_uri(), (_prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    with contextlib.suppress(Exception):  # the office quits while answering
        desktop.terminate()


def main(template: str, out: str, cells: str, profile: str) -> None:
    pipe = f"jixiao{Path(profile).name}{int(time.time() * 1000)}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless",
         "--invisible", "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"]
    )  # fmt: skip
    try:
        _fill(_connect(pipe), Path(template), Path(out), json.loads(cells))
    finally:
        try:
            office.wait(timeout=120)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:])
