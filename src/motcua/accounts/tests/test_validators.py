import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    normalise_phone,
    parse_id_number,
    phone_to_international,
    tax_check_digit,
    validate_tax_code,
)


class TestIdNumber:
    def test_decodes_province_sex_and_birth_year(self):
        info = parse_id_number("051090012345", datetime.date(1990, 5, 17))
        assert (info.province_code, info.sex, info.birth_year) == ("051", "male", 1990)
        assert parse_id_number("001305001234").sex == "female"
        assert parse_id_number("001305001234").birth_year == 2005

    def test_accepts_spaces_between_groups(self):
        assert parse_id_number("051 090 012 345").birth_year == 1990

    @pytest.mark.parametrize("value", ["05109001234", "0510900123456", "05109001234A", ""])
    def test_needs_exactly_twelve_digits(self, value):
        with pytest.raises(ValidationError, match="12 chữ số") as exc:
            parse_id_number(value)
        assert exc.value.code == "id_number_format"

    @pytest.mark.parametrize("province", ["000", "003", "097", "999"])
    def test_first_three_digits_must_be_a_province_code(self, province):
        with pytest.raises(ValidationError, match="mã tỉnh") as exc:
            parse_id_number(province + "090012345")
        assert exc.value.code == "id_number_province"

    def test_century_code_cannot_point_to_a_future_year(self):
        # 4 = male born 2100–2199
        with pytest.raises(ValidationError, match="năm chưa tới") as exc:
            parse_id_number("051490012345")
        assert exc.value.code == "id_number_century"

    def test_birth_year_must_match_the_declared_date_of_birth(self):
        with pytest.raises(ValidationError, match="năm sinh 1990") as exc:
            parse_id_number("051090012345", datetime.date(1991, 1, 1))
        assert exc.value.code == "id_number_birth_year"
        # 2 = born 2000–2099, so "05" is 2005 and not 1905
        with pytest.raises(ValidationError):
            parse_id_number("051205012345", datetime.date(1905, 1, 1))
        parse_id_number("051205012345", datetime.date(2005, 1, 1))


class TestTaxCode:
    @pytest.mark.parametrize("code", ["0100109106", "0100112437", "0101248141"])
    def test_published_codes_pass_the_check_digit(self, code):
        validate_tax_code(code)

    def test_dependent_unit_form(self):
        validate_tax_code("0100109106-001")
        with pytest.raises(ValidationError, match="001 đến 999"):
            validate_tax_code("0100109106-000")

    def test_a_mistyped_digit_is_caught(self):
        with pytest.raises(ValidationError, match="chữ số kiểm tra") as exc:
            validate_tax_code("0100109107")
        assert exc.value.code == "tax_code_check_digit"
        with pytest.raises(ValidationError, match="chữ số kiểm tra"):
            validate_tax_code("0100190106")  # two digits swapped

    @pytest.mark.parametrize("code", ["010010910", "01001091060", "0100109106001", "ABC"])
    def test_structure(self, code):
        with pytest.raises(ValidationError, match="10 chữ số"):
            validate_tax_code(code)

    def test_check_digit_formula(self):
        # 0·31 + 1·29 + 0·23 + 0·19 + 1·17 + 0·13 + 9·7 + 1·5 + 0·3 = 114; 114 mod 11 = 4
        assert tax_check_digit("010010910") == 6


class TestPhone:
    @pytest.mark.parametrize(
        "value", ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "84912345678"]
    )
    def test_forms_people_type_are_normalised(self, value):
        assert normalise_phone(value) == "0912345678"

    @pytest.mark.parametrize("value", ["091234567", "0212345678", "12345", "09123456789"])
    def test_not_a_mobile_number(self, value):
        with pytest.raises(ValidationError, match="di động"):
            normalise_phone(value)

    def test_international_form_for_gateways(self):
        assert phone_to_international("0912345678") == "84912345678"
