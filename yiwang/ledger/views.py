"""The citizen's "who used my data" pages (/me/data-uses/) and the log's public key (/.well-known/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from yiwang.accounts.models import Department, Subject
from yiwang.core.http import client_ip
from yiwang.ledger import actions, proofs
from yiwang.ledger.models import Objection
from yiwang.ledger.permissions import entries_for_user, get_entry_for_user

PAGE_ROWS = 30
PURPOSES = {
    actions.PURPOSE_CASE_HANDLING: gettext_lazy("Handling your application"),
    actions.PURPOSE_CASE_DECISION: gettext_lazy("Deciding on your application"),
    actions.PURPOSE_ACCOUNT_SECURITY: gettext_lazy("Account and role administration"),
}


def _consumers(entries):
    """'department:<code>' -> the department's name in the reader's language; other consumers as given."""
    codes = {e.consumer.split(":", 1)[1] for e in entries if e.consumer.startswith("department:")}
    names = {d.code: d.display_name for d in Department.objects.filter(code__in=codes)}
    return {
        e.pk: names.get(e.consumer.split(":", 1)[1], e.consumer)
        if e.consumer.startswith("department:")
        else e.consumer
        for e in entries
    }


@login_required
@require_GET
def data_uses(request):
    """Every entry of the ledger about me or an enterprise I act for, newest first, each with its proof."""
    page = Paginator(entries_for_user(request.user).order_by("-created_at", "-id"), PAGE_ROWS).get_page(
        request.GET.get("page")
    )
    entries = list(page.object_list)
    consumers = _consumers(entries)
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in={e.subject_id for e in entries})}
    objections = {
        o.entry_id: o
        for o in Objection.objects.filter(entry__in=entries, user=request.user).select_related("ticket")
    }
    head = proofs.latest_head()
    rows = [
        {
            "entry": e,
            "consumer": consumers[e.pk],
            "purpose": PURPOSES.get(e.purpose, e.purpose),
            "subject": subjects.get(e.subject_id),
            "is_me": subjects.get(e.subject_id) is not None and subjects[e.subject_id].kind == Subject.PERSON,
            "in_log": head is not None and e.leaf_index is not None and e.leaf_index < head.tree_size,
            "objection": objections.get(e.pk),
        }
        for e in entries
    ]
    return render(request, "ledger/data_uses.html", {"page": page, "rows": rows, "head": head})


@login_required
@require_GET
def receipt(request, code):
    """The entry's receipt (JSON) to keep and check offline; 404 until a signed tree head covers it."""
    entry = get_entry_for_user(request.user, code)
    body = proofs.receipt_bytes(entry)
    if body is None:
        return JsonResponse(
            {
                "error": {
                    "code": "not_yet_in_log",
                    "message": _("This entry is not in a signed tree head yet. Try again in a minute."),
                }
            },
            status=404,
        )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="yiwang-receipt-{entry.code}.json"'
    return response


@login_required
@require_POST
def object_to_use(request, code):
    """One click: a complaint ticket about this use of my data."""
    entry = get_entry_for_user(request.user, code)
    objection = actions.do_object_to_use(entry, actor=request.user, ip=client_ip(request))
    messages.success(
        request,
        _("Your objection was sent to the 12345 hotline as complaint %(number)s.")
        % {"number": objection.ticket.number},
    )
    return redirect("hotline:mine_detail", code=objection.ticket.code)


@require_GET
def public_key(request):
    """The log's SM2 public key, for verifiers: /.well-known/yiwang-ledger-key."""
    response = JsonResponse(proofs.public_key_json(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
