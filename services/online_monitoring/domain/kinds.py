"""The vocabulary of online monitoring (the API and events use the values).

Each enumeration mirrors one of ``proto/pcmd/online_monitoring/v1/events.proto`` (values are the
proto's names without the prefix, in lower case); the ``*_VI`` tables give the Vietnamese label shown
to users.
"""

from __future__ import annotations

import enum


class Platform(enum.StrEnum):
    FACEBOOK = "facebook"
    ZALO = "zalo"
    TIKTOK = "tiktok"
    TELEGRAM = "telegram"
    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    X = "x"
    DATING_APP = "dating_app"  # dating and "massage booking" apps
    WEBSITE = "website"  # websites and forums
    OTHER = "other"


class ContentSpace(enum.StrEnum):
    PUBLIC_POST = "public_post"
    PROFILE = "profile"  # a profile, page or channel
    CLOSED_GROUP = "closed_group"
    CHAT_GROUP = "chat_group"  # a messaging group or private chat
    LISTING = "listing"  # a paid advertisement or an app listing
    OTHER = "other"


class ItemCategory(enum.StrEnum):
    SOLICITATION = "solicitation"  # offering or seeking paid sex
    BROKERING = "brokering"  # connecting buyers and sellers
    DISGUISED_ADVERTISING = "disguised_advertising"  # e.g. "massage" advertising sexual services
    TRAFFICKING_RECRUITMENT = "trafficking_recruitment"
    OBSCENE_CONTENT = "obscene_content"
    NOT_VIOLATING = "not_violating"
    OTHER = "other"


PLATFORM_VI: dict[Platform, str] = {
    Platform.FACEBOOK: "Facebook",
    Platform.ZALO: "Zalo",
    Platform.TIKTOK: "TikTok",
    Platform.TELEGRAM: "Telegram",
    Platform.YOUTUBE: "YouTube",
    Platform.INSTAGRAM: "Instagram",
    Platform.X: "X (Twitter)",
    Platform.DATING_APP: "Ứng dụng hẹn hò, đặt lịch",
    Platform.WEBSITE: "Trang web, diễn đàn",
    Platform.OTHER: "Khác",
}

CATEGORY_VI: dict[ItemCategory, str] = {
    ItemCategory.SOLICITATION: "Mời gọi, chào bán dâm",
    ItemCategory.BROKERING: "Môi giới mại dâm",
    ItemCategory.DISGUISED_ADVERTISING: "Quảng cáo trá hình dịch vụ mại dâm",
    ItemCategory.TRAFFICKING_RECRUITMENT: "Tuyển dụng có dấu hiệu mua bán người",
    ItemCategory.OBSCENE_CONTENT: "Nội dung đồi trụy",
    ItemCategory.NOT_VIOLATING: "Không vi phạm",
    ItemCategory.OTHER: "Vi phạm khác",
}

# The categories a takedown can be requested for (everything that violates the law).
VIOLATIONS: frozenset[ItemCategory] = frozenset(ItemCategory) - {ItemCategory.NOT_VIOLATING}
