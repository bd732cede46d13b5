"""A dossier that arrived by post is registered at the counter as one brought in person, with
“Hình thức nộp: Qua dịch vụ bưu chính”: its channel is “post”, the postal item number and the
day it arrived go into the registration's history line, the papers (Mẫu 01, 02, 03) are the
same, the form's one-time token still registers it once, and the statistics count it under
“Tiếp nhận qua bưu chính”. Bad input is explained in Vietnamese and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierChannel, HistoryEntry
from motcua.dossiers.states import Action, State
from motcua.portal.models import OnlineIntake
from motcua.reports import services as reports
from motcua.reports.periods import Period

from .helpers import client_for
from .test_reception import form_url, reception_data
from .test_reception_idempotent import rendered_token

pytestmark = pytest.mark.django_db


def by_post(**overrides):
    values = {"channel": "post", "postal_item_number": " ee 123456789 vn ", "postal_arrived_on": ""}
    values.update(overrides)
    return reception_data(**values)


def submit_note(dossier) -> str:
    return dossier.history.get(action=Action.SUBMIT).note


def test_the_form_offers_both_ways_in_person_by_default(world):
    page = client_for(world.reception).get(form_url(world)).content.decode()
    assert "<legend>Hình thức nộp</legend>" in page
    assert "Trực tiếp tại Bộ phận Một cửa" in page and "Qua dịch vụ bưu chính" in page
    assert 'type="radio" name="channel" value="counter" id="id_channel_0" checked' in page
    assert "Số hiệu bưu gửi" in page and "Ngày bưu gửi đến" in page


@pytest.mark.criterion("PL2-2.1", "PL2-2.3")
def test_a_dossier_arrived_by_post_is_received_with_its_item_number_and_counted_as_post(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world.reception)
    token = rendered_token(client, world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = by_post(form_token=token, postal_arrived_on=yesterday.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world), data)
    dossier = Dossier.objects.get()
    assert response.url == reverse("backoffice:reception_done", args=[dossier.code])
    assert dossier.channel == DossierChannel.POST
    assert dossier.state == State.RECEIVED and dossier.due_at is not None
    assert submit_note(dossier) == (
        f"Số hiệu bưu gửi: EE123456789VN; Ngày bưu gửi đến: {yesterday:%d/%m/%Y}"
    )
    assert dossier.history.get(action=Action.SUBMIT).data["channel"] == "post"
    # The form's token is kept under the counter's channel: posting it again registers nothing.
    intake = OnlineIntake.objects.get()
    assert (intake.channel, intake.key, intake.dossier) == ("counter", token, dossier)
    again = client.post(form_url(world), data)
    assert again.url == response.url and Dossier.objects.count() == 1
    # The receipt (Mẫu 01) as for a dossier brought in person.
    done = client.get(response.url).content.decode()
    assert "Dịch vụ bưu chính" in done
    receipt = reverse("documents:form_download", args=[dossier.code, "giay-tiep-nhan", "pdf"])
    assert receipt in done
    pdf = client.get(receipt)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The dossier page shows the channel and the postal details in its history.
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert "Dịch vụ bưu chính" in page and "EE123456789VN" in page
    # Statistics (read only): received by post, not at the counter.
    day = timezone.localdate(dossier.received_at)
    figures = reports.totals(Period.days(day, day), reports.Filters())
    assert figures["received_post"] == 1
    assert figures["received_counter"] == 0
    assert figures["received"] == 1


def test_the_postal_details_are_optional(world):
    client_for(world.reception).post(form_url(world), by_post(postal_item_number=""))
    dossier = Dossier.objects.get()
    assert dossier.channel == DossierChannel.POST and submit_note(dossier) == ""


@pytest.mark.criterion("PL2-2.3")
def test_an_incomplete_or_refused_postal_dossier_gets_mau02_or_mau03(world):
    client = client_for(world.reception)
    response = client.post(
        form_url(world),
        by_post(status_1="missing", outcome="supplement", reason="Thiếu giấy chứng sinh."),
    )
    dossier = Dossier.objects.get()
    assert dossier.channel == DossierChannel.POST
    assert dossier.state == State.INTAKE_FIX_REQUESTED
    assert submit_note(dossier) == "Số hiệu bưu gửi: EE123456789VN"
    done = client.get(response.url).content.decode()
    assert reverse("documents:form_download", args=[dossier.code, "yeu-cau-bo-sung", "pdf"]) in done
    response = client.post(
        form_url(world),
        by_post(postal_item_number="", outcome="refuse", reason="Không thuộc thẩm quyền."),
    )
    refused = Dossier.objects.exclude(pk=dossier.pk).get()
    assert refused.channel == DossierChannel.POST and refused.state == State.NOT_RECEIVED
    done = client.get(response.url).content.decode()
    assert reverse("documents:form_download", args=[refused.code, "tu-choi", "pdf"]) in done


def test_a_form_without_the_choice_is_a_dossier_brought_in_person(world):
    client_for(world.reception).post(form_url(world), reception_data())
    dossier = Dossier.objects.get()
    assert dossier.channel == DossierChannel.COUNTER and submit_note(dossier) == ""


def assert_nothing_written():
    assert not Dossier.objects.exists()
    assert not OnlineIntake.objects.exists()
    assert not HistoryEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            by_post(channel="online_portal"),
            "Vui lòng chọn hình thức nộp: trực tiếp tại Bộ phận Một cửa hoặc qua dịch vụ "
            "bưu chính.",
        ),
        (
            by_post(channel="counter"),
            "Chỉ điền khi hồ sơ gửi đến qua dịch vụ bưu chính: hãy chọn “Qua dịch vụ bưu "
            "chính” hoặc xoá ô này.",
        ),
        (
            by_post(postal_item_number="Số 12/ABC"),
            "Số hiệu bưu gửi chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang",
        ),
        (
            by_post(postal_arrived_on=(timezone.localdate() + dt.timedelta(days=2)).isoformat()),
            "Ngày bưu gửi đến không được sau ngày hôm nay.",
        ),
        (by_post(postal_arrived_on="31/02/2026"), "Nhập một ngày hợp lệ."),
    ],
    ids=["other-channel", "postal-details-in-person", "item-number", "future", "bad-date"],
)
def test_bad_input_is_explained_and_writes_nothing(world, data, message):
    client = client_for(world.reception)
    response = client.post(form_url(world), {**data, "form_token": rendered_token(client, world)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_nothing_written()


def test_a_procedure_not_offered_by_post_is_refused_with_a_clear_message(world):
    # A procedure published without the postal channel (set directly: published is frozen).
    ProcedureVersion.objects.filter(pk=world.version.pk).update(channels=["counter", "online"])
    client = client_for(world.reception)
    response = client.post(form_url(world), by_post(form_token=rendered_token(client, world)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Thủ tục này không tiếp nhận hồ sơ qua kênh “Dịch vụ bưu chính”." in page
    assert_nothing_written()
