"""Representations of dossiers for the API (read side)."""

from rest_framework import serializers

from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFee,
    DossierResult,
    HistoryEntry,
    Task,
)
from motcua.dossiers.services import available_actions


class DossierSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    national_status_label = serializers.CharField(
        source="get_national_status_display", read_only=True
    )
    procedure_code = serializers.CharField(
        source="procedure_version.procedure.national_code", read_only=True
    )
    procedure_name = serializers.CharField(
        source="procedure_version.procedure.name", read_only=True
    )
    receiving_agency = serializers.CharField(source="receiving_agency.code", read_only=True)
    settling_agency = serializers.CharField(source="settling_agency.code", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "code",
            "version",
            "state",
            "state_label",
            "national_status",
            "national_status_label",
            "procedure_code",
            "procedure_name",
            "applicant_name",
            "channel",
            "receiving_agency",
            "settling_agency",
            "submitted_at",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
        ]
        read_only_fields = fields


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierComponent
        fields = [
            "id",
            "name",
            "form",
            "quantity",
            "status",
            "digitised",
            "reused_from_result",
            "from_citizen_store",
            "result_code_substitute",
        ]
        read_only_fields = fields


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierFee
        fields = ["id", "name", "amount", "status", "paid_at", "method", "paid_online"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierResult
        fields = [
            "id",
            "kind",
            "name",
            "document_number",
            "issued_at",
            "signed",
            "signed_at",
            "result_code",
            "electronic",
        ]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    assignee = serializers.CharField(source="assignee.username", default=None, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "kind",
            "order",
            "name",
            "agency",
            "role",
            "assignee",
            "status",
            "is_lead",
            "started_at",
            "due_at",
            "finished_at",
            "outcome",
        ]
        read_only_fields = fields


class DossierDetailSerializer(DossierSerializer):
    components = ComponentSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "decision",
            "stop_reason",
            "return_method",
            "original_due_at",
            "extension_count",
            "supplement_count_after_reception",
            "components",
            "fees",
            "results",
            "tasks",
            "available_actions",
        ]
        read_only_fields = fields

    def get_available_actions(self, dossier) -> list[str]:
        return available_actions(dossier, self.context["request"].user)


class HistorySerializer(serializers.ModelSerializer):
    actor_unit = serializers.CharField(source="actor_unit_name", read_only=True)
    status_before = serializers.IntegerField(read_only=True, allow_null=True)
    status_after = serializers.IntegerField(read_only=True)

    class Meta:
        model = HistoryEntry
        fields = [
            "seq",
            "at",
            "actor_name",
            "actor_title",
            "actor_role",
            "actor_unit",
            "action",
            "state_before",
            "state_after",
            "status_before",
            "status_after",
            "note",
            "step_started_at",
            "step_due_at",
            "step_finished_at",
        ]
        read_only_fields = fields
