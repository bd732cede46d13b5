# The portal's first questions and answers (PL3-7); the province edits them in the admin.

from django.db import migrations

FAQ = [
    (
        "Tôi nộp hồ sơ trực tuyến ở đâu?",
        "Từ ngày 01/7/2025, hồ sơ trực tuyến được nộp trên Cổng Dịch vụ công quốc gia "
        "(dichvucong.gov.vn) hoặc trên ứng dụng VNeID. Nếu tỉnh mở chức năng nộp hồ sơ trên Cổng "
        "này, nút “Nộp hồ sơ trực tuyến” trên trang thủ tục dẫn tới trang khai hồ sơ của Cổng; nếu "
        "không, nút dẫn tới thủ tục đó trên Cổng Dịch vụ công quốc gia.\n\n"
        "Hồ sơ nộp qua kênh nào cũng được tiếp nhận, giải quyết như nhau. Bạn vẫn có thể nộp trực "
        "tiếp tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính.",
    ),
    (
        "Tra cứu hồ sơ có cần đăng nhập không?",
        "Không. Vào mục “Tra cứu hồ sơ”, nhập mã số hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả "
        "kết quả (hoặc quét mã QR trên giấy). Trang tra cứu cho biết trạng thái, nơi tiếp nhận, cơ "
        "quan giải quyết và ngày hẹn trả, không hiển thị thông tin cá nhân.\n\n"
        "Muốn xem toàn bộ quá trình xử lý, bổ sung hồ sơ và tải kết quả, hãy đăng nhập và mở "
        "“Hồ sơ của tôi”.",
    ),
    (
        "Mã số hồ sơ của tôi ở đâu?",
        "Mã số hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Với hồ sơ nộp trực tuyến, mã "
        "hiện trên trang xác nhận sau khi nộp, trong thông báo gửi qua thư điện tử, tin nhắn và "
        "trong “Hồ sơ của tôi”.",
    ),
    (
        "Hồ sơ bị yêu cầu bổ sung thì tôi làm gì?",
        "Trang hồ sơ trong “Hồ sơ của tôi” ghi lý do, danh sách giấy tờ cần bổ sung và hạn bổ "
        "sung. Chọn tệp cho từng giấy tờ, ghi chú nếu cần rồi bấm “Gửi hồ sơ bổ sung”. Hồ sơ nộp "
        "tại quầy thì bổ sung tại nơi đã nộp.\n\n"
        "Quá hạn bổ sung mà không bổ sung, hồ sơ có thể bị dừng giải quyết.",
    ),
    (
        "Tôi nộp phí, lệ phí bằng cách nào?",
        "Mức phí, lệ phí của từng thủ tục ghi trên trang thủ tục. Khi cơ quan yêu cầu nộp, bạn nộp "
        "trực tuyến tại mục “Thanh toán phí, lệ phí” (hoặc nút nộp phí trên trang hồ sơ) bằng các "
        "hình thức tỉnh đã mở: cổng thanh toán trực tuyến, chuyển khoản bằng mã VietQR vào tài "
        "khoản của cơ quan; hoặc nộp trực tiếp tại Bộ phận Một cửa. Thanh toán thành công thì tải "
        "được biên nhận điện tử.",
    ),
    (
        "Khi nào tôi nhận được kết quả, nhận ở đâu?",
        "Ngày hẹn trả kết quả ghi trên Giấy tiếp nhận và trên trang hồ sơ. Kết quả được trả theo "
        "hình thức bạn chọn khi nộp: tải kết quả điện tử trên Cổng, nhận tại nơi tiếp nhận hoặc "
        "qua dịch vụ bưu chính.\n\n"
        "Nếu hồ sơ giải quyết quá hạn, cơ quan phải gửi văn bản xin lỗi và hẹn lại ngày trả kết "
        "quả.",
    ),
    (
        "Làm sao biết tệp kết quả điện tử là thật?",
        "Kết quả điện tử được cơ quan có thẩm quyền ký số. Tải tệp kết quả trong “Hồ sơ của tôi” "
        "và kiểm tra chữ ký số tại trang “Kiểm tra chữ ký số” của Cổng. Kết quả đã nhận được lưu "
        "trong “Giấy tờ của tôi” để dùng lại khi nộp hồ sơ khác.",
    ),
    (
        "Làm thế nào để đánh giá mức độ hài lòng?",
        "Khi hồ sơ đã có kết quả, mở hồ sơ trong “Hồ sơ của tôi”, mục “Đánh giá sự hài lòng”: chọn "
        "mức hài lòng chung (Rất hài lòng, Hài lòng hoặc Chưa hài lòng), nếu muốn thì đánh giá "
        "từng tiêu chí và ghi ý kiến. Khi nhận kết quả tại Bộ phận Một cửa, bạn cũng có thể đánh "
        "giá trên máy tính bảng tại quầy.\n\n"
        "Mỗi hồ sơ được đánh giá một lần. Kết quả đánh giá dùng để đánh giá chất lượng phục vụ "
        "của cơ quan và cán bộ.",
    ),
    (
        "Gửi phản ánh, kiến nghị thế nào và bao lâu thì được trả lời?",
        "Vào mục “Phản ánh, kiến nghị”, bấm “Gửi phản ánh, kiến nghị”, ghi họ tên, cách liên hệ, "
        "cơ quan bạn phản ánh (có thể kèm mã số hồ sơ), tiêu đề và nội dung. Cổng cấp cho bạn một "
        "mã phản ánh để tiện tra hỏi.\n\n"
        "Cơ quan xem xét tiếp nhận trong 02 ngày làm việc và trả lời trong 15 ngày làm việc kể "
        "từ ngày tiếp nhận; câu trả lời có thể được công khai trên Cổng (không kèm họ tên, cách "
        "liên hệ của người gửi). Nếu gửi khi đã đăng nhập, bạn theo dõi phản ánh và câu trả lời "
        "trong tài khoản của mình.",
    ),
    (
        "Tôi quên mật khẩu thì làm sao?",
        "Trên trang Đăng nhập, bấm “Quên mật khẩu?”, nhập thư điện tử hoặc số điện thoại đã xác "
        "minh; Cổng gửi đường dẫn hoặc mã để bạn đặt mật khẩu mới.",
    ),
    (
        "Tôi cần hỗ trợ trực tiếp thì liên hệ ở đâu?",
        "Gọi đường dây nóng của Trung tâm Phục vụ hành chính công tỉnh (số điện thoại ghi ở cuối "
        "mỗi trang) trong giờ hành chính, hoặc đến Bộ phận Một cửa nơi bạn nộp hồ sơ. Góp ý về "
        "Cổng xin gửi tới địa chỉ thư điện tử ghi ở cuối trang.",
    ),
]


def seed(apps, schema_editor):
    FaqEntry = apps.get_model("feedback", "FaqEntry")
    if FaqEntry.objects.exists():  # the province's own entries are never touched
        return
    FaqEntry.objects.bulk_create(
        FaqEntry(order=(index + 1) * 10, question=question, answer=answer)
        for index, (question, answer) in enumerate(FAQ)
    )


def unseed(apps, schema_editor):
    FaqEntry = apps.get_model("feedback", "FaqEntry")
    FaqEntry.objects.filter(question__in=[question for question, _answer in FAQ]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_sender_refusal_faq")]

    operations = [migrations.RunPython(seed, unseed)]
