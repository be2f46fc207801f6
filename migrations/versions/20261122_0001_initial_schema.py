"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 14:00:12.019246

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
        sa.UniqueConstraint("name", name=op.f("uq_district_name")),
    )
    op.create_table(
        "job_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=60), nullable=False),
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_claim")),
        sa.UniqueConstraint("job", "slot", name=op.f("uq_job_claim_job_slot")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "manager",
                "staff",
                "driver",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=120), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("api_token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("api_token_hash", name=op.f("uq_user_api_token_hash")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "locality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "kind IN ('city', 'town', 'commune', 'village')", name=op.f("ck_locality_kind")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["district.id"],
            name=op.f("fk_locality_district_id_district"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locality")),
        sa.UniqueConstraint("district_id", "name", name=op.f("uq_locality_district_id_name")),
    )
    op.create_table(
        "beneficiary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("first_name_key", sa.String(length=80), nullable=False),
        sa.Column("last_name_key", sa.String(length=80), nullable=False),
        sa.Column("person_key", sa.String(length=170), nullable=False),
        sa.Column("idnp", sa.String(length=13), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column(
            "sex",
            sa.Enum("F", "M", name="sex", native_enum=False, create_constraint=True, length=20),
            nullable=True,
        ),
        sa.Column("locality_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("household_size", sa.Integer(), nullable=True),
        sa.Column(
            "disability_degree",
            sa.Enum(
                "severe",
                "accentuated",
                "medium",
                name="disability_degree",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("lives_alone", sa.Boolean(), nullable=False),
        sa.Column("can_travel", sa.Boolean(), nullable=False),
        sa.Column("cannot_travel_reason", sa.String(length=200), nullable=True),
        sa.Column("inquiry_reference", sa.String(length=80), nullable=True),
        sa.Column("diet_notes", sa.String(length=300), nullable=True),
        sa.Column("access_notes", sa.String(length=300), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "household_size IS NULL OR household_size >= 1", name=op.f("ck_beneficiary_household")
        ),
        sa.CheckConstraint(
            "idnp IS NULL OR length(idnp) = 13", name=op.f("ck_beneficiary_idnp_length")
        ),
        sa.ForeignKeyConstraint(
            ["consent_recorded_by_id"],
            ["user.id"],
            name=op.f("fk_beneficiary_consent_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["locality.id"],
            name=op.f("fk_beneficiary_locality_id_locality"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beneficiary")),
        sa.UniqueConstraint("idnp", name=op.f("uq_beneficiary_idnp")),
    )
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.create_index("ix_beneficiary_last_name_key", ["last_name_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_beneficiary_locality_id"), ["locality_id"], unique=False
        )
        batch_op.create_index("ix_beneficiary_person_key", ["person_key"], unique=False)

    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "canteen",
                "community_centre",
                name="site_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("cost_norm_lei", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "cost_norm_lei IS NULL OR cost_norm_lei >= 0", name=op.f("ck_site_cost_norm")
        ),
        sa.CheckConstraint(
            "latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name=op.f("ck_site_latitude")
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name=op.f("ck_site_longitude")
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["locality.id"],
            name=op.f("fk_site_locality_id_locality"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("name", name=op.f("uq_site_name")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_audit_entry_site_id_site"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_audit_entry_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "beneficiary_category",
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "solitary_elderly",
                "elderly_couple_ill",
                "disability",
                "bedridden",
                "seriously_ill",
                "family_children_at_risk",
                "family_disabled_children",
                "child_without_parental_care",
                "orphan",
                "abused_neglected_child",
                "child_at_risk",
                "young_leaving_care",
                "minor_mother",
                "violence_victim",
                "trafficking_victim",
                "released_from_detention",
                "unemployed",
                "substance_dependence",
                "hiv",
                "other",
                name="category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_beneficiary_category_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("beneficiary_id", "category", name=op.f("pk_beneficiary_category")),
    )
    op.create_table(
        "enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column(
            "service",
            sa.Enum(
                "lunch",
                "delivery",
                "parcels",
                "day_care",
                name="service",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "waiting",
                "active",
                "exited",
                name="enrolment_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decision_number", sa.String(length=60), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column(
            "referral_source",
            sa.Enum(
                "social_worker",
                "self",
                "institution",
                "other",
                name="referral_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("referral_name", sa.String(length=120), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("exit_reason", sa.String(length=200), nullable=True),
        sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status <> 'exited' OR end_date IS NOT NULL", name=op.f("ck_enrolment_exit_has_end")
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_enrolment_dates")
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_enrolment_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_enrolment_site_id_site"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_beneficiary_id"), ["beneficiary_id"], unique=False
        )
        batch_op.create_index(
            "ix_enrolment_site_service_status", ["site_id", "service", "status"], unique=False
        )
        batch_op.create_index(
            "uq_enrolment_one_active_lunch",
            ["beneficiary_id"],
            unique=True,
            sqlite_where=sa.text("status = 'active' AND service IN ('lunch', 'delivery')"),
            postgresql_where=sa.text("status = 'active' AND service IN ('lunch', 'delivery')"),
        )

    op.create_table(
        "route",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(weekdays) <= 7", name=op.f("ck_route_weekdays")),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["user.id"], name=op.f("fk_route_driver_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_route_site_id_site"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route")),
        sa.UniqueConstraint("site_id", "name", name=op.f("uq_route_site_id_name")),
    )
    with op.batch_alter_table("route", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_route_site_id"), ["site_id"], unique=False)

    op.create_table(
        "site_day_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_site_day_override_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_site_day_override_site_id_site"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_day_override")),
        sa.UniqueConstraint("site_id", "day", name=op.f("uq_site_day_override_site_id_day")),
    )
    op.create_table(
        "site_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column(
            "service",
            sa.Enum(
                "lunch",
                "delivery",
                "parcels",
                "day_care",
                name="service",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity >= 0", name=op.f("ck_site_service_capacity")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_site_service_site_id_site"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_service")),
        sa.UniqueConstraint("site_id", "service", name=op.f("uq_site_service_site_id_service")),
    )
    op.create_table(
        "user_site",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_user_site_site_id_site"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_site_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "site_id", name=op.f("pk_user_site")),
    )
    op.create_table(
        "attendance_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "meal",
            sa.Enum(
                "lunch",
                "day_care",
                name="meal",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "mark",
            sa.Enum(
                "present",
                "absent",
                "excused",
                "delivered",
                "not_delivered",
                name="mark",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "staff",
                "driver",
                name="mark_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_attendance_mark_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolment.id"],
            name=op.f("fk_attendance_mark_enrolment_id_enrolment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user.id"],
            name=op.f("fk_attendance_mark_marked_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_attendance_mark_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_mark")),
        sa.UniqueConstraint(
            "beneficiary_id", "day", "meal", name=op.f("uq_attendance_mark_beneficiary_id_day_meal")
        ),
    )
    with op.batch_alter_table("attendance_mark", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_mark_site_day", ["site_id", "day", "meal"], unique=False
        )

    op.create_table(
        "delivery_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("route_name", sa.String(length=80), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generated_by", sa.String(length=60), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["user.id"],
            name=op.f("fk_delivery_list_driver_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["route.id"],
            name=op.f("fk_delivery_list_route_id_route"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_delivery_list_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_list")),
        sa.UniqueConstraint("route_id", "day", name=op.f("uq_delivery_list_route_id_day")),
    )
    with op.batch_alter_table("delivery_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_list_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivery_list_site_id"), ["site_id"], unique=False)

    op.create_table(
        "enrolment_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_enrolment_pause_dates")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_enrolment_pause_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolment.id"],
            name=op.f("fk_enrolment_pause_enrolment_id_enrolment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_pause")),
    )
    with op.batch_alter_table("enrolment_pause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_pause_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "enrolment_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user.id"],
            name=op.f("fk_enrolment_status_change_changed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolment.id"],
            name=op.f("fk_enrolment_status_change_enrolment_id_enrolment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_status_change")),
    )
    with op.batch_alter_table("enrolment_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_status_change_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "route_stop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("portions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_route_stop_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["route.id"],
            name=op.f("fk_route_stop_route_id_route"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_stop")),
        sa.UniqueConstraint("beneficiary_id", name=op.f("uq_route_stop_beneficiary_id")),
    )
    with op.batch_alter_table("route_stop", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_route_stop_route_id"), ["route_id"], unique=False)

    op.create_table(
        "route_substitute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_route_substitute_dates")),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["user.id"],
            name=op.f("fk_route_substitute_driver_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["route.id"],
            name=op.f("fk_route_substitute_route_id_route"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_substitute")),
    )
    with op.batch_alter_table("route_substitute", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_route_substitute_route_id"), ["route_id"], unique=False
        )

    op.create_table(
        "delivery_stop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_list_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=170), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("contact", sa.String(length=170), nullable=True),
        sa.Column("diet_notes", sa.String(length=300), nullable=True),
        sa.Column("access_notes", sa.String(length=300), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("portions", sa.Integer(), nullable=False),
        sa.Column("parcel_note", sa.String(length=200), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "delivered",
                "not_delivered",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "failure_reason",
            sa.Enum(
                "not_home",
                "refused",
                "in_hospital",
                "other",
                name="failure_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("concern", sa.Boolean(), nullable=False),
        sa.Column("concern_note", sa.Text(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_delivery_stop_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delivery_list_id"],
            ["delivery_list.id"],
            name=op.f("fk_delivery_stop_delivery_list_id_delivery_list"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user.id"],
            name=op.f("fk_delivery_stop_marked_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_stop")),
        sa.UniqueConstraint(
            "delivery_list_id",
            "beneficiary_id",
            name=op.f("uq_delivery_stop_delivery_list_id_beneficiary_id"),
        ),
    )
    with op.batch_alter_table("delivery_stop", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_stop_concern", ["concern"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_delivery_stop_delivery_list_id"), ["delivery_list_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("delivery_stop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_stop_delivery_list_id"))
        batch_op.drop_index("ix_delivery_stop_concern")

    op.drop_table("delivery_stop")
    with op.batch_alter_table("route_substitute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_substitute_route_id"))

    op.drop_table("route_substitute")
    with op.batch_alter_table("route_stop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_stop_route_id"))

    op.drop_table("route_stop")
    with op.batch_alter_table("enrolment_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_status_change_enrolment_id"))

    op.drop_table("enrolment_status_change")
    with op.batch_alter_table("enrolment_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_pause_enrolment_id"))

    op.drop_table("enrolment_pause")
    with op.batch_alter_table("delivery_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_list_site_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_list_day"))

    op.drop_table("delivery_list")
    with op.batch_alter_table("attendance_mark", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_mark_site_day")

    op.drop_table("attendance_mark")
    op.drop_table("user_site")
    op.drop_table("site_service")
    op.drop_table("site_day_override")
    with op.batch_alter_table("route", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_site_id"))

    op.drop_table("route")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_enrolment_one_active_lunch",
            sqlite_where=sa.text("status = 'active' AND service IN ('lunch', 'delivery')"),
            postgresql_where=sa.text("status = 'active' AND service IN ('lunch', 'delivery')"),
        )
        batch_op.drop_index("ix_enrolment_site_service_status")
        batch_op.drop_index(batch_op.f("ix_enrolment_beneficiary_id"))

    op.drop_table("enrolment")
    op.drop_table("beneficiary_category")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    op.drop_table("site")
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.drop_index("ix_beneficiary_person_key")
        batch_op.drop_index(batch_op.f("ix_beneficiary_locality_id"))
        batch_op.drop_index("ix_beneficiary_last_name_key")

    op.drop_table("beneficiary")
    op.drop_table("locality")
    op.drop_table("user")
    op.drop_table("job_claim")
    op.drop_table("district")
