"""One table for the write baseline."""

from django.db import models


class BenchRow(models.Model):
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"bench row {self.pk}"
