"""A person downloads their data, then deletes their account, on a phone and on a desktop."""

from __future__ import annotations

import io
import json
import zipfile

from couplesafe.accounts.models import User
from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD


def test_download_data_then_delete_the_account(new_partner_page, alice, bob) -> None:
    phone = new_partner_page()
    log_in(phone, "alice@example.com", PASSWORD)
    phone.get_by_role("link", name="Settings").click()
    phone.wait_for_url("**/accounts/profile/")
    check_a11y(phone)
    screenshot(phone, "rights-settings-phone")
    phone.get_by_role("link", name="Download your data").click()
    phone.wait_for_url("**/accounts/data/export/")
    check_a11y(phone)
    screenshot(phone, "rights-export-phone")

    phone.get_by_label("Your password").fill("not it")
    phone.get_by_role("button", name="Download my data").click()
    phone.get_by_text("That password is not right").wait_for()
    check_a11y(phone)

    phone.get_by_label("Your password").fill(PASSWORD)
    with phone.expect_download() as download_info:
        phone.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("couplesafe-data-")
    with (
        open(download.path(), "rb") as handle,
        zipfile.ZipFile(io.BytesIO(handle.read())) as zipped,
    ):
        data = json.loads(zipped.read("data.json"))
        html = zipped.read("data.html").decode()
    assert data["profile"]["email"] == "alice@example.com"
    readable = new_partner_page()
    readable.set_content(html)
    check_a11y(readable)
    screenshot(readable, "rights-export-file-phone")

    desktop = new_partner_page(width=1280, height=900)
    log_in(desktop, "alice@example.com", PASSWORD)
    desktop.goto("/accounts/data/export/")
    screenshot(desktop, "rights-export-desktop")
    desktop.goto("/accounts/profile/")
    desktop.get_by_role("link", name="Delete your account").click()
    desktop.wait_for_url("**/accounts/delete/")
    assert "Your own words leave with you." in desktop.content()
    check_a11y(desktop)
    screenshot(desktop, "rights-delete-desktop")
    phone.goto("/accounts/delete/")
    screenshot(phone, "rights-delete-phone")

    desktop.get_by_label("Your password").fill(PASSWORD)
    desktop.get_by_role("button", name="Delete my account").click()
    desktop.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)
    desktop.get_by_text("Your account is deleted").wait_for()
    check_a11y(desktop)
    screenshot(desktop, "rights-deleted-desktop")
    assert not User.objects.filter(email="alice@example.com").exists()

    # The phone's session ended too: the next page asks to log in.
    phone.goto("/home/")
    assert "/accounts/login/" in phone.url
