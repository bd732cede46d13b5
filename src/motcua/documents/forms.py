from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Letterhead
from .services import LETTERHEAD_FIELDS


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF đã ký số"),
        help_text=_("Tệp PDF, dung lượng tối đa theo quy định của hệ thống."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class LetterheadForm(forms.ModelForm):
    """Only collects input; ``services.save_letterhead`` validates and writes."""

    class Meta:
        model = Letterhead
        fields = LETTERHEAD_FIELDS
        widgets = {
            "issuer_name": forms.Textarea(attrs={"rows": 2}),
            "contact_text": forms.Textarea(attrs={"rows": 3}),
        }
