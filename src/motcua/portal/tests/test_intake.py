"""One intake path for online dossiers: this portal's and the national portal's land alike in
the desk's intake queue, once per sender key."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import applicant
from motcua.portal import intake, services
from motcua.portal.models import OnlineIntake, Submission

from .filing import VALID_FORM, build_filing, file_online, pdf


def _national(filing, key="DVCQG-000123", **kw):
    values = {
        "channel": DossierChannel.NATIONAL_PORTAL,
        "key": key,
        "actor": None,  # pushed by the integration: the system
        "procedure_version": filing.version,
        "case": filing.case,
        "receiving_agency": filing.desk,
        "applicant": applicant(),
        "form_data": VALID_FORM,
    }
    values.update(kw)
    return intake.accept_online_submission(**values)


@pytest.mark.django_db
@pytest.mark.criterion("PL3-19", "PL3-2")
def test_portal_and_national_portal_dossiers_follow_one_path():
    filing = build_filing()
    ours = file_online(filing)
    theirs = _national(filing)
    assert _national(filing) == theirs  # the same key again: the same dossier
    for dossier in (ours, theirs):
        assert dossier.state == State.SUBMITTED and dossier.national_status == 1
        assert dossier.intake_due_at is not None and dossier.intake_alert_due_at is not None
        assert dossier.history.get().action == "submit"
    assert ours.owner == filing.citizen and theirs.owner is None
    # Both wait in the desk's intake queue, as the reception officer sees it.
    queue = selectors.dossiers_visible_to(filing.reception).filter(state=State.SUBMITTED)
    assert set(queue) == {ours, theirs}
    assert theirs.summary == filing.procedure.name
    assert OnlineIntake.objects.count() == 2


@pytest.mark.django_db
def test_only_the_system_pushes_national_portal_dossiers_and_channels_are_online_ones():
    filing = build_filing()
    with pytest.raises(PermissionDenied):
        _national(filing, actor=filing.citizen)
    with pytest.raises(ValueError):
        _national(filing, channel=DossierChannel.COUNTER)
    assert not Dossier.objects.exists() and not OnlineIntake.objects.exists()


@pytest.mark.django_db
def test_the_default_desk_follows_the_settling_agency():
    filing = build_filing()
    assert intake.default_desk(filing.department) == filing.desk
    assert intake.default_desk(None) == filing.desk
    assert intake.competent_agencies(filing.version) == [filing.department]


@pytest.mark.django_db(transaction=True)
@pytest.mark.criterion("PL3-4")
def test_two_simultaneous_submissions_of_one_draft_make_one_dossier():
    filing = build_filing()
    user = filing.citizen
    submission = services.start(user=user, version=filing.version)
    services.choose_case(
        submission,
        user=user,
        case=filing.case,
        settling_agency=filing.department,
        receiving_agency=filing.desk,
    )
    services.save_form(submission, user=user, data=VALID_FORM)
    services.attach_uploads(
        submission, user=user, requirement=filing.birth_certificate, uploads=[pdf()]
    )
    services.save_delivery(submission, user=user, method="online", address="")
    results, errors = [], []
    barrier = threading.Barrier(2)

    def press():
        try:
            barrier.wait()
            results.append(services.submit(Submission.objects.get(pk=submission.pk), user=user))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({d.pk for d in results}) == 1
    assert Dossier.objects.count() == 1
