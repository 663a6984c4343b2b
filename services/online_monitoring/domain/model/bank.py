"""Phrase banks and templates the labelled corpus is generated from (written for this model).

A template is a post with slots (``{price}``); each slot is filled from the bank of the same name.
Templates are numbered within their category; the corpus puts every fourth one in the held-out
part, so the evaluation measures posts worded as no training post was (the banks are shared).
Phone numbers are made up, with ``000`` in the middle so that none is a subscriber's.
"""

from __future__ import annotations

BANKS: dict[str, tuple[str, ...]] = {
    "price": (
        "500k", "300k", "1tr5", "2 triệu", "700 nghìn", "5 lít", "ba củ", "800k", "1.500.000đ",
        "600 ngàn", "1tr2", "400k", "2tr5", "một triệu rưỡi", "350k", "4 xị", "1 củ", "900k",
    ),
    "time": (
        "/1h", "1 tiếng", "/shot", "1 shot", "/lần", "qua đêm", "/đêm", "1 lần", "2h", "/ 1 giờ",
    ),
    "place": (
        "Q7", "Cầu Giấy", "Lê Chân", "Hải Phòng", "Quận 1", "Mỹ Đình", "Thủ Đức", "Ngô Quyền",
        "Đà Nẵng", "gần bến xe Cầu Rào", "khu Văn Cao", "Bình Thạnh", "Hoàng Mai", "Lạch Tray",
    ),
    "app": ("zalo", "telegram", "tele", "zl", "messenger", "wechat", "line"),
    "girl": (
        "em gái 2k5", "sinh viên năm 2", "hàng mới về", "em xinh dáng chuẩn", "hotgirl 2k4",
        "gái xinh 19t", "em chân dài", "em út miền Tây", "bé ngoan 2k6", "em mới lên phố",
        "em vú to dáng ngon", "em hàng ngon", "em teen", "em body nuột",
    ),
    "sex": (
        "tàu nhanh", "đi tàu", "some", "qua đêm", "đi khách", "check hàng", "xả stress", "chơi vui vẻ",
        "tàu chậm", "phục vụ A-Z", "full service", "đi đêm", "chơi some", "vui vẻ cùng anh",
    ),
    "meet": (
        "khách sạn", "nhà nghỉ", "homestay", "phòng riêng", "tại nhà anh", "căn hộ riêng", "phòng kín",
        "ks gần nhất", "nn quen",
    ),
    "spa": (
        "massage body", "spa thư giãn", "massage Thái", "tắm trắng body", "massage kích thích",
        "xông hơi massage", "massage nuru", "gội đầu thư giãn", "massage cho quý ông",
    ),
    "hint": (
        "kín đáo", "nhân viên trẻ đẹp", "phục vụ tận tình A-Z", "happy ending", "tươi mát",
        "giải tỏa trọn gói", "dịch vụ đặc biệt", "kỹ thuật viên chân dài", "riêng tư tuyệt đối",
        "phòng VIP kín", "xả stress cực đã", "nhân viên nữ 18-25", "vui vẻ không giới hạn",
        "có em út phục vụ", "bao ra", "thư giãn đặc biệt cho quý ông",
    ),
    "broker": (
        "nhận dẫn khách", "giới thiệu gái", "có nhiều em", "check hàng trước", "hoa hồng cho người dẫn",
        "má mì", "menu các em", "đủ giá đủ dáng", "book em qua admin", "bên em cung cấp em út",
        "ảnh thật các em", "đặt em trước 1 tiếng", "chăn dắt các em", "cần người dẫn khách",
    ),
    "kara": ("karaoke", "kara", "quán bia", "bar", "phòng trà", "club"),
    "country": (
        "Campuchia", "Trung Quốc", "Malaysia", "Đài Loan", "Dubai", "Lào", "Myanmar", "Singapore",
        "Ma Cao",
    ),
    "bait_job": (
        "tiếp viên", "phục vụ quán", "lễ tân massage", "PG rót bia", "người mẫu ảnh", "tiếp khách VIP",
        "nhân viên giải trí", "chăm sóc khách hàng casino",
    ),
    "salary": ("30-50tr/tháng", "lương 40 triệu", "thu nhập 2000 đô", "lương 25tr", "80 triệu/tháng"),
    "lure": (
        "bao vé máy bay", "không cần kinh nghiệm", "lo hết giấy tờ", "ứng trước 10 triệu",
        "bao ăn ở", "không cần hộ chiếu", "đi ngay trong tuần", "việc nhẹ lương cao", "chỉ cần ngoại hình",
    ),
    "clip": (
        "clip nóng", "clip full không che", "ảnh nóng", "clip lộ hàng", "phim người lớn", "video sex",
        "clip quay lén", "clip 18+", "ảnh nude",
    ),
    "gamble": ("tài xỉu", "nổ hũ", "bắn cá đổi thưởng", "lô đề online", "xóc đĩa online", "cá độ bóng đá"),
    "drug": ("hàng đá", "kẹo", "ke", "cỏ Mỹ", "hàng trắng", "nước vui", "bóng cười", "cần sa"),
    "illegal": (
        "ship tận nơi", "hàng chuẩn bay phê", "giao kín đáo", "nạp đầu tặng 100%", "rút tiền 1 phút",
        "bao lời", "kèo thơm", "giấy tờ giả như thật", "không cần thế chấp lãi ngày",
    ),
    "legit_rate": ("25k/giờ", "150k/buổi", "80k/giờ", "50k/h", "200k/ngày", "120k/2 tiếng", "300k/tháng"),
    "legit_service": (
        "gia sư tiếng Anh", "sân cầu lông", "giúp việc theo giờ", "cho thuê xe máy", "trông trẻ",
        "dạy bơi", "phòng tập gym", "giặt là", "sửa điều hòa", "học lái xe",
    ),
    "news_verb": ("bắt quả tang", "triệt phá", "khởi tố", "xử phạt", "điều tra", "tạm giữ"),
    # not violating
    "therapy": (
        "massage trị liệu cổ vai gáy", "bấm huyệt", "massage chân", "xông hơi thảo dược",
        "chăm sóc da mặt", "gội đầu dưỡng sinh", "massage bầu", "massage đá nóng", "vật lý trị liệu",
    ),
    "care": (
        "kỹ thuật viên có chứng chỉ", "không gian sạch sẽ", "được Sở Y tế cấp phép",
        "giảm 20% cho khách mới", "mở cửa 9h - 21h", "có chỗ đỗ ô tô", "phù hợp người cao tuổi",
        "đặt lịch trước để được phục vụ tốt nhất", "tinh dầu thiên nhiên",
    ),
    "venue": (
        "karaoke gia đình", "nhà hàng", "quán cà phê", "khách sạn 3 sao", "homestay view biển",
        "phòng trà acoustic", "nhà nghỉ bình dân",
    ),
    "perk": (
        "âm thanh hiện đại", "phòng rộng cho nhóm 20 người", "giảm giá giờ vàng", "miễn phí trái cây",
        "gần trung tâm", "có bữa sáng", "wifi miễn phí", "nhận đặt tiệc sinh nhật", "view đẹp",
    ),
    "legit_job": (
        "nhân viên phục vụ nhà hàng", "thu ngân", "nhân viên bán hàng", "kỹ thuật viên spa",
        "lễ tân khách sạn", "phụ bếp", "nhân viên kho", "giao hàng", "tạp vụ",
    ),
    "legit_salary": ("7-9 triệu", "lương 8tr", "6 triệu + thưởng", "25k/giờ", "thỏa thuận"),
    "crime": (
        "mua bán dâm", "môi giới mại dâm", "chứa mại dâm", "tổ chức hoạt động mại dâm",
        "quảng cáo mại dâm trên mạng xã hội", "đường dây gái gọi",
    ),
    "police": (
        "Công an phường", "Công an quận Lê Chân", "Đội Cảnh sát hình sự", "Phòng Cảnh sát QLHC",
        "Đoàn kiểm tra liên ngành", "Công an thành phố",
    ),
    "hobby": (
        "đọc sách", "đi phượt", "nấu ăn", "chạy bộ", "xem phim", "nuôi mèo", "chụp ảnh", "cầu lông",
    ),
    "daily": (
        "tối nay ăn gì", "mai đi cà phê không", "ship hàng chậm quá", "con ốm phải nghỉ học",
        "trời nóng quá", "sếp giao việc gấp", "đi đám cưới bạn", "chiều đón con",
    ),
}  # fmt: skip

