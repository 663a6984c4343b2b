"""Words for the exports: Vietnamese and English labels of sources, breakdowns and values."""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from services.reporting.domain import figures as rounding
from services.reporting.domain.indicators import IndicatorValue, Kind
from services.reporting.domain.periods import PLAN_CODE, VN
from services.reporting.domain.snapshot import SOURCES, BreakdownRow, SnapshotContent, shown

# "report": the Vietnamese document (DOCX), decimal comma; "table": bilingual cells (XLSX, CSV).
Style = Literal["report", "table"]


class Label(NamedTuple):
    vi: str
    en: str

    @property
    def both(self) -> str:
        return self.vi if self.vi == self.en else f"{self.vi} / {self.en}"

    def pick(self, style: Style) -> str:
        return self.vi if style == "report" else self.both


class Source(NamedTuple):
    label: Label
    sheet: str  # an XLSX sheet name: at most 31 characters


SOURCE_LABELS: dict[str, Source] = {
    "intake": Source(Label("Tin báo, tố giác, khiếu nại", "Tips and complaints"), "Tin báo"),
    "inspection": Source(
        Label("Cơ sở kinh doanh và kiểm tra", "Establishments and inspections"), "Cơ sở & kiểm tra"
    ),
    "case_support": Source(Label("Hỗ trợ người bán dâm", "Case support"), "Hỗ trợ"),
    "online_monitoring": Source(Label("Môi trường mạng", "Online environment"), "Môi trường mạng"),
    "programme": Source(Label("Hoạt động chương trình", "Programme activities"), "Hoạt động"),
}

DIMENSION_LABELS: dict[str, Label] = {
    "tips_by_kind": Label("Theo loại tin", "By kind"),
    "tips_by_status": Label("Theo tình trạng xử lý", "By status"),
    "tips_due": Label("Tin đến hạn xử lý trong kỳ", "Tips due in the period"),
    "establishments_by_type": Label("Cơ sở kinh doanh theo loại hình", "Establishments by type"),
    "establishments_by_risk": Label("Cơ sở kinh doanh theo mức độ rủi ro", "Establishments by risk"),
    "inspections_by_result": Label("Lượt kiểm tra theo kết quả", "Inspections by result"),
    "hotspots_by_formation": Label("Tụ điểm mại dâm", "Hotspots"),
    "clients": Label("Người bán dâm được quản lý trường hợp", "Case-managed clients"),
    "services_by_category": Label("Người được hỗ trợ theo nhóm dịch vụ", "Clients served by service group"),
    "items_by_platform": Label("Tin trên mạng theo nền tảng", "Online items by platform"),
    "items_by_category": Label("Tin trên mạng theo nội dung", "Online items by category"),
    "items_by_outcome": Label("Tin trên mạng theo kết quả xử lý", "Online items by outcome"),
    "activities_by_kind": Label("Hoạt động theo hình thức", "Activities by kind"),
    "trainings": Label("Tập huấn, bồi dưỡng", "Training"),
    "directives": Label("Văn bản chỉ đạo", "Directive documents"),
    "reports": Label("Báo cáo định kỳ", "Periodic reports"),
}

_OTHER = Label("Khác", "Other")
_UNCLASSIFIED = Label("Chưa phân loại", "Not classified")
_DUE = Label("Đến hạn", "Due")

