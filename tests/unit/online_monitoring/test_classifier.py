"""The classifier: its figures on the held-out part against the targets, its reasons (the phrases that
weighed, never a phone number), the same category whatever the disguise, news about raids left
alone, the committed model loaded by version and an unknown version refused.

Targets on the held-out part (templates no training post came from, and half the hand-written posts):

- violation against not, precision and recall >= 0.90: this decides whether an officer may request a
  takedown, the issue asks precision >= 0.9 and recall >= 0.85, and a person confirms every proposal;
- each category, precision and recall >= 0.70: solicitation and brokering share most of their words
  (a broker's post is a seller's post with "các em" in it), and the officer corrects the category; a
  floor under the measured figures (lowest: solicitation's precision, 0.74) that still fails a model
  that confuses two categories outright.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pytest

from services.online_monitoring.domain import classifier as classifier_module
from services.online_monitoring.domain.classifier import (
    MAX_REASONS,
    Classifier,
    Proposal,
    Reason,
    UnknownModelVersion,
    from_document,
    load,
    softmax,
    versions,
)
from services.online_monitoring.domain.features import PATTERNS_VI, features
from services.online_monitoring.domain.kinds import VIOLATIONS, ItemCategory
from services.online_monitoring.domain.model import CURRENT, corpus
from services.online_monitoring.domain.model.train import figures
from services.online_monitoring.domain.normalise import normalise, strip_diacritics

VIOLATION_TARGET = 0.90
CATEGORY_TARGET = 0.70


@pytest.fixture(scope="module")
def model() -> Classifier:
    return load()


def test_the_held_out_figures_meet_the_targets(model: Classifier) -> None:
    heldout = [r for r in corpus.load() if r["split"] == "heldout"]
    truth = [ItemCategory(r["category"]) for r in heldout]
    found = figures(truth, [model.classify(r["text"]).category for r in heldout])
    for name, f in found.items():
        print(f"{name:26} precision {f['precision']:.3f}  recall {f['recall']:.3f}  n={f['support']}")
    assert set(found) == {c.value for c in ItemCategory if c != ItemCategory.OTHER} | {"other", "violation"}
    assert found["violation"]["support"] == sum(t in VIOLATIONS for t in truth) >= 150
    assert found["not_violating"]["support"] >= 150
    assert found["violation"]["precision"] >= VIOLATION_TARGET
    assert found["violation"]["recall"] >= VIOLATION_TARGET
    low = {n: f for n, f in found.items() if min(f["precision"], f["recall"]) < CATEGORY_TARGET}
    assert low == {}


def test_the_committed_model_states_the_same_held_out_figures(model: Classifier) -> None:
    document = json.loads((classifier_module.MODEL_DIR / f"{CURRENT}.json").read_text(encoding="utf-8"))
    heldout = [r for r in corpus.load() if r["split"] == "heldout"]
    truth = [ItemCategory(r["category"]) for r in heldout]
    assert document["heldout"] == figures(truth, [model.classify(r["text"]).category for r in heldout])


def test_figures_count_precision_and_recall() -> None:
    s, b, n = ItemCategory.SOLICITATION, ItemCategory.BROKERING, ItemCategory.NOT_VIOLATING
    found = figures([s, s, b, n, n], [s, b, b, s, n])
    assert found["solicitation"] == {"precision": 0.5, "recall": 0.5, "support": 2}
    assert found["brokering"] == {"precision": 0.5, "recall": 1.0, "support": 1}
    assert found["not_violating"] == {"precision": 1.0, "recall": 0.5, "support": 2}
    assert found["violation"] == {"precision": 0.75, "recall": 1.0, "support": 3}
    assert figures([s, n], [n, n])["solicitation"] == {"precision": 0.0, "recall": 0.0, "support": 1}


SELLER = "Em nhận tàu nhanh 500k/1h, qua đêm 1tr5, có phòng riêng, zalo 0912 000 678"


def test_a_seller_post_is_solicitation_with_the_phrases_that_weighed(model: Classifier) -> None:
    proposal = model.classify(SELLER)
    assert proposal.category == ItemCategory.SOLICITATION
    assert proposal.score > 0.5
    assert proposal.model_version == CURRENT
    said = [r.feature for r in proposal.reasons]
    assert "“tàu nhanh”" in said or "“tàu”" in said  # as the post wrote it, with diacritics
    assert PATTERNS_VI["phone+price"] in said or PATTERNS_VI["price_per_time"] in said
    assert 0 < len(proposal.reasons) <= MAX_REASONS
    weights = [r.weight for r in proposal.reasons]
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
    assert len(set(said)) == len(said)


def test_each_reason_is_a_present_feature_weighed_for_the_proposed_category(model: Classifier) -> None:
    proposal = model.classify(SELLER)
    k = model.classes.index(proposal.category)
    present = sorted(
        (model.weights[f][k] for f in features(normalise(SELLER)) if f in model.weights),
        reverse=True,
    )
    assert proposal.reasons[0].weight == round(present[0], 4)
    assert proposal.score == pytest.approx(model.probabilities(SELLER)[proposal.category])


def test_a_post_without_diacritics_is_explained_as_written(model: Classifier) -> None:
    proposal = model.classify("e nhan tau nhanh 500k 1h, qua dem 1tr5, ib zalo e nha")
    assert proposal.category == ItemCategory.SOLICITATION
    said = [r.feature for r in proposal.reasons]
    assert any(r in said for r in ("“tau nhanh”", "“qua dem”", "“tau”", "“dem”"))


PHONES = ("0912 000 678", "0912.000.678", "+84 912 000 678", "o9l2ooo678", "0912000678")


@pytest.mark.parametrize("phone", PHONES)
def test_no_reason_holds_a_phone_number(model: Classifier, phone: str) -> None:
    for text in (f"gọi {phone} em đi tàu 500k", f"zalo{phone} 1tr qua đêm", f"lh {phone} massage kín đáo"):
        proposal = model.classify(text)
        assert proposal.reasons
        assert not any(re.search(r"\d{3}", r.feature) for r in proposal.reasons), proposal.reasons


VIOLATING = [
    ("Em nhận đi tàu nhanh 500k, qua đêm 1tr5, khu Lê Chân, zalo 0912 000 678", ItemCategory.SOLICITATION),
    ("Massage body kín đáo, nhân viên trẻ đẹp, phục vụ A-Z, 600k/1h", ItemCategory.DISGUISED_ADVERTISING),
    ("Tuyển gấp nữ 18-25 tuổi sang Campuchia làm tiếp viên, lương 40 triệu, bao vé máy bay, lo hết "
     "giấy tờ", ItemCategory.TRAFFICKING_RECRUITMENT),
]  # fmt: skip


def disguises(text: str) -> list[str]:
    return [
        strip_diacritics(text),
        text.upper(),
        text.replace("tàu", "t à u").replace("Massage", "M.A.S.S.A.G.E").replace("tiếp", "t.i.ế.p"),
        text.replace("Em", "E").replace("không", "ko").replace("nhận", "nhận"),
        f"🚢💦 {text} 🔥",
        strip_diacritics(text).replace("tau", "t-a-u").replace("body", "b.o.d.y"),
    ]


@pytest.mark.parametrize(("text", "category"), VIOLATING, ids=[c.value for _, c in VIOLATING])
def test_the_same_post_disguised_gets_the_same_category(
    model: Classifier, text: str, category: ItemCategory
) -> None:
    assert model.classify(text).category == category
    for variant in disguises(text):
        assert model.classify(variant).category == category, variant


NEWS = [
    "Công an phường Lê Chân bắt quả tang nhà nghỉ Hoa Mai chứa mại dâm, 3 cặp nam nữ đang mua bán dâm "
    "với giá 1,5 triệu đồng/lượt; chủ nhà nghỉ bị tạm giữ",
    "Triệt phá đường dây gái gọi qua Zalo: các đối tượng đăng ảnh gái xinh kèm giá 2 triệu qua đêm để "
    "dụ khách, Công an thành phố đã khởi tố 5 bị can",
    "CONG AN QUAN TRIET PHA O MAI DAM TRA HINH TRONG TIEM MASSAGE, BAT QUA TANG 4 NHAN VIEN DANG BAN DAM",
    "Đoàn kiểm tra liên ngành xử phạt quán karaoke có nhân viên nữ ngồi tiếp khách, phạt 30 triệu đồng",
]


@pytest.mark.parametrize("text", NEWS)
def test_news_about_a_raid_is_not_violating(model: Classifier, text: str) -> None:
    assert model.classify(text).category == ItemCategory.NOT_VIOLATING


LEGIT = [
    "Spa Hoa Sen: massage cổ vai gáy 60 phút 250k, kỹ thuật viên có chứng chỉ, hotline 0909 000 123",
    "Trạm y tế phường tư vấn, xét nghiệm HIV miễn phí, phát bao cao su, bảo mật thông tin",
    "Tối nay team mình đi karaoke rồi ăn lẩu nha, ai về sớm thì báo trước",
]


@pytest.mark.parametrize("text", LEGIT)
def test_legitimate_posts_full_of_keywords_are_not_violating(model: Classifier, text: str) -> None:
    assert model.classify(text).category == ItemCategory.NOT_VIOLATING


def test_probabilities_are_a_distribution_over_the_categories(model: Classifier) -> None:
    probs = model.probabilities(SELLER)
    assert set(probs) == set(ItemCategory) - {ItemCategory.OTHER} | {ItemCategory.OTHER}
    assert math.isclose(sum(probs.values()), 1.0)
    assert model.classify("").category in probs


def test_softmax_is_stable_and_ordered() -> None:
    assert softmax([0.0, 0.0]) == [0.5, 0.5]
    big = softmax([1000.0, 999.0])
    assert big[0] == pytest.approx(1 / (1 + math.exp(-1)))
    assert sum(softmax([3.0, -2.0, 0.5])) == pytest.approx(1.0)


def tiny() -> Classifier:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    weights = {"a:tau": (2.0, -2.0), "a:nhanh": (1.0, -1.0), "a:cong": (-3.0, 3.0), "a:an": (0.5, -0.5)}
    return Classifier("t-1", (s, n), (0.0, 0.0), weights)


def test_a_proposal_by_hand() -> None:
    proposal = tiny().classify("tàu nhanh")
    assert proposal == Proposal(
        ItemCategory.SOLICITATION,
        pytest.approx(1 / (1 + math.exp(-6.0))),  # type: ignore[arg-type]
        (Reason("“tàu”", 2.0), Reason("“nhanh”", 1.0)),
        "t-1",
    )
    against = tiny().classify("công an")
    assert against.category == ItemCategory.NOT_VIOLATING
    assert against.reasons == (Reason("“công”", 3.0),)  # "an" weighs against, it is not a reason


def test_a_tie_goes_to_the_first_category_and_at_most_ten_reasons() -> None:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    words = ["xanh", "đỏ", "tím", "vàng", "lam", "lục", "hồng", "nâu", "đen", "trắng", "xám", "cam"]
    weights = {f"a:{strip_diacritics(w)}": (0.1 * (i + 1), 0.1 * (i + 1)) for i, w in enumerate(words)}
    model = Classifier("t-2", (s, n), (0.0, 0.0), weights)
    proposal = model.classify(" ".join(words))
    assert proposal.category == s and proposal.score == 0.5
    assert len(proposal.reasons) == MAX_REASONS == 10
    assert proposal.reasons[0] == Reason("“cam”", 1.2)
    assert proposal.reasons[-1] == Reason("“tím”", 0.3)


def test_a_weightless_feature_is_no_reason_and_weights_are_rounded_to_four_places() -> None:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    weights = {"a:tau": (0.123456, -0.1), "a:nhanh": (0.0, 0.0), "w:tàu": (0.123456, 0.0)}
    model = Classifier("t-3", (s, n), (0.0, 0.0), weights)
    proposal = model.classify("tàu nhanh")
    assert proposal.reasons == (Reason("“tàu”", 0.1235),)  # "tau" and "tàu" said once
    assert model.top_reasons(s) == (Reason("“tau”", 0.1235), Reason("“tàu”", 0.1235))
    assert model.top_reasons(n) == ()


def test_top_reasons_say_a_phrase_once_as_training_posts_wrote_it() -> None:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    weights = {"a:tau": (0.5, -0.5), "w:tàu": (0.4, -0.4), "a:dem": (0.3, -0.3)}
    model = Classifier("t-4", (s, n), (0.0, 0.0), weights, {"tau": "tàu", "dem": "đêm"})
    assert model.top_reasons(s) == (Reason("“tàu”", 0.5), Reason("“đêm”", 0.3))
    assert model.top_reasons(s, 1) == (Reason("“tàu”", 0.5),)


def test_a_model_document_becomes_a_classifier() -> None:
    document = {
        "version": "t-5", "classes": ["solicitation", "not_violating"], "intercepts": [0.5, -0.5],
        "weights": {"a:tau": [1, -1]}, "written_forms": {"tau": "tàu"},
    }  # fmt: skip
    model = from_document(document)
    assert (model.version, model.classes, model.intercepts) == ("t-5", tiny().classes, (0.5, -0.5))
    assert model.weights == {"a:tau": (1.0, -1.0)} and model.forms == {"tau": "tàu"}
    del document["written_forms"]
    assert from_document(document).forms == {}


def test_a_model_file_must_hold_the_version_its_name_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = {"version": "om-test.1", "classes": ["not_violating"], "intercepts": [0.0], "weights": {}}
    (tmp_path / "om-test.2.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "om-test.1.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "om-test.0.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(classifier_module, "MODEL_DIR", tmp_path)
    assert versions() == ("om-test.0", "om-test.1", "om-test.2")
    with pytest.raises(UnknownModelVersion, match=re.escape("om-test.2.json holds version 'om-test.1'")):
        load("om-test.2")
    with pytest.raises(UnknownModelVersion, match=re.escape("om-test.0.json holds version 'om-test.1'")):
        load("om-test.0")
    assert load("om-test.1").classify("xin chào").category == ItemCategory.NOT_VIOLATING


def test_a_model_needs_a_weight_per_category() -> None:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    with pytest.raises(ValueError, match="a weight per category"):
        Classifier("x", (s, n), (0.0,), {})
    with pytest.raises(ValueError, match="a weight per category"):
        Classifier("x", (s, n), (0.0, 0.0), {"a:tau": (1.0,)})
    with pytest.raises(ValueError, match="a weight per category"):
        Classifier("x", (s, n), (0.0, 0.0, 0.0), {})
    with pytest.raises(ValueError, match="a weight per category"):
        Classifier("x", (s, n), (0.0, 0.0), {"a:tau": (1.0, 2.0, 3.0)})
    assert Classifier("x", (s, n), (0.0, 0.0), {}).classify("tàu").score == 0.5


def test_equal_weights_are_listed_in_the_order_of_their_features() -> None:
    s, n = ItemCategory.SOLICITATION, ItemCategory.NOT_VIOLATING
    weights = {"a:tau": (0.5, 0.0), "a:nhanh": (0.5, 0.0), "a:xa": (0.7, 0.0)}
    model = Classifier("t-6", (s, n), (0.0, 0.0), weights)
    expected = (Reason("“xa”", 0.7), Reason("“nhanh”", 0.5), Reason("“tau”", 0.5))
    assert model.classify("tau xa nhanh").reasons == expected
    assert model.top_reasons(s) == expected


def test_reasons_and_proposals_cannot_be_changed() -> None:
    proposal = tiny().classify("tàu nhanh")
    with pytest.raises(dataclasses.FrozenInstanceError):
        proposal.score = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        proposal.reasons[0].weight = 9.0  # type: ignore[misc]


def test_top_reasons_are_the_heaviest_features_of_a_category() -> None:
    reasons = tiny().top_reasons(ItemCategory.SOLICITATION)
    assert reasons == (Reason("“tau”", 2.0), Reason("“nhanh”", 1.0), Reason("“an”", 0.5))
    assert tiny().top_reasons(ItemCategory.NOT_VIOLATING, 1) == (Reason("“cong”", 3.0),)


def test_the_committed_model_lists_ten_reasons_per_violating_category(model: Classifier) -> None:
    for category in VIOLATIONS:
        reasons = model.top_reasons(category)
        assert len(reasons) == MAX_REASONS
        assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)


def test_load_gives_the_current_model_by_default_and_by_name() -> None:
    assert load().version == CURRENT
    assert load(CURRENT) is load(CURRENT)
    assert CURRENT in versions()


@pytest.mark.parametrize("version", ["om-1999.1.1", "../../../etc/passwd", "", "OM-2026.12.1", "a/b"])
def test_an_unknown_version_is_a_clear_error(version: str) -> None:
    with pytest.raises(UnknownModelVersion, match="no classifier model of version") as raised:
        load(version)
    assert CURRENT in str(raised.value)
