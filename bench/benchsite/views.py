"""The minimal write: a plain Django view, no authentication, one INSERT inside a transaction."""

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from benchsite.models import BenchRow


@csrf_exempt
def insert(request):
    if request.method != "POST":
        return JsonResponse({"error": "POST only"}, status=405)
    with transaction.atomic():
        row = BenchRow.objects.create(size=len(request.body))
    return JsonResponse({"id": row.pk}, status=201)