# Per dimension, in the order the exports list them.
KEY_LABELS: dict[str, dict[str, Label]] = {
    "tips_by_kind": {
        "denunciation": Label("Tin tố giác", "Denunciation"),
        "report": Label("Tin báo", "Report"),
        "complaint": Label("Khiếu nại", "Complaint"),
        "recommendation_to_prosecute": Label("Kiến nghị khởi tố", "Recommendation to prosecute"),
    },
    "tips_by_status": {
        "open": Label("Đang giải quyết", "Open"),
        "handled": Label("Đã xử lý", "Handled"),
        "transferred": Label("Đã chuyển cơ quan có thẩm quyền", "Transferred"),
        "merged": Label("Đã gộp do trùng lặp", "Merged as duplicate"),
    },
    "tips_due": {
        "due": _DUE,
        "handled_on_time": Label("Xử lý đúng hạn", "Handled on time"),
        "overdue_open": Label("Quá hạn, chưa xử lý xong", "Overdue, still open"),
    },
    "establishments_by_type": {
        "lodging": Label("Cơ sở lưu trú", "Lodging"),
        "karaoke": Label("Karaoke", "Karaoke"),
        "massage": Label("Massage", "Massage"),
        "bar": Label("Bar", "Bar"),
        "pub": Label("Pub", "Pub"),
        "dance_hall": Label("Vũ trường", "Dance hall"),
        "short_term_rental": Label("Căn hộ cho thuê ngắn hạn", "Short-term rental apartment"),
        "other": Label("Dịch vụ nhạy cảm khác", "Other sensitive service"),
    },
    "establishments_by_risk": {
        "low": Label("Rủi ro thấp", "Low risk"),
        "medium": Label("Rủi ro trung bình", "Medium risk"),
        "high": Label("Rủi ro cao", "High risk"),
        "unclassified": _UNCLASSIFIED,
    },
    "inspections_by_result": {
        "no_violation": Label("Không phát hiện vi phạm", "No violation"),
        "violations_found": Label("Phát hiện vi phạm", "Violations found"),
        "not_operating": Label("Cơ sở không hoạt động", "Not operating"),
        "not_carried_out": Label("Không thực hiện được", "Not carried out"),
    },
    "hotspots_by_formation": {
        "formed": Label("Hình thành mới", "Formed"),
        "re_formed": Label("Tái hình thành", "Re-formed"),
    },
    "clients": {
        "active": Label("Đang được quản lý", "Active"),
        "eligible_with_needs": Label("Đủ điều kiện, có nhu cầu", "Eligible with needs"),
        "served": Label("Đã nhận ít nhất 1 dịch vụ", "Received at least one service"),
    },
    "services_by_category": {
        "harm_reduction": Label("Can thiệp giảm hại", "Harm reduction"),
        "reintegration": Label("Hòa nhập cộng đồng", "Community reintegration"),
    },
    "items_by_platform": {
        "facebook": Label("Facebook", "Facebook"),
        "zalo": Label("Zalo", "Zalo"),
        "tiktok": Label("TikTok", "TikTok"),
        "telegram": Label("Telegram", "Telegram"),
        "youtube": Label("YouTube", "YouTube"),
        "instagram": Label("Instagram", "Instagram"),
        "x": Label("X (Twitter)", "X (Twitter)"),
        "dating_app": Label("Ứng dụng hẹn hò", "Dating app"),
        "website": Label("Trang web", "Website"),
        "other": _OTHER,
    },
    "items_by_category": {
        "solicitation": Label("Mời chào mua bán dâm", "Solicitation"),
        "brokering": Label("Môi giới mại dâm", "Brokering"),
        "disguised_advertising": Label("Quảng cáo trá hình", "Disguised advertising"),
        "trafficking_recruitment": Label("Tuyển người có dấu hiệu mua bán người", "Trafficking recruitment"),
        "obscene_content": Label("Nội dung đồi trụy", "Obscene content"),
        "not_violating": Label("Không vi phạm", "Not violating"),
        "other": _OTHER,
        "unclassified": _UNCLASSIFIED,
    },
    "items_by_outcome": {
        "removed": Label("Đã gỡ bỏ", "Removed"),
        "escalated": Label("Đã chuyển cơ quan có thẩm quyền", "Escalated"),
        "closed": Label("Đã kết thúc", "Closed"),
        "open": Label("Đang xử lý", "Open"),
    },
    "activities_by_kind": {
        "communication_meeting": Label("Tuyên truyền trực tiếp, hội nghị", "Communication: meeting"),
        "communication_broadcast": Label("Tuyên truyền qua thông tin cơ sở, đài", "Communication: broadcast"),
        "communication_print": Label("Tuyên truyền qua pano, áp phích, tờ rơi", "Communication: print"),
        "communication_online": Label("Tuyên truyền trên mạng xã hội", "Communication: online"),
        "communication_campaign": Label("Chiến dịch truyền thông", "Communication campaign"),
        "legal_dissemination": Label("Phổ biến, giáo dục pháp luật", "Legal dissemination"),
        "interim_review": Label("Sơ kết", "Interim review"),
        "final_review": Label("Tổng kết", "Final review"),
        "other": Label("Hoạt động khác", "Other"),
    },
    "trainings": {
        "held": Label("Lớp tập huấn đã tổ chức", "Trainings held"),
        "staff_trained": Label("Cán bộ được tập huấn", "Staff trained"),
    },
    "directives": {"due": _DUE, "issued_on_time": Label("Ban hành đúng hạn", "Issued on time")},
    "reports": {"due": _DUE, "submitted_on_time": Label("Gửi đúng hạn", "Submitted on time")},
}

STATUS_LABELS: dict[str, Label] = {
    "prepared": Label("Đã lập, chưa phê duyệt", "Prepared, not approved"),
    "approved": Label("Đã phê duyệt", "Approved"),
    "published": Label("Đã công bố", "Published"),
}

REPORT_TITLE = Label(
    f"Kết quả thực hiện Kế hoạch phòng, chống mại dâm giai đoạn {PLAN_CODE}",
    f"Results of the {PLAN_CODE} plan for preventing prostitution",
)
YES = Label("Có", "Yes")
NO = Label("Chưa", "No")
NO_DATA = Label("Không có dữ liệu", "No data")
MET = Label("Đạt", "Met")
NOT_MET = Label("Chưa đạt", "Not met")
NOT_ASSESSED = Label("Chưa đánh giá", "Not assessed")
WITHHELD = Label("Không công bố", "Withheld")
NOT_SHOWN = "—"  # a figure that is withheld or does not apply


