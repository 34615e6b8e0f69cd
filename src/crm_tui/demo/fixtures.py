"""Deterministic, believable seed data for the demo backend.

Everything comes from one seeded ``random.Random`` and one ``now``: every date is
relative to ``now``, so a fixed clock and a fixed seed give byte-identical data.
Rows are plain dicts keyed by the database's column names (see ``db.SCHEMA``),
with timestamps already in the database's text form.

The default data set is about forty companies with hand-picked names (one holds a
``%``, one a ``_``, some non-ASCII letters, to keep search honest); ``size=N``
generates N companies and proportional contacts (2N), leads (N) and activities (3N).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, TypeVar

from crm_tui.api.vocabulary import ACTIVITY_TYPES, COMPANY_STATUSES, KNOWN_STAGES, TASK_STATUSES
from crm_tui.demo import identity
from crm_tui.demo.text import ascii_slug, contact_sort_key, fold, sort_key
from crm_tui.demo.times import as_utc

Row = dict[str, Any]
T = TypeVar("T")

DEFAULT_COMPANIES = 40
DEFAULT_CONTACTS = 80
DEFAULT_LEADS = 45
DEFAULT_ACTIVITIES = 120
DEFAULT_TASKS = 24
ACTIVITY_WINDOW_DAYS = 35

# (city, country code, phone prefix)
CITIES: tuple[tuple[str, str, str], ...] = (
    ("Hamburg", "DE", "+49 40"),
    ("Berlin", "DE", "+49 30"),
    ("Munich", "DE", "+49 89"),
    ("Cologne", "DE", "+49 221"),
    ("Stuttgart", "DE", "+49 711"),
    ("Stockholm", "SE", "+46 8"),
    ("Manchester", "GB", "+44 161"),
    ("London", "GB", "+44 20"),
    ("Bristol", "GB", "+44 117"),
    ("Birmingham", "GB", "+44 121"),
    ("Denver", "US", "+1 303"),
    ("Portland", "US", "+1 503"),
    ("Boston", "US", "+1 617"),
    ("Austin", "US", "+1 512"),
    ("Chicago", "US", "+1 312"),
    ("San Francisco", "US", "+1 415"),
    ("Valencia", "ES", "+34 96"),
    ("Barcelona", "ES", "+34 93"),
    ("Toulouse", "FR", "+33 5"),
    ("Bordeaux", "FR", "+33 5"),
    ("Poznań", "PL", "+48 61"),
    ("Gdańsk", "PL", "+48 58"),
    ("Dublin", "IE", "+353 1"),
    ("Cork", "IE", "+353 21"),
    ("Amsterdam", "NL", "+31 20"),
    ("Utrecht", "NL", "+31 30"),
    ("Rotterdam", "NL", "+31 10"),
    ("Eindhoven", "NL", "+31 40"),
    ("Zurich", "CH", "+41 44"),
    ("Basel", "CH", "+41 61"),
    ("Lisbon", "PT", "+351 21"),
    ("Oslo", "NO", "+47 22"),
    ("Ålesund", "NO", "+47 70"),
    ("Athens", "GR", "+30 21"),
    ("Helsinki", "FI", "+358 9"),
    ("Milan", "IT", "+39 02"),
    ("Vancouver", "CA", "+1 604"),
    ("Copenhagen", "DK", "+45 33"),
    ("Aarhus", "DK", "+45 86"),
    ("Vienna", "AT", "+43 1"),
)
_CITY = {city: (city, country, prefix) for city, country, prefix in CITIES}

# The default set: (name, industry, city).
CURATED_COMPANIES: tuple[tuple[str, str, str], ...] = (
    ("Northwind Logistics", "Logistics", "Hamburg"),
    ("Bluefin Analytics", "Software", "Stockholm"),
    ("Crescent Dental Group", "Healthcare", "Manchester"),
    ("Summit Ridge Outdoor", "Retail", "Denver"),
    ("Harbor & Pine Architects", "Architecture", "Portland"),
    ("Lumen Solar Systems", "Energy", "Valencia"),
    ("Kestrel Aerospace Components", "Manufacturing", "Toulouse"),
    ("Oakline Furniture", "Manufacturing", "Poznań"),
    ("Meridian Health Partners", "Healthcare", "Dublin"),
    ("Vantage Point Media", "Media", "London"),
    ("Copperleaf Coffee Roasters", "Food & Beverage", "Amsterdam"),
    ("Greenfield Agritech", "Agriculture", "Utrecht"),
    ("Ironbridge Engineering", "Engineering", "Birmingham"),
    ("Polaris Freight", "Logistics", "Rotterdam"),
    ("Silverline Insurance Brokers", "Financial Services", "Zurich"),
    ("Tidewater Marine Supply", "Wholesale", "Gdańsk"),
    ("Quantum Leap Learning", "Education", "Boston"),
    ("Redwood Legal LLP", "Legal Services", "San Francisco"),
    ("Aurora Biotech", "Biotech", "Basel"),
    ("Brightwater Hotels", "Hospitality", "Lisbon"),
    ("Cobalt Security Systems", "Security", "Munich"),
    ("Falcon Ridge Vineyards", "Food & Beverage", "Bordeaux"),
    ("Granite Peak Construction", "Construction", "Oslo"),
    ("Helios Renewables", "Energy", "Athens"),
    ("Juniper Pet Care", "Retail", "Austin"),
    ("Keystone Property Management", "Real Estate", "Chicago"),
    ("Mosaic Design Studio", "Design", "Barcelona"),
    ("Nimbus Cloud Hosting", "Software", "Helsinki"),
    ("Orchard Lane Bakery", "Food & Beverage", "Bristol"),
    ("Pinnacle Sports Nutrition", "Retail", "Milan"),
    ("Riverside Veterinary Clinic", "Healthcare", "Cork"),
    ("Sterling Precision Tools", "Manufacturing", "Stuttgart"),
    ("Trailhead Travel", "Travel", "Vancouver"),
    ("Umbra Lighting", "Manufacturing", "Copenhagen"),
    ("Waypoint Robotics", "Robotics", "Eindhoven"),
    ("Zephyr Wind Services", "Energy", "Aarhus"),
    ("Ålesund Seafood Export", "Wholesale", "Ålesund"),
    ("100% Natural Juice Co.", "Food & Beverage", "Vienna"),
    ("Data_Forge Labs", "Software", "Berlin"),
    ("Café Müller Catering", "Hospitality", "Cologne"),
)

# Generated names beyond the curated ones: first part + (second part, industry) + suffix.
NAME_FIRST: tuple[str, ...] = (
    "Alder", "Amber", "Apex", "Arbor", "Atlas", "Beacon", "Birch", "Bolt", "Cedar", "Clearwater",
    "Coastal", "Condor", "Crown", "Delta", "Eagle", "Ember", "Evergreen", "Fjord", "Forge",
    "Frontier", "Glacier", "Golden", "Harborview", "Hawk", "Horizon", "Indigo", "Jade", "Lakeside",
    "Linden", "Maple", "Marble", "Midland", "Nova", "Oasis", "Onyx", "Orbit", "Pacific", "Prairie",
    "Quarry", "Radiant", "Raven", "Ridgeway", "Sable", "Sage", "Sierra", "Solstice", "Spruce",
    "Stonegate", "Summitview", "Thistle", "Timber", "True North", "Union", "Valley", "Vertex",
    "Willow", "Windmill", "Yarrow",
)  # fmt: skip
NAME_SECOND: tuple[tuple[str, str], ...] = (
    ("Logistics", "Logistics"),
    ("Analytics", "Software"),
    ("Foods", "Food & Beverage"),
    ("Robotics", "Robotics"),
    ("Dental", "Healthcare"),
    ("Energy", "Energy"),
    ("Builders", "Construction"),
    ("Textiles", "Manufacturing"),
    ("Media", "Media"),
    ("Capital", "Financial Services"),
    ("Consulting", "Consulting"),
    ("Pharma", "Biotech"),
    ("Software", "Software"),
    ("Hotels", "Hospitality"),
    ("Motors", "Automotive"),
    ("Outfitters", "Retail"),
    ("Labs", "Biotech"),
    ("Freight", "Logistics"),
    ("Systems", "Software"),
    ("Interiors", "Design"),
    ("Farms", "Agriculture"),
    ("Security", "Security"),
    ("Travel", "Travel"),
    ("Learning", "Education"),
    ("Properties", "Real Estate"),
    ("Brewing", "Food & Beverage"),
    ("Medical", "Healthcare"),
    ("Engineering", "Engineering"),
    ("Packaging", "Manufacturing"),
    ("Telecom", "Telecommunications"),
)
NAME_SUFFIX: tuple[str, ...] = ("", " Ltd", " GmbH", " Inc.", " AB", " BV", " Group", " & Co.")

COMPANY_NOTES: tuple[str, ...] = (
    "Key account since 2019.",
    "Interested in the premium tier.",
    "Prefers quarterly invoicing.",
    "Met at the Hamburg trade fair.",
    "Parent company handles procurement.",
    "Renewal talks usually start in September.",
)
FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Ben", "Chloé", "David", "Elena", "Felix", "Grace", "Hannah", "Isak", "Julia",
    "Karim", "Laura", "Mateo", "Nina", "Oliver", "Paula", "Quentin", "Rosa", "Stefan", "Tara",
    "Umar", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Aoife", "Björn", "Carmen", "Dmitri",
    "Emma", "Farah", "Gustav", "Helena", "Ines", "Jakub", "Kaja", "Lucas", "Maja", "Noah",
    "Olga", "Pedro", "Ruth", "Sofia", "Tomás", "Ursula", "Viktor", "Wiktoria", "Yara", "Zofia",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hughes", "Ivanova",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nowak", "O'Brien", "Petersen", "Quinn", "Rossi",
    "Schmidt", "Thompson", "Ulrich", "Vasquez", "Walsh", "Young", "Zimmermann", "Bauer", "Clarke",
    "De Vries", "Evans", "Fontaine", "Gruber", "Hansen", "Iglesias", "Jovanović", "Keller",
    "Lindqvist", "Murphy", "Nielsen", "Olsen", "Patel", "Romano", "Sánchez", "Taylor", "Van Dijk",
    "Weber", "Müller", "Novak", "Svensson", "Wright", "Kaya",
)  # fmt: skip
TITLES: tuple[str, ...] = (
    "CEO", "CFO", "CTO", "Head of Operations", "Procurement Manager", "IT Director",
    "Office Manager", "Sales Director", "Marketing Lead", "Founder", "Operations Manager",
    "Purchasing Agent", "Facilities Manager", "Finance Manager", "Product Owner",
)  # fmt: skip
SECONDARY_ROLES: tuple[str, ...] = ("Board member", "Advisor", "Consultant", "Investor")
LEAD_TITLES: tuple[str, ...] = (
    "Annual licence renewal",
    "Fleet tracking pilot",
    "Warehouse scanner rollout",
    "Support contract upgrade",
    "Website redesign",
    "Onboarding workshop",
    "Data migration project",
    "Multi-site expansion",
    "Security audit",
    "Equipment leasing",
    "Training package - 20 seats",
    "Cloud backup plan",
    "Maintenance agreement",
    "Custom integration",
    "Pilot for three branches",
)
LOST_REASONS: tuple[str, ...] = (
    "Chose a competitor",
    "Budget cut",
    "No decision made",
    "Price too high",
    "Timing - revisit next year",
    "Went with an in-house solution",
)
# Probability ranges (low, high) per stage, in steps of 5.
STAGE_PROBABILITY: dict[str, tuple[int, int]] = {
    "new": (5, 15),
    "contacted": (10, 25),
    "qualified": (25, 45),
    "proposal": (45, 65),
    "negotiation": (65, 90),
    "won": (100, 100),
    "lost": (0, 0),
}
STAGE_WEIGHTS: tuple[float, ...] = (0.18, 0.35, 0.50, 0.63, 0.74, 0.88, 1.0)  # cumulative
CURRENCY_BY_COUNTRY = {"US": "USD", "CA": "CAD", "GB": "GBP", "CH": "CHF"}

ACTIVITY_WEIGHTS: tuple[float, ...] = (0.25, 0.55, 0.70, 0.90, 1.0)  # cumulative
ACTIVITY_SUBJECTS: dict[str, tuple[str, ...]] = {
    "call": ("Discovery call", "Follow-up call", "Pricing call", "Check-in call", "Renewal call"),
    "email": (
        "Sent pricing overview",
        "Sent case study",
        "Answered SLA questions",
        "Sent meeting recap",
        "Shared product brochure",
    ),
    "meeting": (
        "On-site demo",
        "Quarterly business review",
        "Kick-off meeting",
        "Requirements workshop",
        "Lunch meeting",
    ),
    "note": (
        "Budget confirmed for next quarter",
        "Decision maker is the CFO",
        "Prefers email over phone",
        "Evaluating two competitors",
        "Asked for a reference customer",
    ),
    "task": (
        "Send revised proposal",
        "Prepare contract draft",
        "Book follow-up meeting",
        "Update pricing sheet",
        "Check credit rating",
    ),
}
ACTIVITY_BODIES: tuple[str, ...] = (
    "Went well; they want numbers for two more sites.",
    "Needs sign-off from finance before the end of the month.",
    "Asked us to include installation and training.",
    "Competitor offered 10% off; we hold our price for now.",
    "Next step agreed: a short proposal by Friday.",
    "Left a voicemail, will try again on Tuesday.",
)
TASK_TITLES: tuple[str, ...] = (
    "Draft homepage copy",
    "Migrate blog posts",
    "Set up analytics",
    "Review pricing page",
    "Write welcome e-mail sequence",
    "Schedule onboarding calls",
    "Prepare training slides",
    "Merge duplicate companies",
    "Fill in missing industries",
    "Archive inactive contacts",
    "Book booth and furniture",
    "Print brochures",
    "Plan customer dinner",
    "Update product screenshots",
    "Check cookie banner",
    "Collect testimonials",
)
TASK_STATUS_WEIGHTS: tuple[float, ...] = (0.4, 0.7, 1.0)  # cumulative
STATUS_WEIGHTS: tuple[float, ...] = (0.35, 0.8, 1.0)  # cumulative: prospect, active, inactive
PRIORITIES: tuple[str, ...] = ("low", "medium", "high")


#: One row on its way to the database: (table, row).
Step = tuple[str, Row]
#: The tables whose rows are counted as records while seeding (what progress shows).
RECORD_TABLES = frozenset({"companies", "contacts", "leads", "activities", "tasks"})
#: A change to a row given earlier: (table, id, {column: value}).
Change = tuple[str, str, Row]


@dataclass
class Fixtures:
    """The rows of every table, in insertion order."""

    users: list[Row] = field(default_factory=list)
    companies: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    memberships: list[Row] = field(default_factory=list)
    leads: list[Row] = field(default_factory=list)
    stage_changes: list[Row] = field(default_factory=list)
    activities: list[Row] = field(default_factory=list)
    projects: list[Row] = field(default_factory=list)
    tasks: list[Row] = field(default_factory=list)
    email_connections: list[Row] = field(default_factory=list)
    sent_emails: list[Row] = field(default_factory=list)
    marketing_lists: list[Row] = field(default_factory=list)
    marketing_list_members: list[Row] = field(default_factory=list)

    def rows(self) -> Iterator[Step]:
        """Every row, table by table (the order the tables are declared in)."""
        for spec in fields(self):
            table = spec.name
            for row in getattr(self, table):
                yield table, row

    @property
    def changes(self) -> Sequence[Change]:
        """None: the rows above are final."""
        return ()

    @property
    def record_total(self) -> int:
        return sum(len(getattr(self, table)) for table in RECORD_TABLES)


def build_fixtures(*, now: datetime, seed: int = 7, size: int | None = None) -> Fixtures:
    """The demo data set: the default one, or ``size`` companies with proportional data.

    All rows at once, in lists; the database is seeded from :func:`stream_fixtures`,
    which gives the same rows without keeping them.
    """
    stream = stream_fixtures(now=now, seed=seed, size=size)
    data = Fixtures()
    for table, row in stream.rows():
        getattr(data, table).append(row)
    for table, record_id, values in stream.changes:
        for row in getattr(data, table):
            if row["id"] == record_id:
                row.update(values)
    return data


def stream_fixtures(*, now: datetime, seed: int = 7, size: int | None = None) -> FixtureStream:
    """The same data set as :func:`build_fixtures`, generated row by row as it is read.

    Only what later rows refer to (ids, a few columns) stays in memory while it runs;
    each row is dropped once the reader has it.
    """
    if size is None:
        counts = (DEFAULT_COMPANIES, DEFAULT_CONTACTS, DEFAULT_LEADS, DEFAULT_ACTIVITIES)
        n_tasks = DEFAULT_TASKS
    else:
        if size < 1:
            raise ValueError("size must be at least 1")
        counts = (size, 2 * size, size, 3 * size)
        n_tasks = max(DEFAULT_TASKS, size // 2)
    return FixtureStream(random.Random(seed), as_utc(now), counts, n_tasks)


# ------------------------------------------------------------------ helpers


def _generated_names() -> list[tuple[str, str]]:
    return [
        (f"{first} {second}{suffix}", industry)
        for first in NAME_FIRST
        for second, industry in NAME_SECOND
        for suffix in NAME_SUFFIX
    ]


_UUID_VERSION_MASK = 0xF000 << 64
_UUID_VERSION_4 = 0x4000 << 64
_UUID_VARIANT_MASK = 0xC000 << 48
_UUID_VARIANT_RFC = 0x8000 << 48


DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _weekday(day: int) -> int:
    """Monday 0 .. Sunday 6 of a day counted from 1970-01-01 (a Thursday)."""
    return (day + 3) % 7


class _Company:
    """What later rows need of a company whose row has gone already."""

    __slots__ = ("city", "contact_ids", "country", "created", "domain", "id", "owner", "status")

    def __init__(self, row: Row, created: int) -> None:
        self.id: str = row["id"]
        self.domain: str = row["domain"]
        self.city: str = row["city"]
        self.country: str = row["country"]
        self.owner: str | None = row["owner_user_id"]
        self.status: str = row["status"]
        self.created = created
        self.contact_ids: list[str] = []


class _Lead:
    """What activities and e-mails need of a lead whose row has gone already."""

    __slots__ = ("company_id", "contact_id", "created", "id", "owner", "stage", "title")

    def __init__(self, row: Row, created: int) -> None:
        self.id: str = row["id"]
        self.title: str = row["title"]
        self.stage: str = row["stage"]
        self.company_id: str = row["company_id"]
        self.contact_id: str | None = row["contact_id"]
        self.owner: str = row["owner_user_id"]
        self.created = created


class FixtureStream:
    """Generates the rows.  Times are whole UTC seconds since the epoch (ints: fast), days
    are days since the epoch; both become the database's text only in the rows.

    Read :meth:`rows` once, to the end; then :attr:`changes` holds what happened to
    rows already read (a won lead turns a prospect company active).
    """

    def __init__(
        self, rng: random.Random, now: datetime, counts: tuple[int, int, int, int], n_tasks: int
    ) -> None:
        self.rng = rng
        self.now = math.floor(now.timestamp())
        self.today = self.now // DAY
        self.counts = counts
        self.n_tasks = n_tasks
        self.changes: list[Change] = []
        self.user_ids = [user_id for user_id, _, _ in identity.USERS]
        self.companies: list[_Company] = []
        #: contact id -> (first name, e-mail)
        self.contact_by_id: dict[str, tuple[str, str]] = {}
        self.leads: list[_Lead] = []
        self._day_text: dict[int, str] = {}

    @property
    def record_total(self) -> int:
        """How many rows of :data:`RECORD_TABLES` :meth:`rows` gives."""
        return sum(self.counts) + self.n_tasks

    # -- small random helpers (random() only: several times faster than randint/choice)

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def randint(self, low: int, high: int) -> int:
        """Like ``random.randint``: ``low <= n <= high``."""
        return low + int(self.rng.random() * (high - low + 1))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def uid(self) -> str:
        """A random (version 4) UUID drawn from the seeded generator."""
        bits = self.rng.getrandbits(128)
        bits = (bits & ~_UUID_VERSION_MASK) | _UUID_VERSION_4
        bits = (bits & ~_UUID_VARIANT_MASK) | _UUID_VARIANT_RFC
        h = f"{bits:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    # -- time (ints)

    def day_text(self, day: int) -> str:
        """``YYYY-MM-DD`` of a day number."""
        text = self._day_text.get(day)
        if text is None:
            text = self._day_text[day] = date.fromordinal(_EPOCH_ORDINAL + day).isoformat()
        return text

    def stamp(self, moment: int) -> str:
        """The database's timestamp text (as ``times.db_timestamp``) of an epoch second."""
        day, second = divmod(moment, DAY)
        hours, rest = divmod(second, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{self.day_text(day)}T{hours:02d}:{minutes:02d}:{seconds:02d}.000000Z"

    def ago(self, low_days: float, high_days: float) -> int:
        """Office hours between ``high_days`` and ``low_days`` days before now."""
        seconds = self.randint(int(low_days * DAY), int(high_days * DAY))
        return self.office_hours(self.now - seconds, None, self.now)

    def between(self, start: int, end: int) -> int:
        """Office hours between ``start`` and ``end`` (or the nearest of the two)."""
        if end <= start:
            return end
        return self.office_hours(start + self.randint(0, end - start), start, end)

    def office_hours(self, moment: int, start: int | None, end: int) -> int:
        """``moment`` moved to 08:00-18:00 on a weekday, kept within ``start``..``end``."""
        day = moment // DAY
        weekday = _weekday(day)
        if weekday >= 5:  # Saturday -> Friday, Sunday -> Monday
            day += -1 if weekday == 5 else 1
        snapped = day * DAY + self.randint(8 * 3600, 18 * 3600 - 1)
        if start is not None and snapped < start:
            return start
        return min(snapped, end)

    def workday_moment(self, window_days: int) -> int:
        """Office hours on a weekday of the last ``window_days`` days, not after now."""
        day = self.today - self.randint(0, window_days - 1)
        while _weekday(day) >= 5:
            day = self.today - self.randint(0, window_days - 1)
        moment = day * DAY + self.randint(8, 17) * 3600 + self.pick((0, 15, 30, 45)) * 60
        while moment > self.now:
            moment -= DAY
            while _weekday(moment // DAY) >= 5:
                moment -= DAY
        return moment

    def phone(self, prefix: str) -> str:
        return f"{prefix} {self.randint(100, 999)} {self.randint(1000, 9999)}"

    def pick_stage(self, index: int) -> str:
        if index < len(KNOWN_STAGES):
            return KNOWN_STAGES[index]
        return self.rng.choices(KNOWN_STAGES, cum_weights=STAGE_WEIGHTS)[0]

    # -- the tables

    def rows(self) -> Iterator[Step]:
        """Every row as (table, row), in the order they are drawn.

        A membership comes right after its contact and a lead's stage changes right
        after the lead, so a row only ever refers to rows given before it.
        """
        n_companies, n_contacts, n_leads, n_activities = self.counts
        yield from self.users()
        yield from self.generate_companies(n_companies)
        yield from self.generate_contacts(n_contacts)
        yield from self.generate_leads(n_leads)
        yield from self.generate_activities(n_activities)
        yield from self.projects_and_tasks(self.n_tasks)
        yield from self.email()
        yield from self.marketing_lists()

    def users(self) -> Iterator[Step]:
        for user_id, name, email in identity.USERS:
            yield "users", {"id": user_id, "name": name, "email": email}

    def company_specs(self, count: int) -> list[tuple[str, str, tuple[str, str, str]]]:
        specs = [(name, industry, _CITY[city]) for name, industry, city in CURATED_COMPANIES]
        if count > len(specs):
            pool = _generated_names()
            self.rng.shuffle(pool)
            for index in range(count - len(specs)):
                name, industry = pool[index % len(pool)]
                if index >= len(pool):
                    name = f"{name} {index // len(pool) + 1}"
                specs.append((name, industry, self.pick(CITIES)))
        return specs[:count]

    def generate_companies(self, count: int) -> Iterator[Step]:
        for index, (name, industry, (city, country, prefix)) in enumerate(
            self.company_specs(count)
        ):
            if index < len(COMPANY_STATUSES):
                status = COMPANY_STATUSES[index]
            else:
                status = self.rng.choices(COMPANY_STATUSES, cum_weights=STATUS_WEIGHTS)[0]
            owner = None if self.chance(0.15) or index == 3 else self.pick(self.user_ids)
            domain = f"{ascii_slug(name, '-')}.example"
            created = self.ago(30, 900)
            row = {
                "id": self.uid(),
                "name": name,
                "name_fold": fold(name),
                "name_sort": sort_key(name),
                "status": status,
                "owner_user_id": owner,
                "domain": domain,
                "industry": industry,
                "phone": self.phone(prefix),
                "email": f"{self.pick(('info', 'hello', 'contact'))}@{domain}",
                "city": city,
                "country": country,
                "notes": self.pick(COMPANY_NOTES) if self.chance(0.25) else None,
                "created_at": self.stamp(created),
                "updated_at": self.stamp(self.between(created, self.now)),
            }
            company = _Company(row, created)
            self.companies.append(company)
            yield "companies", row

    def generate_contacts(self, count: int) -> Iterator[Step]:
        companies = self.companies
        for index in range(count):
            first = self.pick(FIRST_NAMES)
            last = self.pick(LAST_NAMES)
            company = None if self.chance(0.05) else self.pick(companies)
            if index == 0:
                company = companies[0]
            domain = company.domain if company else "mail.example"
            prefix = _CITY.get(company.city, CITIES[0])[2] if company else "+44 20"
            created = self.between(company.created if company else self.ago(60, 400), self.now)
            email = f"{ascii_slug(first, '')}.{ascii_slug(last, '')}@{domain}"
            contact: Row = {
                "id": self.uid(),
                "first_name": first,
                "last_name": last,
                "email": email,
                "sort_key": contact_sort_key(first, last, email),
                "phone": self.phone(prefix) if self.chance(0.8) else None,
                "title": self.pick(TITLES),
                "company_id": company.id if company else None,
                "notes": None,
                "created_at": self.stamp(created),
                "updated_at": self.stamp(self.between(created, self.now)),
            }
            contact_id: str = contact["id"]
            self.contact_by_id[contact_id] = (first, email)
            yield "contacts", contact
            if company is None:
                continue
            yield self.membership(contact_id, company, contact["title"], True, created)
            if len(companies) > 1 and (self.chance(0.15) or index == 0):
                other = self.pick(companies)
                while other is company:
                    other = self.pick(companies)
                role = self.pick(SECONDARY_ROLES)
                yield self.membership(contact_id, other, role, False, created)

    def membership(
        self, contact_id: str, company: _Company, role: str, primary: bool, created: int
    ) -> Step:
        started = created // DAY - self.randint(0, 1500)
        company.contact_ids.append(contact_id)
        return "memberships", {
            "id": self.uid(),
            "contact_id": contact_id,
            "company_id": company.id,
            "role": role,
            "is_primary": 1 if primary else 0,
            "started_on": self.day_text(started),
            "created_at": self.stamp(created),
        }

    def generate_leads(self, count: int) -> Iterator[Step]:
        companies = self.companies
        for index in range(count):
            stage = self.pick_stage(index)
            company = self.pick(companies)
            contact_ids = company.contact_ids
            contact_id = self.pick(contact_ids) if contact_ids else None
            owner = company.owner or self.pick(self.user_ids)
            low, high = STAGE_PROBABILITY[stage]
            created = self.ago(3, 150)
            is_closed = stage in ("won", "lost")
            changed = self.between(created + DAY, self.now)
            closed = changed if is_closed else None
            expected = changed // DAY if is_closed else self.today + self.randint(7, 120)
            lost_reason = self.pick(LOST_REASONS) if stage == "lost" else None
            lead = {
                "id": self.uid(),
                "title": self.pick(LEAD_TITLES),
                "stage": stage,
                "value": float(2_000 + 500 * self.randint(0, 296)),
                "currency": CURRENCY_BY_COUNTRY.get(company.country, "EUR"),
                "probability": low + 5 * self.randint(0, (high - low) // 5),
                "company_id": company.id,
                "contact_id": contact_id,
                "owner_user_id": owner,
                "expected_close_date": self.day_text(expected),
                "closed_at": self.stamp(closed) if closed is not None else None,
                "lost_reason": lost_reason,
                "notes": None,
                "created_at": self.stamp(created),
                "updated_at": self.stamp(changed),
            }
            self.leads.append(_Lead(lead, created))
            yield "leads", lead
            yield from self.stage_history(lead, created, changed)
            if stage == "won" and company.status == "prospect":
                company.status = "active"
                self.changes.append(("companies", company.id, {"status": "active"}))

    def stage_history(self, lead: Row, start: int, end: int) -> Iterator[Step]:
        stage = lead["stage"]
        if stage == "lost":
            reached = self.randint(0, KNOWN_STAGES.index("negotiation"))
            path = [*KNOWN_STAGES[: reached + 1], "lost"]
        else:
            path = list(KNOWN_STAGES[: KNOWN_STAGES.index(stage) + 1])
        steps = len(path) - 1
        if steps == 0:
            return
        user = lead["owner_user_id"]
        span = end - start
        moment = start
        for step in range(steps):
            if step == steps - 1:
                moment = end
            else:
                moment = self.office_hours(start + span * (step + 1) // steps, moment, end)
            to_stage = path[step + 1]
            body = None
            if to_stage == "lost":
                body = f"Lost reason: {lead['lost_reason']}"
            yield (
                "stage_changes",
                {
                    "id": self.uid(),
                    "lead_id": lead["id"],
                    "from_stage": path[step],
                    "to_stage": to_stage,
                    "body": body,
                    "user_id": user,
                    "occurred_at": self.stamp(moment),
                },
            )

    def generate_activities(self, count: int) -> Iterator[Step]:
        leads = self.leads
        companies = self.companies
        for index in range(count):
            kind = ACTIVITY_TYPES[index] if index < len(ACTIVITY_TYPES) else None
            kind = kind or self.rng.choices(ACTIVITY_TYPES, cum_weights=ACTIVITY_WEIGHTS)[0]
            lead: _Lead | None = None
            if leads and self.chance(0.6):
                lead = self.pick(leads)
                company_id = lead.company_id
                contact_id = lead.contact_id
                user = lead.owner
            else:
                company = self.pick(companies)
                company_id = company.id
                contact_ids = company.contact_ids
                contact_id = self.pick(contact_ids) if contact_ids and self.chance(0.5) else None
                user = self.pick(self.user_ids)
            occurred = self.workday_moment(ACTIVITY_WINDOW_DAYS)
            subject = self.pick(ACTIVITY_SUBJECTS[kind])
            if kind in ("call", "meeting") and contact_id:
                subject = f"{subject} with {self.contact_by_id[contact_id][0]}"
            due = occurred + self.randint(1, 10) * DAY if kind == "task" else None
            yield (
                "activities",
                {
                    "id": self.uid(),
                    "type": kind,
                    "subject": subject,
                    "body": self.pick(ACTIVITY_BODIES) if self.chance(0.4) else None,
                    "company_id": company_id,
                    "contact_id": contact_id,
                    "lead_id": lead.id if lead else None,
                    "user_id": user,
                    "due_at": self.stamp(due) if due is not None else None,
                    "occurred_at": (occurred_text := self.stamp(occurred)),
                    "created_at": occurred_text,
                },
            )

    def projects_and_tasks(self, count: int) -> Iterator[Step]:
        for pid, name in identity.PROJECTS:
            yield "projects", {"id": pid, "name": name}
        project_ids = [pid for pid, _ in identity.PROJECTS]
        for index in range(count):
            status = self.rng.choices(TASK_STATUSES, cum_weights=TASK_STATUS_WEIGHTS)[0]
            due: int | None = self.today + self.randint(-14, 30)
            if index < 2:  # always something overdue
                status = TASK_STATUSES[index]
                due = self.today - 3 - index
            elif self.chance(0.1):
                due = None
            completed = self.ago(0, 10) if status == "done" else None
            assignee = self.pick(self.user_ids) if self.chance(0.9) else None
            yield (
                "tasks",
                {
                    "id": self.uid(),
                    "title": self.pick(TASK_TITLES),
                    "status": status,
                    "project_id": project_ids[index % len(project_ids)],
                    "assignee_user_id": assignee,
                    "priority": self.pick(PRIORITIES),
                    "due_date": self.day_text(due) if due is not None else None,
                    "completed_at": self.stamp(completed) if completed is not None else None,
                },
            )

    def email(self) -> Iterator[Step]:
        for cid, channel, email, display in identity.EMAIL_CONNECTIONS:
            yield (
                "email_connections",
                {
                    "id": cid,
                    "channel": channel,
                    "email": email,
                    "display_name": display,
                },
            )
        candidates = [lead for lead in self.leads if lead.contact_id and lead.stage != "new"]
        for lead in candidates[: max(1, len(self.leads) // 8)]:
            assert lead.contact_id is not None
            first_name, to_address = self.contact_by_id[lead.contact_id]
            connection = identity.EMAIL_CONNECTIONS[0 if self.chance(0.7) else 1]
            sent = self.between(lead.created, self.now)
            yield (
                "sent_emails",
                {
                    "id": self.uid(),
                    "lead_id": lead.id,
                    "connection_id": connection[0],
                    "channel": connection[1],
                    "to_address": to_address,
                    "subject": f"Following up: {lead.title}",
                    "html_body": (
                        f"<p>Hi {first_name},</p>"
                        "<p>Thanks for your time this week. As promised, here is a short "
                        "summary of what we discussed.</p><p>Best regards,<br>"
                        f"{identity.DEMO_USER_NAME}</p>"
                    ),
                    "user_id": identity.DEMO_USER_ID,
                    "status": "sent",
                    "sent_at": self.stamp(sent),
                },
            )

    def marketing_lists(self) -> Iterator[Step]:
        for lid, name in identity.MARKETING_LISTS:
            yield "marketing_lists", {"id": lid, "name": name}
        active = [c for c in self.companies if c.status == "active"]
        members = (
            (identity.NEWSLETTER_LIST_ID, active[:6]),
            (identity.WEBINAR_LIST_ID, active[6:9]),
        )
        for list_id, companies in members:
            for company in companies:
                yield (
                    "marketing_list_members",
                    {
                        "list_id": list_id,
                        "company_id": company.id,
                        "added_at": self.stamp(self.ago(1, 60)),
                    },
                )
