"""The read's answer, built by hand (``read_shown``), is what its serializer makes of it.

``ReadResultSerializer`` is the OpenAPI schema's description of the answer; the read path
builds the answer with ``read_shown`` instead, which is cheaper. Any read (records of every
category, with and without a type, a document, a source, moments in any zone, in the portal's
time zone and in UTC) must come out the same, down to the JSON bytes.
"""

import uuid
from datetime import UTC, datetime, timedelta
from datetime import timezone as fixed_zone

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from municipal_gateway.api.caseworker_serializers import ReadResultSerializer, read_shown
from municipal_gateway.services.reads import ReadResult
from vault.constants import Category
from vault.selectors import RecordData

ZONES = st.sampled_from([UTC, fixed_zone(timedelta(hours=2)), fixed_zone(timedelta(hours=-5))])
MOMENTS = st.builds(
    lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1)),
    ZONES,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
RECORDS = st.builds(
    RecordData,
    id=st.uuids(),
    category=st.sampled_from(Category.values),
    version=st.integers(min_value=1, max_value=10**6),
    title=st.text(max_size=30),
    content=JSON,
    document=st.none() | st.dictionaries(st.text(max_size=5), st.text(max_size=5)),
    provenance=st.sampled_from(["resident", "municipality", "organisation"]),
    source_organisation=st.none() | st.text(max_size=20),
    created_at=MOMENTS,
    updated_at=MOMENTS,
    record_type=st.none() | st.text(max_size=20),
)
RESULTS = st.builds(
    ReadResult,
    reference=st.text(min_size=1, max_size=30),
    purpose_code=st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True),
    categories=st.lists(st.sampled_from(Category.values), unique=True),
    records=st.lists(RECORDS, max_size=4),
    log_entry_id=st.uuids(),
)


@settings(max_examples=300)
@given(result=RESULTS, utc=st.booleans())
def test_the_answer_by_hand_is_the_serializers(result, utc):
    with timezone.override(UTC if utc else timezone.get_default_timezone()):
        expected = ReadResultSerializer(result).data
        shown = read_shown(result)

    assert shown == expected
    assert JSONRenderer().render(shown) == JSONRenderer().render(expected)


def test_a_read_in_the_portals_zone_says_its_offset():
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    record = RecordData(
        id=uuid.UUID(int=1),
        category="health",
        version=1,
        title="Zorgbehoefte",
        content={"uren_per_week": 3},
        document=None,
        provenance="resident",
        source_organisation=None,
        created_at=moment,
        updated_at=moment,
    )
    result = ReadResult("ref_x", "wmo", ["health"], [record], uuid.UUID(int=2))

    with timezone.override(timezone.get_default_timezone()):
        shown = read_shown(result)

    assert shown["records"][0]["created_at"] == "2026-07-01T12:00:00+02:00"
    assert shown["records"][0]["type"] is None