def source_label(source: str) -> Source:
    return SOURCE_LABELS.get(source, Source(Label(source, source), source[:31]))


def dimension_label(dimension: str) -> Label:
    return DIMENSION_LABELS.get(dimension, Label(dimension, dimension))


def key_label(dimension: str, key: str) -> Label:
    return KEY_LABELS.get(dimension, {}).get(key, Label(key, key))


def status_label(status: str) -> Label:
    return STATUS_LABELS.get(status, Label(status, status))


def sources_of(content: SnapshotContent) -> list[str]:
    """The five known sources, always, then any other source the breakdown names."""
    extra = sorted({r.source for r in content.breakdown} - set(SOURCES))
    return [*SOURCES, *extra]


def rows_of(content: SnapshotContent, source: str) -> list[BreakdownRow]:
    """A source's rows in the order of the label tables; unknown dimensions and keys last."""
    dimensions = list(DIMENSION_LABELS)

    def order(row: BreakdownRow) -> tuple[int, int, str, str]:
        keys = list(KEY_LABELS.get(row.dimension, {}))
        d = dimensions.index(row.dimension) if row.dimension in dimensions else len(dimensions)
        k = keys.index(row.key) if row.key in keys else len(keys)
        return d, k, row.dimension, row.key

    return sorted((r for r in content.breakdown if r.source == source), key=order)


def withheld(content: SnapshotContent) -> int:
    """How many figures carry the suppression flag."""
    return sum(v.suppressed for v in content.indicators) + sum(r.suppressed for r in content.breakdown)


def suppression_note(content: SnapshotContent, threshold: int) -> Label:
    """Whether figures were withheld: the content only says so through its flags."""
    n = withheld(content)
    if not n:
        return Label("Không có số liệu nào bị ẩn", "no figure withheld")
    return Label(
        f"Đã ẩn {n} số liệu về người: số dưới {threshold} ghi là <{threshold}, "
        "số có thể làm lộ số nhỏ ghi là không công bố",
        f"small-cell suppression applied: {n} figure(s) withheld, counts below {threshold} shown as "
        f"<{threshold} and the figures that would reveal them as withheld",
    )


def local_time(at: dt.datetime | None) -> str:
    """A moment in Vietnam's time, the way the ward writes it: ``04/01/2027 09:30``."""
    if at is None:
        return NOT_SHOWN
    local = at.astimezone(VN) if at.tzinfo else at
    return local.strftime("%d/%m/%Y %H:%M")


def count_text(row: BreakdownRow, threshold: int, style: Style = "report") -> str:
    """A count, ``<5`` when withheld as small, "not published" when withheld only as a complement
    (``<5`` would be false there: the figure is not small, it would give a small one away)."""
    if row.complement:
        return WITHHELD.pick(style).lower() if style == "report" else WITHHELD.pick(style)
    return shown(row.count, row.suppressed, threshold)


def percent(basis_points: int, style: Style, *, trim: bool = False) -> str:
    """``8750`` -> ``87.5%`` (``87,5%`` in the report); ``trim`` drops a ``.0`` (for targets).

    The one rounding of every channel (``domain.figures``): half up to one decimal."""
    return rounding.percent(basis_points, "vi" if style == "report" else "en", trim=trim)


def _amount(kind: Kind, amount: int, style: Style, *, trim: bool = False) -> str:
    if kind is Kind.RATIO:
        return percent(amount, style, trim=trim)
    if kind is Kind.YES_NO:
        return (YES if amount else NO).pick(style)
    return str(amount)


def value_text(v: IndicatorValue, threshold: int, style: Style) -> str:
    """The value as people read it: ``87.5%``, ``Có / Yes``, ``2``, ``<5`` or no data."""
    if v.suppressed:
        return WITHHELD.pick(style) if v.complement else shown(v.value, True, threshold)
    if v.no_data:
        return NO_DATA.pick(style)
    return _amount(v.kind, v.value, style)


def target_text(v: IndicatorValue, style: Style, *, symbol: bool = True) -> str:
    """The target with its comparison: ``≥ 80%``, ``> 95%``, ``≤ 0``, ``= Có``."""
    amount = _amount(v.kind, v.target, style, trim=True)
    return f"{v.comparison.symbol} {amount}" if symbol else amount


def met_text(v: IndicatorValue, style: Style) -> str:
    if v.suppressed:
        return WITHHELD.pick(style)  # suppress() clears met: "not met" would be a false statement
    if v.no_data:
        return NOT_ASSESSED.pick(style)
    return (MET if v.met else NOT_MET).pick(style)


def figures(v: IndicatorValue) -> tuple[int | None, int | None]:
    """Numerator and denominator to print; None where withheld or, for a count, not applicable."""
    if v.suppressed:
        return None, None
    return v.numerator, None if v.kind is Kind.COUNT else v.denominator
