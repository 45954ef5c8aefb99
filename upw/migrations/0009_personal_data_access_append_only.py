"""On PostgreSQL the database itself refuses to change a logged read of personal data.

The one update allowed is the account's link set to NULL when the account is deleted (the name is
kept in `username`); rows may be deleted, for the nightly retention purge. Other databases rely on
the model's refusals (upw.models.audit).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION upw_personal_data_access_append_only() RETURNS trigger AS $$
BEGIN
    IF NEW.user_id IS NULL
       AND ROW(NEW.id, NEW.at, NEW.username, NEW.person_id, NEW.crn, NEW.channel, NEW.path, NEW.view_name,
               NEW.ip_address)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.at, OLD.username, OLD.person_id, OLD.crn, OLD.channel, OLD.path, OLD.view_name,
               OLD.ip_address)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The log of reads of personal data is kept as written: rows are never changed.';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER upw_personal_data_access_append_only
    BEFORE UPDATE ON upw_personaldataaccess
    FOR EACH ROW EXECUTE FUNCTION upw_personal_data_access_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS upw_personal_data_access_append_only ON upw_personaldataaccess;
DROP FUNCTION IF EXISTS upw_personal_data_access_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("upw", "0008_staff_invitations"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
