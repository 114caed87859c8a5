"""The worklists' finished tab reads a department's newest finished cases in index order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["department", "-finished_at", "status"], name="case_department_finished"),
        ),
    ]
