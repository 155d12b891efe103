from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .selectors import certificate_by_code, normalise_code

CODE_NOT_FOUND = _("No certificate has this code. Check the code printed on the certificate.")
CODE_MALFORMED = _("A certificate code has 12 letters and digits, like ABCD-EFGH-JKLM.")


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=40, strip=True)

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != 14:
            raise forms.ValidationError(CODE_MALFORMED)
        return code


def verify(request):
    """Public verification: anyone can check whether a code belongs to a valid certificate."""
    form = VerifyForm(request.GET or None)
    certificate = None
    if form.is_valid():
        certificate = certificate_by_code(form.cleaned_data["code"])
        if certificate is None:
            form.add_error("code", CODE_NOT_FOUND)
    return render(request, "certificates/verify.html", {"form": form, "certificate": certificate})
