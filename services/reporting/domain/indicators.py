"""The plan's ten indicators (section I.3 and I.2), as data, and how a value meets its target."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.reporting.domain.periods import PeriodType

BASIS_POINTS = 10_000  # a ratio's value: 10000 = 100%


class Kind(StrEnum):
    RATIO = "ratio"  # numerator / denominator, value in basis points
    COUNT = "count"  # value = numerator
    YES_NO = "yes_no"  # value 1 when every (ward, year) in scope has it, else 0


class Comparison(StrEnum):
    AT_LEAST = "at_least"
    GREATER_THAN = "greater_than"
    AT_MOST = "at_most"
    EQUAL = "equal"

    def holds(self, value: int, target: int) -> bool:
        return {
            Comparison.AT_LEAST: value >= target,
            Comparison.GREATER_THAN: value > target,
            Comparison.AT_MOST: value <= target,
            Comparison.EQUAL: value == target,
        }[self]

    @property
    def symbol(self) -> str:
        return {"at_least": "≥", "greater_than": ">", "at_most": "≤", "equal": "="}[self.value]


ALL_PERIODS = tuple(PeriodType)


@dataclass(frozen=True)
class Indicator:
    code: str
    clause: str  # the plan's clause, e.g. "I.3.1"
    section_vi: str  # the plan's heading the indicator belongs to, for the report
    name_vi: str
    name_en: str
    numerator_vi: str
    numerator_en: str
    denominator_vi: str
    denominator_en: str
    kind: Kind
    target: int  # in the value's unit: basis points for a ratio
    comparison: Comparison
    period_types: tuple[PeriodType, ...] = ALL_PERIODS
    # counts people: small-cell suppression applies where the figure leaves the ward
    counts_people: bool = False

    def evaluate(self, numerator: int, denominator: int, target: int | None = None) -> IndicatorValue:
        """The value, and whether it meets ``target`` (the catalogue's unless given)."""
        goal = self.target if target is None else target
        if self.kind is Kind.COUNT:
            value, no_data = numerator, False
        elif denominator <= 0:
            value, no_data = 0, True
        elif self.kind is Kind.RATIO:
            value, no_data = numerator * BASIS_POINTS // denominator, False
        else:
            value, no_data = int(numerator >= denominator), False
        met = not no_data and self.comparison.holds(value, goal)
        return IndicatorValue(
            code=self.code,
            kind=self.kind,
            numerator=numerator,
            denominator=denominator,
            value=value,
            target=goal,
            comparison=self.comparison,
            met=met,
            no_data=no_data,
        )


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    kind: Kind
    numerator: int
    denominator: int
    value: int
    target: int
    comparison: Comparison
    met: bool
    no_data: bool
    suppressed: bool = False
    # withheld although not small itself: it would let a withheld one be recomputed (domain.disclosure)
    complement: bool = False

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "kind": self.kind.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "target": self.target,
            "comparison": self.comparison.value,
            "met": self.met,
            "no_data": self.no_data,
            "suppressed": self.suppressed,
        }
        if self.complement:  # only when set: the exact content (and its hash) never carries it
            out["complement"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> IndicatorValue:
        return cls(
            code=str(d["code"]),
            kind=Kind(str(d["kind"])),
            numerator=int(str(d["numerator"])),
            denominator=int(str(d["denominator"])),
            value=int(str(d["value"])),
            target=int(str(d["target"])),
            comparison=Comparison(str(d["comparison"])),
            met=bool(d["met"]),
            no_data=bool(d["no_data"]),
            suppressed=bool(d.get("suppressed", False)),
            complement=bool(d.get("complement", False)),
        )


S31 = "Mục tiêu cụ thể năm 2026-2030: công tác chỉ đạo, tuyên truyền, hỗ trợ và xử lý tin báo"
S32 = "Mục tiêu cụ thể năm 2026-2030: quản lý địa bàn, văn bản chỉ đạo và cán bộ"
S12 = "Mục tiêu chung: không để hình thành tụ điểm"

CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "PLAN_YEARLY", "I.3.1", S31,
        "Phường ban hành kế hoạch hằng năm", "The ward has a yearly plan in force",
        "Số (phường, năm) đã có kế hoạch năm ban hành trước cuối kỳ",
        "(ward, year) pairs with a yearly plan issued before the period ends",
        "Số (phường, năm) trong kỳ", "(ward, year) pairs in the period",
        Kind.YES_NO, 1, Comparison.EQUAL,
    ),
    Indicator(
        "COMM_REGULAR", "I.3.1", S31,
        "Tuyên truyền được tổ chức thường xuyên", "Communication activities held regularly",
        "Số tháng có ít nhất 1 hoạt động tuyên truyền", "Months with at least one communication activity",
        "Số tháng trong kỳ", "Months in the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST,
    ),
    Indicator(
        "HR_ACCESS", "I.3.1", S31,
        "Người bán dâm có nhu cầu, đủ điều kiện được tiếp cận các biện pháp giảm hại và hòa nhập cộng đồng",
        "Eligible sex workers with needs who accessed harm-reduction and reintegration measures",
        "Người đủ điều kiện, có nhu cầu đã nhận ít nhất 1 dịch vụ trong kỳ",
        "Eligible clients with needs who received at least one service in the period",
        "Người đủ điều kiện, có nhu cầu được quản lý trong kỳ",
        "Eligible clients with needs whose case was open in the period",
        Kind.RATIO, 8_000, Comparison.AT_LEAST, counts_people=True,
    ),
    Indicator(
        "TIPS_TIMELY", "I.3.1", S31,
        "Tin tố giác, tin báo, khiếu nại được tiếp nhận, xác minh, phân loại, xử lý kịp thời",
        "Tips, reports and complaints received, verified, classified and handled on time",
        "Tin đến hạn trong kỳ đã xử lý đúng hạn", "Tips due in the period handled by their deadline",
        "Tin đến hạn trong kỳ", "Tips due in the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST,
    ),
    Indicator(
        "ONLINE_HANDLED", "I.3.1", S31,
        "Tin báo trên không gian mạng được tiếp nhận, phân loại, xử lý theo thẩm quyền",
        "Online reports received, classified and handled within competence",
        "Tin trên mạng báo trong kỳ đã phân loại và xử lý (gỡ bỏ, chuyển, kết thúc) đúng hạn",
        "Online items reported in the period classified and handled (removed, escalated, closed) on time",
        "Tin trên mạng báo trong kỳ", "Online items reported in the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST,
    ),
    Indicator(
        "IT_REPORTING", "I.3.1", S31,
        "Theo dõi, thống kê, báo cáo bằng công nghệ thông tin",
        "Monitoring, statistics and reporting done with IT",
        "Báo cáo định kỳ đến hạn trong kỳ được lập từ hệ thống và gửi đúng hạn",
        "Periodic reports due in the period produced from the system and sent on time",
        "Báo cáo định kỳ đến hạn trong kỳ", "Periodic reports due in the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST,
    ),
    Indicator(
        "DIRECTIVES_TIMELY", "I.3.2", S32,
        "Văn bản chỉ đạo được ban hành kịp thời", "Directive documents issued on time",
        "Văn bản đến hạn trong kỳ đã ban hành đúng hạn",
        "Documents due in the period issued by their due date",
        "Văn bản đến hạn trong kỳ", "Documents due in the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST,
    ),
    Indicator(
        "ESTAB_MANAGED", "I.3.2", S32,
        "Cơ sở kinh doanh dịch vụ dễ bị lợi dụng được rà soát, phân loại, quản lý, kiểm tra",
        "At-risk establishments reviewed, classified, managed and inspected",
        "Cơ sở đang hoạt động được rà soát, phân loại trong 12 tháng và kiểm tra đủ tần suất theo mức rủi ro",
        "Active establishments reviewed and classified within 12 months and inspected as often as "
        "their risk class requires",
        "Cơ sở đang hoạt động cuối kỳ", "Active establishments at the end of the period",
        Kind.RATIO, 9_500, Comparison.GREATER_THAN,
    ),
    Indicator(
        "STAFF_TRAINED", "I.3.2", S32,
        "Cán bộ làm công tác phòng, chống mại dâm được tập huấn", "Staff doing this work trained",
        "Cán bộ được phân công đã dự ít nhất 1 lớp tập huấn trong giai đoạn",
        "Assigned staff with at least one training in the plan period",
        "Cán bộ được phân công cuối kỳ", "Staff assigned at the end of the period",
        Kind.RATIO, BASIS_POINTS, Comparison.AT_LEAST, counts_people=True,
    ),
    Indicator(
        "HOTSPOTS", "I.2", S12,
        "Tụ điểm mại dâm hình thành hoặc tái hình thành", "Hotspots formed or re-formed",
        "Số nơi bị xác định là tụ điểm trong kỳ", "Places flagged as hotspots in the period",
        "(không áp dụng)", "(not applicable)",
        Kind.COUNT, 0, Comparison.AT_MOST,
    ),
)  # fmt: skip

BY_CODE = {i.code: i for i in CATALOGUE}
