"""New orders from a CSV file in the layout of a case management extract. Pure: no database.

Each row is one unpaid work requirement of one person. The columns (a header row is required, in
any order, any case; the names in brackets are accepted too, as case management extracts use them):

    crn               (case_reference)     required  one letter and six digits, e.g. X123456
    first_name        (forename)           required
    last_name         (surname)            required
    date_of_birth     (dob)                required  YYYY-MM-DD or DD/MM/YYYY; 18 or over at sentence
    gender                                 required  male, female, non_binary, not_stated (or M, F, N, X)
    postcode                               required  the person's home postcode
    pdu               (pdu_code)           required  probation delivery unit code, e.g. newcastle
    order_reference   (event_number)       required  the court order's reference; with the CRN it
                                                     identifies the order, so a second import skips it
    court             (sentencing_court)   required
    sentence_date                          required  not in the future
    hours_ordered     (upw_hours, hours)   required  40 to 300
    order_type                             optional  community_order (CO) or suspended_sentence (SSO);
                                                     default community_order
    concurrency                            optional  single, concurrent or additional; default single
    linked_order_reference                 optional  the order it is concurrent with or additional to
    employment_status                      optional  employed, unemployed, education, unable; default
                                                     employed (the assessment confirms it)
    phone, email, address                  optional

`parse_orders` checks every row on its own (shape, ranges, dates) and lists every problem with its
line number; the checks that need the database (the PDU is in the importer's regions, the postcode
is known, a known CRN has the same date of birth) are in upw.intake.services.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from upw import domain
from upw.core import postcodes

MIN_HOURS, MAX_HOURS = 40, 300
MAX_ROWS = 5000
# The largest file the web form and the API accept: 5,000 rows of a full extract fit in well under it.
MAX_FILE_BYTES = 5 * 1024 * 1024
MIN_AGE_AT_SENTENCE = 18
# How often a long file reports how far it has been read.
PROGRESS_EVERY_ROWS = 500

REQUIRED_COLUMNS = (
    "crn",
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "postcode",
    "pdu",
    "order_reference",
    "court",
    "sentence_date",
    "hours_ordered",
)
OPTIONAL_COLUMNS = (
    "order_type",
    "concurrency",
    "linked_order_reference",
    "employment_status",
    "phone",
    "email",
    "address",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

ALIASES = {
    "case_reference": "crn",
    "forename": "first_name",
    "surname": "last_name",
    "dob": "date_of_birth",
    "pdu_code": "pdu",
    "event_number": "order_reference",
    "sentencing_court": "court",
    "upw_hours": "hours_ordered",
    "hours": "hours_ordered",
}

GENDERS = {
    "male": "male",
    "m": "male",
    "female": "female",
    "f": "female",
    "non_binary": "non_binary",
    "non-binary": "non_binary",
    "n": "non_binary",
    "not_stated": "not_stated",
    "x": "not_stated",
    "prefer not to say": "not_stated",
}
ORDER_TYPES = {
    "community_order": "community_order",
    "co": "community_order",
    "community order": "community_order",
    "suspended_sentence": "suspended_sentence",
    "sso": "suspended_sentence",
    "suspended sentence order": "suspended_sentence",
}
CONCURRENCY = {"single": "single", "concurrent": "concurrent", "additional": "additional"}
EMPLOYMENT = {"employed": "employed", "unemployed": "unemployed", "education": "education", "unable": "unable"}

# Error messages (module constants, so tests can assert against them).
NOT_UTF8 = "The file is not UTF-8 text. Save it as CSV UTF-8 and try again."
EMPTY_FILE = "The file is empty."
MISSING_COLUMNS = "The header row has no {columns} column."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS} rows. Split it into smaller files."
FILE_TOO_BIG = f"The selected file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"
NOT_READABLE_CSV = "Line {line} cannot be read as CSV (a quote left open, or a cell far too long)."
REQUIRED = "{column} is missing"
BAD_CRN = 'CRN "{value}" must be one letter and six digits, like X123456'
BAD_DATE = '{column} "{value}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)'
FUTURE_SENTENCE = "sentence_date {value} is in the future"
TOO_YOUNG = f"the person must be {MIN_AGE_AT_SENTENCE} or over on the sentence date"
BAD_HOURS = f'hours_ordered "{{value}}" must be a whole number from {MIN_HOURS} to {MAX_HOURS}'
BAD_CHOICE = '{column} "{value}" must be one of: {choices}'
TOO_LONG = "{column} is longer than {limit} characters"
BAD_EMAIL = 'email "{value}" is not an email address'
DUPLICATE_ORDER = "the same CRN and order_reference are on line {line}"
DIFFERENT_PERSON = "CRN {crn} is on line {line} with a different name or date of birth"
LINKED_WITHOUT_CONCURRENCY = "linked_order_reference is given but concurrency is single"

_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "order_reference": 40,
    "court": 120,
    "phone": 30,
    "email": 254,
    "address": 200,
    "linked_order_reference": 40,
    "pdu": 30,
}


@dataclass(frozen=True)
class ParsedOrder:
    """One valid row: a person and the requirement of their order."""

    line: int
    crn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: str
    postcode: str
    pdu: str
    order_reference: str
    court: str
    sentence_date: dt.date
    hours_ordered: int
    order_type: str = "community_order"
    concurrency: str = "single"
    linked_order_reference: str = ""
    employment_status: str = "employed"
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


@dataclass
class ParseResult:
    orders: list[ParsedOrder] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a date, no time zone)
        except ValueError:
            continue
    return None


def _header_name(raw: str) -> str:
    name = raw.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _choice(values: dict, column: str, raw: str, default: str, problems: list) -> str:
    if not raw:
        return default
    found = values.get(raw.strip().lower())
    if found is None:
        choices = ", ".join(sorted(set(values.values())))
        problems.append((column, BAD_CHOICE.format(column=column, value=raw, choices=choices)))
        return default
    return found


def parse_order(
    values: dict[str, str], *, line: int, today: dt.date
) -> tuple[ParsedOrder | None, list[tuple[str, str]]]:
    """Checks one row (column name -> text). Returns the order, or None and every problem found as
    (column, message)."""
    v = {name: (values.get(name) or "").strip() for name in COLUMNS}
    problems: list[tuple[str, str]] = []
    for column in REQUIRED_COLUMNS:
        if not v[column]:
            problems.append((column, REQUIRED.format(column=column)))
    for column, limit in _LIMITS.items():
        if len(v[column]) > limit:
            problems.append((column, TOO_LONG.format(column=column, limit=limit)))

    crn = domain.normalise_crn(v["crn"])
    if v["crn"] and not domain.is_valid_crn(crn):
        problems.append(("crn", BAD_CRN.format(value=v["crn"])))

    dates = {}
    for column in ("date_of_birth", "sentence_date"):
        if v[column]:
            dates[column] = parse_date(v[column])
            if dates[column] is None:
                problems.append((column, BAD_DATE.format(column=column, value=v[column])))
    sentence, born = dates.get("sentence_date"), dates.get("date_of_birth")
    if sentence and sentence > today:
        problems.append(("sentence_date", FUTURE_SENTENCE.format(value=sentence.isoformat())))
    if sentence and born and domain.add_months(born, 12 * MIN_AGE_AT_SENTENCE) > sentence:
        problems.append(("date_of_birth", TOO_YOUNG))

    hours = None
    if v["hours_ordered"]:
        try:
            hours = int(v["hours_ordered"])
        except ValueError:
            hours = None
        if hours is None or not MIN_HOURS <= hours <= MAX_HOURS:
            problems.append(("hours_ordered", BAD_HOURS.format(value=v["hours_ordered"])))

    postcode = v["postcode"]
    if postcode:
        try:
            postcode = postcodes.normalise(postcode)
        except postcodes.InvalidPostcode as invalid:
            problems.append(("postcode", str(invalid)))

    gender = _choice(GENDERS, "gender", v["gender"], "", problems) if v["gender"] else ""
    order_type = _choice(ORDER_TYPES, "order_type", v["order_type"], "community_order", problems)
    concurrency = _choice(CONCURRENCY, "concurrency", v["concurrency"], "single", problems)
    employment = _choice(EMPLOYMENT, "employment_status", v["employment_status"], "employed", problems)
    if v["linked_order_reference"] and concurrency == "single":
        problems.append(("linked_order_reference", LINKED_WITHOUT_CONCURRENCY))
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            problems.append(("email", BAD_EMAIL.format(value=v["email"])))

    if problems:
        return None, problems
    return (
        ParsedOrder(
            line=line,
            crn=crn,
            first_name=v["first_name"],
            last_name=v["last_name"],
            date_of_birth=born,
            gender=gender,
            postcode=postcode,
            pdu=v["pdu"].lower(),
            order_reference=v["order_reference"],
            court=v["court"],
            sentence_date=sentence,
            hours_ordered=hours,
            order_type=order_type,
            concurrency=concurrency,
            linked_order_reference=v["linked_order_reference"],
            employment_status=employment,
            phone=v["phone"],
            email=v["email"],
            address=v["address"],
        ),
        [],
    )


def parse_orders(content: bytes, *, today: dt.date, progress: Callable[[int], None] | None = None) -> ParseResult:
    """Every row of the file checked; the file's own problems are reported on line 1. `progress` is
    told the number of rows read every PROGRESS_EVERY_ROWS rows."""
    result = ParseResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(RowError(1, NOT_UTF8))
        return result
    if not text.strip():
        result.errors.append(RowError(1, EMPTY_FILE))
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_header_name(name) for name in next(reader)]
    except csv.Error:
        result.errors.append(RowError(1, NOT_READABLE_CSV.format(line=1)))
        return result
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        result.errors.append(RowError(1, MISSING_COLUMNS.format(columns=", ".join(missing))))
        return result

    seen_orders: dict[tuple[str, str], int] = {}
    seen_people: dict[str, tuple[int, tuple]] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            result.errors.append(RowError(line, NOT_READABLE_CSV.format(line=line)))
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (a trailing newline in a spreadsheet export)
        result.rows += 1
        if progress is not None and result.rows % PROGRESS_EVERY_ROWS == 0:
            progress(result.rows)
        if result.rows > MAX_ROWS:
            result.errors.append(RowError(start, TOO_MANY_ROWS))
            break
        values = dict(zip(header, cells, strict=False))
        order, column_problems = parse_order(values, line=start, today=today)
        problems = [message for _, message in column_problems]
        if order is not None:
            key = (order.crn, order.order_reference.lower())
            if key in seen_orders:
                problems.append(DUPLICATE_ORDER.format(line=seen_orders[key]))
            seen_orders.setdefault(key, start)
            identity = (order.first_name.lower(), order.last_name.lower(), order.date_of_birth)
            first = seen_people.setdefault(order.crn, (start, identity))
            if first[1] != identity:
                problems.append(DIFFERENT_PERSON.format(crn=order.crn, line=first[0]))
        if problems:
            result.errors.append(RowError(start, "; ".join(problems)))
        else:
            result.orders.append(order)
    return result
