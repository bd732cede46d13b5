from django.conf import settings


def site(request):
    return {
        "site_name": settings.MOTCUA_SITE_NAME,
        "province_name": settings.MOTCUA_PROVINCE_NAME,
        "sample_data_banner": settings.MOTCUA_SAMPLE_DATA_BANNER,
    }
