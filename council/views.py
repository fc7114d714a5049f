"""The client council's portal page: the year's statistics, as tables and as CSV."""

import csv
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.charts import chart_svg
from council.disclosure import Figure
from council.forms import YearForm
from council.selectors import (
    Statistics,
    statistics_for_council,
    statistics_summary,
    statistics_years,
)
from council.tasks import statistics_refresh
from datameent.portal import AuthenticatedRequest, council_required

# In the page's language: the council opens the file in a spreadsheet.
CSV_HEADERS = [
    gettext_lazy("tabel"),
    gettext_lazy("rij"),
    gettext_lazy("omschrijving"),
    gettext_lazy("kolom"),
    gettext_lazy("keer"),
    gettext_lazy("inwoners"),
    gettext_lazy("verborgen"),
]

# The tables drawn as charts: reads and refusals per month, per purpose, refusal reasons.
CHARTED = ("per_month", "per_purpose", "refusal_reasons")


def _statistics(request: AuthenticatedRequest) -> tuple[YearForm, int, Statistics | None]:
    years = statistics_years()
    form = YearForm(request.GET or None, years=years)
    # A year that is not offered falls back to this year, with the form's error shown.
    year = form.cleaned_data["jaar"] if form.is_valid() else years[0]
    statistics_refresh(year=year, now=timezone.now())
    return form, year, statistics_for_council(year=year)


@council_required
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    form, year, figures = _statistics(request)
    context = _page(form, year, figures, chart_url="council:statistics-chart")
    context["csv_url"] = reverse("council:statistics-csv")
    return render(request, "council/statistics.html", context)


def _page(form: Any, year: int, figures: Any, *, chart_url: str) -> dict[str, Any]:
    """What the council's page and the public page both show, from the same snapshot."""
    return {
        "form": form,
        "year": year,
        "statistics": figures,
        "summary": statistics_summary(figures) if figures else None,
        "charted": CHARTED,
        "chart_url": chart_url,
        "csv_url": None,
    }


def _public_on() -> None:
    if not settings.COUNCIL_PUBLIC_STATISTICS:
        raise Http404


def public_statistics(request: HttpRequest) -> HttpResponse:
    """The council's statistics for anyone, without a login: the same snapshot, the same
    hidden figures (nothing is counted on a visit by someone unknown)."""
    _public_on()
    years = statistics_years()
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["jaar"] if form.is_valid() else years[0]
    figures = statistics_for_council(year=year)
    context = _page(form, year, figures, chart_url="council:public-chart")
    return render(request, "council/public.html", context)


def public_chart(request: HttpRequest, year: int, table: str) -> HttpResponse:
    _public_on()
    return _chart(year, table)


@council_required
def statistics_chart(request: AuthenticatedRequest, year: int, table: str) -> HttpResponse:
    return _chart(year, table)


def _chart(year: int, table: str) -> HttpResponse:
    """A table as a chart (council/charts.py), from the same snapshot as the page."""
    figures = statistics_for_council(year=year)
    found = [t for t in (figures.tables if figures else []) if t.key == table]
    if not found or table not in CHARTED:
        raise Http404
    svg = chart_svg(found[0], title=f"{found[0].title} ({year})")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _csv_value(figure: Figure, name: str) -> str:
    value = getattr(figure, name)
    return "" if value is None else str(value)


@council_required
def statistics_csv(request: AuthenticatedRequest) -> HttpResponse:
    _form, year, figures = _statistics(request)
    if figures is None:
        return redirect(reverse("council:statistics") + f"?jaar={year}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"datameent-statistieken-{figures.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([str(header) for header in CSV_HEADERS])
    for table in figures.tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for column in table.columns:
                figure = row.figures[column.key]
                writer.writerow(
                    [
                        table.key,
                        row.key,
                        row.label,
                        column.key,
                        _csv_value(figure, "count"),
                        _csv_value(figure, "residents") if table.residents else "",
                        _("ja") if figure.hidden else "",
                    ]
                )
    return response
