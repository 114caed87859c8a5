"""Forms of the login, registration, second-factor and account pages. Checks live in the actions."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.actions import PHONE_RE
from yiwang.core.cleantext import TextField
from yiwang.core.identifiers import normalise, parse_citizen_id, parse_credit_code


class LoginForm(forms.Form):
    identifier = TextField(
        label=_("Account, citizen ID number or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    code = TextField(
        label=_("6-digit code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class IdempotentForm(forms.Form):
    """A creating form carries a key made when the page was drawn: a double submit creates once."""

    idempotency_key = TextField(widget=forms.HiddenInput, max_length=128)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if "idempotency_key" in self.errors:
            # The hidden key is missing or mangled: say so where the reader looks, with a fresh key.
            del self.errors["idempotency_key"]
            self.add_error(None, _("This form has expired. Please check the fields and send it again."))
            self.data = self.data.copy()
            self.data["idempotency_key"] = uuid.uuid4().hex
        return data


class RegisterForm(IdempotentForm):
    real_name = TextField(
        label=_("Real name"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = TextField(
        label=_("Citizen ID number"), max_length=30, help_text=_("18 characters; the last may be X.")
    )
    phone = TextField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters with three of: lower-case, capitals, digits, other characters."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    agree = forms.BooleanField(
        label=_("I agree that my identity data is checked and stored encrypted for government services.")
    )

    # The identifiers are checked here too, so that every mistake shows at once, not one per submit;
    # the action checks them again (it is also called from the API).
    def clean_id_number(self):
        return parse_citizen_id(self.cleaned_data["id_number"]).number

    def clean_phone(self):
        phone = normalise(self.cleaned_data["phone"])
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number such as 13812345678."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class EnterpriseForm(IdempotentForm):
    name = TextField(label=_("Registered name"), max_length=200)
    credit_code = TextField(label=_("Unified social credit code"), max_length=30)
    legal_representative = TextField(
        label=_("Legal representative"),
        max_length=40,
        help_text=_(
            "Your own real name: only the legal representative registers an enterprise and then adds agents."
        ),
    )

    def clean_credit_code(self):
        return parse_credit_code(self.cleaned_data["credit_code"]).code


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password1")
            and data.get("new_password2")
            and data["new_password1"] != data["new_password2"]
        ):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


def apply_errors(form, error):
    """Put an action's ValidationError onto the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
