"""Imports every model so metadata (migrations, create_all) sees all tables."""

from app.attendance.models import AttendanceMark  # noqa: F401
from app.auth.models import User, user_site  # noqa: F401
from app.beneficiaries.models import (  # noqa: F401
    Beneficiary,
    BeneficiaryCategory,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatusChange,
)
from app.core.models import AuditEntry, JobClaim, SiteDayOverride  # noqa: F401
from app.delivery.models import (  # noqa: F401
    DeliveryList,
    DeliveryStop,
    Route,
    RouteStop,
    RouteSubstitute,
)
from app.parcels.models import (  # noqa: F401
    Campaign,
    CampaignEntry,
    Distribution,
    ParcelItem,
    ParcelType,
    StockBalance,
    StockMovement,
)
from app.places.models import District, Locality, Site, SiteService  # noqa: F401
