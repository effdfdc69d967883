"""The digest's participation chart: a PNG drawn with matplotlib's Agg backend, Chinese labels
in a CJK font found by file path (never assumed to be configured in matplotlib)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Where Debian/Ubuntu (and a few other systems) keep fonts with Chinese glyphs.
KNOWN_CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
DPI = 100
WIDTH_IN = 9.0
MAX_MEMBERS = 60  # beyond this the chart would be unreadable; the ledger has everyone
LISTENED_COLOR = "#c0392b"
EXPECTED_COLOR = "#e8d5d3"


def find_cjk_font(configured: str = "", known: tuple[str, ...] = KNOWN_CJK_FONTS) -> Path | None:
    """The configured font file, else the first known one that exists; None (logged) if none."""
    for candidate in ([configured] if configured else []) + list(known):
        path = Path(candidate)
        if path.is_file():
            return path
    log.warning(
        "no CJK font found (looked in %s); chart labels in Chinese will not render. "
        "Install fonts-wqy-microhei or set [digest] font",
        ", ".join(known),
    )
    return None


@dataclass(frozen=True)
class ChartData:
    title: str
    # (label, listened, expected) per broadcast day
    days: list[tuple[str, int, int]]
    # (name, lessons listened, lessons expected) per member
    members: list[tuple[str, int, int]]
    days_title: str = "每日收听"
    members_title: str = "成员收听（节）"
    legend_listened: str = "已收听"
    legend_expected: str = "应收听"


@dataclass(frozen=True)
class RenderedChart:
    png: bytes
    width: int
    height: int
    # Each text drawn, with its box in PNG pixels (left, top, right, bottom).
    labels: list[tuple[str, tuple[int, int, int, int]]]


def render_chart(data: ChartData, font: Path | None) -> RenderedChart:
    """Draw the chart (CPU work: call it off the event loop)."""
    # matplotlib takes a second to import: only the digest pays it, not every start or CLI.
    # Agg's canvas is used directly, so no display backend is ever chosen.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text
    from matplotlib.ticker import MaxNLocator

    members = data.members[:MAX_MEMBERS]
    # Laid out in inches, top to bottom: title, daily bars, their labels, member bars.
    title_h, days_h, gap_h, foot_h = 0.7, 2.0, 0.9, 0.45
    members_h = max(1.0, 0.3 * len(members))
    height_in = title_h + days_h + gap_h + members_h + foot_h
    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    prop = FontProperties(fname=str(font)) if font else FontProperties()
    big = prop.copy()
    big.set_size(15)
    fig.suptitle(data.title, fontproperties=big, y=1 - 0.15 / height_in, va="top")
    days_bottom = (foot_h + members_h + gap_h) / height_in
    ax_days = fig.add_axes((0.08, days_bottom, 0.88, days_h / height_in))
    labels = [day[0] for day in data.days] or ["—"]
    day_ticks = range(len(labels))
    ax_days.bar(day_ticks, [day[2] for day in data.days] or [0], color=EXPECTED_COLOR)
    ax_days.bar(day_ticks, [day[1] for day in data.days] or [0], color=LISTENED_COLOR, width=0.5)
    ax_days.set_xticks(list(day_ticks), labels, fontproperties=prop)
    ax_days.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_days.set_title(data.days_title, fontproperties=prop, loc="left")
    ax_days.legend(
        [data.legend_expected, data.legend_listened],
        prop=prop,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=2,
        frameon=False,
    )
    for x, (_, listened, expected) in zip(day_ticks, data.days, strict=False):
        ax_days.text(x, listened, f"{listened}/{expected}", ha="center", va="bottom", fontsize=9)
    ax_members = fig.add_axes((0.2, foot_h / height_in, 0.76, members_h / height_in))
    names = [member[0] for member in members] or ["—"]
    member_ticks = range(len(names))
    ax_members.barh(member_ticks, [member[2] for member in members] or [0], color=EXPECTED_COLOR)
    ax_members.barh(
        member_ticks, [member[1] for member in members] or [0], color=LISTENED_COLOR, height=0.5
    )
    ax_members.set_yticks(list(member_ticks), names, fontproperties=prop)
    ax_members.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_members.invert_yaxis()
    ax_members.set_title(data.members_title, fontproperties=prop, loc="left")
    canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib leaves it unannotated
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # as above
    width, height = canvas.get_width_height()
    boxes: list[tuple[str, tuple[int, int, int, int]]] = []
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text or not artist.get_visible():
            continue
        box = artist.get_window_extent(renderer)
        if box.width <= 0 or box.height <= 0:
            continue
        # Display coordinates start at the bottom; PNG rows start at the top.
        boxes.append(
            (text, (int(box.x0), int(height - box.y1), int(box.x1) + 1, int(height - box.y0) + 1))
        )
    buffer = io.BytesIO()
    canvas.print_png(buffer)  # type: ignore[no-untyped-call]  # as above
    return RenderedChart(buffer.getvalue(), width, height, boxes)