# Templates per category: a post with slots. Held out: index % 4 == 3 (see corpus.py).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "solicitation": (
        "{girl} nhận {sex} {price}{time}, khu {place}, {app} {phone}",
        "Em ở {place} nhận {sex}, {price} {time}, ai có nhu cầu ib {app} em nha",
        "Hàng sinh viên {sex} giá {price}, có {meet}, lh {phone}",
        "Tìm anh {sex} tối nay, em {girl}, {price} qua đêm, {app}: {phone}",
        "Có em nào {sex} khu {place} không, anh trả {price}{time}, ib anh",
        "{sex} {price}{time} — {girl} — {meet} — {app} {phone} 🚢",
        "Em {girl} cần tiền gấp nhận {sex} {price}, {meet} khu {place}, kết bạn {app} {phone}",
        "Anh cần tìm sugar baby {girl}, trợ cấp {price}/tháng, gặp ở {meet}, {app} anh {phone}",
        "🔥 {girl} {sex} 🔥 giá {price} 1h, {price} qua đêm, khu {place}",
        "Ai {sex} thì alo em {phone}, {price}{time}, {meet} sạch sẽ",
        "Em nhận {sex} cho anh nào cô đơn, {price} {time}, {app} em",
        "Tuyển anh nuôi, em {girl} ở {place}, {price}/lần, gặp {meet}, ib {app}",
        "Tối nay em rảnh, {sex} {price}, anh lo {meet} nhé, {app} {phone}",
        "Cần 1 em {sex} ở {meet} {place}, trả {price}{time}, nhắn tin {app}",
        "{girl} đây ạ, {sex} giá yêu thương {price}, anh nào ghé {place} thì ib",
    ),
    "brokering": (
        "{broker}, nhiều em {girl} {sex} giá từ {price}, khu {place}, lh {phone}",
        "Menu hôm nay có 5 em mới, {sex} {price}{time}, {broker}, anh em ib {app} để xem ảnh",
        "Cần cộng tác viên dẫn khách, {broker}, các em {girl} {sex} {price}",
        "Group {app} chuyên giới thiệu gái {place}, {broker}, giá từ {price}",
        "Bên em có nhiều em {girl}, {broker}, đưa đến tận {meet}, book qua {app} {phone}",
        "Tuyển thêm em xinh đi khách, chia 7/3, {broker}, bao phòng {meet}, liên hệ {app} {phone}",
        "Anh nào cần em {sex} khu {place} cứ ib, {broker}, giá {price}",
        "Có hàng mới về {place}: {girl}, {broker}, đặt lịch qua tài khoản {app}",
        "Nhận order các em theo yêu cầu, {sex}, {price}, giao tận {meet}, {broker}",
        "Chuyên cung cấp em út cho tiệc, {girl}, {broker}, giá {price}, {app} {phone}",
        "{broker} khu {place}: {girl}, {girl}, {girl}, giá {price}{time}",
        "Admin nhóm {app} {broker}, anh em inbox để nhận danh sách các em {place}",
    ),
    "disguised_advertising": (
        "{spa} {hint}, {hint}, giá {price}{time}, khu {place}, đặt lịch {phone}",
        "Khai trương {spa} tại {place}: {hint}, {hint}. Hotline/{app}: {phone}",
        "{kara} {place} tuyển và phục vụ {hint}, {hint}, bao phòng {price}",
        "Thư giãn cho quý ông: {spa}, {hint}, {hint}, chỉ {price}",
        "{spa} {place} 💋 {hint} 💋 {hint} 💋 {app} {phone}",
        "{kara} tay vịn, {hint}, em út phục vụ tận bàn, bao {price}, {place}",
        "Dịch vụ {spa} tại {meet}, {hint}, {price} {time}, {app} em",
        "Gói VIP {spa}: {hint}, {hint}, {hint}, liên hệ {phone}",
        "{spa} mở cửa 24/7 khu {place}, {hint}, chỉ {price}, ib {app}",
        "Xả stress sau giờ làm với {spa}, {hint}, tip thêm để được {hint}",
        "{kara} {place} có {hint}, {hint}, anh em đặt phòng qua {app}",
        "Spa nam {place}: {spa}, {hint}, giá {price}, bảo mật cho khách",
    ),
    "trafficking_recruitment": (
        "Tuyển gấp 20 nữ 16-25 tuổi sang {country} làm {bait_job}, {salary}, {lure}, {lure}",
        "Việc nhẹ lương cao ở {country}: {bait_job}, {salary}, {lure}, ib {app} {phone}",
        "Cần tuyển nữ xinh đi {country} làm {bait_job}, {lure}, {salary}, đi ngay",
        "Tuyển nữ từ 17 tuổi làm {bait_job} tại {country}, {lure}, {lure}, {salary}",
        "Có việc cho các em ở quê: {bait_job} bên {country}, {salary}, {lure}, liên hệ chị {phone}",
        "Tuyển {bait_job} không cần bằng cấp, làm việc ở {country}, {salary}, {lure}, {app}",
        "Đi {country} làm {bait_job} {salary}, {lure}, không cần biết ngoại ngữ",
        "Tuyển lao động nữ dưới 25 tuổi sang {country}, {bait_job}, {lure}, gặp chị ở {place}",
        "Chị cần mấy em gái đi {country} làm {bait_job}, {lure}, {lure}, gửi tiền về cho bố mẹ",
        "Tuyển nữ ngoại hình khá làm {bait_job} ở {country}, {salary}, {lure}, nhắn {app}",
    ),
    "obscene_content": (
        "Link full {clip} em {girl}, vào nhóm {app} xem miễn phí",
        "Bán {clip} {girl} giá {price}/bộ, ib {app}",
        "Nhóm chia sẻ {clip} mỗi ngày, 18+, add {app} để vào",
        "Tối nay livestream show hàng, {clip}, nạp {price} để xem",
        "Share {clip} của {girl} ở {place}, ai cần ib",
        "Kênh {app} {clip} cập nhật liên tục, không che, vào nhanh kẻo bay",
        "Trọn bộ {clip} hot nhất tuần, {price}, thanh toán xong gửi link",
        "Ai có {clip} {girl} không, đổi {clip} cho nhau qua {app}",
        "Web xem {clip} miễn phí không quảng cáo, link ở bình luận",
        "Full bộ {clip} {girl} đang hot trên mạng, ib {app} gửi link",
    ),
    "other": (
        "Nhà cái uy tín, chơi {gamble}, {illegal}, link vào {app}",
        "Ship {drug} tận nơi khu {place}, {illegal}, giá {price}, {app} {phone}",
        "Kèo {gamble} hôm nay, {illegal}, vào nhóm {app} để nhận tip",
        "Có {drug} hàng chuẩn, {price}/gói, {illegal}, ib",
        "Làm bằng lái, CCCD giả giá {price}, {illegal}, {app} {phone}",
        "Chơi {gamble} {illegal}, hoàn trả 1.5%, đăng ký qua {app}",
        "Cần bán {drug} cho anh em bay, {place}, {price}, {illegal}",
        "Tuyển người chạy quảng cáo {gamble}, lương {price}/ngày, {illegal}, {app}",
        "{drug} {drug} đủ loại, {illegal}, alo {phone}",
        "Link {gamble} mới nhất, {illegal}, {illegal}",
    ),
    "not_violating": (
        "{therapy} {price}/60 phút, {care}, {care}, hotline {phone}",
        "Khai trương {therapy} tại {place}, {care}, {care}",
        "{venue} {place}: {perk}, {perk}, đặt phòng {phone}",
        "Tuyển {legit_job}, {legit_salary}, làm việc tại {place}, nộp hồ sơ qua email hoặc gọi {phone}",
        "{police} {news_verb} đường dây {crime} tại {meet} ở {place}, nhiều đối tượng bị bắt",
        "Mình 28 tuổi, thích {hobby}, muốn tìm bạn gái nghiêm túc để tiến tới hôn nhân, ai hợp ib nha",
        "Tư vấn, xét nghiệm HIV miễn phí tại trạm y tế phường {place}, bảo mật, nhận bao cao su miễn phí",
        "Mọi người ơi {daily}, {daily} haha",
        "{venue} giảm giá cuối tuần, {perk}, {perk}, liên hệ {app} {phone}",
        "Phạt {price} đối với hành vi {crime} theo Nghị định, {police} cảnh báo người dân",
        "Hướng dẫn hẹn hò an toàn: gặp ở nơi đông người, báo cho người thân, không chuyển tiền cho người lạ",
        "{therapy} giá chỉ {price}, {care}, phục vụ cả nam và nữ, khu {place}",
        "Công ty xuất khẩu lao động được cấp phép tuyển đơn hàng điều dưỡng đi Nhật, {legit_salary}, "
        "học tiếng 6 tháng, phí theo quy định",
        "{police} ra quân kiểm tra các cơ sở {venue}, {news_verb} 2 cơ sở vì {crime}",
        "Cảnh giác: tin nhắn mời xem '{clip}' là lừa đảo chiếm tài khoản, {police} khuyến cáo",
        "Cảnh báo: link '{clip}' trên mạng chứa mã độc lừa đảo, {police} khuyến cáo không bấm vào",
        "Anh em ơi cuối tuần đi {kara} không, {daily}",
        "Tuyên truyền phòng chống {crime}: mọi hành vi vi phạm xin báo {police}, đường dây nóng 113",
        "Cho thuê {venue} theo giờ và theo ngày, {perk}, giá {price}/đêm, gọi {phone}",
        "Chị em ơi {therapy} ở {place} chỗ nào tốt, {daily}",
        "Tòa án xét xử vụ {crime} tại {place}, các bị cáo lĩnh án tù",
        "Lớp kỹ năng sống cho học sinh: nhận biết dụ dỗ {bait_job} đi {country}, phòng tránh mua bán người",
        "Bạn mình ở {place}, thích {hobby} và {hobby}, ai muốn làm quen kết bạn {app} nhé",
        "Tuyển {legit_job} ca tối, {legit_rate}, bao ăn trưa, ưu tiên sinh viên, {app} {phone}",
        "{legit_service} giá {legit_rate}, khu {place}, liên hệ {app} {phone}",
        "Nhận {legit_service} tại nhà, {legit_rate}, uy tín, gọi {phone}",
        "{police} {news_verb} nhóm {crime} qua {app}, các đối tượng đăng ảnh kèm giá {price}{time}",
        "Báo điện tử: {news_verb} chủ {venue} ở {place} vì {crime}, thu giữ {price}",
        "Tuyển {legit_job} bán thời gian {legit_rate}, làm tại {place}, nhắn {app} {phone}",
        "Thuê {legit_service} {legit_rate}, {perk}, đặt qua {app}",
        "Cảnh báo thủ đoạn tuyển {bait_job} đi {country} {salary}, thực chất là lừa bán người",
        "Xuất khẩu lao động {country} hợp pháp qua trung tâm dịch vụ việc làm, {legit_salary}, "
        "hợp đồng rõ ràng",
    ),
}  # fmt: skip
