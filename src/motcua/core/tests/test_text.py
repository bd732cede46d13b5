import unicodedata

from motcua.core.text import clean_text, fold, search_terms


def test_fold_strips_diacritics_and_case():
    assert fold("Giấy phép XÂY DỰNG") == "giay phep xay dung"
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("Ủy ban nhân dân xã Đăk Long") == "uy ban nhan dan xa dak long"


def test_fold_treats_decomposed_input_like_composed():
    decomposed = unicodedata.normalize("NFD", "Chứng thực bản sao")
    assert fold(decomposed) == fold("Chứng thực bản sao") == "chung thuc ban sao"


def test_clean_text_stores_nfc_and_collapses_spaces():
    value = clean_text(unicodedata.normalize("NFD", "  Hộ   tịch "))
    assert value == "Hộ tịch"
    assert unicodedata.is_normalized("NFC", value)


def test_search_terms_split_and_fold():
    assert search_terms("  Giấy  phép, xây-dựng ") == ["giay", "phep", "xay-dung"]
