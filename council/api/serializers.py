from django.utils import timezone
from rest_framework import serializers

from council.constants import FIRST_YEAR
from council.disclosure import Hidden


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        help_text="The calendar year (local time). Default: this year.",
    )

    def validate_year(self, value: int) -> int:
        if value > timezone.localtime().year:
            raise serializers.ValidationError("This year has not begun yet.")
        return value


class FigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True, help_text="Attempts or events; null when hidden."
    )
    residents = serializers.IntegerField(
        allow_null=True, help_text="Different residents they concern; null when hidden."
    )
    hidden = serializers.ChoiceField(
        choices=[(h.value, h.value) for h in Hidden],
        allow_null=True,
        help_text=(
            "`suppressed` when the figure is hidden, null when shown. One label for every "
            "hidden figure: about fewer residents than `minimum_residents`, or hidden so that "
            "no sum gives another away (docs/council-statistics.md)."
        ),
    )


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Month (YYYY-MM-DD), purpose code or reason code.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    figures = serializers.DictField(child=FigureSerializer(), help_text="By column key.")


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = RowSerializer(
        allow_null=True,
        help_text="The column totals; null while the year runs (closed months only).",
    )
    shows_residents = serializers.BooleanField(
        source="residents",
        help_text="Whether the portal shows the residents figure of this table (it shows only "
        "the count for consent events, where each is about one resident).",
    )


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    minimum_residents = serializers.IntegerField(
        source="minimum", help_text="Figures about fewer different residents are hidden."
    )
    counted_at = serializers.DateTimeField()
    final = serializers.BooleanField(
        help_text="Whether the year is closed. While it runs only `per_month` is published, "
        "with the closed months and no total; every other table follows once the year ends."
    )
    tables = TableSerializer(many=True)
