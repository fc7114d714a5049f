"""The council's charts: bar charts drawn by matplotlib's SVG backend, served as image
files (``<img src>``), so the page carries no inline SVG, style or script (the site's CSP).
Each chart shows the shown figures of one table; a hidden figure is drawn as no bar and
the table next to the chart says "verborgen". The page's table is the text alternative."""

import io

import matplotlib

matplotlib.use("svg")  # no display, no Tk: the server draws to SVG only

from matplotlib.figure import Figure as PlotFigure  # noqa: E402 - after choosing the backend
from matplotlib.ticker import MaxNLocator  # noqa: E402

from council.selectors import Table  # noqa: E402

# Colours with enough contrast on white (WCAG 1.4.11, 3:1 for graphics).
COLOURS = ["#1f4e79", "#b34700", "#2e6b30", "#6b2e6b", "#7a5c00", "#005f73"]


def chart_values(table: Table) -> dict[str, list[int | None]]:
    """Per column, the count of each row: ``None`` where the figure is hidden."""
    return {
        column.key: [row.figures[column.key].count for row in table.rows]
        for column in table.columns
    }


def chart_svg(table: Table, *, title: str) -> bytes:
    """A grouped bar chart of ``table``'s counts as an SVG document."""
    values = chart_values(table)
    labels = [row.label for row in table.rows]
    figure = PlotFigure(figsize=(8, 0.5 + 0.35 * max(len(labels), 1) * len(values) ** 0.5))
    axes = figure.add_subplot()
    height = 0.8 / max(len(values), 1)
    for number, column in enumerate(table.columns):
        positions = [row + number * height for row in range(len(labels))]
        counts = [value or 0 for value in values[column.key]]
        bars = axes.barh(
            positions, counts, height=height, label=column.label, color=COLOURS[number]
        )
        # Each bar names its figure in the SVG (id), so a test can hold it against the table.
        for row, bar, value in zip(table.rows, bars, values[column.key], strict=True):
            shown = "verborgen" if value is None else value
            bar.set_gid(f"bar_{table.key}_{row.key}_{column.key}_{shown}")
    axes.set_yticks([row + 0.4 - height / 2 for row in range(len(labels))], labels)
    axes.invert_yaxis()
    axes.set_title(title)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(values) > 1:
        axes.legend(loc="lower right")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
